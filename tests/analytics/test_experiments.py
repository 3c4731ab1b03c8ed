"""A/B tests of templates (analytics/experiments.py): the sample size against known
values, a stable random assignment, no verdict before both arms are full, and a built-in
effect found (none where none is built in), with fixed seeds."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from tests.analytics.effects_data import messages
from tijdig.analytics.effects import judged
from tijdig.analytics.experiments import (
    Arm,
    Outcome,
    assigned_variant,
    sample_size,
    two_proportion_z,
    verdict,
)


# p1 0.5, p2 0.6: p̄ 0.55, (1.959964·sqrt(0.495) + 0.841621·sqrt(0.49))² / 0.01
#   = (1.378958 + 0.589135)² / 0.01 = 387.34 -> 388 (statsmodels NormalIndPower with
#   Cohen's h agrees: 387.2 -> 388). p1 0.3, p2 0.4: (1.959964·sqrt(0.455) +
#   0.841621·sqrt(0.45))² / 0.01 = (1.322066 + 0.564577)² / 0.01 = 355.94 -> 356.
@pytest.mark.parametrize(("p1", "delta", "n"), [(0.5, 0.1, 388), (0.6, -0.1, 388), (0.3, 0.1, 356)])
def test_sample_size_matches_the_known_value(p1: float, delta: float, n: int) -> None:
    assert sample_size(p1, delta) == n


def test_a_smaller_effect_needs_more_messages() -> None:
    assert sample_size(0.5, 0.05) > 4 * sample_size(0.5, 0.1) * 0.95


def test_sample_size_refuses_shares_outside_zero_and_one() -> None:
    with pytest.raises(ValueError, match="delta"):
        sample_size(0.95, 0.1)


def test_a_customer_keeps_its_variant_and_customers_are_spread_evenly() -> None:
    first = [assigned_variant(3, c, "reminder-2026", 2) for c in range(2000)]
    assert first == [assigned_variant(3, c, "reminder-2026", 2) for c in range(2000)]
    counts = Counter(first)
    assert 900 < counts[0] < 1100
    other = [assigned_variant(3, c, "letter-2026", 2) for c in range(2000)]
    assert first != other


def test_the_z_test_matches_the_hand_computed_value() -> None:
    # 60/100 against 40/100: pooled 0.5, se = sqrt(0.25 · 0.02) = 0.070711, z = 2.828427,
    # p = 2(1 - Φ(2.828427)) = 0.004678
    test = two_proportion_z(Arm("B", 60, 100), Arm("A", 40, 100))
    assert test.z == pytest.approx(2.828427, abs=1e-5)
    assert test.p_value == pytest.approx(0.004678, abs=1e-5)


def test_no_verdict_before_both_arms_reach_the_sample_size() -> None:
    arms = (Arm("A", 10, 100), Arm("B", 90, 99))
    assert verdict(arms, needed=100).outcome is Outcome.WAITING


def _arms(chances: dict[str, float], seed: int) -> tuple[Arm, ...]:
    old, _ = judged(messages(chances, n=500, seed=seed, arm="variant", chance_14=0.0),
                    as_of=date(2026, 12, 1))  # fmt: skip
    return tuple(
        Arm(v, sum(m.paid_within(14) for m in old if m.variant == v),
            sum(1 for m in old if m.variant == v))
        for v in chances
    )  # fmt: skip


@pytest.mark.parametrize("seed", [5, 18])
def test_a_built_in_effect_gives_a_verdict_for_the_better_variant(seed: int) -> None:
    needed = sample_size(0.4, 0.2)
    found = verdict(_arms({"A": 0.4, "B": 0.6}, seed), needed=needed)
    assert needed <= 500
    assert (found.outcome, found.best) == (Outcome.BETTER, "B")


@pytest.mark.parametrize("seed", [5, 18])
def test_no_verdict_of_better_where_no_effect_is_built_in(seed: int) -> None:
    found = verdict(_arms({"A": 0.5, "B": 0.5}, seed), needed=sample_size(0.5, 0.1))
    assert found.outcome is Outcome.NO_DIFFERENCE
