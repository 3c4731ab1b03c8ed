"""The dashboard's figures of one currency, pure, from what one query layer reads
(services/read_models/dashboard.py): DSO by counting back (dso.py), average days late,
the overdue share, the twelve months' trend; the week's promises and the disputes
waiting, by age, for every currency together.

Average days late is the average days delinquent (ADD): the count-back DSO less the
best possible DSO, the count-back of what is open and not yet due, over the same sales.
What would be open had everyone paid on time takes the days a customer is allowed; the
rest of the DSO is lateness.

The trend's past receivables are today's less the net sales issued since that month's
end plus the payments allocated since (costs and interest left out): what was open then,
without reading every invoice as it was on that day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tijdig.analytics.dso import CountBack, Period, count_back, month_periods

HISTORY_MONTHS = 12  # sales counted back at most this far
TREND_MONTHS = 12
DISPUTE_AGES: tuple[tuple[str, int | None], ...] = (
    ("0-7", 7), ("8-30", 30), ("31-60", 60), ("60+", None),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Receivables:
    """What is open on the day in one currency: `total` the customers to collect from
    (hardship apart), `not_due` the part of it not yet due, `overdue` past due."""

    currency: str
    total: Decimal
    not_due: Decimal
    overdue: Decimal


@dataclass(frozen=True, slots=True)
class TrendPoint:
    day: date  # a month's end, or the day looked from
    receivables: Decimal
    dso: CountBack


@dataclass(frozen=True, slots=True)
class CurrencyKpis:
    currency: str
    dso: CountBack
    best_possible: CountBack
    overdue_share: Decimal | None  # percent, one decimal; None with nothing open
    trend: tuple[TrendPoint, ...]

    @property
    def days_late(self) -> Decimal:
        """Average days delinquent: DSO less the best possible DSO, never below zero."""
        return max(Decimal(0), self.dso.days - self.best_possible.days)


def _by_month(amounts: Mapping[date, Decimal]) -> dict[tuple[int, int], Decimal]:
    months: dict[tuple[int, int], Decimal] = {}
    for day, amount in amounts.items():
        key = (day.year, day.month)
        months[key] = months.get(key, Decimal(0)) + amount
    return months


def _count_back_on(
    day: date, receivables: Decimal, monthly: Mapping[tuple[int, int], Decimal]
) -> CountBack:
    """Count back from `day`; the sales of `day`'s month are those up to `day`."""
    periods = month_periods(day, months=HISTORY_MONTHS)
    sales = [(p, monthly.get((p.start.year, p.start.month), Decimal(0))) for p in periods]
    return count_back(receivables, sales)


def month_ends(as_of: date, *, months: int = TREND_MONTHS) -> tuple[date, ...]:
    """`as_of`, then the ends of the months before it, oldest first."""
    days = [as_of]
    while len(days) < months:
        days.append(days[-1].replace(day=1) - timedelta(days=1))
    return tuple(reversed(days))


def currency_kpis(
    open_now: Receivables,
    sales: Mapping[date, Decimal],
    collected: Mapping[date, Decimal],
    *,
    as_of: date,
) -> CurrencyKpis:
    """`sales` net per issue day and `collected` per allocation day, up to `as_of`, far
    enough back for the trend (TREND_MONTHS + HISTORY_MONTHS months)."""
    monthly, paid = _by_month(sales), _by_month(collected)
    trend = []
    for day in month_ends(as_of):
        # every point but `as_of` is a month's end: what came after it is in later months
        month = (day.year, day.month)
        later_sales = sum((v for k, v in monthly.items() if k > month), Decimal(0))
        later_paid = sum((v for k, v in paid.items() if k > month), Decimal(0))
        then = open_now.total - later_sales + later_paid
        trend.append(TrendPoint(day, then, _count_back_on(day, then, monthly)))
    return CurrencyKpis(
        open_now.currency,
        _count_back_on(as_of, open_now.total, monthly),
        _count_back_on(as_of, open_now.not_due, monthly),
        _share(open_now.overdue, open_now.total),
        tuple(trend),
    )


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    return (part / whole * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def dispute_ages(opened: Iterable[tuple[date, int]], *, as_of: date) -> dict[str, int]:
    """Disputes waiting per age in days (`as_of` less the day opened): `opened` holds
    each opening day with the number of disputes opened then and still open."""
    counts = dict.fromkeys((label for label, _ in DISPUTE_AGES), 0)
    for day, count in opened:
        age = (as_of - day).days
        label = next(lb for lb, upto in DISPUTE_AGES if upto is None or age <= upto)
        counts[label] += count
    return counts


def week_of(day: date) -> Period:
    """The calendar week holding `day`, Monday to Sunday (ISO 8601)."""
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6))
