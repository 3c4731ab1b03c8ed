"""The effect of each measure (issue 18, S1-5): of the messages sent, the share whose
named invoices were settled within 7 and within 14 days, with Wilson score intervals.

A message counts as paid within N days when every invoice it named (the invoices that
took its step) was paid in full on or before the day it was sent plus N. A message sent
fewer than `WINDOW` (14) days before the as-of day cannot be judged yet: it is left out,
and counted (`EffectTable.too_recent`), so a short table says why it is short.

Fair comparisons: a cell always holds like with like. Whatever the user groups by, the
strata (`STRATA`: the step's stage in its policy, the customer's kind and country, and the
amount band) are part of every key, so a letter to large business debts is never set
against an e-mail about small consumer ones.

Wilson score interval (Wilson 1927; Agresti & Coull 1998, eq. 2), for x successes of n at
z = 1.959964 (95 %, two-sided):

    centre = (p + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) · sqrt(p(1-p)/n + z²/4n²)

The difference of two shares gets Newcombe's hybrid score interval (Newcombe 1998,
method 10), built from the two Wilson intervals (l₁,u₁) and (l₂,u₂):

    d = p₁ - p₂,  low = d - sqrt((p₁-l₁)² + (u₂-p₂)²),  high = d + sqrt((u₁-p₁)² + (p₂-l₂)²)

An effect is found when that interval excludes zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from math import sqrt
from statistics import NormalDist

WINDOW = 14  # days: the longest horizon judged; younger messages are left out
HORIZONS = (7, 14)
Z95 = NormalDist().inv_cdf(0.975)  # 1.959964...
SMALL, LARGE = Decimal(500), Decimal(5000)


class AmountBand(StrEnum):
    UNDER_500 = "under_500"
    FROM_500_TO_5000 = "500_5000"
    OVER_5000 = "over_5000"


class TimeOfDay(StrEnum):
    MORNING = "morning"  # before noon
    AFTERNOON = "afternoon"  # noon to 17:00
    EVENING = "evening"  # 17:00 and later


DIMENSIONS = ("step", "template", "channel", "weekday", "time", "variant")
STRATA = ("stage", "kind", "country", "band")
DEFAULT_BY = ("step", "channel", "weekday")


def amount_band(amount: Decimal) -> AmountBand:
    """Under €500, €500-5,000 (both ends in), over €5,000."""
    if amount < SMALL:
        return AmountBand.UNDER_500
    return AmountBand.FROM_500_TO_5000 if amount <= LARGE else AmountBand.OVER_5000


def time_of_day(hour: int) -> TimeOfDay:
    if hour < 12:
        return TimeOfDay.MORNING
    return TimeOfDay.AFTERNOON if hour < 17 else TimeOfDay.EVENING


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float

    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


def wilson(successes: int, n: int, *, z: float = Z95) -> Interval:
    """The Wilson score interval of successes/n (formula in the module docstring)."""
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n and n > 0, got {successes}/{n}")
    p, z2 = successes / n, z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True, slots=True)
class Share:
    """x of n, its share and its Wilson interval."""

    successes: int
    n: int

    @property
    def share(self) -> float:
        return self.successes / self.n

    @property
    def interval(self) -> Interval:
        return wilson(self.successes, self.n)


def difference(a: Share, b: Share) -> tuple[float, Interval]:
    """a's share minus b's, with Newcombe's hybrid score interval (module docstring)."""
    (l1, u1), (l2, u2) = (a.interval.low, a.interval.high), (b.interval.low, b.interval.high)
    d = a.share - b.share
    low = d - sqrt((a.share - l1) ** 2 + (u2 - b.share) ** 2)
    high = d + sqrt((u1 - a.share) ** 2 + (b.share - l2) ** 2)
    return d, Interval(low, high)


@dataclass(frozen=True, slots=True)
class SentMessage:
    """One message sent, as the read model gives it: what, how, when, to whom, for how
    much, and the day its last named invoice was paid in full (None: not all are)."""

    step: str
    stage: int  # the step's position in its policy, 1 for the first
    template: str
    channel: str
    sent_on: date
    hour: int  # local hour of sending
    kind: str  # business | consumer
    country: str
    amount: Decimal  # the named invoices' total
    settled_on: date | None
    variant: str = ""

    def value(self, dimension: str) -> str:
        values = {
            "step": self.step, "template": self.template, "channel": self.channel,
            "weekday": str(self.sent_on.isoweekday()), "time": time_of_day(self.hour).value,
            "variant": self.variant, "stage": str(self.stage), "kind": self.kind,
            "country": self.country, "band": amount_band(self.amount).value,
        }  # fmt: skip
        return values[dimension]

    def paid_within(self, days: int) -> bool:
        return self.settled_on is not None and self.settled_on <= self.sent_on + timedelta(days)


