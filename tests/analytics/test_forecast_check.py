"""The forecast against what came in: error, MAPE, coverage by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from tijdig.analytics.forecast import Forecast, Week, week_starts
from tijdig.analytics.forecast_check import check

AS_OF = date(2026, 1, 7)  # Wednesday: week 0 = 5..11 Jan


def _made(rows: list[tuple[str, str, str]]) -> Forecast:
    starts = week_starts(AS_OF)
    weeks = [
        Week(s, Decimal(e), Decimal(lo), Decimal(hi))
        for s, (e, lo, hi) in zip(starts, rows + [("0", "0", "0")] * 13, strict=False)
    ]
    return Forecast(AS_OF, "EUR", tuple(weeks), Week(None, Decimal(0), Decimal(0), Decimal(0)),
                    3, ())  # fmt: skip


def test_error_mape_and_coverage_by_hand() -> None:
    made = _made([("100", "80", "120"), ("200", "150", "260"), ("50", "0", "90"),
                  ("40", "10", "70")])  # fmt: skip
    starts = week_starts(AS_OF)
    came = {starts[0]: Decimal(110), starts[1]: Decimal(300), starts[3]: Decimal(99)}
    # checked on Sunday 1 Feb: weeks 0..3 (5 Jan .. 1 Feb) have passed
    done = check(made, came, as_of=date(2026, 2, 1))
    assert done.passed == 4
    assert [w.actual for w in done.weeks[:5]] == [Decimal(110), Decimal(300), Decimal(0),
                                                   Decimal(99), None]  # fmt: skip
    assert [w.error for w in done.weeks[:4]] == [Decimal(10), Decimal(100), Decimal(-50),
                                                  Decimal(59)]  # fmt: skip
    assert [w.inside for w in done.weeks[:5]] == [True, False, True, False, None]
    # MAPE over the weeks with money in: (10/110 + 100/300 + 59/99) / 3
    #   = (0.090909 + 0.333333 + 0.595960) / 3 = 0.340067 -> 34.0 %
    assert done.mape == Decimal("34.0")
    assert done.without_receipts == 1
    assert done.coverage == Decimal("50.0")  # 2 of 4


def test_nothing_passed_yet_has_no_figures() -> None:
    made = _made([("100", "80", "120")])
    done = check(made, {}, as_of=AS_OF + timedelta(days=3))  # Saturday: week 0 still runs
    assert (done.passed, done.mape, done.coverage) == (0, None, None)
    assert all(w.actual is None for w in done.weeks)
