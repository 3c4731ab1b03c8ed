"""Files uploaded in the workspace, imported by a background job (issue 14, part 2).

An upload is kept in the database (`Uploads`) so a worker on any machine can read it;
`queue_import` stores a set of uploads and queues one "import" job for them. The job
(`import_task`) imports each file through the very service functions the CLI's
`tijdig import` uses, one call per file: each file is all-or-nothing by itself (a
refused invoice file books nothing, and does not stop the next file), with the same
messages and the same size limit, and idempotent (the services fingerprint files,
invoices and bank lines: the same file twice books nothing twice).

One job per upload, not per file: the files go in an order that makes sense (customers,
then invoices, then bank statements, so a payment finds the invoice uploaded with it),
and one page follows them all. The result has one entry per file: booked (with what
waits for review and the warnings), imported before, or refused with the issues (file,
line, field).

Only the uploader's company is touched: a bank statement of an account another company
owns, or an e-invoice whose seller is another company, is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tijdig.domain.banking import BankStatement
from tijdig.domain.einvoice import UblDocument
from tijdig.domain.errors import ImportRefused, TijdigError
from tijdig.domain.imports import ImportIssue, ImportResult, Severity
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.services.announce import announce_changes
from tijdig.services.bank.matching import MatchAll, MatchingUnitOfWork, import_and_match
from tijdig.services.bulk import gc_paused
from tijdig.services.hand_over.ports import DirectPaymentsUnitOfWork
from tijdig.services.receivables.einvoices import import_einvoices, known_seller
from tijdig.services.receivables.imports import ImportSummary, import_customers, import_invoices

if TYPE_CHECKING:
    from tijdig.services.background import Job, JobQueue, Jobs, Json, Moment, TaskEnvironment
    from tijdig.services.progress import Progress


class UploadKind(StrEnum):
    """What a file is, as the uploader said; in the order a job imports them."""

    CUSTOMERS = "customers"
    INVOICES = "invoices"  # CSV or UBL e-invoices (read from the content, as the CLI does)
    BANK = "bank"  # MT940 or CAMT.053 (read from the content)


ORDER = {kind: i for i, kind in enumerate(UploadKind)}


@dataclass(frozen=True, slots=True)
class Upload:
    id: int
    company_id: int
    kind: UploadKind
    filename: str
    size: int


@dataclass(frozen=True, slots=True)
class NewUpload:
    """A file as the browser sent it."""

    kind: UploadKind
    filename: str
    content: bytes


class Uploads(Protocol):
    def add(self, company_id: int, upload: NewUpload, *, by: str, at: datetime) -> int: ...
    def get(self, upload_id: int) -> Upload | None: ...
    def as_file(self, upload_id: int) -> AbstractContextManager[Path]:
        """The upload's bytes as a file named as uploaded (a temporary one, removed after)."""


class ImportUnitOfWork(MatchingUnitOfWork, DirectPaymentsUnitOfWork, Protocol):
    """What the import services write through (the CLI's `app.uow()`)."""


class ImportEnvironment(Protocol):
    """What an import job uses of an installation (part of `TaskEnvironment`)."""

    def import_uow(self) -> ImportUnitOfWork: ...
    def uploads(self) -> Uploads: ...
    def read_customers(self, path: Path) -> ImportResult[Customer]: ...
    def invoice_reader(self, company: Company) -> Callable[[Path], ImportResult[Invoice]]: ...
    def read_einvoice(self, path: Path) -> ImportResult[UblDocument]: ...
    def read_statements(self, paths: Sequence[Path]) -> list[ImportResult[BankStatement]]: ...
    def match_all(self) -> MatchAll: ...
    def is_xml(self, path: Path) -> bool: ...


NAME_BYTES = 200  # a file name's length in UTF-8: file systems allow 255 bytes


