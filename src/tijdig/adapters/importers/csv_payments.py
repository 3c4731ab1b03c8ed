"""Payment history from our own simple CSV: invoice number, date, amount, reference.

`identify(path)` says whether a file looks like a payments list, `extract(path)` reads
every row into a `HistoryPayment` and reports every bad row as an `ImportIssue`; the
columns (Dutch or English headings) are listed in docs/formats.md. `tijdig import
history` books them (services/receivables/history.py). The Excel form of the same
columns is xlsx_payments.py; both read their rows with `payment_of`.
"""

from __future__ import annotations

from pathlib import Path

from tijdig.adapters.importers.csv_common import (
    MAX_BYTES,
    Column,
    CsvFile,
    Row,
    Schema,
    read_headings,
)
from tijdig.domain.books import HistoryPayment
from tijdig.domain.imports import ImportResult

SCHEMA = Schema(
    [
        Column(
            "invoice",
            (
                "factuurnummer",
                "factuurnr",
                "factuur",
                "invoice_number",
                "document",
                "documentnummer",
            ),
            required=True,
        ),
        Column(
            "date",
            ("betaaldatum", "datum", "betaald_op", "paid_on", "payment_date", "datum_betaling"),
            required=True,
        ),
        Column(
            "amount", ("bedrag", "betaald", "betaald_bedrag", "paid", "amount_paid"), required=True
        ),
        Column(
            "reference",
            ("referentie", "omschrijving", "kenmerk", "betalingskenmerk", "description"),
        ),
        Column(
            "customer",
            (
                "klantnummer",
                "klantnr",
                "klant",
                "customer_number",
                "debiteurnummer",
                "debiteur",
                "debtor",
            ),
        ),
        Column("currency", ("valuta", "munt")),
    ]
)


def identify(path: Path) -> bool:
    """A CSV file whose header has an invoice number, a date and an amount, and not the
    columns of an invoice list (a due date, an open amount)."""
    headings = read_headings(path)
    return SCHEMA.matches(headings) and not _is_invoice_list(headings)


def _is_invoice_list(headings: list[str]) -> bool:
    from tijdig.adapters.importers import csv_invoices

    names = {csv_invoices.SCHEMA.canonical(h) for h in headings}
    return "due_date" in names or "open" in names


def extract(path: Path, *, max_bytes: int = MAX_BYTES) -> ImportResult[HistoryPayment]:
    """Every payment in the file, with every problem found; a file larger than
    `max_bytes` is refused unread."""
    source = CsvFile(path, SCHEMA, max_bytes=max_bytes)
    payments: list[HistoryPayment] = []
    lines: list[int] = []
    for row in source.rows():
        payment = payment_of(row)
        if payment is not None:
            payments.append(payment)
            lines.append(row.line)
    return ImportResult(tuple(payments), tuple(source.issues), tuple(lines))


def payment_of(row: Row) -> HistoryPayment | None:
    """One row as a payment, or None with its problems recorded on the row."""
    number = row.required_text("invoice")
    paid_on = row.day("date", required=True)
    amount = row.amount("amount", required=True)
    currency = (row.text("currency") or "EUR").upper()
    if not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        row.error("currency", f"{currency!r} is not a currency code such as EUR")
    if amount is not None and amount <= 0:
        row.error("amount", f"{amount} is not a payment; it must be more than zero")
    if not row.ok or paid_on is None or amount is None:
        return None
    return HistoryPayment(
        number,
        paid_on,
        amount,
        row.text("customer") or None,
        row.text("reference") or None,
        currency,
    )
