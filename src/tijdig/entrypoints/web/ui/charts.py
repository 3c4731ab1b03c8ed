"""Geometry of the inline SVG charts: where each bar goes, nothing else.

The amounts come from the analytics; this module only scales them to pixels, so
the page is drawn on the server with no JavaScript and no external library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tijdig.analytics.aging import BUCKET_LABELS, BUCKETS, Aging
from tijdig.services.read_models.customer_file import MonthFigure

WIDTH = 640
HEIGHT = 240
TOP = 30  # room for the amount above the tallest bar
BOTTOM = 48  # room for the bucket label and count under the baseline
BASELINE = HEIGHT - BOTTOM
PLOT_HEIGHT = BASELINE - TOP
BAR_SHARE = 0.6  # of the slot each bucket gets
MIN_VISIBLE = 2.0  # px: a tiny positive amount still shows as a line


@dataclass(frozen=True, slots=True)
class Bar:
    bucket: str
    label: str
    amount: Decimal
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True, slots=True)
class BarChart:
    """One currency's aging: a bar per bucket, scaled to the largest bucket."""

    currency: str
    bars: tuple[Bar, ...]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = BASELINE


def _bar_height(amount: Decimal, largest: Decimal) -> float:
    if amount <= 0 or largest <= 0:
        return 0.0
    return max(MIN_VISIBLE, round(float(amount / largest) * PLOT_HEIGHT, 1))


def aging_chart(aging: Aging) -> BarChart:
    """Bars for the buckets in their order: not yet due first, over 90 days last."""
    largest = max(aging.buckets.values(), default=Decimal(0))
    slot = WIDTH / len(BUCKETS)
    width = round(slot * BAR_SHARE, 1)
    bars = []
    for index, bucket in enumerate(BUCKETS):
        amount = aging.buckets[bucket]
        height = _bar_height(amount, largest)
        x = round(index * slot + (slot - width) / 2, 1)
        bars.append(
            Bar(
                bucket,
                BUCKET_LABELS[bucket],
                amount,
                aging.counts[bucket],
                x,
                BASELINE - height,
                width,
                height,
            )
        )
    return BarChart(aging.currency, tuple(bars))


def share(part: Decimal, whole: Decimal) -> int | None:
    """`part` as a whole percentage of `whole`; None when there is no positive whole."""
    if whole <= 0:
        return None
    return round(part / whole * 100)


# --- payment behaviour: days after the due date, per month of payment ---------------------

MONTH_WIDTH = 640
MONTH_HEIGHT = 200
MONTH_TOP = 24  # room for the value above a bar
MONTH_BOTTOM = 34  # room for the month under the lowest point
MONTH_PLOT = MONTH_HEIGHT - MONTH_TOP - MONTH_BOTTOM


@dataclass(frozen=True, slots=True)
class MonthBar:
    month: str  # 2026-03
    label: str  # 03/26: short enough for twelve under one chart
    days: Decimal
    invoices: int
    x: float
    y: float
    width: float
    height: float
    late: bool

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True, slots=True)
class MonthChart:
    """Average days after the due date per month: late above the zero line, early below."""

    bars: tuple[MonthBar, ...]
    zero: float
    width: int = MONTH_WIDTH
    height: int = MONTH_HEIGHT
    label_y: float = MONTH_HEIGHT - 10


def behaviour_chart(months: Sequence[MonthFigure]) -> MonthChart:
    highest = max((max(m.average_days, Decimal(0)) for m in months), default=Decimal(0))
    lowest = min((min(m.average_days, Decimal(0)) for m in months), default=Decimal(0))
    span = highest - lowest or Decimal(1)
    zero = round(MONTH_TOP + float(highest / span) * MONTH_PLOT, 1)
    slot = MONTH_WIDTH / max(len(months), 1)
    width = round(min(slot * BAR_SHARE, 48), 1)
    bars = []
    for index, m in enumerate(months):
        size = round(float(abs(m.average_days) / span) * MONTH_PLOT, 1)
        size = max(size, MIN_VISIBLE) if m.average_days else 0.0
        top = zero - size if m.average_days > 0 else zero
        x = round(index * slot + (slot - width) / 2, 1)
        label = f"{m.month[5:]}/{m.month[2:4]}"
        bars.append(
            MonthBar(m.month, label, m.average_days, m.invoices, x, top, width, size,
                     m.average_days > 0)
        )  # fmt: skip
    return MonthChart(tuple(bars), zero)
