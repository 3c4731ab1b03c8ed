"""Geometry of the forecast's inline SVG: a bar per week (the expected receipts) with its
80 % interval as a whisker, scaled to the highest upper end; pixels only, no amounts made."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tijdig.analytics.forecast import Forecast, Week

WIDTH = 720
HEIGHT = 260
TOP = 16
BOTTOM = 40  # room for the week under the baseline
LEFT = 8
BASELINE = HEIGHT - BOTTOM
PLOT_HEIGHT = BASELINE - TOP
BAR_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class WeekBar:
    week: Week
    label: str  # W37, or "later"
    x: float
    width: float
    y: float  # top of the bar
    low_y: float
    high_y: float

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def height(self) -> float:
        return round(BASELINE - self.y, 1)


@dataclass(frozen=True, slots=True)
class ForecastChart:
    currency: str
    bars: tuple[WeekBar, ...]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = BASELINE


def _y(amount: Decimal, top: Decimal) -> float:
    if top <= 0 or amount <= 0:
        return float(BASELINE)
    return round(BASELINE - float(amount / top) * PLOT_HEIGHT, 1)


def forecast_chart(made: Forecast) -> ForecastChart:
    """The 13 weeks and the later bucket, left to right."""
    weeks = (*made.weeks, made.later)
    top = max((w.high for w in weeks), default=Decimal(0))
    slot = (WIDTH - LEFT) / len(weeks)
    width = round(slot * BAR_SHARE, 1)
    bars = tuple(
        WeekBar(w, "" if w.start is None else w.start.strftime("W%V"),
                round(LEFT + k * slot + (slot - width) / 2, 1), width,
                _y(w.expected, top), _y(w.low, top), _y(w.high, top))
        for k, w in enumerate(weeks)
    )  # fmt: skip
    return ForecastChart(made.currency, bars)
