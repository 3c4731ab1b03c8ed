"""Days sales outstanding (DSO), per currency, by the simple (average) method, and by
the count-back method (below: the dashboard's). The average method:

    DSO = receivables / sales of the period x days in the period

Receivables are everything open on the day (invoices less unsettled credit notes, due
or not); sales are the invoices less the credit notes issued in the `days` up to and
including that day. Customers in hardship (domain/hardship.py) are left out of both and
shown apart, on the insolvency line, as in the aging: they are not collected while the
status lasts, and nothing is written off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tijdig.analytics.aging import Aging

DEFAULT_DAYS = 90  # a quarter: long enough to smooth a month's peak


@dataclass(frozen=True, slots=True)
class Dso:
    """DSO of one currency, and the insolvency line apart."""

    currency: str
    receivables: Decimal  # open on the day, customers in hardship left out
    sales: Decimal  # invoiced less credited in the period, the same customers left out
    days: int
    insolvency: Decimal = Decimal(0)  # open on the day for customers in hardship

    @property
    def value(self) -> Decimal | None:
        """Days, to one decimal; None without sales in the period (nothing to divide by)."""
        if self.sales <= 0:
            return None
        days = self.receivables / self.sales * self.days
        return days.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def dso_of(agings: Iterable[Aging], sales: Mapping[str, Decimal], *, days: int) -> list[Dso]:
    """DSO per currency, from the day's aging (its insolvency line apart) and the sales of
    the period; a currency with sales but nothing open has a DSO of 0."""
    if days < 1:
        raise ValueError("a DSO period has at least one day")
    found = {a.currency: a for a in agings}
    result = []
    for currency in sorted(found.keys() | sales.keys()):
        aging = found.get(currency, Aging(currency))
        receivables = aging.total - aging.insolvency
        result.append(Dso(currency, receivables, sales.get(currency, Decimal(0)), days,
                          aging.insolvency))  # fmt: skip
    return result


# --- the count-back method --------------------------------------------------------------
#
# DSO by counting back: take what is open on the day and set it against the sales of the
# month of the day (up to the day), then of each whole month before, newest first, adding
# each month's days while the receivables cover its sales; of the month where they run
# out, only the share they cover. Unlike the average method it follows the months as they
# were (a December with little sales does not flatter January).


@dataclass(frozen=True, slots=True)
class Period:
    """Days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class CountBack:
    """Days counted back; `complete` False when the receivables exceed every month's sales
    in the history given: the days are then at least this many."""

    days: Decimal
    complete: bool = True


def month_periods(as_of: date, *, months: int) -> tuple[Period, ...]:
    """Newest first: the month of `as_of` up to `as_of`, then `months - 1` whole months."""
    if months < 1:
        raise ValueError("counting back needs at least one month")
    periods = [Period(as_of.replace(day=1), as_of)]
    while len(periods) < months:
        end = periods[-1].start - timedelta(days=1)
        periods.append(Period(end.replace(day=1), end))
    return tuple(periods)


def count_back(receivables: Decimal, sales: Sequence[tuple[Period, Decimal]]) -> CountBack:
    """Count back over `sales` (newest period first); to one decimal, half up."""
    left, days = receivables, Decimal(0)
    for period, sold in sales:
        if left <= 0:
            break
        if left >= sold:  # covers the whole period (also one without net sales)
            left -= sold
            days += period.days
            continue
        days += left / sold * period.days
        left = Decimal(0)
    rounded = days.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return CountBack(rounded, complete=left <= 0)


def sums_by_period(
    amounts: Mapping[date, Decimal], periods: Sequence[Period]
) -> list[tuple[Period, Decimal]]:
    """Each period with the sum of the day amounts inside it."""
    return [
        (period, sum((a for day, a in amounts.items() if period.holds(day)), Decimal(0)))
        for period in periods
    ]
