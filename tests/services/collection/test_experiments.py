"""A/B tests of templates through the service (services/collection/experiments.py) on
the real database: a variant is held against the letter rules as an edit is; an
experiment fixes its sample size when it starts; a customer's variant is assigned once
and its text used; no verdict (and no choice) before both arms are full; with a built-in
effect the better variant is found and chosen, becoming the template's text; each
change audited."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.entrypoints.web.conftest import add_customers, seed_acme
from tests.services.collection.effects_db import add_sent
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.adapters.render.composer import RenderComposer
from tijdig.adapters.render.shipped import ShippedTemplateFiles
from tijdig.analytics.experiments import Outcome
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import RuleViolation
from tijdig.domain.parties import Company, Customer
from tijdig.domain.refusals import Refusal
from tijdig.services import privacy
from tijdig.services.collection import experiments, preview

AS_OF = date(2026, 3, 15)
AT = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)
SHIPPED = ShippedTemplateFiles()
COSTS_LINE = "- {{ law.costs_named }}: {{ announced.costs }}\n"
FIRM = "Wij verzoeken u dringend het openstaande bedrag te voldoen."


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return seed_acme(app)


def _save(app: Tijdig, company: Company, text: str, variant: str = "B") -> None:
    experiments.save_variant(app.uow, SHIPPED, company, app.composer(), "nl", "formal_demand",
                             variant, text, "C001", as_of=AS_OF, actor="anne", at=AT)  # fmt: skip


def _lawful() -> str:
    shipped = SHIPPED.text("nl", "formal_demand")
    intro = "{% block intro %}\n"
    return shipped.replace(intro, f"{intro}{FIRM}\n\n", 1)


def _audit(app: Tijdig) -> list[str]:
    with app.uow() as uow:
        return [r.action for r in uow.session.scalars(select(AuditRow).order_by(AuditRow.id))
                if r.action.startswith(("experiment", "template"))]  # fmt: skip


def _start(app: Tijdig, company: Company, baseline: float = 0.5, effect: float = 0.1,
           on: date = AS_OF) -> experiments.Experiment:  # fmt: skip
    return experiments.start_experiment(
        app.uow(), company, "formal_demand", baseline=baseline, smallest_effect=effect, on=on,
        actor="anne", at=AT,
    )  # fmt: skip


def test_a_variant_that_leaves_out_what_the_law_asks_is_refused(app: Tijdig, acme: Company) -> None:
    shipped = SHIPPED.text("nl", "formal_demand")
    assert COSTS_LINE in shipped
    with pytest.raises(RuleViolation) as refused:
        _save(app, acme, shipped.replace(COSTS_LINE, ""))
    assert refused.value.code is Refusal.TEMPLATE_LEAVES_OUT
    assert refused.value.params["element"] == "costs_announced"
    with pytest.raises(RuleViolation) as refused:
        _save(app, acme, _lawful(), variant="A")
    assert refused.value.code is Refusal.ONE_OF
    assert _audit(app) == []


def test_an_experiment_fixes_its_sample_size_and_runs_once(app: Tijdig, acme: Company) -> None:
    with pytest.raises(RuleViolation) as refused:
        _start(app, acme)
    assert refused.value.code is Refusal.EXPERIMENT_NO_VARIANT
    _save(app, acme, _lawful())
    started = _start(app, acme)
    assert (started.variants, started.needed, started.names) == (2, 388, ("A", "B"))
    with pytest.raises(RuleViolation) as refused:
        _start(app, acme)
    assert refused.value.code is Refusal.EXPERIMENT_RUNNING
    with pytest.raises(RuleViolation) as refused:
        experiments.start_experiment(app.uow(), acme, "reminder", baseline=0.95,
                                     smallest_effect=0.1, on=AS_OF, actor="anne",
                                     at=AT)  # fmt: skip
    assert refused.value.code is Refusal.EXPERIMENT_SHARES
    assert _audit(app) == ["template.variant", "experiment.start"]


def test_a_customer_gets_its_variant_once_and_its_text_is_used(app: Tijdig, acme: Company) -> None:
    _save(app, acme, _lawful())
    started = _start(app, acme)
    request, _ = preview.preview(app.uow, acme, app.composer(), "C001", "formal_demand",
                                 as_of=AS_OF)  # fmt: skip
    found = []
    for day in (AS_OF, AS_OF + timedelta(days=9)):
        with app.uow() as uow:
            found.append(experiments.variant_for(uow, acme.id or 0, request, on=day))
            uow.commit()
    with app.uow() as uow:
        variant = uow.experiments.assigned(acme.id or 0, started.id, request.customer.id or 0)
        assigned = uow.experiments.assignments(acme.id or 0)
    assert assigned[request.customer.id or 0, "formal_demand"] == [(AS_OF, variant)]
    texts = {r.template_text for r in found}
    assert texts == ({None} if variant == "A" else {_lawful()})
    if variant == "B":
        assert FIRM in RenderComposer().compose(found[0]).text
    exported = privacy.export_customer(app.uow(), acme, "C001", destination="test",
                                       actor="anne", at=AT)  # fmt: skip
    assert [a["variant"] for a in exported["experiment_assignments"]] == [variant]


def _customers(app: Tijdig, company: Company, n: int) -> list[str]:
    numbers = [f"K{k:03d}" for k in range(n)]
    add_customers(app, company, [Customer(x, f"Klant {x}") for x in numbers])
    return numbers


def _assign_and_send(app: Tijdig, company: Company, experiment_id: int, numbers: list[str],
                     chances: dict[str, float], *, seed: int, first: date) -> None:  # fmt: skip
    """Each customer its variant (as sending assigns it) and one formal demand, paid
    within 14 days with the variant's chance."""
    rng = random.Random(seed)
    with app.uow() as uow:
        ids = uow.customers.ids_by_number(company.id or 0)
        for k, number in enumerate(numbers):
            variant = "AB"[k % 2]
            uow.experiments.assign(company.id or 0, experiment_id, ids[number], variant, on=first)
        uow.commit()
    for k, number in enumerate(numbers):
        paid = rng.randint(0, 13) if rng.random() < chances["AB"[k % 2]] else None
        add_sent(app, company, number, f"X-{number}", sent_on=first + timedelta(days=k % 5),
                 step="formal_demand", paid_after=paid)  # fmt: skip


