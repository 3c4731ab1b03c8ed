"""Use cases for what was said and agreed: disputes, promises to pay and the contact log
(S0-3, S0-5, S3-2, S4-3..S4-6). The agenda and the follow-ups of promises not kept are in
agenda.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from tijdig.domain.collection.records import (
    ContactEvent,
    ContactKind,
    Dispute,
    Promise,
    ReasonCode,
    Task,
    TaskKind,
)
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


def parse_reason(text: str) -> ReasonCode:
    try:
        return ReasonCode(text.strip().lower())
    except ValueError:
        codes = ", ".join(r.value for r in ReasonCode)
        raise InvalidValue("reason", f"{text!r} is not a reason code; use one of {codes}") from None


def company_id_of(company: Company) -> int:
    if company.id is None:
        raise NotFound(f"company {company.code} is not stored")
    return company.id


def customer_of(uow: RecordsUnitOfWork, company_id: int, number: str) -> Customer:
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
        _open_dispute(uow, company_id_of(company), invoice_number, dispute, None)
        uow.commit()
    return dispute


def resolve_dispute(
    uow: RecordsUnitOfWork, company: Company, invoice_number: str, *, as_of: date
) -> Dispute:
    company_id = company_id_of(company)
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
    customer = customer_of(uow, company_id, event.customer_number)
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
        recorded = _record(uow, company_id_of(company), event, Agreement(promised_date, amount))
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
        recorded = _record(uow, company_id_of(company), event, agreed)
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
    company_id = company_id_of(company)
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
