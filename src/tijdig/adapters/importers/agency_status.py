"""The collection agency's status file: a CSV of case statuses and the payments it
collected (docs/formats.md, "Hand-over: the agency's status file"). Read with the
same rules as every CSV (csv_common.py); every bad row is an `ImportIssue` naming the
file, line and field. Nothing is booked here (services/hand_over/agency.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tijdig.adapters.importers.csv_common import MAX_BYTES, Column, CsvFile, Row, Schema, normalize
from tijdig.domain.errors import InvalidValue
from tijdig.domain.hand_over import AgencyPayment, AgencyStatus, CaseStatus
from tijdig.domain.imports import ImportResult
from tijdig.domain.money import Money
from tijdig.services.hand_over.agency import AgencyRow

SCHEMA = Schema([
    Column("case", ("dossier", "dossiernummer", "case_reference", "zaak"), required=True),
    Column("date", ("datum", "per", "on"), required=True),
    Column("status", ("stand",)),
    Column("payment_reference", ("betalingskenmerk", "betaling", "payment")),
    Column("amount", ("bedrag",)),
    Column("currency", ("valuta",)),
    Column("note", ("opmerking", "toelichting")),
])  # fmt: skip

# The statuses by their English code or the Dutch word.
STATUSES = {normalize(s.value): s for s in CaseStatus} | {
    normalize(word): status for word, status in (
        ("overgedragen", CaseStatus.HANDED_OVER), ("geaccepteerd", CaseStatus.ACCEPTED),
        ("aanvaard", CaseStatus.ACCEPTED), ("in behandeling", CaseStatus.IN_PROGRESS),
        ("betaald", CaseStatus.PAID), ("gesloten", CaseStatus.CLOSED),
        ("afgesloten", CaseStatus.CLOSED), ("teruggegeven", CaseStatus.RETURNED),
        ("retour", CaseStatus.RETURNED),
    )
}  # fmt: skip
HINT = ", ".join(s.value for s in CaseStatus)


def extract(path: Path, *, max_bytes: int = MAX_BYTES) -> ImportResult[AgencyRow]:
    source = CsvFile(path, SCHEMA, max_bytes=max_bytes)
    rows: list[AgencyRow] = []
    lines: list[int] = []
    for row in source.rows():
        found = _row(row, source.file)
        if found is not None and row.ok:
            rows.append(found)
            lines.append(row.line)
    return ImportResult(tuple(rows), tuple(source.issues), tuple(lines))


def _row(row: Row, file: str) -> AgencyRow | None:
    case = row.required_text("case")
    on = row.day("date", required=True)
    status = row.choice("status", STATUSES, hint=HINT)
    payment = _payment(row)
    if not row.ok or on is None:
        return None
    if status is None and payment is None:
        row.error("status", "give a status, a payment (payment_reference and amount), or both")
        return None
    found_status = None if status is None else AgencyStatus(case, status, on, row.text("note"))
    found_payment = None
    if payment is not None:
        reference, amount, currency = payment
        found_payment = AgencyPayment(case, reference, on, amount, currency)
    return AgencyRow(file, row.line, found_status, found_payment)


def _payment(row: Row) -> tuple[str, Decimal, str] | None:
    reference = row.text("payment_reference")
    amount = row.amount("amount")
    currency = (row.text("currency") or "EUR").upper()
    if not reference and amount is None:
        return None
    if not reference:
        row.error("payment_reference", "is empty; a payment needs the agency's reference")
        return None
    if amount is None:
        if row.ok:
            row.error("amount", "is empty; a payment needs its amount")
        return None
    if amount <= 0:
        row.error("amount", "must be more than zero")
        return None
    try:
        Money(currency, amount)
    except InvalidValue as error:
        row.error("currency", error.reason)
        return None
    return reference[:100], amount, currency
