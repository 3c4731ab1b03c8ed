"""Booking payment history from the books: paid and partly paid invoices, their payments
and credit notes, all or nothing and idempotent (issue 16).

History becomes the records the demo has (adapters/demo/ledger.py), so the customer
page's behaviour chart and trend, first-time-late calls and the engine's "frequent late
payer" rule read it from the first day: each payment a payment row with one allocation
to its invoice on the day paid; a credit note settled against an invoice an allocation
from the credit note; every invoice's open amount what is left. History is not
collection: no step is recorded, and an invoice paid in full is not open, so no run
proposes anything for it.

The rules:
- An invoice or credit note in the entries is booked as `import_invoices` books one: the
  same one again is unchanged, another with its number is an error. One already stored
  with another open amount (an open-items import of an earlier day) is the same invoice.
- A payment's invoice is in the entries or in the database, else the line is an error;
  it belongs to that invoice's customer and currency. A payment on a credit note is its
  set-off against the invoice its reference names; one naming none (a refund) is left
  out with a note.
- An invoice's payments and set-offs never exceed what was payable (an error on the
  line that would). They first explain what the books already left out of its open
  amount (an open amount after payments made before the export day), then lower it.
- Each line has a key (invoice, day, amount, currency, reference and how many identical
  lines came before it in its file): a line whose key was booked before, from this file
  or an overlapping export, is unchanged. A file whose content was booked before is
  skipped unread.

An import writes one `history.import` audit entry per customer it booked for, in the
same transaction; one for the company when it booked nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from tijdig.domain.books import BookEntry
from tijdig.domain.errors import ImportRefused
from tijdig.domain.parties import Company
from tijdig.services.ports import Progress, no_progress
from tijdig.services.receivables.history_keys import Source, history_key
from tijdig.services.receivables.history_plan import KIND, HistoryPlan, HistorySummary
from tijdig.services.receivables.history_ports import HistoryUnitOfWork
from tijdig.services.receivables.imports import ImportSummary, Reader, _read_all, file_digest

__all__ = ["HistorySummary", "Source", "book_history", "history_key", "import_history"]


def import_history(
    uow: HistoryUnitOfWork,
    company: Company,
    paths: Sequence[Path],
    *,
    read: Reader[BookEntry],
    actor: str,
    at: datetime,
    progress: Progress = no_progress,
) -> HistorySummary:
    """Book the history in files (a file booked before is skipped), all or nothing."""
    read_summary = ImportSummary(files=len(paths))
    results = _read_all(paths, read, kind=KIND, uow=uow, company=company, summary=read_summary)
    summary = HistorySummary(
        files=len(paths), files_skipped=read_summary.files_skipped, warnings=read_summary.warnings
    )
    files = [(file_digest(path), path.name, len(result.items)) for path, result in results]
    sources = [(str(path), result) for path, result in results]
    return book_history(
        uow, company, sources, actor=actor, at=at, summary=summary, files=files, progress=progress
    )


def book_history(
    uow: HistoryUnitOfWork,
    company: Company,
    sources: Sequence[Source],
    *,
    actor: str,
    at: datetime,
    summary: HistorySummary | None = None,
    files: Sequence[tuple[str, str, int]] = (),
    progress: Progress = no_progress,
) -> HistorySummary:
    """Book entries already read (per source: its name and its reader's result, whose
    errors refuse it all); `files`: (sha256, name, rows) to remember as imported."""
    issues = [issue for _, result in sources for issue in result.issues]
    if any(issue.is_error for issue in issues):
        raise ImportRefused(issues)
    if summary is None:  # else import_history's, with the readers' warnings already
        summary = HistorySummary(files=len(sources), warnings=issues)
    assert company.id is not None
    with uow:
        plan = HistoryPlan(uow, company, summary)
        plan.check(sources)
        if plan.issues:
            raise ImportRefused(plan.issues)
        plan.book()
        for digest, name, rows in files:
            uow.imported_files.record(company.id, KIND, digest, name, f"{rows} rows", at=at)
        if sources:
            plan.record(actor=actor, at=at, names=[name for name, _ in sources])
        uow.commit()
    progress(summary.payments_added + summary.set_offs_added)
    return summary
