"""Use cases for what was said and agreed: disputes, promises to pay, the contact log and
the agenda (S0-2, S0-3, S0-5, S3-2, S4-3..S4-6).

When a promise counts as kept (judged once, on the first agenda after its date, unless a
person marked it before): every invoice that was overdue when it was made is settled,
or, for a promise with an amount, payments dated from the day it was made up to and
including the promised date add up to that amount. Otherwise it is broken, and a
FOLLOW_UP task is raised for the next working day after the promised date (S3-10).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from tijdig.domain.calendar import SUPPORTED_COUNTRIES, next_business_day
from tijdig.domain.collection.records import (
    ContactEvent,
    ContactKind,
    Dispute,
    Promise,
    ReasonCode,
    Task,
    TaskKind,
)
from tijdig.domain.collection.scripts import CallContact, call_script, contact_for
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company, Customer
from tijdig.services.ports import UnitOfWork

# What a person logs by hand; messages sent are logged by the dunning service.
LOGGABLE = (ContactKind.CALL, ContactKind.PERSONAL_EMAIL, ContactKind.VISIT, ContactKind.NOTE)


@dataclass(frozen=True, slots=True)
class InvoiceRef:
    invoice_id: int
    customer_id: int
    customer_number: str
    kind: str  # invoice | credit_note


@dataclass(frozen=True, slots=True)
class DuePromise:
    """A promise whose date has passed, unjudged, with the facts that judge it."""

    promise_id: int
    customer_id: int
    country: str
    language: str
    promise: Promise
    paid: Decimal  # payments dated made_on..promised_date, in the promise's currency
    still_open: Decimal  # open on the invoices overdue when the promise was made


class Disputes(Protocol):
    def invoices_numbered(self, company_id: int, number: str) -> list[InvoiceRef]: ...
    def open(self, company_id: int, invoice_id: int, dispute: Dispute) -> int: ...
    def resolve(self, company_id: int, invoice_id: int, resolved_on: date) -> int: ...
    def open_for(self, company_id: int, invoice_ids: Sequence[int]) -> dict[int, Dispute]: ...
    def open_by_customer(self, company_id: int, as_of: date) -> dict[int, list[Dispute]]: ...
    def for_customer(self, company_id: int, customer_id: int) -> list[Dispute]: ...


class Promises(Protocol):
    def add(self, company_id: int, customer_id: int, promise: Promise) -> int: ...
    def in_force_by_customer(self, company_id: int, as_of: date) -> dict[int, list[Promise]]: ...
    def due_unkept(self, company_id: int, as_of: date) -> list[DuePromise]: ...
    def mark_kept(self, company_id: int, promise_id: int) -> None: ...
    def mark_broken(self, company_id: int, promise_id: int) -> None: ...
    def for_customer(self, company_id: int, customer_id: int) -> list[Promise]: ...


class ContactLog(Protocol):
    def add(self, company_id: int, customer_id: int, event: ContactEvent) -> int: ...
    def timeline(
        self, company_id: int, customer_id: int, limit: int = 50
    ) -> list[ContactEvent]: ...


class Tasks(Protocol):
    def add(
        self, company_id: int, customer_id: int, task: Task, *, promise_id: int | None = None
    ) -> int: ...
    def get(self, company_id: int, task_id: int) -> Task | None: ...
    def agenda(self, company_id: int, as_of: date) -> list[tuple[int, Task]]: ...
    def complete(self, company_id: int, task_id: int, outcome: str, done_on: date) -> None: ...
    def open_calls_by_customer(self, company_id: int) -> dict[int, int]: ...
    def open_for_customer(self, company_id: int, customer_id: int) -> list[tuple[int, Task]]: ...


class RecordsUnitOfWork(UnitOfWork, Protocol):
    @property
    def disputes(self) -> Disputes: ...
    @property
    def promises(self) -> Promises: ...
    @property
    def contact_log(self) -> ContactLog: ...
    @property
    def tasks(self) -> Tasks: ...


@dataclass(frozen=True, slots=True)
class Agreement:
    """What a contact's outcome creates: a promise to pay, a dispute (with the contact's
    reason code), or both."""

    promise_date: date | None = None
    amount: Decimal | None = None
    dispute_invoice: str | None = None

    def __post_init__(self) -> None:
        if self.amount is not None and self.promise_date is None:
            raise InvalidValue("amount", "goes with a promised date (--promise)")


@dataclass(frozen=True, slots=True)
class Recorded:
    event: ContactEvent
    promise: Promise | None = None
    dispute: Dispute | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    task_id: int
    task: Task
    customer_name: str
    contact: CallContact | None
    days_overdue: int
    script: str  # the task's own, or the standard call script in the customer's language


@dataclass(frozen=True, slots=True)
class Agenda:
    as_of: date
    raised: int  # follow-ups raised now for promises not kept
    items: tuple[AgendaItem, ...]


@dataclass(frozen=True, slots=True)
class Activity:
    """All collection activity so far for one customer (S0-2)."""

    events: tuple[ContactEvent, ...]
    tasks: tuple[tuple[int, Task], ...]  # open tasks with their ids
    promises: tuple[Promise, ...]
    disputes: tuple[Dispute, ...]
    as_of: date


def parse_reason(text: str) -> ReasonCode:
    try:
        return ReasonCode(text.strip().lower())
    except ValueError:
        codes = ", ".join(r.value for r in ReasonCode)
        raise InvalidValue("reason", f"{text!r} is not a reason code; use one of {codes}") from None


def _id(company: Company) -> int:
    if company.id is None:
        raise NotFound(f"company {company.code} is not stored")
    return company.id


def _customer(uow: RecordsUnitOfWork, company_id: int, number: str) -> Customer:
    customer = uow.customers.get(company_id, number)
    if customer is None or customer.id is None:
        raise NotFound(f"no customer {number!r}")
    return customer


def _open_dispute(
    uow: RecordsUnitOfWork, company_id: int, number: str, dispute: Dispute, owner: int | None
) -> None:
    refs = uow.disputes.invoices_numbered(company_id, number)
    invoices = [r for r in refs if r.kind == "invoice"]
    if not refs:
        raise NotFound(f"no invoice {number!r}")
    if not invoices:
        raise RuleViolation(f"{number} is a credit note: only an invoice can be disputed")
    ref = invoices[0]
    if owner is not None and ref.customer_id != owner:
        raise RuleViolation(f"invoice {number} belongs to customer {ref.customer_number}")
    existing = uow.disputes.open_for(company_id, [ref.invoice_id]).get(ref.invoice_id)
    if existing is not None:
        raise Conflict(f"invoice {number} is disputed already (since {existing.opened_on})")
    uow.disputes.open(company_id, ref.invoice_id, dispute)


def add_dispute(
    uow: RecordsUnitOfWork,
    company: Company,
    invoice_number: str,
    reason: ReasonCode,
    *,
    note: str = "",
    as_of: date,
) -> Dispute:
    """Hold this invoice, and only this one (S3-2), until the dispute is resolved."""
    dispute = Dispute(invoice_number, reason, as_of, note)
    with uow:
        _open_dispute(uow, _id(company), invoice_number, dispute, None)
        uow.commit()
    return dispute


def resolve_dispute(
    uow: RecordsUnitOfWork, company: Company, invoice_number: str, *, as_of: date
) -> Dispute:
    company_id = _id(company)
    with uow:
        refs = uow.disputes.invoices_numbered(company_id, invoice_number)
        found = uow.disputes.open_for(company_id, [r.invoice_id for r in refs])
        if not found:
            raise NotFound(f"invoice {invoice_number} has no open dispute")
        [(invoice_id, dispute)] = found.items()
        if as_of < dispute.opened_on:
            raise RuleViolation(f"the dispute was opened on {dispute.opened_on}, after {as_of}")
        uow.disputes.resolve(company_id, invoice_id, as_of)
        uow.commit()
    return Dispute(dispute.invoice_number, dispute.reason, dispute.opened_on, dispute.note, as_of)


def _promise(
    uow: RecordsUnitOfWork, company_id: int, customer: Customer, agreed: Agreement, on: date
) -> Promise | None:
    if agreed.promise_date is None:
        return None
    if agreed.promise_date < on:
        raise RuleViolation(f"the promised date {agreed.promise_date} lies before {on}")
    if agreed.amount is not None and agreed.amount <= 0:
        raise InvalidValue("amount", "must be more than zero")
    promise = Promise(customer.number, agreed.promise_date, on, agreed.amount)
    assert customer.id is not None
    uow.promises.add(company_id, customer.id, promise)
    return promise


def _record(
    uow: RecordsUnitOfWork, company_id: int, event: ContactEvent, agreed: Agreement
) -> Recorded:
    customer = _customer(uow, company_id, event.customer_number)
    assert customer.id is not None
    on = event.occurred_at.date()
    promise = _promise(uow, company_id, customer, agreed, on)
    dispute = None
    if agreed.dispute_invoice is not None:
        if event.reason is None:
            raise InvalidValue("reason", "a dispute needs a reason code (--reason)")
        dispute = Dispute(agreed.dispute_invoice, event.reason, on, event.outcome)
        _open_dispute(uow, company_id, agreed.dispute_invoice, dispute, customer.id)
    uow.contact_log.add(company_id, customer.id, event)
    return Recorded(event, promise, dispute)


def add_promise(
    uow: RecordsUnitOfWork,
    company: Company,
    customer_number: str,
    promised_date: date,
    *,
    amount: Decimal | None = None,
    at: datetime,
    by: str = "",
) -> Promise:
    """A promise to pay (S0-5), written in the contact log as a note."""
    what = "everything overdue" if amount is None else f"{amount:.2f}"
    event = ContactEvent(
        customer_number, ContactKind.NOTE, at, f"Promise to pay {what} by {promised_date}", by=by
    )
    with uow:
        recorded = _record(uow, _id(company), event, Agreement(promised_date, amount))
        uow.commit()
    assert recorded.promise is not None
    return recorded.promise


def log_contact(
    uow: RecordsUnitOfWork,
    company: Company,
    event: ContactEvent,
    *,
    agreed: Agreement = Agreement(),
) -> Recorded:
    """Log a call, personal e-mail, visit or note (S4-3..S4-5); its outcome may be a
    promise to pay or a dispute."""
    if event.kind not in LOGGABLE:
        kinds = ", ".join(k.value for k in LOGGABLE)
        raise InvalidValue("kind", f"{event.kind.value!r} is logged by Tijdig; log {kinds}")
    with uow:
        recorded = _record(uow, _id(company), event, agreed)
        uow.commit()
    return recorded


def complete_task(
    uow: RecordsUnitOfWork,
    company: Company,
    task_id: int,
    outcome: str,
    *,
    at: datetime,
    reason: ReasonCode | None = None,
    by: str = "",
    agreed: Agreement = Agreement(),
) -> Recorded:
    """Close an agenda task with its outcome; the outcome is logged as a contact."""
    company_id = _id(company)
    with uow:
        task = uow.tasks.get(company_id, task_id)
        if task is None:
            raise NotFound(f"no task {task_id}")
        if task.done_on is not None:
            raise RuleViolation(f"task {task_id} was done on {task.done_on}")
        kind = ContactKind.CALL if task.kind is TaskKind.CALL else ContactKind.NOTE
        event = ContactEvent(
            task.customer_number, kind, at, task.title, by=by, outcome=outcome, reason=reason
        )
        recorded = _record(uow, company_id, event, agreed)
        uow.tasks.complete(company_id, task_id, outcome, at.date())
        uow.commit()
    return recorded


def is_kept(due: DuePromise) -> bool:
    """The rule in this module's docstring."""
    amount = due.promise.amount
    return due.still_open <= 0 or (amount is not None and due.paid >= amount)


