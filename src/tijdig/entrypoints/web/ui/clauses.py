"""Set and remove the damages clause for Belgian consumers from the workspace, through
`services.clauses` as the CLI and the API: the company's terms on the settings page (an
administrator), a customer's own contract on their page (a credit controller too).

A clause above the caps re-shows the page with the cap named next to the field (422),
nothing stored; a change redirects back (POST-redirect-GET). The service audits it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.errors import InvalidValue
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_admin, require_change
from tijdig.entrypoints.web.deps import today
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.ui.clause_form import ClauseForm, clause_form, customer_section
from tijdig.entrypoints.web.ui.customers import customer_context
from tijdig.entrypoints.web.ui.settings import settings_context
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services.companies import clauses

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

ClauseFormDep = Annotated[ClauseForm, Depends(clause_form)]


def _set(ws: Workspace, form: ClauseForm, number: str | None) -> None:
    clauses.set_clause(
        ws.tijdig.uow(), ws.company, form.clause(), customer_number=number,
        actor=actor(ws.signed_in), now=now(), today=today(),
    )  # fmt: skip


def _remove(ws: Workspace, number: str | None) -> bool:
    return clauses.remove_clause(ws.tijdig.uow(), ws.company, customer_number=number,
                                 actor=actor(ws.signed_in), now=now())  # fmt: skip


def _to_settings(ws: Workspace, done: str) -> Response:
    url = ws.url("settings", query={"done": done})
    return RedirectResponse(f"{url}#clause", status_code=303)


def _to_customer(ws: Workspace, number: str, done: str) -> Response:
    url = ws.url("customer", number=number, query={"clause": done})
    return RedirectResponse(f"{url}#clause", status_code=303)


@router.post("/settings/clause", name="settings_clause")
def save_company_clause(ws: WorkspaceDep, form: ClauseFormDep) -> Response:
    require_admin(ws.signed_in)
    try:
        _set(ws, form, None)
    except InvalidValue as error:
        context = settings_context(ws)
        context["clause"] = context["clause"].refused(form, error, ws.language)
        return ws.render("settings.html", context, status_code=status_for(error))
    return _to_settings(ws, "clause")


@router.post("/settings/clause/remove", name="settings_clause_remove")
def remove_company_clause(ws: WorkspaceDep) -> Response:
    require_admin(ws.signed_in)
    return _to_settings(ws, "clause_removed" if _remove(ws, None) else "no_clause")


@router.post("/customers/{number}/clause", name="customer_clause")
def save_customer_clause(ws: WorkspaceDep, number: str, form: ClauseFormDep) -> Response:
    require_change(ws.signed_in)
    try:
        _set(ws, form, number)
    except InvalidValue as error:
        context = customer_context(ws, number)
        section = context["clause"] or customer_section(ws, number)
        context["clause"] = section.refused(form, error, ws.language)
        return ws.render("customer.html", context, status_code=status_for(error))
    return _to_customer(ws, number, "saved")


@router.post("/customers/{number}/clause/remove", name="customer_clause_remove")
def remove_customer_clause(ws: WorkspaceDep, number: str) -> Response:
    require_change(ws.signed_in)
    return _to_customer(ws, number, "removed" if _remove(ws, number) else "none")
