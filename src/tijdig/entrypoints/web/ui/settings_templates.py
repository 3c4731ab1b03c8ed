"""Message templates with a live preview: pick a step of the company's policies and a
customer, and see the e-mail or letter exactly as that customer would get it today
(rendered through `services.collection.preview`, nothing sent). htmx swaps in the preview."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from tijdig.domain.collection.policy import StepChannel
from tijdig.domain.errors import NotFound, TijdigError
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import csrf_protect
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.headers import FRAMED_FILE, framed_html
from tijdig.entrypoints.web.rendering import said
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services.collection import preview as preview_service
from tijdig.services.collection import run as dunning
from tijdig.services.collection import template_texts
from tijdig.services.collection.messages import ComposedMessage

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Step = Annotated[str, Query(max_length=40)]
CustomerNumber = Annotated[str, Query(max_length=64)]


def _steps(ws: Workspace) -> list[tuple[str, str, str]]:
    """(step key, channel, policies using it) of every message step, in policy order."""
    with ws.tijdig.uow() as uow:
        _, policies = dunning.policies_for(uow, ws.company)
    found: dict[str, tuple[str, list[str]]] = {}
    for policy in policies.policies:
        for step in policy.steps:
            if step.channel is not StepChannel.CALL:
                found.setdefault(step.key, (step.channel.value, []))[1].append(policy.code)
    return [(key, channel, ", ".join(codes)) for key, (channel, codes) in found.items()]


def _inline(message: ComposedMessage) -> str:
    """The HTML with its inline images (cid:) as data: addresses, for the iframe."""
    html = message.html or ""
    for item in message.attachments:
        if item.content_id:
            data = base64.b64encode(item.content).decode()
            html = html.replace(f"cid:{item.content_id}", f"data:{item.mime_type};base64,{data}")
    return html


def _preview(ws: Workspace, step: str, customer: str) -> dict[str, Any]:
    """The rendered message, or the reason there is none."""
    if not step or not customer.strip():
        return {"message": None, "error": ""}
    try:
        request, message = preview_service.preview(
            ws.tijdig.uow, ws.company, ws.tijdig.composer(), customer.strip(), step,
            as_of=ws.as_of,
        )  # fmt: skip
    except TijdigError as error:
        return {"message": None, "error": said(error, ws.language), "status": status_for(error),
                "refusal": error}  # fmt: skip
    return {"message": message, "channel": request.channel.value, "html": _inline(message),
            "error": ""}  # fmt: skip


@router.get("/settings/templates", name="settings_templates")
def templates_page(ws: WorkspaceDep, step: Step = "", customer: CustomerNumber = "") -> Response:
    shown = _preview(ws, step, customer)
    wordings = template_texts.wordings(ws.tijdig.uow(), ws.tijdig.shipped_templates(), ws.company)
    context = {"steps": _steps(ws), "step": step, "customer": customer, "wordings": wordings,
               **shown}  # fmt: skip
    return ws.render("settings_templates.html", context, status_code=shown.get("status", 200))


@router.get("/settings/templates/preview", name="settings_template_preview")
def template_preview(ws: WorkspaceDep, step: Step = "", customer: CustomerNumber = "") -> Response:
    """The preview alone, for htmx to swap in. htmx swaps only a success, so its
    request gets the reason there is no preview with 200; others get the error status."""
    shown = _preview(ws, step, customer)
    context = {"step": step, "customer": customer, **shown}
    status = 200 if ws.request.headers.get("HX-Request") else shown.get("status", 200)
    return ws.render("settings_preview.html", context, status_code=status)


@router.get("/settings/templates/preview/body", name="settings_template_preview_body")
def template_preview_body(
    ws: WorkspaceDep, step: Step = "", customer: CustomerNumber = ""
) -> Response:
    """The e-mail's HTML alone, for the preview's sandboxed frame (a `srcdoc` frame
    would fall under the workspace's own policy, which allows no inline style)."""
    shown = _preview(ws, step, customer)
    if not shown.get("html"):
        raise shown.get("refusal") or NotFound(Refusal.MESSAGE_NO_HTML)
    return framed_html(shown["html"])


@router.get("/settings/templates/attachment/{index}", name="settings_template_attachment")
def template_attachment(
    ws: WorkspaceDep, index: int, step: Step = "", customer: CustomerNumber = ""
) -> Response:
    """An attachment of the preview (the letter PDF, an invoice copy), shown inline."""
    shown = _preview(ws, step, customer)
    message: ComposedMessage | None = shown["message"]
    if message is None or not 0 <= index < len(message.attachments):
        raise shown.get("refusal") or NotFound(Refusal.NO_ATTACHMENT, index=index)
    item = message.attachments[index]
    headers = {"Content-Disposition": "inline", "Cache-Control": "no-store", **FRAMED_FILE}
    return Response(item.content, media_type=item.mime_type, headers=headers)
