"""Keeping in step with the books, in the browser (issue 16, part 3): an export of the
books uploaded on the imports page, its difference from the previous export of the
same source shown (the preview reads only), then booked by the Apply button.

The upload is stored as the imports page's uploads are (services/uploads); the preview
and the sync call the CLI's own use case (services/receivables/sync.py: `diff_export`,
`apply_sync`), so the page shows exactly what `tijdig import invoices --sync
--dry-run` prints."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile

from tijdig.domain.errors import ImportRefused, InvalidValue, NotFound
from tijdig.domain.export_diff import SyncField
from tijdig.domain.imports import ImportIssue
from tijdig.domain.invoices import Invoice
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.deps import FIRST_DAY, LAST_DAY, Id
from tijdig.entrypoints.web.ui.collection import see_other
from tijdig.entrypoints.web.ui.customer_action_forms import optional_day
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services import uploads
from tijdig.services.receivables.books import open_invoices
from tijdig.services.receivables.sync import apply_sync, diff_export, export_day, source_key

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

SourceName = Annotated[str, Form(max_length=60)]
ExportDay = Annotated[str, Form(max_length=10)]  # a date field: empty, or YYYY-MM-DD
SourceQuery = Annotated[str, Query(max_length=60)]
DayQuery = Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY)]
FIELD_NAMES = {
    SyncField.CUSTOMER: N_("customer"),
    SyncField.ISSUE_DATE: N_("invoice date"),
    SyncField.DUE_DATE: N_("due date"),
    SyncField.TOTAL: N_("total"),
    SyncField.OPEN_AMOUNT: N_("open amount"),
}


@router.post("/imports/sync", name="book_sync_upload")
def upload_export(
    ws: WorkspaceDep,
    export: Annotated[UploadFile, File()],
    source: SourceName = "",
    exported_on: ExportDay = "",
) -> Response:
    """Store the export and show its difference (nothing is booked yet)."""
    require_change(ws.signed_in)
    day = optional_day(exported_on, "exported_on")
    limit = ws.tijdig.settings.max_import_bytes
    content = export.file.read(limit + 1)
    if not export.filename or not content:
        raise InvalidValue("export", Refusal.IS_EMPTY)
    if len(content) > limit:  # the imports' own limit and message (services/uploads)
        name = uploads.upload_name(export.filename)
        raise ImportRefused([ImportIssue(name, f"refused: the file is larger than {limit} bytes")])
    stored = uploads.NewUpload(uploads.UploadKind.INVOICES, export.filename, content)
    upload_id = ws.tijdig.uploads().add(ws.company_id, stored, by=actor(ws.signed_in), at=now())
    return see_other(_preview_url(ws, upload_id, source, day))


@router.get("/imports/sync/{upload_id}", name="book_sync")
def preview(
    ws: WorkspaceDep,
    upload_id: Id,
    source: SourceQuery = "",
    exported_on: DayQuery = None,
    synced: Annotated[bool, Query()] = False,
) -> Response:
    """The difference the export makes from the previous one of its source. Reads only."""
    name, kind, invoices = _export(ws, upload_id)
    day = export_day(exported_on, None, ws.as_of)  # the invoice CSV carries no export day
    result = diff_export(ws.tijdig.uow(), ws.company, invoices, source=source_key(kind, source),
                         exported_on=day)  # fmt: skip
    context: dict[str, Any] = {
        "result": result, "upload_id": upload_id, "filename": name, "source": source,
        "exported_on": day, "synced": synced, "field_names": FIELD_NAMES,
        "closing": {(c.kind, c.number): c for c in result.plan.closures},
        "explained": {i.key for i in result.plan.explained},
        "can_change": ws.user.role.can_change,
    }  # fmt: skip
    return ws.render("book_sync.html", context)


@router.post("/imports/sync/{upload_id}/apply", name="book_sync_apply")
def apply(
    ws: WorkspaceDep,
    upload_id: Id,
    source: SourceName = "",
    exported_on: ExportDay = "",
) -> Response:
    """Book the difference (all or nothing), then show the export again: no difference."""
    require_change(ws.signed_in)
    day = export_day(optional_day(exported_on, "exported_on"), None, ws.as_of)
    name, kind, invoices = _export(ws, upload_id)
    apply_sync(ws.tijdig.uow(), ws.company, invoices, source=source_key(kind, source),
               exported_on=day, filename=name, actor=actor(ws.signed_in), at=now())  # fmt: skip
    return see_other(_preview_url(ws, upload_id, source, day, synced=True))


def _preview_url(
    ws: Workspace, upload_id: int, source: str, day: date | None, *, synced: bool = False
) -> str:
    query: dict[str, str] = {"source": source} if source else {}
    if day is not None:
        query["exported_on"] = day.isoformat()
    if synced:
        query["synced"] = "true"
    return str(ws.url("book_sync", upload_id=upload_id, query=query))


def _export(ws: Workspace, upload_id: int) -> tuple[str, str, tuple[Invoice, ...]]:
    """The uploaded export's name, its kind (our CSV, or the accounting package whose
    export it is: its open items) and its invoices; refused whole when a row is wrong."""
    store = ws.tijdig.uploads()
    found = store.get(upload_id)
    if found is None or found.company_id != ws.company_id:
        raise NotFound(Refusal.NOT_FOUND, thing="upload", key=upload_id)
    with store.as_file(upload_id) as path:
        package = ws.tijdig.books_format(path)
        if package is not None:
            read = open_invoices(ws.tijdig.books_reader(ws.company, package)(path))
        else:
            read = ws.tijdig.invoice_reader(ws.company)(path)
    if not read.ok:  # named by the uploaded file's name, not the temporary file's path
        raise ImportRefused([replace(i, file=found.filename) for i in read.issues])
    return found.filename, package or "csv", read.items
