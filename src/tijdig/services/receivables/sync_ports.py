"""What a sync with the books reads and writes (services/receivables/sync.py), and the
values it hands its drivers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from tijdig.domain.export_diff import ExportDiff, ExportItem, Key
from tijdig.domain.invoices import Invoice
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.receivables.stored import StoredFigures
from tijdig.services.records.ports import ContactLog

PAID_OUTSIDE = "paid_outside"  # an invoice closure's reason code


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredItem(StoredFigures):
    """An invoice as Tijdig holds it, for a sync to reconcile with the books."""

    invoice_id: int

    @property
    def settled(self) -> Decimal:
        """What payments, credit notes and closures took off it so far."""
        return self.total - self.prepaid - self.open_amount


@dataclass(frozen=True, slots=True)
class InvoiceUpdate:
    """The values the books own, set on a stored invoice (its open amount before any
    closure of the same sync)."""

    invoice_id: int
    customer_id: int
    issue_date: date
    due_date: date
    total: Decimal
    open_amount: Decimal
    currency: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class SyncRecord:
    """One export synced: its source, its day, what it changed."""

    source: str
    exported_on: date
    at: datetime
    by: str
    filename: str
    items: int
    new: int
    changed: int
    gone: int


class BookSyncs(Protocol):
    def snapshot(self, company_id: int, source: str) -> dict[Key, ExportItem]: ...
    def last_exported_on(self, company_id: int, source: str) -> date | None: ...
    def stored(self, company_id: int, keys: Sequence[Key]) -> dict[Key, StoredItem]: ...
    def add_sync(self, company_id: int, record: SyncRecord) -> int: ...
    def replace_snapshot(
        self, company_id: int, source: str, items: Sequence[ExportItem]
    ) -> None: ...
    def update_invoice(self, company_id: int, update: InvoiceUpdate) -> None: ...
    def close(
        self, company_id: int, invoice_id: int, *, amount: Decimal, currency: str, on: date,
        reason: str, sync_id: int,
    ) -> None:  # fmt: skip
        """Record the closure and lower the invoice's open amount by it."""


class SyncUnitOfWork(AuditedUnitOfWork, Protocol):
    @property
    def book_syncs(self) -> BookSyncs: ...
    @property
    def contact_log(self) -> ContactLog: ...


@dataclass(frozen=True, slots=True)
class Closure:
    """What a sync closes as paid outside Tijdig: the books list less open (or nothing)."""

    kind: str
    number: str
    customer_number: str
    currency: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class SyncPlan:
    """What applying an export does to the ledger; the same for the preview and the sync."""

    additions: tuple[Invoice, ...] = ()
    updates: tuple[InvoiceUpdate, ...] = ()
    closures: tuple[Closure, ...] = ()
    explained: tuple[ExportItem, ...] = ()  # gone, already closed by what Tijdig booked
    absent: tuple[ExportItem, ...] = ()  # gone, and not in Tijdig at all


@dataclass(frozen=True, slots=True)
class SyncResult:
    """The difference an export makes, and what syncing it does (or did)."""

    source: str
    exported_on: date
    previous_on: date | None
    diff: ExportDiff
    plan: SyncPlan
    applied: bool = False
