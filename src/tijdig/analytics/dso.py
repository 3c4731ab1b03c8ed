"""Days sales outstanding (DSO), per currency, by the simple (average) method:

    DSO = receivables / sales of the period x days in the period

Receivables are everything open on the day (invoices less unsettled credit notes, due
or not); sales are the invoices less the credit notes issued in the `days` up to and
including that day. Customers in hardship (domain/hardship.py) are left out of both and
shown apart, on the insolvency line, as in the aging: they are not collected while the
status lasts, and nothing is written off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
