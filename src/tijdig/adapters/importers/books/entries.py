"""From a package's rows to book entries: documents (invoices, credit notes) and payments.

A reader turns each row into a `Document` or a `Paid` (signed as the package writes them:
a credit note negative) and hands them to `Entries`, which checks them against each
other and builds the `Invoice` and `HistoryPayment` values, each with its file line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from tijdig.adapters.importers.csv_common import CsvFile, Row
from tijdig.domain.books import BookEntry, HistoryPayment
from tijdig.domain.errors import InvalidValue
from tijdig.domain.imports import ImportIssue, ImportResult, Severity
from tijdig.domain.invoices import Invoice, InvoiceKind


@dataclass(frozen=True, slots=True)
class Document:
    """An invoice (positive total) or credit note (negative total) as the books have it."""

    number: str
    customer: str
    issued: date
    due: date
    total: Decimal  # signed
    open: Decimal  # signed like the total; zero when paid
    currency: str = "EUR"
    reference: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Paid:
    """Money received for one document on one day (positive: settles the document)."""

    number: str
    paid_on: date
    amount: Decimal
    customer: str | None = None
    reference: str | None = None
    currency: str = "EUR"


class Place(Protocol):
    """Where an entry was read: its line, and issues on it named by column (a `Row`)."""

    @property
    def line(self) -> int: ...

    def error(self, name: str, message: str) -> None: ...

    def warn(self, name: str | None, message: str) -> None: ...


class At:
    """A `Place` without the row's cells: what a reader keeps of a row it books later
    (several rows to one invoice), so a large file's cells are not all held at once."""

    __slots__ = ("_source", "line")

    def __init__(self, source: CsvFile, line: int) -> None:
        self._source, self.line = source, line

    def _heading(self, name: str) -> str:
        header = self._source.header
        return name if header is None else header.headings.get(name, name)

    def error(self, name: str, message: str) -> None:
        self._source.error(message, self.line, self._heading(name))

    def warn(self, name: str | None, message: str) -> None:
        self._source.warn(message, self.line, None if name is None else self._heading(name))


class Entries:
    """Collects documents and payments with their rows; `result()` gives the entries."""

    def __init__(self, source: CsvFile) -> None:
        self.source = source
        self._items: list[BookEntry] = []
        self._lines: list[int] = []
        self._seen: dict[str, int] = {}

    def document(self, row: Place, doc: Document) -> Invoice | None:
        """Book `doc` read from `row`; a second document with its number is an error.

        Fields are named by their canonical names (`number`, `total`, `open`, `due_date`);
        the issue shows the heading the file gave them."""
        first = self._seen.setdefault(doc.number, row.line)
        if first != row.line:
            row.error("number", f"{doc.number} appears twice: lines {first} and {row.line}")
            return None
        sign = -1 if doc.total < 0 else 1
        if doc.open * sign < 0:
            row.error("open", f"open amount {doc.open} has the other sign than the total "
                              f"{doc.total}")  # fmt: skip
            return None
        if abs(doc.open) > abs(doc.total):
            row.error("open", f"open amount {doc.open} is more than the total {doc.total}")
            return None
        if doc.due < doc.issued:
            row.error("due_date", f"{doc.due:%d-%m-%Y} lies before the invoice date "
                                  f"{doc.issued:%d-%m-%Y}")  # fmt: skip
            return None
        kind = InvoiceKind.CREDIT_NOTE if sign < 0 else InvoiceKind.INVOICE
        try:
            invoice = Invoice(
                doc.number, doc.customer, doc.issued, doc.due, abs(doc.total), kind,
                open_amount=abs(doc.open), currency=doc.currency,
                free_reference=doc.reference, description=doc.description,
            )  # fmt: skip
        except InvalidValue as exc:
            row.error(exc.field, exc.reason)
            return None
        self._add(invoice, row.line)
        return invoice

    def payment(
        self, row: Place, paid: Paid, *, amount_field: str = "amount"
    ) -> HistoryPayment | None:
        if paid.amount <= 0:
            row.error(amount_field, f"a payment of {paid.amount} cannot be booked; it must "
                                    "be more than zero")  # fmt: skip
            return None
        payment = HistoryPayment(
            paid.number, paid.paid_on, paid.amount, customer_number=paid.customer,
            reference=paid.reference, currency=paid.currency,
        )  # fmt: skip
        self._add(payment, row.line)
        return payment

    def _add(self, entry: BookEntry, line: int) -> None:
        self._items.append(entry)
        self._lines.append(line)

    def result(self) -> ImportResult[BookEntry]:
        """The entries of the rows without errors, and every issue found in the file."""
        return ImportResult(tuple(self._items), tuple(self.source.issues), tuple(self._lines))


def currency_of(row: Row, name: str) -> str:
    """The row's currency code (EUR when the column is absent or empty)."""
    currency = (row.text(name) or "EUR").upper()
    if not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        row.error(name, f"{currency!r} is not a currency code such as EUR")
    return currency


def note(source: CsvFile, message: str) -> None:
    """An informational issue for the whole file (how something was read)."""
    source.issues.append(ImportIssue(source.file, message, severity=Severity.INFO))
