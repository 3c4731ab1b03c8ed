"""The risk use cases on a real database with the demo's ledger (SQLite, and PostgreSQL
when set): train and store, refuse a model of another scikit-learn version, score with
the model or by the rules (saying so), write the classes the policy segments read, and
the suggestions, each accepted or dismissed, audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import sklearn
from sqlalchemy import text

from tijdig.adapters.demo.loader import load_demo
from tijdig.adapters.demo.spec import DemoSpec
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.policy import PolicySet, SegmentRule
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.errors import RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.domain.risk import RiskClass, Source, SuggestionStatus
from tijdig.engine.segments import choose_policy
from tijdig.services.companies.companies import resolve_company
from tijdig.services.risk import model, scoring, suggestions

AT = datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
BY = {"actor": "anne", "at": AT}


@pytest.fixture(params=[date(2026, 11, 24), date(2027, 3, 1)], ids=str)
def demo(app: Tijdig, request: pytest.FixtureRequest) -> tuple[Tijdig, Company, date]:
    as_of: date = request.param
    load_demo(app.engine, DemoSpec(as_of=as_of, customers=120, invoices=4000, seed=17))
    return app, resolve_company(app.uow(), None), as_of


def _audit(app: Tijdig, action: str) -> list[tuple[str, str]]:
    with app.engine.connect() as conn:
        rows = conn.execute(text("SELECT actor, subject FROM audit_log WHERE action = :a "
                                 "ORDER BY id"), {"a": action})  # fmt: skip
        return [(a, s) for a, s in rows]


def test_without_a_model_scores_come_from_the_rules_and_say_so(
    demo: tuple[Tijdig, Company, date],
) -> None:
    app, company, as_of = demo
    scores = scoring.score(app.risk_uow(), app.risk_reads, company, as_of=as_of, reasons_for=5)
    assert scores.source is Source.RULES and scores.why_rules is None
    assert len(scores.invoices) > 50
    assert all(i.probability is None and i.expected is None for i in scores.invoices)
    assert scores.invoices[0].risk_class is RiskClass.HIGH
    assert all(0 < len(i.reasons) <= 3 and all(r.raises for r in i.reasons)
               for i in scores.invoices[:5])  # fmt: skip
    assert all(not i.reasons for i in scores.invoices[5:])


def test_a_trained_model_is_stored_audited_and_used(demo: tuple[Tijdig, Company, date]) -> None:
    app, company, as_of = demo
    stored = model.train_model(app.risk_uow(), app.risk_reads, company, as_of=as_of, **BY)
    assert stored.info.sklearn_version == sklearn.__version__
    assert stored.info.as_of == as_of and stored.info.late_days == 30
    counts = stored.figures["counts"]
    assert counts["train"] > 1000 and counts["test"] > 100
    assert {"boosted", "logistic", "late_last_time"} <= set(stored.figures["at_issue"])
    assert _audit(app, "risk.model_train") == [("anne", f"risk model {stored.info.id}")]
    again = model.latest_model(app.risk_uow(), company)
    assert again is not None and again.figures == stored.figures

    scores = scoring.score(app.risk_uow(), app.risk_reads, company, as_of=as_of, reasons_for=3)
    assert scores.source is Source.MODEL and scores.model_id == stored.info.id
    probabilities = [i.probability for i in scores.invoices]
    assert all(p is not None and 0 <= p <= 1 for p in probabilities)
    assert probabilities == sorted(probabilities, reverse=True)  # type: ignore[type-var]
    for item in scores.invoices:
        assert item.earliest is not None and item.expected is not None
        assert item.latest is not None and item.earliest <= item.expected <= item.latest
        assert item.earliest >= as_of
    assert all(0 < len(i.reasons) <= 3 for i in scores.invoices[:3])
    assert all(not i.reasons for i in scores.invoices[3:])

    # One customer's scores are the company's scores of that customer's invoices.
    first = scores.invoices[0]
    theirs = scoring.score(app.risk_uow(), app.risk_reads, company, as_of=as_of,
                           customer=first.customer)  # fmt: skip
    assert {i.invoice for i in theirs.invoices} == {
        i.invoice for i in scores.invoices if i.customer == first.customer
    }
    assert theirs.invoices[0].probability == first.probability
    assert theirs.invoices[0].reasons == first.reasons


def test_a_model_of_another_scikit_learn_version_is_refused(
    demo: tuple[Tijdig, Company, date],
) -> None:
    app, company, as_of = demo
    stored = model.train_model(app.risk_uow(), app.risk_reads, company, as_of=as_of, **BY)
    with app.engine.begin() as conn:
        conn.execute(text("UPDATE risk_models SET sklearn_version = '1.0.2' WHERE id = :i"),
                     {"i": stored.info.id})  # fmt: skip
    with pytest.raises(RuleViolation) as refused:
        model.stored_model(app.risk_uow(), company)
    assert refused.value.code is Refusal.RISK_MODEL_OTHER_VERSION
    assert refused.value.params == {"stored": "1.0.2", "installed": sklearn.__version__}
    scores = scoring.score(app.risk_uow(), app.risk_reads, company, as_of=as_of)
    assert scores.source is Source.RULES
    assert scores.why_rules is not None
    assert scores.why_rules.code is Refusal.RISK_MODEL_OTHER_VERSION


def test_the_risk_classes_feed_the_policy_segments(demo: tuple[Tijdig, Company, date]) -> None:
    """A policy for `risk_class = high` reminds earlier; the classes written by the risk
    choose it for the customers at high risk, the others keep the default rules."""
    app, company, as_of = demo
    classes = scoring.set_risk_classes(app.risk_uow(), app.risk_reads, company, as_of=as_of,
                                       **BY)  # fmt: skip
    high = [n for n, k in classes.items() if k is RiskClass.HIGH]
    low = [n for n, k in classes.items() if k is RiskClass.LOW]
    assert high and low
    defaults = default_policy_set()
    business = defaults.policy("nl_business")
    earlier = replace(business.steps[1], days=business.steps[1].days - 4)
    early = replace(business, code="nl_high_risk", steps=(business.steps[0], earlier,
                                                           *business.steps[2:]))  # fmt: skip
    policies = PolicySet(
        (early, *defaults.policies),
        (SegmentRule("nl_high_risk", risk_class="high"), *defaults.rules),
    )
    with app.uow() as uow:
        chosen = {n: choose_policy(c, policies).code
                  for n in high + low if (c := uow.customers.get(company.id or 0, n))}  # fmt: skip
    assert {chosen[n] for n in high} == {"nl_high_risk"}
    assert "nl_high_risk" not in {chosen[n] for n in low}
    assert len(_audit(app, "risk.classes")) >= len(high)


def test_suggestions_are_accepted_or_dismissed_each_audited(
    demo: tuple[Tijdig, Company, date],
) -> None:
    app, company, as_of = demo
    made = suggestions.propose(app.risk_uow(), app.risk_reads, company, as_of=as_of, **BY)
    assert len(made) >= 2 and all(s.risk_class is RiskClass.HIGH for s in made)
    assert (
        suggestions.propose(app.risk_uow(), app.risk_reads, company, as_of=as_of, **BY) == []
    )  # fmt: skip  (open ones are not made twice)
    first, second = made[0], made[1]
    assert first.id is not None and second.id is not None
    accepted = suggestions.accept(app.risk_uow(), company, first.id, actor="bram", at=AT)
    assert accepted.status is SuggestionStatus.ACCEPTED
    assert (accepted.decided_by, accepted.decided_at) == ("bram", AT)
    dismissed = suggestions.dismiss(app.risk_uow(), company, second.id, actor="carla", at=AT)
    assert dismissed.status is SuggestionStatus.DISMISSED and dismissed.decided_by == "carla"
    assert _audit(app, "risk.suggestion_accept") == [("bram", f"suggestion {first.id}")]
    assert _audit(app, "risk.suggestion_dismiss") == [("carla", f"suggestion {second.id}")]
    for decide in (suggestions.accept, suggestions.dismiss):
        with pytest.raises(RuleViolation) as refused:
            decide(app.risk_uow(), company, first.id, actor="dirk", at=AT)
        assert refused.value.code is Refusal.SUGGESTION_DECIDED
    still_open = suggestions.listed(app.risk_uow(), company, status=SuggestionStatus.OPEN)
    assert {s.id for s in still_open} == {s.id for s in made[2:]}
