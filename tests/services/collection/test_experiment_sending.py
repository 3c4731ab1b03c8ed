"""An A/B test at sending, end to end on the real database: the daily run proposes a
message, a person approves it, queueing renders it; while an experiment runs on its
template the customer's variant is used, the message says the variant's text and the run
item's payload names the variant."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select

from tests.entrypoints.web.collection_data import AS_OF, items_of, seed_small, start_run
from tijdig.adapters.db.schema.collection import OutboxRow, RunItemRow
from tijdig.adapters.render.shipped import ShippedTemplateFiles
from tijdig.bootstrap import Tijdig
from tijdig.services.collection import experiments, queue, review
from tijdig.services.collection.run import policies_for

AT = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
MARK = "Dit is tekst B."


def test_a_message_sent_during_an_experiment_carries_its_variant(app: Tijdig) -> None:
    company = seed_small(app)
    run_id = start_run(app, company)
    [item_id] = items_of(app, run_id, "message")
    with app.uow() as uow:
        template = uow.session.get(RunItemRow, item_id)
        assert template is not None
        step_key = template.step_key
    with app.uow() as uow:
        policies = policies_for(uow, company)[1]
    used = next(s.template for p in policies.policies for s in p.steps if s.key == step_key)
    intro = "{% block intro %}\n"
    text = ShippedTemplateFiles().text("nl", used).replace(intro, f"{intro}{MARK}\n\n", 1)
    with app.uow() as uow:  # a variant as stored (its letter-rule check is tested apart)
        uow.experiments.save_variant(company.id or 0, "nl", used, "B", text, at=AT, by="anne")
        uow.commit()
    started = experiments.start_experiment(app.uow(), company, used, baseline=0.5,
                                           smallest_effect=0.1, on=AS_OF, actor="anne",
                                           at=AT)  # fmt: skip
    with app.uow() as uow:  # the customer got B before (a first assignment: test_experiments)
        customer_id = uow.customers.ids_by_number(company.id or 0)["C001"]
        uow.experiments.assign(company.id or 0, started.id, customer_id, "B", on=AS_OF)
        uow.commit()
    review.decide(app.uow(), company, run_id=run_id, decision="approve", item_ids=[item_id],
                  actor="anne", at=AT)  # fmt: skip
    queue.queue_approved(app.uow, company, app.composer(), now=AT, today=AS_OF)
    with app.uow() as uow:
        variant = uow.experiments.assigned(company.id or 0, started.id, customer_id)
        row = uow.session.get(RunItemRow, item_id)
        assert row is not None
        payload = json.loads(row.payload)
        body = uow.session.scalars(select(OutboxRow.body_text).where(
            OutboxRow.run_item_id == item_id)).one()  # fmt: skip
    assert variant == "B"
    assert payload["as_sent"]["variant"] == "B"
    assert MARK in body
