"""What booking payment history needs of the database (adapters/db/repositories/history.py).

Amounts are Decimal in the invoice's currency; the repository keeps minor units.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.receivables.stored import StoredFigures


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredItem(StoredFigures):
    """An invoice or credit note as stored, with what allocations settled of it so far
    (for a credit note: what it settled of invoices)."""

    id: int
    kind: str
    number: str
    allocated: Decimal

    @property
    def payable(self) -> Decimal:
        return self.total - self.prepaid


@dataclass(frozen=True, slots=True)
class HistoryBooking:
    """One line of history to book: a payment on an invoice (`credit_note_id` None: a
    payment row and its allocation), or a credit note set off against an invoice (an
    allocation from the credit note, no payment). `key` makes it bookable once."""

    key: str
    customer_id: int
    invoice_id: int
    paid_on: date
    amount: Decimal
    currency: str
    reference: str | None = None
    credit_note_id: int | None = None


class HistoryBooks(Protocol):
    def items(self, company_id: int, numbers: Iterable[str]) -> list[StoredItem]:
        """The company's invoices and credit notes with these numbers."""
        ...

    def known_keys(self, company_id: int, keys: Iterable[str]) -> set[str]:
        """Which of these history keys were booked before."""
        ...

    def book(
        self,
        company_id: int,
        bookings: Sequence[HistoryBooking],
        open_amounts: Mapping[int, tuple[Decimal, str]],
    ) -> None:
        """Payments and allocations in bulk; `open_amounts`: the new open amount (and its
        currency) per invoice or credit note id."""
        ...


class HistoryUnitOfWork(AuditedUnitOfWork, Protocol):
    @property
    def history(self) -> HistoryBooks: ...