@dataclass(frozen=True, slots=True)
class SentCount:
    """`count` messages alike in all the table looks at: their value per dimension and
    stratum (as `SentMessage.value` gives it), the day sent, and whether paid within 7
    and within 14 days. The read model counts messages so in the database."""

    values: tuple[tuple[str, str], ...]
    sent_on: date
    paid_7: bool
    paid_14: bool
    count: int


def as_count(m: SentMessage) -> SentCount:
    """One message as a count of one (what `counted_table` gives the same table for)."""
    return SentCount(tuple((d, m.value(d)) for d in (*DIMENSIONS, *STRATA)), m.sent_on,
                     m.paid_within(7), m.paid_within(14), 1)  # fmt: skip


@dataclass(frozen=True, slots=True)
class EffectRow:
    """One cell of the response table: its key (dimension, value) pairs, the strata last."""

    key: tuple[tuple[str, str], ...]
    paid_7: Share
    paid_14: Share

    @property
    def n(self) -> int:
        return self.paid_14.n

    def get(self, dimension: str) -> str:
        return dict(self.key)[dimension]


@dataclass(frozen=True, slots=True)
class EffectTable:
    by: tuple[str, ...]
    rows: tuple[EffectRow, ...]
    counted: int
    too_recent: int
    as_of: date


def check_by(by: Sequence[str]) -> tuple[str, ...]:
    """The grouping asked for, known dimensions only, each once (strata are always in)."""
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimension {unknown[0]!r}")
    return tuple(dict.fromkeys(by))


def judged(messages: Iterable[SentMessage], *, as_of: date) -> tuple[list[SentMessage], int]:
    """The messages old enough to judge (sent at least `WINDOW` days before as-of), and
    how many were too recent. Their 14 days end by as-of, so a payment after as-of
    (known when as-of is in the past) never counts as within them."""
    old, recent = [], 0
    last = as_of - timedelta(days=WINDOW)
    for m in messages:
        if m.sent_on > last:
            recent += 1
        else:
            old.append(m)
    return old, recent


def response_table(
    messages: Iterable[SentMessage], *, as_of: date, by: Sequence[str] = DEFAULT_BY
) -> EffectTable:
    """The share paid within 7 and 14 days per cell of `by` x the strata, in key order."""
    dimensions = (*check_by(by), *STRATA)
    old, recent = judged(messages, as_of=as_of)
    counts: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    for m in old:
        cell = counts[tuple(m.value(d) for d in dimensions)]
        cell[0] += 1
        cell[1] += m.paid_within(7)
        cell[2] += m.paid_within(14)
    rows = tuple(
        EffectRow(tuple(zip(dimensions, key, strict=True)), Share(c[1], c[0]), Share(c[2], c[0]))
        for key, c in sorted(counts.items())
    )
    return EffectTable(tuple(dimensions[: len(dimensions) - len(STRATA)]), rows, len(old),
                       recent, as_of)  # fmt: skip


def counted_table(
    groups: Iterable[SentCount], *, as_of: date, by: Sequence[str] = DEFAULT_BY
) -> EffectTable:
    """`response_table` over messages already counted by their values: the same table,
    without a row per message (a big ledger sends tens of thousands)."""
    dimensions = (*check_by(by), *STRATA)
    last = as_of - timedelta(days=WINDOW)
    counts: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    counted = recent = 0
    for g in groups:
        if g.sent_on > last:
            recent += g.count
            continue
        values = dict(g.values)
        cell = counts[tuple(values[d] for d in dimensions)]
        cell[0] += g.count
        cell[1] += g.count if g.paid_7 else 0
        cell[2] += g.count if g.paid_14 else 0
        counted += g.count
    rows = tuple(
        EffectRow(tuple(zip(dimensions, key, strict=True)), Share(c[1], c[0]), Share(c[2], c[0]))
        for key, c in sorted(counts.items())
    )
    return EffectTable(tuple(dimensions[: len(dimensions) - len(STRATA)]), rows, counted,
                       recent, as_of)  # fmt: skip
