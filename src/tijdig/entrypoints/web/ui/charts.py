"""Geometry of the inline SVG charts: where each bar goes, nothing else.

The amounts come from the analytics; this module only scales them to pixels, so
the page is drawn on the server with no JavaScript and no external library.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tijdig.analytics.aging import BUCKET_LABELS, BUCKETS, Aging

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