def _calendar(*countries: str) -> str:
    return next((c for c in countries if c in SUPPORTED_COUNTRIES), "NL")


def _raise_follow_ups(uow: RecordsUnitOfWork, company: Company, as_of: date) -> int:
    company_id, raised = _id(company), 0
    for due in uow.promises.due_unkept(company_id, as_of):
        if is_kept(due):
            uow.promises.mark_kept(company_id, due.promise_id)
            continue
        uow.promises.mark_broken(company_id, due.promise_id)
        p = due.promise
        what = "everything overdue" if p.amount is None else f"{p.currency} {p.amount:.2f}"
        task = Task(
            p.customer_number,
            TaskKind.FOLLOW_UP,
            next_business_day(p.promised_date, _calendar(due.country, company.country)),
            f"Promise to pay {what} by {p.promised_date} not kept: call and agree what now",
            script=call_script("promise_broken", due.language),
            contact_role="accounts_payable",
        )
        uow.tasks.add(company_id, due.customer_id, task, promise_id=due.promise_id)
        raised += 1
    return raised


def _item(task_id: int, task: Task, customer: Customer | None, as_of: date) -> AgendaItem:
    script = task.script
    if not script and task.kind is TaskKind.CALL:
        script = call_script("standard", customer.language.value if customer else "nl")
    return AgendaItem(
        task_id,
        task,
        customer.name if customer else task.customer_number,
        contact_for(customer, task.contact_role) if customer else None,
        max(0, (as_of - task.due_on).days),
        script,
    )


