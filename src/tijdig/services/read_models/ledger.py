"""The ledger as records: invoices (`list_invoices`: `tijdig invoices`, the API's list),
an invoice with what settled it, payments with their allocations, disputes, promises,
runs and their items (the REST API's lists and details), the payment lines of the
customer file. Filters and pages are applied in SQL (the `ApiQueries` port,
adapters/db/views/api_lists.py); this module resolves customer numbers and companies, and
refuses what does not exist with `NotFound`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus
from tijdig.domain.errors import NotFound
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services.collection.views import RunItem
from tijdig.services.collection.views import RunRecord as RunRecord  # noqa: PLC0414
from tijdig.services.read_models.common import Page, Window

# Re-exported: the API routers look the company up as `ledger.company_id_of`.
from tijdig.services.read_models.common import company_id_of as company_id_of  # noqa: PLC0414

if TYPE_CHECKING:  # the ports name this module's payment lines
    from tijdig.services.ports import UnitOfWork


class DisputeState(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    ALL = "all"


class PromiseState(StrEnum):
    PENDING = "pending"  # not yet judged
    KEPT = "kept"
    BROKEN = "broken"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class PaymentPart:
    """The part of a payment that settled one invoice: claimed costs and interest first,
    then the principal (art. 6:44 BW)."""

    invoice_number: str
    allocated_on: date
    amount: Decimal
    to_costs: Decimal
    to_interest: Decimal

    @property
    def to_principal(self) -> Decimal:
        return self.amount - self.to_costs - self.to_interest


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    id: int
    customer_number: str
    paid_on: date
    amount: Decimal
    currency: str
    reference: str | None
    bank_transaction_id: int | None
    parts: tuple[PaymentPart, ...]

    @property
    def unallocated(self) -> Decimal:
        return self.amount - sum((p.amount for p in self.parts), Decimal(0))


@dataclass(frozen=True, slots=True)
class InvoiceSettlement:
    """What settled part of an invoice: a payment (by id) or a credit note (by number)."""

    allocated_on: date
    amount: Decimal
    to_costs: Decimal
    to_interest: Decimal
    payment_id: int | None
    credit_note_number: str | None


@dataclass(frozen=True, slots=True)
class DisputeRecord:
    id: int
    invoice_number: str
    customer_number: str
    reason: str
    note: str
    opened_on: date
    resolved_on: date | None


@dataclass(frozen=True, slots=True)
class InvoiceDetail:
    invoice: Invoice
    settlements: tuple[InvoiceSettlement, ...]
    disputes: tuple[DisputeRecord, ...]
    costs_claimed: Decimal  # claimed in a sent message and not yet paid
    interest_claimed: Decimal


@dataclass(frozen=True, slots=True)
class PromiseRecord:
    id: int
    customer_number: str
    promised_date: date
    made_on: date
    amount: Decimal | None
    currency: str
    kept: bool | None


class ApiQueries(Protocol):
    def customer_id(self, company_id: int, number: str) -> int | None: ...
    def count_invoices(
        self, company_id: int, *, customer_id: int | None, open_only: bool
    ) -> int: ...
    def invoice(self, company_id: int, number: str, kind: str | None) -> InvoiceDetail | None: ...
    def payments(
        self,
        company_id: int,
        window: Window,
        *,
        customer_id: int | None,
        since: date | None,
        until: date | None,
    ) -> Page[PaymentRecord]: ...
    def payment(self, company_id: int, payment_id: int) -> PaymentRecord | None: ...
    def disputes(
        self,
        company_id: int,
        window: Window,
        *,
        customer_id: int | None,
        invoice_number: str | None,
        state: DisputeState,
    ) -> Page[DisputeRecord]: ...
    def promises(
        self, company_id: int, window: Window, *, customer_id: int | None, state: PromiseState
    ) -> Page[PromiseRecord]: ...
    def runs(self, company_id: int, window: Window) -> Page[RunRecord]: ...
    def run(self, company_id: int, run_id: int) -> RunRecord | None: ...
    def latest_run_id(self, company_id: int) -> int | None: ...
    def run_items(
        self,
        company_id: int,
        run_id: int,
        window: Window,
        *,
        kinds: Sequence[RunItemKind],
        statuses: Sequence[RunItemStatus],
        customer_id: int | None,
    ) -> Page[RunItem]: ...


def customer_id(queries: ApiQueries, company: Company, number: str) -> int:
    """The customer's id at this company; another company's customer is not found."""
    found = queries.customer_id(company_id_of(company), number)
    if found is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="customer", key=number, company=company.code)
    return found


def optional_customer_id(queries: ApiQueries, company: Company, number: str | None) -> int | None:
    return None if number is None else customer_id(queries, company, number)


def invoice_detail(
    queries: ApiQueries, company: Company, number: str, *, kind: str | None = None
) -> InvoiceDetail:
    found = queries.invoice(company_id_of(company), number, kind)
    if found is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="invoice", key=number, company=company.code)
    return found


def payment(queries: ApiQueries, company: Company, payment_id: int) -> PaymentRecord:
    found = queries.payment(company_id_of(company), payment_id)
    if found is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="payment", key=payment_id, company=company.code)
    return found


def run(queries: ApiQueries, company: Company, run_id: int) -> RunRecord:
    found = queries.run(company_id_of(company), run_id)
    if found is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="run", key=run_id, company=company.code)
    return found


def list_invoices(
    uow: UnitOfWork,
    company: Company,
    *,
    customer_number: str | None = None,
    open_only: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[Invoice]:
    company_id = company_id_of(company)
    with uow:
        customer_id = None
        if customer_number is not None:
            customer = uow.customers.get(company_id, customer_number)
            if customer is None:
                raise NotFound(Refusal.NOT_FOUND_AT, thing="customer", key=customer_number,
                               company=company.code)  # fmt: skip
            customer_id = customer.id
        return uow.invoices.search(
            company_id, customer_id=customer_id, open_only=open_only, limit=limit, offset=offset
        )


@dataclass(frozen=True, slots=True)
class PaymentLine:
    paid_on: date
    amount: Decimal
    currency: str
    reference: str | None


@dataclass(frozen=True, slots=True)
class AppliedPayment:
    """How one payment settled one invoice: claimed costs and interest first (6:44 BW)."""

    paid_on: date
    invoice_number: str
    currency: str
    amount: Decimal
    to_costs: Decimal
    to_interest: Decimal

    @property
    def to_principal(self) -> Decimal:
        return self.amount - self.to_costs - self.to_interest
