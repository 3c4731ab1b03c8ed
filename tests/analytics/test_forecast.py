"""The forecast's weeks, by hand (analytics/forecast.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from tijdig.analytics.forecast import (
    Apart,
    OpenInvoice,
    Predicted,
    _week_sums,
    forecast,
    inverse_cdf,
    week_starts,
)


class Fixed:
    """Predicts the dates it was given, per invoice id: a predictor of the protocol."""

    def __init__(self, dates: dict[int, tuple[date, date, date]]) -> None:
        self.dates = dates
        self.asked: list[tuple[list[int], date]] = []

    def predict(self, invoices: Sequence[OpenInvoice], as_of: date) -> list[Predicted]:
        self.asked.append(([i.id for i in invoices], as_of))
        return [Predicted(i.id, i.amount, *self.dates[i.id]) for i in invoices]


def _at(day: date) -> tuple[date, date, date]:
    return day, day, day


@pytest.mark.parametrize(
    ("as_of", "first_monday"),
    [(date(2026, 3, 4), date(2026, 3, 2)),  # a Wednesday: week 0 is Thu..Sun
     (date(2026, 3, 8), date(2026, 3, 9)),  # a Sunday: week 0 starts tomorrow
     (date(2026, 12, 27), date(2026, 12, 28))],
)  # fmt: skip
def test_weeks_start_on_the_monday_of_the_day_after(as_of: date, first_monday: date) -> None:
    starts = week_starts(as_of)
    assert starts[0] == first_monday
    assert len(starts) == 13
    assert starts[12] == first_monday + timedelta(weeks=12)


def test_sure_dates_sum_per_week_by_hand() -> None:
    # as_of Wednesday 2026-03-04: week 0 = 2 Mar..8 Mar, week 1 = 9..15 Mar, ...
    as_of = date(2026, 3, 4)
    invoices = [
        OpenInvoice(1, 10, date(2026, 3, 1), Decimal("100.00")),
        OpenInvoice(2, 11, date(2026, 3, 1), Decimal("250.50")),
        OpenInvoice(3, 12, date(2026, 3, 1), Decimal("40.00")),
        OpenInvoice(4, 13, date(2026, 3, 1), Decimal("7.00")),
        OpenInvoice(5, 14, date(2026, 3, 1), Decimal("99.00"), Apart.DISPUTED),
        OpenInvoice(6, 15, date(2026, 3, 1), Decimal("1.00"), Apart.HANDED_OVER),
        OpenInvoice(7, 15, date(2026, 3, 1), Decimal("2.00"), Apart.HANDED_OVER),
    ]
    predictor = Fixed({1: _at(date(2026, 3, 8)),  # Sunday: week 0
                       2: _at(date(2026, 3, 9)),  # Monday: week 1
                       3: _at(date(2026, 3, 15)),  # Sunday: week 1
                       4: _at(date(2026, 6, 1))})  # Monday of week 13: later  # fmt: skip
    made = forecast(invoices, predictor, as_of=as_of)
    assert predictor.asked == [([1, 2, 3, 4], as_of)]  # those apart are not predicted
    sums = [(w.expected, w.low, w.high) for w in made.weeks]
    assert sums[0] == (Decimal("100.00"),) * 3
    assert sums[1] == (Decimal("290.50"),) * 3
    assert all(s == (Decimal(0),) * 3 for s in sums[2:])
    assert (made.later.expected, made.later.low, made.later.high) == (Decimal("7.00"),) * 3
    assert made.invoices == 4
    assert [(a.reason, a.invoices, a.amount) for a in made.apart] == [
        (Apart.DISPUTED, 1, Decimal("99.00")),
        (Apart.HANDED_OVER, 2, Decimal("3.00")),
    ]


def test_a_date_already_past_is_paid_tomorrow() -> None:
    as_of = date(2026, 3, 8)  # Sunday
    invoices = [OpenInvoice(1, 1, date(2026, 2, 1), Decimal("10"))]
    made = forecast(invoices, Fixed({1: _at(date(2026, 3, 1))}), as_of=as_of)
    assert made.weeks[0].start == date(2026, 3, 9)
    assert made.weeks[0].expected == Decimal("10.00")


def test_an_invoice_split_over_two_weeks_gives_the_whole_interval() -> None:
    # p10 = day 3, p50 = day 8, p90 = day 11 after as_of (Sunday 1 Mar; week 0 = days
    # 1..7). Days round half up, so week 0 holds t < 7.5: 3 + (u - 0.1) / 0.4 x 5 < 7.5,
    # u < 0.46; week 1 (t < 14.5) the rest but the tail beyond 11 - 0.75 ln(10 (1 - u))
    # = 14.5: 1 - u < 0.1 e^-4.67, about 0.001. One invoice of 1000: a week's sum is 0 or
    # 1000, so p10 = 0 and p90 = 1000; mean ~ 460 and ~ 539 (s.d. of the mean ~ 11).
    as_of = date(2026, 3, 1)
    invoices = [OpenInvoice(1, 1, date(2026, 3, 5), Decimal("1000"))]
    dates = (date(2026, 3, 4), date(2026, 3, 9), date(2026, 3, 12))
    made = forecast(invoices, Fixed({1: dates}), as_of=as_of)
    week0, week1 = made.weeks[0], made.weeks[1]
    assert (week0.low, week0.high) == (Decimal(0), Decimal("1000.00"))
    assert (week1.low, week1.high) == (Decimal(0), Decimal("1000.00"))
    assert abs(week0.expected - 460) < 40
    assert abs(week1.expected - 539) < 40
    assert week0.expected + week1.expected + made.weeks[2].expected == Decimal("1000.00")


def test_invoices_of_one_customer_share_their_draw() -> None:
    # Two invoices of one customer land in the same week in every draw: the week's sum is
    # 0 or 300, never 100 or 200.
    as_of = date(2026, 3, 1)
    spread = (date(2026, 3, 2), date(2026, 3, 16), date(2026, 4, 20))
    invoices = [OpenInvoice(1, 7, date(2026, 3, 1), Decimal(100)),
                OpenInvoice(2, 7, date(2026, 3, 1), Decimal(200))]  # fmt: skip
    predicted = Fixed({1: spread, 2: spread}).predict(invoices, as_of)
    sums, _ = _week_sums(predicted, [7, 7], as_of, draws=400, seed=3)
    assert set(np.unique(sums)) == {0.0, 300.0}
    apart, _ = _week_sums(predicted, [7, 8], as_of, draws=400, seed=3)
    assert {100.0, 200.0} <= set(np.unique(apart))  # two customers: independent


def test_the_same_data_give_the_same_forecast() -> None:
    as_of = date(2026, 5, 6)
    invoices = [OpenInvoice(n, n % 3, date(2026, 5, 1), Decimal(n * 10)) for n in range(1, 30)]
    dates = {n: (date(2026, 5, 7), date(2026, 5, 20 + n % 5), date(2026, 7, 1))
             for n in range(1, 30)}  # fmt: skip
    first = forecast(invoices, Fixed(dates), as_of=as_of)
    assert forecast(invoices, Fixed(dates), as_of=as_of) == first
    total = sum((w.expected for w in first.weeks), first.later.expected)
    assert abs(total - sum(i.amount for i in invoices)) < Decimal("0.10")


def test_the_inverse_cdf_passes_through_the_quantiles_with_tails() -> None:
    q = np.array([[10.0, 20.0, 60.0]])
    u = np.array([[0.1], [0.3], [0.5], [0.7], [0.9], [0.99], [0.01]])
    days = inverse_cdf(u, q)[:, 0]
    s_hi = 0.25 * 40
    s_lo = 0.25 * 10
    expected = [10, 15, 20, 40, 60, 60 + s_hi * np.log(10), 10 - s_lo * np.log(10)]
    assert days == pytest.approx(expected)


def test_the_tail_below_never_comes_before_tomorrow() -> None:
    days = inverse_cdf(np.array([[0.0001]]), np.array([[2.0, 30.0, 40.0]]))
    assert days[0, 0] == 1.0


def test_nothing_open_forecasts_nothing_and_asks_no_prediction() -> None:
    predictor = Fixed({})
    made = forecast([OpenInvoice(1, 1, date(2026, 3, 1), Decimal(5), Apart.DISPUTED)],
                    predictor, as_of=date(2026, 3, 4))  # fmt: skip
    assert predictor.asked == []
    assert made.invoices == 0 and made.expected_total == 0
    assert all((w.low, w.high) == (0, 0) for w in (*made.weeks, made.later))
    assert [(a.reason, a.amount) for a in made.apart] == [(Apart.DISPUTED, Decimal(5))]
