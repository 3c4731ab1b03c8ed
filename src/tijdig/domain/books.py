"""What an accounting package's export holds: invoices (open and paid) and payments.

A bookkeeper who installs Tijdig brings two years of books. A package reader (one per
accounting package, `adapters/importers/books/`) turns that package's debtor list and
paid-invoice or payment report into a stream of `BookEntry` values:

- an `Invoice` (or credit note) as the books have it, `open_amount` being what is still
  open on the export day (zero for a paid invoice);
- a `HistoryPayment`: money received for one invoice on one day, from a paid-date column
  or a separate payments file. Partial payments are several of them.

History is not collection: booking it records payments and their allocations, never a
reminder step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tijdig.domain.invoices import Invoice


@dataclass(frozen=True, slots=True)
class HistoryPayment:
    """One payment the books record against one invoice (or credit note)."""

    invoice_number: str
    paid_on: date
    amount: Decimal
    customer_number: str | None = None
    reference: str | None = None
    currency: str = "EUR"

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("a payment's amount is a Decimal")


BookEntry = Invoice | HistoryPayment


@dataclass(frozen=True, slots=True)
class BooksFormat:
    """An accounting package's export, as a reader knows it (for --format and the docs)."""

    name: str  # the --format value: "exact-online", "twinfield", ...
    package: str  # the package's own name, as its users know it
    countries: tuple[str, ...]  # where it is used: ("NL",), ("NL", "BE")
