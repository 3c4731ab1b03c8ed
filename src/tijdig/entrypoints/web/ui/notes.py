"""Internal notes on the customer page (S3-2): other departments' open complaints,
pending deliveries and extra work, listed with a form to add one and a button to close
one, through `services.records.notes` as the CLI and the API. A read-only user is
refused (403); a refused form re-shows the page with the refusal (422, 404, 409)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.collection.internal import (
    MAX_NOTE_TEXT,
    parse_department,
    parse_note_kind,
)
from tijdig.domain.errors import TijdigError
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.deps import Id
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.ui import dispute_forms
from tijdig.entrypoints.web.ui.customers import customer_context
from tijdig.entrypoints.web.ui.dispute_forms import NotesSection
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services.records import notes

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Text = Annotated[str, Form(max_length=100)]


def _to_customer(ws: Workspace, number: str) -> Response:
    url = ws.url("customer", number=number)
    return RedirectResponse(f"{url}#notes", status_code=303)


def _refused(ws: Workspace, number: str, typed: dict[str, str], error: TijdigError) -> Response:
    context: dict[str, Any] = customer_context(ws, number)
    section = context["notes"]
    context["notes"] = NotesSection(section.notes, section.holding, section.can_change,
                                    typed, error)  # fmt: skip
    return ws.render("customer.html", context, status_code=status_for(error))


@router.post("/customers/{number}/notes", name="customer_note_add")
def add_note(
    ws: WorkspaceDep,
    number: str,
    department: Annotated[str, Form(max_length=40)],
    kind: Annotated[str, Form(max_length=40)],
    text: Annotated[str, Form(max_length=MAX_NOTE_TEXT + 100)] = "",
    invoice: Annotated[str, Form(max_length=64)] = "",
    until: Text = "",
) -> Response:
    """Register a note as of the day looked from: the run holds the customer (or the
    invoice) until it is closed or its end date passes."""
    require_change(ws.signed_in)
    typed = {"department": department, "kind": kind, "text": text, "invoice": invoice,
             "until": until}  # fmt: skip
    try:
        notes.add_note(
            ws.tijdig.uow(), ws.company, number, department=parse_department(department),
            kind=parse_note_kind(kind), text=text, invoice_number=invoice.strip() or None,
            until=dispute_forms.optional_day(until, "until"), as_of=ws.as_of,
            actor=actor(ws.signed_in), at=now(),
        )  # fmt: skip
    except TijdigError as error:
        return _refused(ws, number, typed, error)
    return _to_customer(ws, number)


@router.post("/customers/{number}/notes/{note_id}/close", name="customer_note_close")
def close_note(ws: WorkspaceDep, number: str, note_id: Id) -> Response:
    """Close a note as of the day looked from: from then it holds nothing."""
    require_change(ws.signed_in)
    try:
        notes.close_note(ws.tijdig.uow(), ws.company, note_id, as_of=ws.as_of,
                         actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        return _refused(ws, number, {}, error)
    return _to_customer(ws, number)
