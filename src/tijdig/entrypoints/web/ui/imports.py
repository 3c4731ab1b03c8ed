"""Files in, from the browser (issue 14, part 2): the upload page, and a background
job's page with its progress bar (htmx polls it) and its result per file.

An upload stores the files and queues one import job (services/uploads.py); a worker
(procrastinate on PostgreSQL, `tijdig serve`'s runner on SQLite) imports them through
the CLI's own service functions. The user may leave the job's page and come back:
its progress and result are stored. Only the current company's jobs are shown."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Response, UploadFile

from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.deps import Id
from tijdig.entrypoints.web.ui.collection import see_other
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services import background, uploads
from tijdig.services.background import JobKind, JobState

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

RECENT = 10  # import jobs listed on the upload page
Files = Annotated[list[UploadFile], File()]


@router.get("/imports", name="imports")
def imports_page(ws: WorkspaceDep) -> Response:
    """The upload form, and the company's latest import jobs."""
    found = ws.tijdig.jobs().listing([ws.company_id], limit=RECENT * 3)
    recent = [j for j in found if j.kind is JobKind.IMPORT][:RECENT]
    return ws.render(
        "imports.html",
        {
            "recent": recent,
            "can_change": ws.user.role.can_change,
            "max_mb": ws.tijdig.settings.max_import_bytes // 2**20,
        },
    )


@router.post("/imports", name="imports_upload")
def upload(ws: WorkspaceDep, bank: Files = [], invoices: Files = [],  # noqa: B006
                 customers: Files = []) -> Response:  # noqa: B006  # fmt: skip
    """Store the files and queue their import; the job's page follows it. (Not async:
    storing tens of megabytes must not hold up the server's event loop.)"""
    require_change(ws.signed_in)
    chosen = {uploads.UploadKind.BANK: bank, uploads.UploadKind.INVOICES: invoices,
              uploads.UploadKind.CUSTOMERS: customers}  # fmt: skip
    limit = ws.tijdig.settings.max_import_bytes
    files = [
        uploads.NewUpload(kind, f.filename or "upload", f.file.read(limit + 1))
        for kind, given in chosen.items()
        for f in given
        if f.filename
    ]
    if not files:
        raise InvalidValue("files", Refusal.IS_EMPTY)
    job_id = uploads.queue_import(
        ws.tijdig.jobs(), ws.tijdig.job_queue(), ws.tijdig.uploads(), ws.company, files,
        max_bytes=limit, actor=actor(ws.signed_in), at=now(),
    )  # fmt: skip
    return see_other(ws.url("job", job_id=job_id))


@router.get("/jobs/{job_id}", name="job")
def job_page(ws: WorkspaceDep, job_id: Id) -> Response:
    """A background job of the company: its progress (polled while it runs) and result."""
    return ws.render("job.html", _context(ws, job_id))


@router.get("/jobs/{job_id}/progress", name="job_progress")
def job_progress(ws: WorkspaceDep, job_id: Id) -> Response:
    """The job page's progress and result, for htmx to swap in."""
    return ws.render("_job_progress.html", _context(ws, job_id))


def _context(ws: Workspace, job_id: int) -> dict[str, Any]:
    found = background.job(ws.tijdig.jobs(), job_id, company_ids=[ws.company_id])
    result = found.result or {}
    files = result.get("files", []) if found.kind is JobKind.IMPORT else []
    finished = found.state in (JobState.DONE, JobState.FAILED)
    sent = None
    if found.kind is JobKind.SEND and found.state is JobState.DONE:
        sent = result | {"closed": 1 if result.get("closed_until") else 0}
    return {
        "job": found, "finished": finished, "files": list(uploads.issue_counts(files)),
        "sent_counts": sent, "run_id": result.get("run_id") or found.arguments.get("run"),
    }  # fmt: skip
