"""Agenda tasks: setting a customer's next action by hand (issue 15); completing one
with the call's outcome (S0-3: a note, a promise to pay, a dispute), or, when nobody
answered, logging the attempt and keeping it open for the day to call back. The agenda
that lists them is in agenda.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tijdig.domain.collection.records import (
    ContactEvent,
    ContactKind,
    ReasonCode,
    Task,
    TaskKind,
)
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.records.outcomes import Agreement, Recorded, audit_agreed, write_contact
from tijdig.services.records.ports import RecordsUnitOfWork, company_id_of, customer_of


def _open_task(uow: RecordsUnitOfWork, company: Company, task_id: int) -> Task:
    """The company's task `task_id`, still open; else NotFound or a RuleViolation."""
    assert company.id is not None
    task = uow.tasks.get(company.id, task_id)
    if task is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="task", key=task_id, company=company.code)
    if task.done_on is not None:
        raise RuleViolation(Refusal.TASK_DONE, task=task_id, on=task.done_on)
    return task


@dataclass(frozen=True, slots=True)
class CallOutcome:
    """What a person records when a task is done: what came out of it, always; a
    dispute agreed in it needs a reason code."""

    outcome: str
    reason: ReasonCode | None = None
    agreed: Agreement = field(default_factory=Agreement)

    def __post_init__(self) -> None:
        if not self.outcome.strip():
            raise InvalidValue("outcome", Refusal.SAY_THE_OUTCOME)
        if self.agreed.dispute_invoice is not None and self.reason is None:
            raise InvalidValue("reason", Refusal.DISPUTE_NEEDS_REASON)


def complete_task(
    uow: RecordsUnitOfWork,
    company: Company,
    task_id: int,
    done: CallOutcome,
    *,
    done_at: datetime,
    by: str = "",
    actor: str,
    at: datetime,
) -> Recorded:
    """Close a task of the company's with its outcome, done at `done_at` (back-dated or
    now): logged as a contact, with the promise or dispute it brought. A disputed invoice
    must be one of the company's: an unknown number is a mistyped field. Audited as
    `task.done`, with `promise.add` / `dispute.open` for what it brought."""
    company_id = company_id_of(company)
    invoice = done.agreed.dispute_invoice
    with uow:
        task = _open_task(uow, company, task_id)
        if invoice is not None and not uow.disputes.invoices_numbered(company_id, invoice):
            raise InvalidValue("dispute", Refusal.NOT_FOUND_AT, thing="invoice", key=invoice,
                               company=company.code)  # fmt: skip
        kind = ContactKind.CALL if task.kind is TaskKind.CALL else ContactKind.NOTE
        event = ContactEvent(task.customer_number, kind, done_at, task.title, by=by,
                             outcome=done.outcome, reason=done.reason)  # fmt: skip
        recorded = write_contact(uow, company_id, event, done.agreed)
        uow.tasks.complete(company_id, task_id, done.outcome, done_at.date())
        audit.record(uow, actor=actor, at=at, action="task.done", company_id=company_id,
                     customer_ids=[recorded.customer_id], subject=f"task {task_id}",
                     details=done.outcome)  # fmt: skip
        audit_agreed(uow, company_id, recorded, actor=actor, at=at)
        uow.commit()
    return recorded


MAX_TASK_TITLE = 300


def add_task(
    uow: RecordsUnitOfWork,
    company: Company,
    customer_number: str,
    *,
    title: str,
    due_on: date,
    kind: TaskKind = TaskKind.FOLLOW_UP,
    assignee: str | None = None,
    as_of: date,
    actor: str,
    at: datetime,
) -> tuple[int, Task]:
    """Set the customer's next action for a day (not before `as_of`): a task in the
    agenda, in the person's words. Audited as `task.add`."""
    cleaned = " ".join(title.split())
    if not cleaned:
        raise InvalidValue("title", Refusal.TASK_NEEDS_TITLE)
    if len(cleaned) > MAX_TASK_TITLE:
        raise InvalidValue("title", Refusal.AT_MOST_CHARACTERS, length=MAX_TASK_TITLE)
    if due_on < as_of:
        raise InvalidValue("due", Refusal.TASK_DUE_BEFORE, due=due_on, today=as_of)
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        task = Task(customer.number, kind, due_on, cleaned, assignee=assignee)
        task_id = uow.tasks.add(company_id, customer.id, task)
        audit.record(uow, actor=actor, at=at, action="task.add", company_id=company_id,
                     customer_ids=[customer.id], subject=f"task {task_id}",
                     details=f"{kind.value} on {due_on}: {cleaned}"[:500])  # fmt: skip
        uow.commit()
    return task_id, task


def call_back(
    uow: RecordsUnitOfWork,
    company: Company,
    task_id: int,
    on: date,
    *,
    note: str = "",
    done_at: datetime,
    by: str = "",
    actor: str,
    at: datetime,
) -> Recorded:
    """Not reached ("niet bereikt, terugbellen op ..."): the attempt at `done_at` is
    logged as a call with nobody reached (and the person's note, if any), and the task
    stays open, due again `on`, a day after the attempt. Audited as `task.call_back`."""
    company_id = company_id_of(company)
    tried_on = done_at.date()
    if on <= tried_on:
        raise InvalidValue("call_back", Refusal.BEFORE, day=on, first=tried_on + timedelta(days=1))
    with uow:
        task = _open_task(uow, company, task_id)
        event = ContactEvent(task.customer_number, ContactKind.CALL, done_at,
                             reason(Code.NOT_REACHED, day=on), by=by,
                             outcome=note.strip())  # fmt: skip
        recorded = write_contact(uow, company_id, event, Agreement())
        uow.tasks.reschedule(company_id, task_id, on)
        audit.record(uow, actor=actor, at=at, action="task.call_back", company_id=company_id,
                     customer_ids=[recorded.customer_id], subject=f"task {task_id}",
                     details=f"not reached on {tried_on}; call back on {on}")  # fmt: skip
        uow.commit()
    return recorded
