"""A run's message as the customer will see it: the e-mail in a sandboxed frame, the
letter as its PDF, the plain text and the attachments; rendered by the same renderer
as `tijdig preview` and `tijdig send`, sent nowhere."""

from __future__ import annotations

import base64
import re

from fastapi import APIRouter, Depends, Response

from tijdig import clock
from tijdig.domain.errors import NotFound
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import csrf_protect
from tijdig.entrypoints.web.deps import Id
from tijdig.entrypoints.web.headers import FRAMED_FILE, framed_html
from tijdig.entrypoints.web.ui.collection import kept, labels
from tijdig.entrypoints.web.ui.run_rows import item_row
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services.collection import preview as previews
from tijdig.services.collection.preview import Preview
from tijdig.services.outbox import Attachment

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

CID = re.compile(r"""cid:([^"'\s>)]+)""")


def _preview(ws: Workspace, run_id: Id, item_id: Id) -> Preview:
    return previews.preview_item(
        ws.tijdig.uow,
        ws.company,
        ws.tijdig.preview_composer(),
        run_id,
        item_id,
        as_of=clock.today(),
    )


@router.get("/runs/{run_id}/items/{item_id}/preview", name="run_item_preview")
def preview(ws: WorkspaceDep, run_id: Id, item_id: Id) -> Response:
    """The message of a run item as the customer will see it: the e-mail in a sandboxed
    frame, the letter as its PDF, the plain text, the attachments."""
    shown = _preview(ws, run_id, item_id)
    message = shown.message
    return ws.render(
        "run_preview.html",
        {
            "preview": shown,
            "row": item_row(ws, shown.item),
            "run_id": run_id,
            "letter": bool(message and message.attachments
                           and message.attachments[0].filename == "letter.pdf"),
            "attachments": list(enumerate(message.attachments)) if message else [],
            "kept": kept(ws),
            **labels(),
        },
    )  # fmt: skip


def _inline(html: str, attachments: tuple[Attachment, ...]) -> str:
    """The e-mail's inline images (cid:...) as data URIs, so the frame needs nothing else."""
    by_id = {a.content_id: a for a in attachments if a.content_id}

    def data_uri(match: re.Match[str]) -> str:
        found = by_id.get(match.group(1))
        if found is None:
            return match.group(0)
        return f"data:{found.mime_type};base64,{base64.b64encode(found.content).decode()}"

    return CID.sub(data_uri, html)


@router.get("/runs/{run_id}/items/{item_id}/preview/body", name="run_item_preview_body")
def preview_body(ws: WorkspaceDep, run_id: Id, item_id: Id) -> Response:
    """The e-mail's HTML alone, for the sandboxed frame."""
    message = _preview(ws, run_id, item_id).message
    if message is None or not message.html:
        raise NotFound(Refusal.ITEM_NO_HTML, item=item_id)
    return framed_html(_inline(message.html, message.attachments))


@router.get("/runs/{run_id}/items/{item_id}/preview/files/{index}", name="run_item_preview_file")
def preview_file(ws: WorkspaceDep, run_id: Id, item_id: Id, index: int) -> Response:
    """An attachment of the message (the letter PDF first, for a letter), shown inline."""
    message = _preview(ws, run_id, item_id).message
    if message is None or not 0 <= index < len(message.attachments):
        raise NotFound(Refusal.ITEM_NO_ATTACHMENT, item=item_id, index=index)
    found = message.attachments[index]
    name = re.sub(r"[^A-Za-z0-9._-]", "_", found.filename) or "attachment"
    # PDFs and images show in the browser; anything else is downloaded, never run.
    shown = found.mime_type == "application/pdf" or found.mime_type.startswith("image/")
    return Response(
        found.content,
        media_type=found.mime_type if shown else "application/octet-stream",
        headers={"Content-Disposition": f'{"inline" if shown else "attachment"}; filename="{name}"',
                 "Cache-Control": "no-store", **FRAMED_FILE},
    )  # fmt: skip
