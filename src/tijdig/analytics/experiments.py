"""A/B tests of templates (issue 18 section 2): which variant a customer gets, how many
messages each arm needs, and the verdict once both arms have them.

Assignment: the first 8 bytes of SHA-256 over "company:customer:experiment", modulo the
number of variants. It is random over customers yet the same on every call, so a
customer keeps its variant (the service also records it the first time).

Sample size per arm, fixed before the test starts, for a two-sided two-proportion test at
significance α and power 1-β, to find the difference between p₁ (the current share paid
within 14 days) and p₂ = p₁ + δ (δ the smallest effect worth finding) (Fleiss, Levin &
Paik, *Statistical Methods for Rates and Proportions*, 3rd ed., eq. 4.14, without the
continuity correction):

    n = ( z₁₋α/₂ · sqrt(2 p̄ q̄) + z₁₋β · sqrt(p₁q₁ + p₂q₂) )² / (p₁ - p₂)²,  p̄ = (p₁+p₂)/2

rounded up; p₁ = 0.5, p₂ = 0.6 at α 5 %, power 80 % gives 388 per arm.

Verdict: none until every arm has `needed` messages judged; then the pooled two-proportion
z-test on "paid within 14 days": z = (p̂₁ - p̂₂) / sqrt(p̂(1-p̂)(1/n₁ + 1/n₂)), p̂ pooled,
two-sided p-value 2(1 - Φ(|z|)); significant when below α.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from math import ceil, sqrt
from statistics import NormalDist

ALPHA = 0.05
POWER = 0.80
_NORMAL = NormalDist()


def assigned_variant(company_id: int, customer_id: int, experiment: str, count: int) -> int:
    """The index (0 = A) of the variant a customer gets, stable across calls."""
    if count < 2:
        raise ValueError("an experiment needs two variants or more")
    digest = hashlib.sha256(f"{company_id}:{customer_id}:{experiment}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % count


def variant_name(index: int) -> str:
    """A, B, C ... (the shipped or current text is A)."""
    return chr(ord("A") + index)


def sample_size(p1: float, delta: float, *, alpha: float = ALPHA, power: float = POWER) -> int:
    """Messages needed per arm (formula in the module docstring)."""
    p2 = p1 + delta
    if not (0 < p1 < 1 and 0 < p2 < 1 and delta != 0):
        raise ValueError(f"need 0 < p1, p1 + delta < 1 and delta != 0, got {p1}, {delta}")
    z_alpha, z_beta = _NORMAL.inv_cdf(1 - alpha / 2), _NORMAL.inv_cdf(power)
    mean = (p1 + p2) / 2
    root = z_alpha * sqrt(2 * mean * (1 - mean)) + z_beta * sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return ceil(root * root / (delta * delta) - 1e-9)


@dataclass(frozen=True, slots=True)
class Arm:
    variant: str
    paid: int  # paid within 14 days
    n: int  # messages judged

    @property
    def share(self) -> float:
        return self.paid / self.n if self.n else 0.0


@dataclass(frozen=True, slots=True)
class ZTest:
    z: float
    p_value: float


def two_proportion_z(a: Arm, b: Arm) -> ZTest:
    """The pooled two-proportion z-test of a against b, two-sided."""
    pooled = (a.paid + b.paid) / (a.n + b.n)
    spread = sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n))
    if spread == 0:
        return ZTest(0.0, 1.0)
    z = (a.share - b.share) / spread
    return ZTest(z, 2 * (1 - _NORMAL.cdf(abs(z))))


class Outcome(StrEnum):
    WAITING = "waiting"  # an arm has fewer than the messages needed
    NO_DIFFERENCE = "no_difference"
    BETTER = "better"  # `best` is better than every other arm


@dataclass(frozen=True, slots=True)
class Verdict:
    outcome: Outcome
    best: str | None
    tests: tuple[tuple[str, ZTest], ...]  # the best against each other arm


def verdict(arms: tuple[Arm, ...], *, needed: int, alpha: float = ALPHA) -> Verdict:
    """No verdict before every arm has `needed`; then the arm with the highest share is
    better when its z-test against each other arm is significant. With more than two
    arms each comparison is held at α / (arms - 1) (Bonferroni) to keep the overall α."""
    if len(arms) < 2 or any(arm.n < needed for arm in arms):
        return Verdict(Outcome.WAITING, None, ())
    best = max(arms, key=lambda arm: arm.share)
    tests = tuple((arm.variant, two_proportion_z(best, arm)) for arm in arms if arm is not best)
    level = alpha / (len(arms) - 1)
    if all(t.z > 0 and t.p_value < level for _, t in tests):
        return Verdict(Outcome.BETTER, best.variant, tests)
    return Verdict(Outcome.NO_DIFFERENCE, None, tests)


@dataclass(frozen=True, slots=True)
class Experiment:
    """An A/B test of a template, as stored: its arms (A plus the variants), the sample
    size fixed when it started, and the variant chosen at its end (None while it runs)."""

    id: int
    template: str
    variants: int
    baseline: float
    smallest_effect: float
    needed: int
    started_on: date
    started_by: str
    chosen: str | None = None
    chosen_by: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(variant_name(i) for i in range(self.variants))

    @property
    def running(self) -> bool:
        return self.chosen is None
