"""Every change to the records writes its audit entries itself, in its own transaction:
one per customer touched, naming the actor and the real moment; none when it fails, and
no change when its entry cannot be written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

import pytest

from tests.fakes import FakeAudit, FakeDatabase, FakeUnitOfWork
from tests.services.records.data import ACTOR, BY, NOW, at
from tijdig.domain.collection.records import ContactEvent, ContactKind, ReasonCode, Task, TaskKind
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.users import AuditEntry
from tijdig.services.records import agenda, contacts, disputes, promises, tasks
from tijdig.services.records.outcomes import Agreement
from tijdig.services.records.tasks import CallOutcome

Entry = tuple[str, str, str | None, str]  # action, actor, customer number, subject


def entries(db: FakeDatabase, company: Company) -> list[Entry]:
    """The company's audit entries, oldest first; each checked to be dated NOW."""
    assert company.id is not None
    with db.uow() as uow:
        numbers = {i: n for n, i in uow.customers.ids_by_number(company.id).items()}
        everything = reversed(uow.audit.for_company(company.id))
        found = [e for e in everything if e.action != "company.add"]  # not the set-up's
    assert all(e.at == NOW for e in found)
    return [(e.action, e.actor, numbers.get(e.customer_id or 0), e.subject) for e in found]


def _task(db: FakeDatabase, company: Company, number: str) -> int:
    assert company.id is not None
    with db.uow() as uow:
        customer_id = uow.customers.ids_by_number(company.id)[number]
        task = Task(number, TaskKind.CALL, date(2026, 11, 30), "Call about F1")
        task_id = uow.tasks.add(company.id, customer_id, task)
        uow.commit()
    return task_id


def test_opening_and_resolving_a_dispute_are_audited_for_the_invoices_customer(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    disputes.open_dispute(
        uow, company, "F3", ReasonCode.DISSATISFIED, note="late", as_of=date(2026, 11, 2), **BY
    )
    with pytest.raises(Conflict):
        disputes.open_dispute(uow, company, "F3", ReasonCode.OTHER, as_of=date(2026, 11, 3), **BY)
    disputes.resolve_dispute(uow, company, "F3", as_of=date(2026, 11, 9), **BY)
    with pytest.raises(NotFound):
        disputes.resolve_dispute(uow, company, "F3", as_of=date(2026, 11, 10), **BY)
    assert entries(db, company) == [
        ("dispute.open", ACTOR, "2001", "invoice F3"),
        ("dispute.resolve", ACTOR, "2001", "invoice F3"),
    ]


def test_a_dispute_resolved_by_its_id_is_audited_once_and_not_again(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    disputes.open_dispute(uow, company, "F1", ReasonCode.OTHER, as_of=date(2026, 11, 2), **BY)
    [shown] = disputes.open_disputes(uow, company, offset=0, limit=10).disputes
    done = disputes.resolve_dispute(
        uow, company, dispute_id=shown.id, as_of=date(2026, 11, 5), **BY
    )
    assert done.invoice_number == "F1" and done.resolved_on == date(2026, 11, 5)
    with pytest.raises(RuleViolation, match="was resolved on 2026-11-05"):
        disputes.resolve_dispute(uow, company, dispute_id=shown.id, as_of=date(2026, 11, 6), **BY)
    with pytest.raises(NotFound):
        disputes.resolve_dispute(uow, company, dispute_id=9999, as_of=date(2026, 11, 6), **BY)
    assert [e[:3] for e in entries(db, company)] == [
        ("dispute.open", ACTOR, "1001"),
        ("dispute.resolve", ACTOR, "1001"),
    ]


def test_a_promise_is_audited_and_a_refused_one_is_not(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    made = at(date(2026, 11, 23))
    promises.add_promise(
        uow, company, "1001", date(2026, 11, 27), amount=Decimal(500), made_at=made, **BY
    )
    with pytest.raises(RuleViolation):
        promises.add_promise(uow, company, "3001", date(2026, 11, 20), made_at=made, **BY)
    assert entries(db, company) == [
        ("promise.add", ACTOR, "1001", "pay 500.00 by 2026-11-27"),
    ]


def test_a_contact_is_audited_with_the_promise_and_dispute_it_brought(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    event = ContactEvent("1001", ContactKind.CALL, at(date(2026, 11, 23)), "Called about F2",
                         reason=ReasonCode.INVOICE_INCORRECT)  # fmt: skip
    agreed = Agreement(date(2026, 11, 27), dispute_invoice="F2")
    contacts.log_contact(uow, company, event, agreed=agreed, **BY)
    refused = Agreement(date(2026, 11, 27), dispute_invoice="F3")  # customer 2001's invoice
    with pytest.raises(RuleViolation):
        contacts.log_contact(uow, company, event, agreed=refused, **BY)
    assert entries(db, company) == [
        ("contact.call", ACTOR, "1001", "Called about F2"),
        ("promise.add", ACTOR, "1001", "pay everything overdue by 2026-11-27"),
        ("dispute.open", ACTOR, "1001", "invoice F2"),
    ]
    activity = agenda.customer_activity(uow, company, "1001", as_of=date(2026, 11, 23))
    assert len(activity.events) == len(activity.promises) == 1  # nothing of the refused one


def test_completing_a_task_is_audited_and_a_refused_completion_is_not(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    task_id = _task(db, company, "1001")
    done_at = at(date(2026, 11, 30))
    with pytest.raises(InvalidValue, match="no invoice NOPE"):
        bad = CallOutcome("wrong", ReasonCode.OTHER, Agreement(dispute_invoice="NOPE"))
        tasks.complete_task(uow, company, task_id, bad, done_at=done_at, **BY)
    with pytest.raises(NotFound, match="no task 999 at ACME"):
        tasks.complete_task(uow, company, 999, CallOutcome("x"), done_at=done_at, **BY)
    done = CallOutcome("pays Friday", agreed=Agreement(date(2026, 12, 4)))
    tasks.complete_task(uow, company, task_id, done, done_at=done_at, **BY)
    with pytest.raises(RuleViolation, match="was done on"):
        tasks.complete_task(uow, company, task_id, done, done_at=done_at, **BY)
    assert entries(db, company) == [
        ("task.done", ACTOR, "1001", f"task {task_id}"),
        ("promise.add", ACTOR, "1001", "pay everything overdue by 2026-12-04"),
    ]


Change = Callable[[FakeUnitOfWork, Company], object]
CHANGES: dict[str, Change] = {
    "open_dispute": lambda uow, company: disputes.open_dispute(
        uow, company, "F1", ReasonCode.OTHER, as_of=date(2026, 11, 2), **BY
    ),
    "add_promise": lambda uow, company: promises.add_promise(
        uow, company, "1001", date(2026, 11, 27), made_at=at(date(2026, 11, 23)), **BY
    ),
    "log_contact": lambda uow, company: contacts.log_contact(
        uow, company, ContactEvent("1001", ContactKind.NOTE, at(date(2026, 11, 23)), "note"), **BY
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_no_change_is_stored_when_its_audit_entry_cannot_be(
    db: FakeDatabase,
    uow: FakeUnitOfWork,
    company: Company,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    def refuse(_self: FakeAudit, _entries: Sequence[AuditEntry]) -> None:
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(FakeAudit, "add_many", refuse)
    with pytest.raises(RuntimeError):
        CHANGES[change](uow, company)
    monkeypatch.undo()
    activity = agenda.customer_activity(uow, company, "1001", as_of=date(2026, 11, 23))
    assert (activity.events, activity.promises, activity.disputes) == ((), (), ())
    assert entries(db, company) == []
