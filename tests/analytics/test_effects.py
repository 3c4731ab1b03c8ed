"""The effect table (analytics/effects.py): Wilson intervals against hand-computed
values, the amount bands' edges, messages too recent left out and counted, cells kept
like with like, and a known effect found (and none where none is built in)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.analytics.effects_data import FIRST, messages
from tijdig.analytics.effects import (
    DIMENSIONS,
    AmountBand,
    SentMessage,
    Share,
    amount_band,
    as_count,
    check_by,
    counted_table,
    difference,
    response_table,
    time_of_day,
    wilson,
)


# Wilson, z = 1.959964, z² = 3.841459:
#  5/10: centre = (0.5 + 0.192073) / 1.384146 = 0.5;
#        half = 1.959964 / 1.384146 · sqrt(0.025 + 0.009604) = 1.416009 · 0.186021 = 0.263408
#  0/10: centre = 0.192073 / 1.384146 = 0.138767; half = 1.416009 · 0.098000 = 0.138767
#  8/20: p = 0.4, z²/n = 0.192073, centre = (0.4 + 0.096036) / 1.192073 = 0.416112;
#        half = 1.959964 / 1.192073 · sqrt(0.012 + 0.002401) = 1.644164 · 0.120004 = 0.197307
@pytest.mark.parametrize(
    ("x", "n", "low", "high"),
    [(5, 10, 0.236592, 0.763408), (0, 10, 0.0, 0.277535), (10, 10, 0.722465, 1.0),
     (8, 20, 0.218805, 0.613419)],
)  # fmt: skip
def test_wilson_matches_the_hand_computed_interval(x: int, n: int, low: float, high: float) -> None:
    found = wilson(x, n)
    assert found.low == pytest.approx(low, abs=1e-5)
    assert found.high == pytest.approx(high, abs=1e-5)


def test_wilson_refuses_an_impossible_count() -> None:
    with pytest.raises(ValueError, match="successes"):
        wilson(3, 2)


@pytest.mark.parametrize(
    ("amount", "band"),
    [("499.99", AmountBand.UNDER_500), ("500", AmountBand.FROM_500_TO_5000),
     ("5000", AmountBand.FROM_500_TO_5000), ("5000.01", AmountBand.OVER_5000)],
)  # fmt: skip
def test_amount_bands_have_their_edges(amount: str, band: AmountBand) -> None:
    assert amount_band(Decimal(amount)) is band


def test_time_of_day_splits_at_noon_and_five() -> None:
    assert [time_of_day(h).value for h in (11, 12, 16, 17)] == [
        "morning", "afternoon", "afternoon", "evening"]  # fmt: skip


def test_an_unknown_dimension_is_refused() -> None:
    with pytest.raises(ValueError, match="colour"):
        check_by(["step", "colour"])


def _sent(on: date, settled: int | None, *, amount: str = "100", kind: str = "business",
          channel: str = "email") -> SentMessage:  # fmt: skip
    paid = None if settled is None else on + timedelta(settled)
    return SentMessage("reminder_1", 1, "reminder", channel, on, 9, kind, "NL",
                       Decimal(amount), paid)  # fmt: skip


@pytest.mark.parametrize("as_of", [date(2026, 3, 16), date(2026, 3, 20)])
def test_messages_younger_than_14_days_are_left_out_and_counted(as_of: date) -> None:
    old = [_sent(as_of - timedelta(14), 3), _sent(as_of - timedelta(30), 10),
           _sent(as_of - timedelta(40), None)]  # fmt: skip
    recent = [_sent(as_of - timedelta(13), 1), _sent(as_of, None)]
    table = response_table(old + recent, as_of=as_of, by=["channel"])
    assert (table.counted, table.too_recent) == (3, 2)
    (row,) = table.rows
    assert (row.paid_7.successes, row.paid_14.successes, row.n) == (1, 2, 3)


def test_paid_on_day_15_is_paid_within_neither() -> None:
    as_of = date(2026, 3, 16)
    table = response_table([_sent(as_of - timedelta(20), 15)], as_of=as_of)
    assert (table.rows[0].paid_7.successes, table.rows[0].paid_14.successes) == (0, 0)


def test_unlike_messages_never_share_a_cell() -> None:
    on = date(2026, 2, 2)
    sent = [_sent(on, 1), _sent(on, 1, amount="600"), _sent(on, 1, kind="consumer"),
            _sent(on, 1, amount="6000")]  # fmt: skip
    table = response_table(sent, as_of=date(2026, 3, 2), by=["channel"])
    assert len(table.rows) == 4
    assert {r.get("band") for r in table.rows} == {"under_500", "500_5000", "over_5000"}
    assert table.rows[0].key[0] == ("channel", "email")
    assert table.by == ("channel",)


def _by_channel(seed: int, chances: dict[str, float]) -> dict[str, Share]:
    table = response_table(messages(chances, n=600, seed=seed), as_of=date(2026, 12, 1),
                           by=["channel"])  # fmt: skip
    return {row.get("channel"): row.paid_7 for row in table.rows}


@pytest.mark.parametrize("seed", [7, 18])
def test_a_built_in_effect_of_60_against_40_percent_is_found(seed: int) -> None:
    shares = _by_channel(seed, {"sms": 0.6, "email": 0.4})
    d, interval = difference(shares["sms"], shares["email"])
    assert interval.excludes_zero()
    assert interval.low < 0.2 < interval.high
    assert not shares["sms"].interval.overlaps(shares["email"].interval)
    assert 0.15 < d < 0.25


@pytest.mark.parametrize("seed", [7, 18])
def test_no_effect_is_found_where_none_is_built_in(seed: int) -> None:
    shares = _by_channel(seed, {"sms": 0.5, "email": 0.5})
    _, interval = difference(shares["sms"], shares["email"])
    assert not interval.excludes_zero()
    assert shares["sms"].interval.overlaps(shares["email"].interval)


def test_newcombe_difference_matches_the_hand_computed_interval() -> None:
    # 5/10 against 0/10: d = 0.5; low = 0.5 - sqrt(0.263408² + 0.277535²) = 0.5 - 0.382636
    # high = 0.5 + sqrt(0.263408² + 0²) = 0.763408
    d, interval = difference(Share(5, 10), Share(0, 10))
    assert d == 0.5
    assert interval.low == pytest.approx(0.117364, abs=1e-5)
    assert interval.high == pytest.approx(0.763408, abs=1e-5)


@pytest.mark.parametrize("by", [("channel",), ("step", "channel", "weekday"), DIMENSIONS])
def test_counted_messages_give_the_table_of_the_messages(by: tuple[str, ...]) -> None:
    sent = messages({"sms": 0.6, "email": 0.4}, n=150, seed=18)
    as_of = FIRST + timedelta(days=7 * 19 + 5)  # the last weeks' messages are too recent
    expected = response_table(sent, as_of=as_of, by=by)
    assert expected.too_recent > 0
    assert counted_table([as_count(m) for m in sent], as_of=as_of, by=by) == expected
    merged = Counter(as_count(m) for m in sent)  # alike messages as one count
    counts = [replace(c, count=n) for c, n in merged.items()]
    assert len(counts) < len(sent)
    assert counted_table(counts, as_of=as_of, by=by) == expected
