"""Give a customer a hardship status and end it from their page, and set the company's
own task texts on the settings page, through `services.records.hardship` as the CLI and
the API. A read-only user is refused (403); a refused form re-shows the page with the
reason (422, 409); a change redirects back (POST-redirect-GET). The service audits it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.errors import TijdigError
from tijdig.domain.hardship import (
    MAX_EVIDENCE,
    MAX_FILE_REFERENCE,
    HardshipKind,
    parse_kind,
    task_text,
)
from tijdig.entrypoints.web import i18n
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_admin, require_change
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.ui.customers import customer_context
from tijdig.entrypoints.web.ui.hardship_form import (
    HardshipForm,
    default_task,
    parse_day,
    refusal,
)
from tijdig.entrypoints.web.ui.settings import saved, settings_context
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services.records import hardship

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Day = Annotated[str, Form(max_length=20)]


def _to_customer(ws: Workspace, number: str, done: str) -> Response:
    url = ws.url("customer", number=number, query={"hardship": done})
    return RedirectResponse(f"{url}#hardship", status_code=303)


def _refused(ws: Workspace, number: str, form: HardshipForm, error: TijdigError) -> Response:
    context = customer_context(ws, number)
    context["hardship"] = context["hardship"].refused(form, error)
    return ws.render("customer.html", context, status_code=status_for(error))


@router.post("/customers/{number}/hardship", name="customer_hardship")
def set_status(
    ws: WorkspaceDep,
    number: str,
    kind: Annotated[str, Form(max_length=40)],
    since: Day,
    evidence: Annotated[str, Form(max_length=MAX_EVIDENCE + 100)] = "",
    evidence_file: Annotated[str, Form(max_length=MAX_FILE_REFERENCE + 100)] = "",
) -> Response:
    """Give the customer a status as of the day looked from: collection pauses."""
    require_change(ws.signed_in)
    form = HardshipForm(kind, since, evidence, evidence_file)
    try:
        hardship.set_hardship(
            ws.tijdig.uow(), ws.company, number, parse_kind(kind), since=parse_day(since),
            evidence=hardship.Evidence(evidence, evidence_file or None), as_of=ws.as_of,
            actor=actor(ws.signed_in), at=now(),
        )  # fmt: skip
    except TijdigError as error:
        return _refused(ws, number, form, error)
    return _to_customer(ws, number, "set")


@router.post("/customers/{number}/hardship/end", name="customer_hardship_end")
def end_status(ws: WorkspaceDep, number: str, ended_on: Day = "") -> Response:
    """End the customer's running status: collection resumes from that day."""
    require_change(ws.signed_in)
    try:
        day = parse_day(ended_on) if ended_on.strip() else ws.as_of
        hardship.end_hardship(ws.tijdig.uow(), ws.company, number, ended_on=day,
                              as_of=ws.as_of, actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        return _refused(ws, number, HardshipForm(since=ws.as_of.isoformat()), error)
    return _to_customer(ws, number, "ended")


@router.post("/settings/hardship-tasks", name="settings_hardship_tasks")
async def save_task_texts(ws: WorkspaceDep) -> Response:
    """The company's own text of each kind's task; left as the default shows, it stays
    the default (in every reader's language). Only the texts changed are saved."""
    require_admin(ws.signed_in)
    form = await ws.request.form()
    current = hardship.task_texts(ws.tijdig.uow(), ws.company)
    wanted: dict[HardshipKind, str | None] = {}
    try:
        for kind in HardshipKind:
            typed = str(form.get(f"task_{kind.value}", ""))[:1000]
            shown = i18n.gettext(ws.language, default_task(kind))
            same = " ".join(typed.split()) in ("", " ".join(shown.split()))
            wanted[kind] = None if same else task_text(typed)
        for kind, own in wanted.items():
            if own != current.get(kind):
                hardship.set_task_text(ws.tijdig.uow(), ws.company, kind, own,
                                       actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        words = i18n.gettext(ws.language, refusal(error))
        context = settings_context(ws) | {"errors": {"hardship": words}}
        return ws.render("settings.html", context, status_code=status_for(error))
    return saved(ws, "hardship", "hardship")
