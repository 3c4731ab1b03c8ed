"""A customer's payment behaviour: on time or late, and how it trends (S0-2, S1-5)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Trend(StrEnum):
    NO_HISTORY = "no history"
    IMPROVING = "improving"
    STABLE = "stable"
    WORSENING = "worsening"


@dataclass(frozen=True, slots=True)
class Settled:
    """An invoice that was paid in full: when it was due and when the last money came."""

    due_date: date
    paid_on: date

    @property
    def days_late(self) -> int:
        return max(0, (self.paid_on - self.due_date).days)


@dataclass(frozen=True, slots=True)
class QuarterFigure:
    quarter: str  # e.g. 2026-Q3
    invoices: int
    late: int
    average_days_late: Decimal


@dataclass(frozen=True, slots=True)
class Behaviour:
    paid_invoices: int
    paid_late: int
    average_days_late: Decimal
    quarters: tuple[QuarterFigure, ...]
    trend: Trend

    @property
    def share_late(self) -> Decimal:
        if not self.paid_invoices:
            return Decimal(0)
        return (Decimal(self.paid_late) / self.paid_invoices).quantize(Decimal("0.01"))

    @property
    def always_on_time(self) -> bool:
        return self.paid_invoices > 0 and self.paid_late == 0


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _average(values: list[int]) -> Decimal:
    if not values:
        return Decimal(0)
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"))


def behaviour(history: Iterable[Settled], *, quarters: int = 8) -> Behaviour:
    """Summarise settled invoices; the trend compares the last two quarters with before."""
    items = sorted(history, key=lambda s: s.paid_on)
    by_quarter: dict[str, list[int]] = {}
    for item in items:
        by_quarter.setdefault(_quarter(item.paid_on), []).append(item.days_late)
    figures = tuple(
        QuarterFigure(q, len(v), sum(1 for d in v if d > 0), _average(v))
        for q, v in sorted(by_quarter.items())[-quarters:]
    )
    delays = [i.days_late for i in items]
    return Behaviour(
        paid_invoices=len(items),
        paid_late=sum(1 for d in delays if d > 0),
        average_days_late=_average(delays),
        quarters=figures,
        trend=_trend(figures),
    )


def _trend(figures: tuple[QuarterFigure, ...]) -> Trend:
    if len(figures) < 3:
        return Trend.NO_HISTORY if not figures else Trend.STABLE
    recent = [f.average_days_late for f in figures[-2:]]
    earlier = [f.average_days_late for f in figures[:-2]]
    now = sum(recent, Decimal(0)) / len(recent)
    before = sum(earlier, Decimal(0)) / len(earlier)
    if now > before + 3:
        return Trend.WORSENING
    if now < before - 3:
        return Trend.IMPROVING
    return Trend.STABLE
