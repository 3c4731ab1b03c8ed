"""The forecast checked against what came in (issue 17 §3), once its weeks have passed.

The actual of a week is the money of payments dated in that week allocated to the
invoices the forecast counted (open on its day, not apart): money on invoices issued
later is no part of what the forecast predicted. Per passed week (its Sunday on or
before `as_of`):
  error = actual - expected;  inside = low <= actual <= high.
  MAPE = mean over the passed weeks with actual > 0 of |actual - expected| / actual,
         to 0.1 % (a week where nothing came in has no percentage error; counted apart);
  coverage = weeks inside / passed weeks, to 0.1 %.
Weeks not yet passed are listed, without an actual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tijdig.analytics.forecast import Forecast, Week

PERCENT = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class WeekCheck:
    week: Week
    actual: Decimal | None  # None: the week has not passed

    @property
    def error(self) -> Decimal | None:
        return None if self.actual is None else self.actual - self.week.expected

    @property
    def inside(self) -> bool | None:
        if self.actual is None:
            return None
        return self.week.low <= self.actual <= self.week.high


@dataclass(frozen=True, slots=True)
class Check:
    forecast: Forecast
    as_of: date
    weeks: tuple[WeekCheck, ...]
    mape: Decimal | None  # percent
    coverage: Decimal | None  # percent
    passed: int
    without_receipts: int  # passed weeks with nothing in: left out of the MAPE


def _percent(part: Decimal, whole: int) -> Decimal:
    return (part * 100 / whole).quantize(PERCENT, ROUND_HALF_UP)


def check(forecast: Forecast, actual: Mapping[date, Decimal], *, as_of: date) -> Check:
    """`actual`: money in per Monday of its week (weeks with nothing in may be absent)."""
    rows = []
    for week in forecast.weeks:
        assert week.start is not None
        passed = week.start + timedelta(days=6) <= as_of
        rows.append(WeekCheck(week, actual.get(week.start, Decimal(0)) if passed else None))
    done = [r for r in rows if r.actual is not None]
    errors = [abs(r.error) / r.actual for r in done
              if r.actual and r.error is not None]  # fmt: skip
    inside = sum(1 for r in done if r.inside)
    return Check(
        forecast, as_of, tuple(rows),
        _percent(sum(errors, Decimal(0)), len(errors)) if errors else None,
        _percent(Decimal(inside), len(done)) if done else None,
        len(done), len(done) - len(errors),
    )  # fmt: skip
