"""The hand-over section of the customer page: hand the customer over (off-policy, with a
reason), the case with its status and history, a form to change the status, and the
case's file to download. Through `services.hand_over.cases`, as the CLI and the API. A
read-only user is refused (403); a refused form re-shows the page with the reason in
the reader's words; a change redirects back (POST-redirect-GET). The download only
reads the file written when the case opened."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.errors import InvalidValue, TijdigError
from tijdig.domain.hand_over import CaseStatus, Source
from tijdig.domain.refusals import Refusal
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.rendering import said
from tijdig.entrypoints.web.ui.customers import customer_context
from tijdig.entrypoints.web.ui.hand_over_form import STATUS_LABELS
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services.hand_over import cases

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


def _back(ws: Workspace, number: str, done: str) -> Response:
    url = ws.url("customer", number=number, query={"hand_over": done})
    return RedirectResponse(f"{url}#hand-over", status_code=303)


def _refused(ws: Workspace, number: str, error: TijdigError, reason: str = "") -> Response:
    context = customer_context(ws, number)
    context["hand_over"] = replace(context["hand_over"], error=said(error, ws.language),
                                   reason=reason)  # fmt: skip
    return ws.render("customer.html", context, status_code=status_for(error))


@router.post("/customers/{number}/hand-over", name="customer_hand_over")
def hand_over(
    ws: WorkspaceDep,
    number: str,
    reason: Annotated[str, Form(max_length=cases.REASON_LENGTH + 100)] = "",
) -> Response:
    """Hand the customer over today, off-policy, with the reason given."""
    require_change(ws.signed_in)
    try:
        cases.open_case(
            ws.tijdig.uow(), ws.tijdig.hand_over_files(), ws.tijdig.invoice_copies(), ws.company,
            number, reason=reason, actor=actor(ws.signed_in), source=Source.WORKSPACE,
            at=now(), as_of=ws.as_of,
        )  # fmt: skip
    except TijdigError as error:
        return _refused(ws, number, error, reason)
    return _back(ws, number, "opened")


@router.post("/customers/{number}/hand-over/status", name="customer_hand_over_status")
def change_status(
    ws: WorkspaceDep,
    number: str,
    status: Annotated[str, Form(max_length=40)],
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Give the customer's latest case a new status, from the day looked from."""
    require_change(ws.signed_in)
    try:
        if status not in STATUS_LABELS:
            raise InvalidValue("status", Refusal.ONE_OF, value=status,
                               allowed=", ".join(STATUS_LABELS))  # fmt: skip
        cases.change_status(ws.tijdig.uow(), ws.company, number, CaseStatus(status),
                            actor=actor(ws.signed_in), source=Source.WORKSPACE, at=now(),
                            on=ws.as_of, note=note)  # fmt: skip
    except TijdigError as error:
        return _refused(ws, number, error)
    return _back(ws, number, "status")


@router.get("/hand-overs/{reference}/file", name="hand_over_file")
def case_file(ws: WorkspaceDep, reference: str) -> Response:
    """The case's file as written when it opened (reading only)."""
    name, content = cases.case_file(ws.tijdig.uow(), ws.company, reference)
    return Response(content, media_type="application/zip", headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "private, no-store"})  # fmt: skip
