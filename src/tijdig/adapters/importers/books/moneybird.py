"""Moneybird: the sales invoices export, one row per invoice or credit note.

The columns are the fields of Moneybird's sales invoice (API `sales_invoices`): the
invoice number `invoice_id`, the contact's `customer_id`, `invoice_date`, `due_date`,
`total_price_incl_tax`, `total_paid`, `total_unpaid` and `paid_at`, the day the invoice
was paid in full. A credit invoice has negative totals. A paid or partly paid invoice
without `paid_at` is read with its open amount but gives no payment (a warning says so):
the export has no day for that money.
"""

from __future__ import annotations

from pathlib import Path

from tijdig.adapters.importers.books.entries import Document, Entries, Paid, currency_of
from tijdig.adapters.importers.books.tables import headings, parse_day, table
from tijdig.adapters.importers.csv_common import MAX_BYTES, Column, Row, Schema
from tijdig.domain.books import BookEntry, BooksFormat
from tijdig.domain.imports import ImportResult

FORMAT = BooksFormat("moneybird", "Moneybird", ("NL",))
SCHEMA = Schema(
    [
        Column("number", ("invoice_id",), required=True),
        Column("customer", ("customer_id", "contact.customer_id"), required=True),
        Column("customer_name", ("company_name", "contact.company_name")),
        Column("issue_date", ("invoice_date",), required=True),
        Column("due_date", ("due_date",), required=True),
        Column("total", ("total_price_incl_tax",), required=True),
        Column("paid", ("total_paid",)),
        Column("open", ("total_unpaid",), required=True),
        Column("paid_on", ("paid_at",)),
        Column("state", ("state",)),
        Column("currency", ("currency",)),
        Column("reference", ("reference",)),
    ]
)


def identify(path: Path) -> bool:
    """A file whose header has Moneybird's invoice_id, totals and total_unpaid."""
    return SCHEMA.matches(headings(path))


def extract(path: Path, *, max_bytes: int = MAX_BYTES) -> ImportResult[BookEntry]:
    """Every invoice and credit note in the export, and a payment for each paid one."""
    source = table(path, SCHEMA, max_bytes=max_bytes)
    entries = Entries(source)
    for row in source.rows():
        _read(row, entries)
    return entries.result()


def _read(row: Row, entries: Entries) -> None:
    number, customer = row.required_text("number"), row.required_text("customer")
    issued = row.parsed("issue_date", parse_day, required=True)
    due = row.parsed("due_date", parse_day, required=True)
    total, open_ = row.amount("total", required=True), row.amount("open", required=True)
    paid, paid_on = row.amount("paid"), row.parsed("paid_on", parse_day)
    currency = currency_of(row, "currency")
    if not row.ok or issued is None or due is None or total is None or open_ is None:
        return
    if paid is not None and paid + open_ != total:
        row.error("paid", f"paid {paid} and unpaid {open_} make {paid + open_}, not the "
                          f"total {total}")  # fmt: skip
        return
    doc = Document(number, customer, issued, due, total, open_, currency,
                   row.text("reference") or None)  # fmt: skip
    if entries.document(row, doc) is None:
        return
    settled = abs(total - open_)
    if settled and paid_on is None:
        row.warn("paid_on", f"{settled} of {number} is paid, but the export gives no payment "
                            "date: no payment is recorded for it")  # fmt: skip
    elif settled and paid_on is not None:
        entries.payment(row, Paid(number, paid_on, settled, customer, currency=currency))
