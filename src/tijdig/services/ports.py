"""Ports the services depend on, as Protocols; adapters implement them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import Protocol, Self

from tijdig.analytics.aging import OpenItem
from tijdig.analytics.behaviour import Settled
from tijdig.domain.invoices import Invoice, InvoiceLine
from tijdig.domain.parties import Company, Customer
from tijdig.services.read_models.common import InvoiceOrder
from tijdig.services.read_models.ledger import AppliedPayment, PaymentLine

# Called with the number of items done since the last call; drives a progress bar.
Progress = Callable[[int], None]


def no_progress(_done: int) -> None:
    """The progress callback for callers that show none."""


class Companies(Protocol):
    def add(self, company: Company, *, at: datetime) -> Company: ...
    def all(self) -> list[Company]: ...
    def by_id(self, company_id: int) -> Company | None: ...
    def find(self, identifier: str) -> Company | None: ...
    def find_by_name(self, name: str, *, country: str) -> Company | None: ...
    def count(self) -> int: ...


class Customers(Protocol):
    def ids_by_number(self, company_id: int) -> dict[str, int]: ...
    def payment_terms(self, company_id: int) -> dict[str, int]: ...
    def get(self, company_id: int, number: str) -> Customer | None: ...
    def all(self, company_id: int) -> list[Customer]: ...
    def save_many(
        self, company_id: int, customers: Sequence[Customer]
    ) -> tuple[list[int], list[int], int]: ...  # ids added, ids updated, how many unchanged


class Invoices(Protocol):
    def fingerprints(
        self, company_id: int, identities: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], str | None]: ...
    def add(
        self, invoice: Invoice, *, company_id: int, customer_id: int, fingerprint: str, source: str
    ) -> int: ...
    def add_many(
        self, items: Sequence[tuple[Invoice, int, str]], *, company_id: int, source: str
    ) -> None: ...
    def copies(self, invoice_ids: Sequence[int]) -> dict[int, bytes]: ...
    def lines(self, invoice_ids: Sequence[int]) -> dict[int, tuple[InvoiceLine, ...]]: ...
    def attach(
        self,
        company_id: int,
        invoice_id: int,
        *,
        filename: str,
        mime_type: str,
        content: bytes,
        is_copy: bool,
    ) -> None: ...
    def search(
        self,
        company_id: int,
        *,
        customer_id: int | None = None,
        open_only: bool = False,
        limit: int | None = None,
        offset: int = 0,
        order: InvoiceOrder = InvoiceOrder.DUE,
    ) -> list[Invoice]: ...


class ImportedFiles(Protocol):
    def seen(self, company_ids: Sequence[int], kind: str, sha256: str) -> bool: ...
    def record(
        self, company_id: int, kind: str, sha256: str, filename: str, summary: str, *, at: datetime
    ) -> None: ...


class UnitOfWork(Protocol):
    """Owns one transaction: `with uow: ...; uow.commit()`; rolls back otherwise."""

    @property
    def companies(self) -> Companies: ...
    @property
    def customers(self) -> Customers: ...
    @property
    def invoices(self) -> Invoices: ...
    @property
    def imported_files(self) -> ImportedFiles: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...


class Reports(Protocol):
    """Read-only queries for overviews; plain values, no transaction of their own."""

    def open_items(self, company_id: int, *, as_of: date) -> Iterator[OpenItem]: ...
    def sales(self, company_id: int, *, start: date, end: date) -> dict[str, Decimal]: ...
    def settled(self, company_id: int, customer_id: int) -> list[Settled]: ...
    def payments(
        self, company_id: int, customer_id: int, *, limit: int = 20
    ) -> list[PaymentLine]: ...
    def applied(
        self, company_id: int, customer_id: int, *, limit: int = 20
    ) -> list[AppliedPayment]: ...
    def claims(self, company_id: int, customer_id: int) -> dict[str, tuple[Decimal, Decimal]]: ...
    def unallocated(self, company_id: int, customer_id: int) -> list[tuple[str, Decimal]]: ...
