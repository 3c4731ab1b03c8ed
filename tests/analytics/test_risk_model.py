"""The risk model (analytics/risk_model.py) on the second generator (rules the demo lacks)
and on one where lateness is random: it beats "late last time" on the hold-out months
where there is something to learn, and learns nothing where there is not."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from tests.analytics.second_generator import Generated, generate
from tijdig.analytics import risk_model
from tijdig.analytics.risk_features import FEATURES
from tijdig.analytics.risk_model import Trained
from tijdig.domain.errors import RuleViolation
from tijdig.domain.refusals import Refusal


@pytest.fixture(scope="module")
def second() -> tuple[Generated, Trained]:
    made = generate(customers=500, seed=3)
    return made, risk_model.train(made.history, as_of=made.as_of, late_days=made.late_days)


@pytest.fixture(scope="module")
def random_lateness() -> Trained:
    made = generate(customers=900, seed=5, random_lateness=True)
    return risk_model.train(made.history, as_of=made.as_of, late_days=made.late_days)


@pytest.mark.parametrize("part", ["at_issue", "all_stages"])
def test_on_the_second_generator_the_model_beats_late_last_time(
    second: tuple[Generated, Trained], part: str
) -> None:
    figures = second[1].figures[part]
    model, naive = figures["boosted"], figures["late_last_time"]
    assert figures["rows"] > 500 and figures["late"] > 100
    assert model["auc"] > naive["auc"]
    assert model["brier"] < naive["brier"]


def test_the_split_is_by_time_and_counts_what_it_leaves_out(
    second: tuple[Generated, Trained],
) -> None:
    made, trained = second
    figures = trained.figures
    cutoff = date.fromisoformat(figures["cutoff"])
    assert cutoff == risk_model.default_cutoff(made.as_of, late_days=30)
    assert date.fromisoformat(figures["test_until"]) <= made.as_of
    counts = figures["counts"]
    assert counts["train"] > 5 * counts["test"] > 0
    assert counts["left_out_unknown"] >= 0
    assert trained.model.trained_through == cutoff
    calibration = figures["all_stages"]["boosted"]["calibration"]
    assert sum(b["count"] for b in calibration) == figures["all_stages"]["rows"]
    assert 0.6 <= figures["payment_interval_coverage"] <= 0.95


def test_where_lateness_is_random_the_hold_out_auc_stays_near_a_half(
    random_lateness: Trained,
) -> None:
    """Scored on the issue day; later in an invoice's life that it is still open is real
    news (the early payers are gone), so the all-stages figures may rise above 0.55."""
    figures = random_lateness.figures["at_issue"]
    assert figures["rows"] > 1000
    for name in ("boosted", "logistic", "late_last_time"):
        assert 0.45 <= figures[name]["auc"] <= 0.55, (name, figures[name]["auc"])


def test_reasons_are_three_at_most_with_their_direction(
    second: tuple[Generated, Trained],
) -> None:
    made, trained = second
    model = trained.model
    rows = risk_model.snapshots(made.history, late_days=30)
    x = rows.x[:40]
    probability = model.probability(x)
    for row, found in enumerate(risk_model.boosted_reasons(model, x)):
        assert 0 < len(found) <= 3
        assert all(r.feature in FEATURES for r in found)
        top = found[0]
        replaced = x[row : row + 1].copy()
        replaced[0, FEATURES.index(top.feature)] = model.medians[FEATURES.index(top.feature)]
        change = probability[row] - model.probability(replaced)[0]
        assert top.raises == (change > 0) and top.weight == pytest.approx(change)
    for found in risk_model.logistic_reasons(model, x):
        assert 0 < len(found) <= 3
        assert abs(found[0].weight) >= abs(found[-1].weight)


def test_the_model_survives_its_bytes(second: tuple[Generated, Trained]) -> None:
    made, trained = second
    x = risk_model.snapshots(made.history, late_days=30).x[:100]
    back = risk_model.load(risk_model.dump(trained.model))
    assert np.array_equal(back.probability(x), trained.model.probability(x))
    with pytest.raises(TypeError):
        risk_model.load(risk_model.dump({"not": "a model"}))  # type: ignore[arg-type]


def test_too_little_history_is_refused() -> None:
    made = generate(customers=2, months=6, seed=1)
    with pytest.raises(RuleViolation) as refused:
        risk_model.train(made.history, as_of=made.as_of)
    assert refused.value.code is Refusal.RISK_TOO_LITTLE_HISTORY
