"""What the records' use cases read and write through: the stores of disputes, promises,
the contact log, tasks and the work lists, and the audit log; and the lookups they share."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from tijdig.domain.collection.records import (
    ContactEvent,
    Dispute,
    Promise,
    ReasonCode,
    Task,
)
from tijdig.domain.errors import InvalidValue, NotFound
from tijdig.domain.hardship import HardshipKind, HardshipStatus
from tijdig.domain.parties import Company, Customer
from tijdig.domain.refusals import Refusal
from tijdig.services.audit import AuditLog
from tijdig.services.ports import UnitOfWork
from tijdig.services.read_models.lists import Sort


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


@dataclass(frozen=True, slots=True)
class OpenDispute:
    """A dispute with its invoice's customer and open amount, as the work list shows it."""

    id: int
    invoice_number: str
    customer_id: int
    customer_number: str
    customer_name: str
    reason: ReasonCode
    note: str
    opened_on: date
    resolved_on: date | None
    open_amount: Decimal
    currency: str

    def age(self, as_of: date) -> int:
        """Days the dispute has been open on `as_of`."""
        return max(0, (as_of - self.opened_on).days)


@dataclass(frozen=True, slots=True)
class PromiseDue:
    """A promise to pay in force whose date is near: what to watch for in the bank."""

    customer_number: str
    customer_name: str
    promise: Promise


@dataclass(frozen=True, slots=True)
class OverdueInvoice:
    """An invoice overdue on the day looked from, as an agenda card lists it."""

    customer_number: str
    number: str
    due_date: date
    open_amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class ApprovedCall:
    """A call a person approved in a run that is not yet a task: sending what was
    approved makes it one, due `due_on`."""

    run_id: int
    item_id: int
    customer_number: str
    customer_name: str
    due_on: date


class Disputes(Protocol):
    def invoices_numbered(self, company_id: int, number: str) -> list[InvoiceRef]: ...
    def open(self, company_id: int, invoice_id: int, dispute: Dispute) -> int: ...
    def resolve(self, company_id: int, invoice_id: int, resolved_on: date) -> int: ...
    def open_for(self, company_id: int, invoice_ids: Sequence[int]) -> dict[int, Dispute]: ...
    def open_by_customer(self, company_id: int, as_of: date) -> dict[int, list[Dispute]]: ...
    def for_customer(self, company_id: int, customer_id: int) -> list[Dispute]: ...


class Promises(Protocol):
    def add(self, company_id: int, customer_id: int, promise: Promise) -> int: ...
    def in_force_by_customer(
        self, company_id: int, as_of: date, *, customers: Collection[str] | None = None
    ) -> dict[int, list[Promise]]: ...
    def due_unkept(self, company_id: int, as_of: date) -> list[DuePromise]: ...
    def due_not_kept(
        self, company_id: int, as_of: date, *, limit: int | None = None
    ) -> tuple[int, list[DuePromise]]: ...
    def mark_kept(self, company_id: int, promise_id: int) -> None: ...
    def mark_broken(self, company_id: int, promise_id: int) -> None: ...
    def for_customer(self, company_id: int, customer_id: int) -> list[Promise]: ...


class HardshipStore(Protocol):
    """Customers' hardship statuses (ended ones kept) and the company's task texts."""

    def add(self, company_id: int, customer_id: int, status: HardshipStatus) -> int: ...
    def end(self, company_id: int, status_id: int, ended_on: date) -> None: ...
    def for_customer(
        self, company_id: int, customer_id: int
    ) -> list[tuple[int, HardshipStatus]]: ...
    def active_by_customer(
        self, company_id: int, as_of: date, *, customer_id: int | None = None
    ) -> dict[int, HardshipStatus]: ...
    def task_texts(self, company_id: int) -> dict[HardshipKind, str]: ...
    def save_task_text(self, company_id: int, kind: HardshipKind, text: str | None) -> None: ...


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
    def complete(self, company_id: int, task_id: int, outcome: str, done_on: date) -> None: ...
    def reschedule(self, company_id: int, task_id: int, due_on: date) -> None: ...
    def open_calls_by_customer(self, company_id: int) -> dict[int, int]: ...
    def open_for_customer(self, company_id: int, customer_id: int) -> list[tuple[int, Task]]: ...


class WorklistStore(Protocol):
    """The work lists a page at a time, each page one query (plus one count)."""

    def agenda(
        self, company_id: int, as_of: date, *, offset: int, limit: int | None
    ) -> tuple[dict[str, int], list[tuple[int, Task]]]: ...
    def open_disputes(
        self,
        company_id: int,
        *,
        reason: ReasonCode | None,
        offset: int,
        limit: int | None,
        sort: Sort | None = None,
    ) -> tuple[int, list[OpenDispute]]: ...
    def dispute(self, company_id: int, dispute_id: int) -> OpenDispute | None: ...
    def task_customer(self, company_id: int, task_id: int) -> int | None: ...
    def promises_due(
        self, company_id: int, *, start: date, end: date, limit: int | None
    ) -> tuple[int, list[PromiseDue]]: ...
    def upcoming(
        self, company_id: int, *, after: date, until: date, limit: int | None
    ) -> tuple[int, list[tuple[int, Task, str]]]: ...
    def overdue_invoices(
        self, company_id: int, customer_numbers: Sequence[str], as_of: date
    ) -> list[OverdueInvoice]: ...
    def approved_calls(self, company_id: int) -> list[ApprovedCall]: ...


class RecordsUnitOfWork(UnitOfWork, Protocol):
    @property
    def disputes(self) -> Disputes: ...
    @property
    def promises(self) -> Promises: ...
    @property
    def hardship(self) -> HardshipStore: ...
    @property
    def contact_log(self) -> ContactLog: ...
    @property
    def tasks(self) -> Tasks: ...
    @property
    def worklists(self) -> WorklistStore: ...
    @property
    def audit(self) -> AuditLog: ...


def parse_reason(text: str) -> ReasonCode:
    try:
        return ReasonCode(text.strip().lower())
    except ValueError:
        codes = ", ".join(r.value for r in ReasonCode)
        raise InvalidValue("reason", Refusal.NOT_A_REASON_CODE, value=text, codes=codes) from None


def company_id_of(company: Company) -> int:
    if company.id is None:
        raise NotFound(Refusal.COMPANY_NOT_STORED, company=company.code)
    return company.id


def customer_of(uow: RecordsUnitOfWork, company_id: int, number: str) -> Customer:
    customer = uow.customers.get(company_id, number)
    if customer is None or customer.id is None:
        raise NotFound(Refusal.NOT_FOUND, thing="customer", key=number)
    return customer