def upload_name(filename: str) -> str:
    """The file's own name as a job writes it to a folder of its own: without any folders
    the browser sent, control characters or leading dots ("..": never a path), at most
    NAME_BYTES long in UTF-8; "upload" when nothing is left."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip().lstrip(".").strip()
    name = name.encode()[:NAME_BYTES].decode(errors="ignore")
    return name or "upload"


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
    """Import the job's uploads, each on its own, in kind order; a result per file."""
    found = [env.uploads().get(int(i)) for i in job.arguments["uploads"]]
    todo = sorted((u for u in found if u is not None and u.company_id == company.id),
                  key=lambda u: (ORDER[u.kind], u.id))  # fmt: skip
    files: list[Json] = []
    progress(0, len(todo))
    for done, upload in enumerate(todo, start=1):
        with env.uploads().as_file(upload.id) as path:
            files.append(_import_one(env, company, upload, path, job, moment))
        progress(done, len(todo))
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
    shown = {"name": upload.filename, "kind": upload.kind.value, "size": upload.size,
             "error": None}  # fmt: skip
    try:
        if upload.kind is UploadKind.BANK:
            counts = _bank(env, company, path, job, moment)
        elif upload.kind is UploadKind.INVOICES and env.is_xml(path):
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
        return shown | {"outcome": "refused", "issues": _issues(refused.issues, path, upload)}
    except TijdigError as error:
        from tijdig.services.background import error_json

        return shown | {"outcome": "refused", "issues": [], "error": error_json(error)}
    issues = _issues(counts.pop("warnings"), path, upload)
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


def _bank(
    env: TaskEnvironment,
    company: Company,
    path: Path,
    job: Job,
    moment: Moment,
) -> dict[str, Any]:
    """Statements of accounts the company owns, or no company yet (it then owns them)."""
    with gc_paused():  # as `tijdig import bank` does: the same speed on a large ledger
        return _bank_paused(env, company, path, job, moment)


def _bank_paused(
    env: TaskEnvironment,
    company: Company,
    path: Path,
    job: Job,
    moment: Moment,
) -> dict[str, Any]:
    (read,) = env.read_statements([path])
    with env.import_uow() as uow:
        owners = {s.account: uow.bank.owner_of(s.account) for s in read.items}
    others = [
        ImportIssue(path.name, f"account {account} belongs to another company", field="account")
        for account, owner in owners.items()
        if owner is not None and owner != company.id
    ]
    if others:
        raise ImportRefused(others)
    summary, results = import_and_match(
        env.import_uow(), [path], read=lambda _: read, company_hint=company, actor=job.queued_by,
        at=moment.at, match_all=env.match_all(),
    )  # fmt: skip
    mine = [r for r in results if r.company_code == company.code]
    before = summary.new == 0 and summary.duplicates > 0
    return {
        "outcome": "before" if before else "booked", "statements": summary.statements,
        "new": summary.new, "duplicates": summary.duplicates,
        "matched": sum(r.matched for r in mine), "review": sum(r.review for r in mine),
        "reopened": sum(r.reopened for r in mine), "warnings": summary.warnings,
    }  # fmt: skip


def _issues(issues: Sequence[ImportIssue], path: Path, upload: Upload) -> list[Json]:
    """The issues as JSON, each named by the uploaded file's name (not the temporary
    file's path the reader saw)."""

    def named(file: str) -> str:
        return upload.filename if file in (str(path), path.name) else file

    return [_issue(i, named(i.file)) for i in issues]


def _issue(issue: ImportIssue, file: str) -> Json:
    return {"file": file, "line": issue.line, "field": issue.field, "message": issue.message,
            "severity": issue.severity.value}  # fmt: skip


def issue_counts(files: Sequence[Json]) -> Iterator[tuple[Json, int, int]]:
    """Per file: its result, its errors and its warnings (for the page)."""
    for file in files:
        issues = file.get("issues", [])
        errors = sum(1 for i in issues if i["severity"] == Severity.ERROR.value)
        yield file, errors, len(issues) - errors
