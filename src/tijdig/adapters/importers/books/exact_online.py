"""Exact Online: the receivables (`cashflow/Receivables`), one row per receivable.

The columns are the fields of Exact Online's Receivables: `AccountCode`, `InvoiceNumber`,
`InvoiceDate`, `DueDate`, the linked transaction's total `TransactionAmountFC` (or `DC`),
the receivable's own `AmountFC` (or `DC`), `IsFullyPaid`, `Status` and `LastPaymentDate`.
Exact splits a receivable when part of it is received on another day, so one invoice may
have several rows: the rows not yet paid add up to its open amount, and each paid row
(`IsFullyPaid`, or status 40 processed / 50 matched) is a payment on its
`LastPaymentDate` (else `EndDate`). A credit note has negative amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from tijdig.adapters.importers.books.entries import At, Document, Entries, Paid, currency_of
from tijdig.adapters.importers.books.tables import headings, parse_day, table
from tijdig.adapters.importers.csv_common import MAX_BYTES, Column, CsvFile, Row, Schema
from tijdig.adapters.importers.csv_values import parse_bool
from tijdig.domain.books import BookEntry, BooksFormat
from tijdig.domain.imports import ImportResult

FORMAT = BooksFormat("exact-online", "Exact Online", ("NL", "BE"))
SCHEMA = Schema(
    [
        Column("customer", ("AccountCode",), required=True),
        Column("customer_name", ("AccountName",)),
        Column("number", ("InvoiceNumber",), required=True),
        Column("issue_date", ("InvoiceDate",), required=True),
        Column("due_date", ("DueDate",), required=True),
        Column("total_fc", ("TransactionAmountFC",)),
        Column("total_dc", ("TransactionAmountDC",)),
        Column("amount_fc", ("AmountFC",)),
        Column("amount_dc", ("AmountDC",)),
        Column("fully_paid", ("IsFullyPaid",), required=True),
        Column("status", ("Status",)),
        Column("paid_on", ("LastPaymentDate",)),
        Column("end_date", ("EndDate",)),
        Column("currency", ("Currency",)),
        Column("reference", ("YourRef",)),
        Column("payment_reference", ("PaymentReference",)),
        Column("description", ("Description",)),
    ]
)
_PAID_STATUSES = {40, 50}  # processed (collected), matched


@dataclass(frozen=True, slots=True)
class _Part:
    at: At
    customer: str
    issued: date
    due: date
    total: Decimal
    amount: Decimal
    paid: bool
    paid_on: date | None
    currency: str
    texts: tuple[str | None, str | None, str | None]  # reference, description, payment ref.


def identify(path: Path) -> bool:
    """A file with Exact Online's receivable columns (AccountCode, InvoiceNumber, ...)."""
    return SCHEMA.matches(headings(path))


def extract(path: Path, *, max_bytes: int = MAX_BYTES) -> ImportResult[BookEntry]:
    """Every invoice and credit note, with a payment for each paid part."""
    source = table(path, SCHEMA, max_bytes=max_bytes)
    groups: dict[str, list[_Part]] = {}
    broken: set[str] = set()
    for row in source.rows():
        number = row.required_text("number")
        part = _part(row, source)
        if part is None:
            broken.add(number)
        else:
            groups.setdefault(number, []).append(part)
    entries = Entries(source)
    for number, parts in groups.items():
        if number not in broken:
            _book(number, parts, entries)
    return entries.result()


def _money(row: Row, fc: str, dc: str) -> Decimal | None:
    """The foreign-currency column when the file has it, else the default-currency one."""
    if fc not in row.names and dc not in row.names:
        written = SCHEMA.columns[[c.name for c in SCHEMA.columns].index(fc)].aliases[0]
        row.error(fc, f"required column missing (call it {written} or {written[:-2]}DC)")
        return None
    return row.amount(fc if fc in row.names else dc, required=True)


def _part(row: Row, source: CsvFile) -> _Part | None:
    customer = row.required_text("customer")
    issued = row.parsed("issue_date", parse_day, required=True)
    due = row.parsed("due_date", parse_day, required=True)
    total = _money(row, "total_fc", "total_dc")
    amount = _money(row, "amount_fc", "amount_dc")
    fully_paid = row.parsed("fully_paid", parse_bool, required=True)
    status = row.integer("status", high=99)
    paid_on = row.parsed("paid_on", parse_day) or row.parsed("end_date", parse_day)
    currency = currency_of(row, "currency")
    if not row.ok or None in (issued, due, total, amount, fully_paid):
        return None
    assert issued and due and total is not None and amount is not None
    paid = bool(fully_paid) or status in _PAID_STATUSES
    texts = (row.text("reference") or None, row.text("description") or None,
             row.text("payment_reference") or None)  # fmt: skip
    return _Part(At(source, row.line), customer, issued, due, total, amount, paid, paid_on,
                 currency, texts)  # fmt: skip


def _book(number: str, parts: list[_Part], entries: Entries) -> None:
    first = parts[0]
    for part in parts[1:]:
        if (part.customer, part.total) != (first.customer, first.total):
            part.at.error("number", f"{number} has another customer or total than on line "
                                    f"{first.at.line}")  # fmt: skip
            return
    open_ = sum((p.amount for p in parts if not p.paid), Decimal(0))
    doc = Document(number, first.customer, first.issued, first.due, first.total, open_,
                   first.currency, first.texts[0], first.texts[1])  # fmt: skip
    if entries.document(first.at, doc) is None:
        return
    sign = -1 if first.total < 0 else 1
    for part in (p for p in parts if p.paid):
        if part.paid_on is None:
            part.at.warn("paid_on", f"a paid part of {number} has no LastPaymentDate or "
                                    "EndDate: no payment is recorded for it")  # fmt: skip
            continue
        paid = Paid(number, part.paid_on, part.amount * sign, first.customer, part.texts[2],
                    part.currency)  # fmt: skip
        entries.payment(part.at, paid)
