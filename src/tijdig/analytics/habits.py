"""A customer's payment habits, learned from its paid invoices (issue 17, S1-5, S3-4).

Each figure is a pure function over `Paid` values (an invoice paid in full, the payments
that paid it and the steps taken for it); the formulas are in the docstrings and the
tests compute them by hand. Days late count from the invoice's due date, never below 0:
paying early is paying on time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from tijdig.analytics.behaviour import Trend

TREND_MONTHS = 12
FLAT_SLOPE = Decimal("0.5")  # days per month: less is no trend
USUAL_DAY_SHARE = Decimal("0.5")  # of the days money came in
USUAL_DAY_MIN = 4  # days money came in, at least, before a day is "usual"


@dataclass(frozen=True, slots=True)
class Part:
    """Money that came in for the invoice on a day."""

    on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Paid:
    """An invoice paid in full: its dates, total, the payments that paid it, the days
    steps were taken (with their keys), and whether a plan or the agency settled it."""

    number: str
    issue_date: date
    due_date: date
    total: Decimal
    payments: tuple[Part, ...]
    steps: tuple[tuple[date, str], ...] = ()
    by_plan: bool = False
    by_agency: bool = False

    def __post_init__(self) -> None:
        if not self.payments:
            raise ValueError("a paid invoice has at least one payment")

    @property
    def paid_on(self) -> date:
        """The day the last money came in."""
        return max(p.on for p in self.payments)

    @property
    def days_late(self) -> int:
        return max(0, (self.paid_on - self.due_date).days)

    @property
    def reminders(self) -> tuple[tuple[date, str], ...]:
        """Steps taken after the due date, up to the day it was paid (a notice before
        the due date is no reminder)."""
        return tuple(sorted(s for s in self.steps if self.due_date < s[0] <= self.paid_on))


class How(StrEnum):
    ON_OWN = "on_own"  # no reminder, no plan, no agency
    AFTER_STEP = "after_step"
    PLAN = "plan"
    AGENCY = "agency"


def settled_how(item: Paid) -> tuple[How, str | None]:
    """The agency before a plan before a reminder: the strongest means used; with a
    reminder, the key of the last step taken before the money came."""
    if item.by_agency:
        return How.AGENCY, None
    if item.by_plan:
        return How.PLAN, None
    if item.reminders:
        return How.AFTER_STEP, item.reminders[-1][1]
    return How.ON_OWN, None


def _ratio(part: int, whole: int) -> Decimal:
    return (Decimal(part) / whole).quantize(Decimal("0.01"), ROUND_HALF_UP)


def share_on_time(paid: Sequence[Paid]) -> Decimal | None:
    """on time / paid, to 0.01; an invoice is on time when its last money came on or
    before its due date. None without paid invoices."""
    if not paid:
        return None
    return _ratio(sum(1 for p in paid if p.days_late == 0), len(paid))


def weighted_days_late(paid: Sequence[Paid]) -> Decimal | None:
    """sum(amount_j x days late of payment j) / sum(amount_j), over every payment j,
    days late of a payment = max(0, its day - the due date), to 0.1: each euro counts
    with the day it came in, so a large invoice paid late weighs more than a small one."""
    parts = [(part, p.due_date) for p in paid for part in p.payments]
    money = sum((part.amount for part, _ in parts), Decimal(0))
    if money <= 0:
        return None
    weighted = sum((part.amount * max(0, (part.on - due).days) for part, due in parts),
                   Decimal(0))  # fmt: skip
    return (weighted / money).quantize(Decimal("0.1"), ROUND_HALF_UP)


def quantile(values: Sequence[int], share: Decimal) -> Decimal:
    """Linear interpolation between order statistics: sort the n values x_0..x_(n-1),
    h = (n - 1) x share, q = x_floor(h) + (h - floor(h)) x (x_(floor(h)+1) - x_floor(h))
    (numpy's default, Excel's PERCENTILE.INC)."""
    if not values:
        raise ValueError("a quantile of no values")
    ordered = sorted(values)
    h = (len(ordered) - 1) * share
    low = int(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


@dataclass(frozen=True, slots=True)
class Spread:
    """The typical delay (median days late) and its spread, the interquartile range."""

    median: Decimal
    q1: Decimal
    q3: Decimal

    @property
    def iqr(self) -> Decimal:
        return self.q3 - self.q1


def typical_delay(paid: Sequence[Paid]) -> Spread | None:
    """Median = quantile 0.5 of the days late; IQR = quantile 0.75 - quantile 0.25."""
    if not paid:
        return None
    days = [p.days_late for p in paid]
    return Spread(*(quantile(days, Decimal(q)) for q in ("0.5", "0.25", "0.75")))


class DayKind(StrEnum):
    WEEKDAY = "weekday"  # value 0 = Monday .. 6 = Sunday
    MONTH_DAY = "month_day"  # value 1..31


@dataclass(frozen=True, slots=True)
class UsualDay:
    kind: DayKind
    value: int
    share: Decimal  # of the days money came in


def usual_day(paid: Sequence[Paid]) -> UsualDay | None:
    """Over the distinct days money came in (a payment run that pays five invoices is
    one day): the most frequent day of the month, if its share >= 0.5, else the most
    frequent weekday, if its share >= 0.5, else none; none under 4 days. Ties go to the
    earlier day."""
    days = sorted({part.on for p in paid for part in p.payments})
    if len(days) < USUAL_DAY_MIN:
        return None
    for kind, key in ((DayKind.MONTH_DAY, lambda d: d.day), (DayKind.WEEKDAY, date.weekday)):
        counts = Counter(key(d) for d in days)
        value, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        share = _ratio(count, len(days))
        if share >= USUAL_DAY_SHARE:
            return UsualDay(kind, value, share)
    return None


@dataclass(frozen=True, slots=True)
class MonthLate:
    month: str  # 2026-03
    invoices: int
    average_days_late: Decimal


@dataclass(frozen=True, slots=True)
class Trend12:
    """Per month of payment over the last 12 months, the average days late; the slope of
    the least-squares line through them (days per month) and its sign."""

    months: tuple[MonthLate, ...]
    slope: Decimal | None
    trend: Trend


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def trend_of(paid: Sequence[Paid], *, as_of: date, months: int = TREND_MONTHS) -> Trend12:
    """Months of payment from `as_of`'s month back `months` - 1 months. With x the month
    (0 = the first) and y its average days late, over the months with payments:
    slope = sum((x - mean x)(y - mean y)) / sum((x - mean x)^2), to 0.01 day a month.
    Worsening when slope > 0.5, improving when < -0.5, else stable; under 3 months, no
    history (0 months) or stable."""
    last = _month_index(as_of)
    grouped: dict[int, list[int]] = {}
    for p in paid:
        index = _month_index(p.paid_on)
        if last - months < index <= last and p.paid_on <= as_of:
            grouped.setdefault(index, []).append(p.days_late)
    figures = [(i, Decimal(sum(v)) / len(v), len(v)) for i, v in sorted(grouped.items())]
    shown = tuple(
        MonthLate(f"{i // 12}-{i % 12 + 1:02d}", n, avg.quantize(Decimal("0.1"), ROUND_HALF_UP))
        for i, avg, n in figures
    )
    if len(figures) < 3:
        return Trend12(shown, None, Trend.STABLE if figures else Trend.NO_HISTORY)
    xs = [Decimal(i - figures[0][0]) for i, _, _ in figures]
    ys = [avg for _, avg, _ in figures]
    mx = sum(xs, Decimal(0)) / len(xs)
    my = sum(ys, Decimal(0)) / len(ys)
    moment = sum(((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)), Decimal(0))
    spread = sum(((x - mx) ** 2 for x in xs), Decimal(0))
    slope = (moment / spread).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if slope > FLAT_SLOPE:
        return Trend12(shown, slope, Trend.WORSENING)
    if slope < -FLAT_SLOPE:
        return Trend12(shown, slope, Trend.IMPROVING)
    return Trend12(shown, slope, Trend.STABLE)


def is_first_time_late(paid: Sequence[Paid], *, overdue_now: bool) -> bool:
    """Late now (an invoice overdue today), never late before: at least one invoice
    paid, each of them on time."""
    return overdue_now and bool(paid) and all(p.days_late == 0 for p in paid)


@dataclass(frozen=True, slots=True)
class Settlements:
    """How the paid invoices were settled: how many on their own, after each step (by
    the key of the last step taken before payment), by a plan, by the agency."""

    on_own: int = 0
    after_step: tuple[tuple[str, int], ...] = ()
    by_plan: int = 0
    by_agency: int = 0


def settlements(paid: Sequence[Paid]) -> Settlements:
    counts: Counter[How] = Counter()
    steps: Counter[str] = Counter()
    for item in paid:
        how, step = settled_how(item)
        counts[how] += 1
        if step is not None:
            steps[step] += 1
    return Settlements(counts[How.ON_OWN], tuple(sorted(steps.items())), counts[How.PLAN],
                       counts[How.AGENCY])  # fmt: skip


@dataclass(frozen=True, slots=True)
class Habits:
    paid_invoices: int
    share_on_time: Decimal | None
    weighted_days_late: Decimal | None
    delay: Spread | None
    usual_day: UsualDay | None
    trend: Trend12
    first_time_late: bool
    settled: Settlements


def habits_of(paid: Sequence[Paid], *, as_of: date, overdue_now: bool) -> Habits:
    """Every figure above, for one customer on `as_of` (invoices paid after it left out)."""
    known = [p for p in paid if p.paid_on <= as_of]
    return Habits(
        paid_invoices=len(known),
        share_on_time=share_on_time(known),
        weighted_days_late=weighted_days_late(known),
        delay=typical_delay(known),
        usual_day=usual_day(known),
        trend=trend_of(known, as_of=as_of),
        first_time_late=is_first_time_late(known, overdue_now=overdue_now),
        settled=settlements(known),
    )