@pytest.mark.parametrize(
    ("chances", "outcome"),
    [({"A": 0.3, "B": 0.8}, Outcome.BETTER), ({"A": 0.5, "B": 0.5}, Outcome.NO_DIFFERENCE)],
)
def test_the_verdict_waits_for_both_arms_then_finds_the_built_in_effect(
    app: Tijdig, acme: Company, chances: dict[str, float], outcome: Outcome
) -> None:
    _save(app, acme, _lawful())
    first = date(2026, 1, 5)
    started = _start(app, acme, baseline=0.4, effect=0.3, on=first)
    assert started.needed == 42
    _assign_and_send(app, acme, started.id, _customers(app, acme, 100), chances, seed=18,
                     first=first)  # fmt: skip
    early = first + timedelta(days=15)  # only the first day's 20 messages are judged
    [status] = experiments.experiment_status(app.uow(), app.sent_messages, acme, as_of=early)
    assert status.verdict.outcome is Outcome.WAITING
    with pytest.raises(RuleViolation) as refused:
        experiments.choose_variant(app.uow, app.sent_messages, acme, started.id, "B",
                                   as_of=early, actor="anne", at=AT)  # fmt: skip
    assert refused.value.code is Refusal.EXPERIMENT_NO_VERDICT
    [status] = experiments.experiment_status(app.uow(), app.sent_messages, acme, as_of=AS_OF)
    assert [arm.n for arm in status.arms] == [50, 50]
    assert status.verdict.outcome is outcome
    if outcome is Outcome.BETTER:
        assert status.verdict.best == "B"
        with pytest.raises(RuleViolation) as refused:
            experiments.choose_variant(app.uow, app.sent_messages, acme, started.id, "A",
                                       as_of=AS_OF, actor="anne", at=AT)  # fmt: skip
        assert refused.value.code is Refusal.EXPERIMENT_NOT_BETTER
    experiments.choose_variant(app.uow, app.sent_messages, acme, started.id, "B", as_of=AS_OF,
                               actor="anne", at=AT)  # fmt: skip
    with app.uow() as uow:
        assert uow.template_texts.get(acme.id or 0, "nl", "formal_demand") == _lawful()
        assert uow.experiments.running(acme.id or 0, "formal_demand") is None
    assert _audit(app)[-1] == "experiment.choose"
