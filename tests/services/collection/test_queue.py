"""What queueing writes down for a person is codes with their values, never English: the
title of a task it puts in the agenda, and an item's notes on why it was not sent. On
the fakes (conftest.py), rendered by the real composer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tests.fakes_collection import FakeCollectionDatabase
from tests.services.collection.data import AS_OF
from tijdig.adapters.render.composer import RenderComposer
from tijdig.domain.collection.records import Dispute, ReasonCode, Task, TaskKind
from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus
from tijdig.domain.parties import Company
from tijdig.domain.reason_texts import say_all
from tijdig.domain.reasons import Code, reason
from tijdig.engine.model import Advice, CallTask
from tijdig.services.collection import review
from tijdig.services.collection.queue import QueueReport, queue_approved
from tijdig.services.collection.run import start_run
from tijdig.services.collection.views import RunItem

AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
WHY = (reason(Code.FIRST_TIME_LATE),)


def _queue(db: FakeCollectionDatabase, company: Company) -> QueueReport:
    return queue_approved(db.uow, company, RenderComposer(), now=AT, today=AS_OF)


def _item(db: FakeCollectionDatabase, item_id: int) -> RunItem:
    with db.uow() as uow:
        found = uow.runs.item(item_id)
    assert found is not None
    return found


def _approved_call(db: FakeCollectionDatabase, company: Company) -> int:
    """A run that plans a call to K1, approved; its item."""
    assert company.id is not None
    with db.uow() as uow:
        k1 = uow.customers.ids_by_number(company.id)["K1"]
        call = CallTask("K1", WHY, AS_OF + timedelta(days=1))
        run_id = uow.runs.create(company.id, as_of=AS_OF, created_at=AT,
                                 decisions=[(k1, Advice("K1", calls=(call,)))])  # fmt: skip
        [item] = uow.runs.view(run_id).items  # type: ignore[union-attr]
        uow.commit()
    review.decide(db.uow(), company, run_id=run_id, decision="approve", item_ids=[item.id],
                  actor="cli:anna", at=AT)  # fmt: skip
    return item.id


def _tasks(db: FakeCollectionDatabase, company: Company) -> list[Task]:
    assert company.id is not None
    with db.uow() as uow:
        k1 = uow.customers.ids_by_number(company.id)["K1"]
        return [task for _, task in uow.tasks.open_for_customer(company.id, k1)]


def test_an_approved_call_is_a_task_titled_by_a_code_and_its_reasons(
    db: FakeCollectionDatabase, company: Company
) -> None:
    item_id = _approved_call(db, company)
    assert _queue(db, company).tasks == 1
    [task] = _tasks(db, company)
    assert task.title == reason(Code.TASK_CALL, customer="Klant K1")
    assert (task.kind, task.reasons, task.due_on) == (TaskKind.CALL, WHY, AS_OF + timedelta(1))
    done = _item(db, item_id)
    assert (done.status, done.notes) == (RunItemStatus.DONE, ())


def test_a_call_whose_detail_was_erased_fails_with_a_code_and_plans_nothing(
    db: FakeCollectionDatabase, company: Company
) -> None:
    item_id = _approved_call(db, company)
    db.tables.run_items[item_id].payload = "{}"  # as erasing the customer's data leaves it
    _queue(db, company)
    failed = _item(db, item_id)
    assert (failed.status, failed.notes) == (RunItemStatus.FAILED, (reason(Code.DETAIL_ERASED),))
    assert _tasks(db, company) == []


def test_a_message_disputed_after_approval_is_dropped_with_its_reasons_as_codes(
    db: FakeCollectionDatabase, company: Company
) -> None:
    assert company.id is not None
    run_id = start_run(db.uow(), company, as_of=AS_OF, actor="cli:anna", at=AT,
                       today=AS_OF).run_id  # fmt: skip
    with db.uow() as uow:
        [k1] = [i for i in uow.runs.view(run_id).items  # type: ignore[union-attr]
                if i.kind is RunItemKind.MESSAGE and i.customer_number == "K1"]  # fmt: skip
    review.decide(db.uow(), company, run_id=run_id, decision="approve", item_ids=[k1.id],
                  actor="cli:anna", at=AT)  # fmt: skip
    states = db.tables.states[company.id]
    [(k1_id, state)] = [(i, s) for i, s in states.items() if s.customer.number == "K1"]
    disputed = Dispute("F1", ReasonCode.INVOICE_INCORRECT, AS_OF - timedelta(days=1))
    db.set_states(company.id, [*(s for i, s in states.items() if i != k1_id),
                               replace(state, disputes=(disputed,))])  # fmt: skip
    report = _queue(db, company)
    dropped = _item(db, k1.id)
    assert dropped.status is RunItemStatus.DROPPED and dropped.summary == k1.summary
    first, *why = dropped.notes
    assert first == reason(Code.NOT_SENT) and [r.code for r in why] == [Code.DISPUTED]
    # the CLI's report and the item's line say it in English, from the same codes
    assert report.dropped_why == [f"item {k1.id} (K1): not sent: {say_all(why)}"]
    assert dropped.line == f"{k1.summary} [Not sent: {say_all(why)}]"
