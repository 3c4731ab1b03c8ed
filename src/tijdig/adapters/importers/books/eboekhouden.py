"""e-Boekhouden.nl: the invoice list (`GetFacturen`) and the bookings (`GetMutaties`).

Two files, each recognised by its columns:

- the invoice list, one row per invoice or credit note: `Factuurnummer`, `Relatiecode`,
  `Datum`, `Betalingstermijn` (days), `TotaalInclBTW` and `TotaalOpenstaand`. The due
  date is the invoice date plus the term (else `default_term_days`).
- the bookings: `MutatieNr`, `Soort`, `Datum`, `Relatiecode`, `Factuurnummer` and the
  amount `BedragInclBTW`. A booking of the kind `FactuurbetalingOntvangen` (payment of
  an invoice received) is a payment; the other kinds are skipped, with one note.
"""

from __future__ import annotations

from pathlib import Path

from tijdig.adapters.importers.books.entries import Document, Entries, Paid, note
from tijdig.adapters.importers.books.tables import headings, parse_day, table
from tijdig.adapters.importers.csv_common import MAX_BYTES, Column, Row, Schema, normalize
from tijdig.domain.books import BookEntry, BooksFormat
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import due_date_for

FORMAT = BooksFormat("e-boekhouden", "e-Boekhouden.nl", ("NL",))
INVOICES = Schema(
    [
        Column("number", ("Factuurnummer",), required=True),
        Column("customer", ("Relatiecode",), required=True),
        Column("issue_date", ("Datum",), required=True),
        Column("term", ("Betalingstermijn",)),
        Column("net", ("TotaalExclBTW",)),
        Column("vat", ("TotaalBTW",)),
        Column("total", ("TotaalInclBTW",), required=True),
        Column("open", ("TotaalOpenstaand",), required=True),
        Column("pdf", ("URLPDFBestand",)),
    ]
)
BOOKINGS = Schema(
    [
        Column("booking", ("MutatieNr",), required=True),
        Column("kind", ("Soort",), required=True),
        Column("paid_on", ("Datum",), required=True),
        Column("customer", ("Relatiecode",)),
        Column("number", ("Factuurnummer",), required=True),
        Column("amount", ("BedragInclBTW",), required=True),
        Column("account", ("Rekening",)),
        Column("document", ("Boekstuk",)),
        Column("reference", ("Omschrijving",)),
        Column("term", ("Betalingstermijn",)),
    ]
)
_PAYMENT_RECEIVED = normalize("FactuurbetalingOntvangen")


def identify(path: Path) -> bool:
    """e-Boekhouden's invoice list or its bookings, by their columns."""
    found = headings(path)
    return INVOICES.matches(found) or BOOKINGS.matches(found)


def extract(
    path: Path, *, default_term_days: int = 30, max_bytes: int = MAX_BYTES
) -> ImportResult[BookEntry]:
    """The invoices and credit notes of an invoice list, or the payments of the bookings."""
    if BOOKINGS.matches(headings(path)):
        return _bookings(path, max_bytes)
    source = table(path, INVOICES, max_bytes=max_bytes)
    entries = Entries(source)
    for row in source.rows():
        _invoice(row, entries, default_term_days)
    return entries.result()


def _invoice(row: Row, entries: Entries, default_term_days: int) -> None:
    number, customer = row.required_text("number"), row.required_text("customer")
    issued = row.parsed("issue_date", parse_day, required=True)
    term = row.integer("term", high=3650)
    total, open_ = row.amount("total", required=True), row.amount("open", required=True)
    if not row.ok or issued is None or total is None or open_ is None:
        return
    due = due_date_for(issued, default_term_days if term is None else term)
    entries.document(row, Document(number, customer, issued, due, total, open_))


def _bookings(path: Path, max_bytes: int) -> ImportResult[BookEntry]:
    source = table(path, BOOKINGS, max_bytes=max_bytes)
    entries = Entries(source)
    skipped = 0
    for row in source.rows():
        if normalize(row.text("kind")) != _PAYMENT_RECEIVED:
            skipped += 1
            continue
        number = row.required_text("number")
        paid_on = row.parsed("paid_on", parse_day, required=True)
        amount = row.amount("amount", required=True)
        if row.ok and paid_on is not None and amount is not None:
            paid = Paid(number, paid_on, amount, row.text("customer") or None,
                        row.text("reference") or None)  # fmt: skip
            entries.payment(row, paid)
    if skipped:
        note(source, f"{skipped} booking(s) of another kind than FactuurbetalingOntvangen "
                    "skipped")  # fmt: skip
    return entries.result()
