"""Booking an accounting package's export: its open items now, its history elsewhere.

A package reader (`adapters/importers/books`) gives `BookEntry` values: invoices and
credit notes, open or paid, and payments. Only what is still open is collection work:
`import_open_items` books the open invoices and credit notes through the invoice import
(all-or-nothing, idempotent, audited as every import). A paid invoice never becomes an
open item; it and the payments are history, booked by the history import
(`services.receivables.history.import_history`) from the same files and reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from tijdig.domain.books import BookEntry, HistoryPayment
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.ports import Progress, no_progress
from tijdig.services.receivables.imports import ImportSummary, Reader, import_invoices


def split_entries(
    entries: Iterable[BookEntry],
) -> tuple[tuple[Invoice, ...], tuple[HistoryPayment, ...]]:
    """The invoices (open and paid, credit notes too) and the payments, each in order."""
    invoices: list[Invoice] = []
    payments: list[HistoryPayment] = []
    for entry in entries:
        if isinstance(entry, Invoice):
            invoices.append(entry)
        else:
            payments.append(entry)
    return tuple(invoices), tuple(payments)


def open_invoices(result: ImportResult[BookEntry]) -> ImportResult[Invoice]:
    """The result with only the invoices and credit notes still open, each with its file
    line, and every issue: what the invoice import books as open items."""
    kept = [
        (entry, result.line_of(i))
        for i, entry in enumerate(result.items)
        if isinstance(entry, Invoice) and entry.is_open()
    ]
    lines = tuple(line for _, line in kept if line is not None)
    return ImportResult(
        tuple(entry for entry, _ in kept), result.issues, lines if len(lines) == len(kept) else ()
    )


def import_open_items(
    uow: AuditedUnitOfWork,
    company: Company,
    paths: Sequence[Path],
    *,
    read: Reader[BookEntry],
    actor: str,
    at: datetime,
    source: str,
    progress: Progress = no_progress,
) -> ImportSummary:
    """Book the open invoices and credit notes of package exports (`source` names the
    package); says in a note how many paid invoices and payments were left to history."""
    history = {"paid": 0, "payments": 0}

    def read_open(path: Path) -> ImportResult[Invoice]:
        result = read(path)
        invoices, payments = split_entries(result.items)
        history["paid"] += sum(1 for invoice in invoices if not invoice.is_open())
        history["payments"] += len(payments)
        return open_invoices(result)

    summary = import_invoices(uow, company, paths, read=read_open, actor=actor, at=at,
                              source=source, progress=progress)  # fmt: skip
    if history["paid"] or history["payments"]:
        summary.notes.append(
            f"{history['paid']} paid invoice(s) and {history['payments']} payment(s) are "
            "history, not open items"
        )
    return summary
