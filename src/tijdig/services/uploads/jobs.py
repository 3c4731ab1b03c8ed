"""The import job: queued with the uploads, done by a worker."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tijdig.domain.errors import ImportRefused, TijdigError
from tijdig.domain.imports import ImportIssue
from tijdig.domain.parties import Company
from tijdig.services.announce import announce_changes
from tijdig.services.receivables.einvoices import import_einvoices, known_seller
from tijdig.services.receivables.imports import ImportSummary, import_customers, import_invoices
from tijdig.services.uploads.bank import import_bank_files
from tijdig.services.uploads.files import (
    ORDER,
    NewUpload,
    Upload,
    UploadKind,
    Uploads,
    issues_json,
    shown_result,
    upload_name,
)

if TYPE_CHECKING:
    from tijdig.services.background import Job, JobQueue, Jobs, Json, Moment, TaskEnvironment
    from tijdig.services.progress import Progress


def queue_import(
    jobs: Jobs,
    queue: JobQueue,
    uploads: Uploads,
    company: Company,
    files: Sequence[NewUpload],
    *,
    max_bytes: int,
    actor: str,
    at: datetime,
) -> int:
    """Store the files and queue one import job for them; its id. A file larger than
    `max_bytes` refuses the upload, nothing stored (the CLI's limit and message)."""
    from tijdig.services.background import JobKind, queue_job

    assert company.id is not None
    too_large = [
        ImportIssue(upload_name(f.filename), f"refused: the file is larger than {max_bytes} bytes")
        for f in files
        if len(f.content) > max_bytes
    ]
    if too_large:
        raise ImportRefused(too_large)
    ids = [uploads.add(company.id, f, by=actor, at=at) for f in files]
    return queue_job(jobs, queue, company, JobKind.IMPORT, {"uploads": ids}, actor=actor, at=at)


def import_task(
    env: TaskEnvironment, company: Company, job: Job, moment: Moment, progress: Progress
) -> Json:
    """Import the job's uploads in kind order; a result per file. Customers and invoices
    go file by file; the bank statements go together, in one import as `tijdig import
    bank` takes them (one load of the ledger, one matching of all their lines)."""
    found = [env.uploads().get(int(i)) for i in job.arguments["uploads"]]
    todo = sorted((u for u in found if u is not None and u.company_id == company.id),
                  key=lambda u: (ORDER[u.kind], u.id))  # fmt: skip
    bank = [u for u in todo if u.kind is UploadKind.BANK]
    # The bank files' booking is a step of its own, the longest on a large ledger; it
    # cannot report as it goes: on SQLite its transaction holds the only write lock.
    total = len(todo) + (1 if bank else 0)
    results: dict[int, Json] = {}
    progress(0, total)
    with ExitStack() as stack:
        paths = {u.id: stack.enter_context(env.uploads().as_file(u.id)) for u in todo}
        for done, upload in enumerate((u for u in todo if u not in bank), start=1):
            results[upload.id] = _import_one(env, company, upload, paths[upload.id], job, moment)
            progress(done, total)
        if bank:
            results |= import_bank_files(env, company, bank, paths, job, moment,
                                   read=lambda: progress(len(todo), total))  # fmt: skip
            progress(total, total)
    files = [results[u.id] for u in todo]
    if any(f["kind"] == UploadKind.BANK and f["outcome"] == "booked" for f in files):
        announce_changes(env.import_uow(), company, as_of=moment.today, actor=job.queued_by,
                         at=moment.at)  # fmt: skip
    return {"files": files}


def _import_one(
    env: TaskEnvironment,
    company: Company,
    upload: Upload,
    path: Path,
    job: Job,
    moment: Moment,
) -> Json:
    shown = shown_result(upload)
    try:
        if upload.kind is UploadKind.INVOICES and env.is_xml(path):
            counts = _einvoices(env, company, path, job, moment)
        elif upload.kind is UploadKind.INVOICES:
            counts = _summary(import_invoices(
                env.import_uow(), company, [path], read=env.invoice_reader(company),
                actor=job.queued_by, at=moment.at,
            ))  # fmt: skip
        else:
            counts = _summary(import_customers(
                env.import_uow(), company, [path], read=env.read_customers, actor=job.queued_by,
                at=moment.at,
            ))  # fmt: skip
    except ImportRefused as refused:
        return shown | {"outcome": "refused", "issues": issues_json(refused.issues, path, upload)}
    except TijdigError as error:
        from tijdig.services.background import error_json

        return shown | {"outcome": "refused", "issues": [], "error": error_json(error)}
    issues = issues_json(counts.pop("warnings"), path, upload)
    return shown | counts | {"issues": issues}


def _summary(summary: ImportSummary) -> dict[str, Any]:
    before = bool(summary.files_skipped) and not summary.added and not summary.updated
    return {
        "outcome": "before" if before else "booked", "added": summary.added,
        "updated": summary.updated, "unchanged": summary.unchanged, "notes": summary.notes,
        "warnings": summary.warnings,
    }  # fmt: skip


def _einvoices(
    env: TaskEnvironment,
    company: Company,
    path: Path,
    job: Job,
    moment: Moment,
) -> dict[str, Any]:
    """An e-invoice books to its seller: refused when the seller is another company;
    an unknown seller is the uploader's company (as `--company` does)."""
    read = env.read_einvoice(path)
    with env.import_uow() as uow:
        sellers = {d.seller.name: known_seller(uow, d.seller) for d in read.items}
    seller = "cac:AccountingSupplierParty"
    others = [
        ImportIssue(path.name, f"the seller {name} is another company ({other.code})", field=seller)
        for name, other in sellers.items()
        if other is not None and other.id != company.id
    ]
    if others:
        raise ImportRefused(others)
    summary = import_einvoices(env.import_uow(), [path], read=lambda _: read, actor=job.queued_by,
                               at=moment.at, company_hint=company.code)  # fmt: skip
    return _summary(summary)