def agenda(uow: RecordsUnitOfWork, company: Company, *, as_of: date) -> Agenda:
    """Raise the follow-ups of promises not kept, then list the open tasks due by `as_of`:
    the day's calls and the overdue follow-ups (S0-5)."""
    company_id = _id(company)
    customers: dict[str, Customer | None] = {}
    with uow:
        raised = _raise_follow_ups(uow, company, as_of)
        items = []
        for task_id, task in uow.tasks.agenda(company_id, as_of):
            number = task.customer_number
            if number not in customers:
                customers[number] = uow.customers.get(company_id, number)
            items.append(_item(task_id, task, customers[number], as_of))
        uow.commit()
    return Agenda(as_of, raised, tuple(items))


def customer_activity(
    uow: RecordsUnitOfWork, company: Company, customer_number: str, *, as_of: date
) -> Activity:
    """Contacts, agreements (kept or not), disputes and the planned next steps (S0-2)."""
    company_id = _id(company)
    with uow:
        customer = _customer(uow, company_id, customer_number)
        assert customer.id is not None
        return Activity(
            events=tuple(uow.contact_log.timeline(company_id, customer.id)),
            tasks=tuple(uow.tasks.open_for_customer(company_id, customer.id)),
            promises=tuple(uow.promises.for_customer(company_id, customer.id)),
            disputes=tuple(uow.disputes.for_customer(company_id, customer.id)),
            as_of=as_of,
        )
