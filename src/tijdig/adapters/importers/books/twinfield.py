"""Twinfield: the customer transactions browse (browse code 100), one row per line.

The columns are the browse fields, by their field name (`fin.trs.line.invnumber`) or
the label Twinfield shows (Dutch or English): the transaction's date
`fin.trs.head.date`, the customer `fin.trs.line.dim2`, the invoice number, due date
`fin.trs.line.datedue`, the signed value `fin.trs.line.valuesigned`, the open value
`fin.trs.line.openvaluesigned`, the payment status `fin.trs.line.matchstatus` and its
date `fin.trs.line.matchdate`.

A customer's lines with one invoice number are the invoice (or credit note: negative)
and what settled it. The earliest line (the first in the file on a tie) is the
document; each later line is a payment on its own date, of its value turned round. A
settled document with no later line is paid on its `matchdate` when it has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from tijdig.adapters.importers.books.entries import At, Document, Entries, Paid, currency_of
from tijdig.adapters.importers.books.tables import headings, parse_day, table
from tijdig.adapters.importers.csv_common import MAX_BYTES, Column, CsvFile, Row, Schema
from tijdig.domain.books import BookEntry, BooksFormat
from tijdig.domain.imports import ImportResult

FORMAT = BooksFormat("twinfield", "Twinfield", ("NL",))
SCHEMA = Schema(
    [
        Column("office", ("fin.trs.head.office", "Administratie", "Office")),
        Column("journal", ("fin.trs.head.code", "Dagboek", "Transaction type")),
        Column("entry", ("fin.trs.head.number", "Boekingsnummer", "Transaction number")),
        Column("issue_date", ("fin.trs.head.date", "Boekdatum", "Date"), required=True),
        Column("customer", ("fin.trs.line.dim2", "Debiteur", "Customer"), required=True),
        Column("customer_name", ("fin.trs.line.dim2name", "Debiteurnaam", "Customer name")),
        Column("currency", ("fin.trs.head.curcode", "Valuta", "Currency")),
        Column("total", ("fin.trs.line.valuesigned", "Bedrag", "Value"), required=True),
        Column("base_value", ("fin.trs.line.basevaluesigned",)),
        Column(
            "open",
            ("fin.trs.line.openvaluesigned", "Openstaand bedrag", "Open amount"),
            required=True,
        ),
        Column("base_open", ("fin.trs.line.openbasevaluesigned",)),
        Column(
            "number", ("fin.trs.line.invnumber", "Factuurnummer", "Invoice number"), required=True
        ),
        Column("due_date", ("fin.trs.line.datedue", "Vervaldatum", "Due date")),
        Column(
            "status", ("fin.trs.line.matchstatus", "Betaalstatus", "Payment status"), required=True
        ),
        Column("paid_on", ("fin.trs.line.matchdate", "Betaaldatum", "Match date")),
        Column("match_number", ("fin.trs.line.matchnumber",)),
        Column("description", ("fin.trs.line.description", "Omschrijving", "Description")),
        Column("payruns", ("fin.trs.line.availableforpayruns",)),
        Column("modified", ("fin.trs.line.modified",)),
    ]
)


@dataclass(frozen=True, slots=True)
class _Line:
    at: At
    customer: str
    booked: date
    due: date | None
    value: Decimal
    open: Decimal
    matched_on: date | None
    currency: str
    description: str | None


def identify(path: Path) -> bool:
    """A file with the customer transactions browse's columns (value, open, status)."""
    return SCHEMA.matches(headings(path))


def extract(path: Path, *, max_bytes: int = MAX_BYTES) -> ImportResult[BookEntry]:
    """Every invoice and credit note, with the lines that paid them as payments."""
    source = table(path, SCHEMA, max_bytes=max_bytes)
    groups: dict[tuple[str, str], list[_Line]] = {}
    broken: set[tuple[str, str]] = set()
    for row in source.rows():
        key = (row.text("customer"), row.required_text("number"))
        line = _line(row, source)
        if line is None:
            broken.add(key)
        else:
            groups.setdefault(key, []).append(line)
    entries = Entries(source)
    for key, lines in groups.items():
        if key not in broken:
            _book(key[1], lines, entries)
    return entries.result()


def _line(row: Row, source: CsvFile) -> _Line | None:
    customer = row.required_text("customer")
    booked = row.parsed("issue_date", parse_day, required=True)
    due = row.parsed("due_date", parse_day)
    value, open_ = row.amount("total", required=True), row.amount("open", required=True)
    matched_on = row.parsed("paid_on", parse_day)
    currency = currency_of(row, "currency")
    if not row.ok or booked is None or value is None or open_ is None:
        return None
    return _Line(At(source, row.line), customer, booked, due, value, open_, matched_on, currency,
                 row.text("description") or None)  # fmt: skip


def _book(number: str, lines: list[_Line], entries: Entries) -> None:
    first = min(lines, key=lambda line: line.booked)  # min keeps the first of a tie
    if first.due is None:
        first.at.error("due_date", "is empty; the invoice's line needs a due date")
        return
    doc = Document(number, first.customer, first.booked, first.due, first.value, first.open,
                   first.currency, description=first.description)  # fmt: skip
    if entries.document(first.at, doc) is None:
        return
    sign = -1 if first.value < 0 else 1
    later = [line for line in lines if line is not first]
    for line in later:
        paid = Paid(number, line.booked, -line.value * sign, first.customer,
                    line.description, line.currency)  # fmt: skip
        entries.payment(line.at, paid, amount_field="total")
    settled = abs(first.value - first.open)
    if later or not settled:
        return
    if first.matched_on is None:
        first.at.warn("paid_on", f"{settled} of {number} is settled, but there is no payment "
                                 "line or match date: no payment is recorded for it")  # fmt: skip
    else:
        entries.payment(first.at, Paid(number, first.matched_on, settled, first.customer,
                                       currency=first.currency))  # fmt: skip
