"""Privacy (AVG/GDPR) for administrators: download everything held on one debtor, erase
(anonymise) a debtor, set the retention period and apply it. Every action is audited,
the export too: it hands out personal data (and so it is a POST: a GET writes nothing)."""

from __future__ import annotations

import json
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Response

from tijdig.domain.errors import TijdigError
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_admin
from tijdig.entrypoints.web.ui.settings import refused, saved
from tijdig.entrypoints.web.ui.workspace import Workspace, WorkspaceDep
from tijdig.services import privacy

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

CustomerNumber = Annotated[str, Form(min_length=1, max_length=64)]


def _export(ws: Workspace, number: str) -> Response:
    """Everything held on the customer, as one JSON file to download; audited, so asked
    for with a POST (a GET writes nothing)."""
    require_admin(ws.signed_in)
    data = privacy.export_customer(ws.tijdig.uow(), ws.company, number,
                                   destination="downloaded as JSON", actor=actor(ws.signed_in),
                                   at=now())  # fmt: skip
    filename = quote(f"{ws.company.code}-{number}-personal-data.json")
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}",
                 "Cache-Control": "no-store"},
    )  # fmt: skip


@router.post("/privacy/customers/{number}/export", name="privacy_export")
def export(ws: WorkspaceDep, number: str) -> Response:
    return _export(ws, number)


@router.post("/privacy/export", name="privacy_export_form")
def export_form(ws: WorkspaceDep, customer: CustomerNumber) -> Response:
    """The settings form names a customer."""
    return _export(ws, customer.strip())


def _erase(ws: Workspace, number: str) -> Response:
    require_admin(ws.signed_in)
    try:
        privacy.erase_customer(ws.tijdig.uow(), ws.company, number, as_of=ws.as_of,
                               actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        return refused(ws, "privacy", error)
    return saved(ws, "erased", "privacy")


@router.post("/privacy/customers/{number}/erase", name="privacy_erase")
def erase(ws: WorkspaceDep, number: str) -> Response:
    """Anonymise the customer, or show why not (a claim open, retention running)."""
    return _erase(ws, number)


@router.post("/privacy/erase", name="privacy_erase_form")
def erase_form(ws: WorkspaceDep, customer: CustomerNumber) -> Response:
    return _erase(ws, customer.strip())


@router.post("/settings/privacy", name="settings_retention")
def save_retention(ws: WorkspaceDep, years: Annotated[int, Form(ge=-100, le=100)]) -> Response:
    require_admin(ws.signed_in)
    try:
        privacy.set_retention(ws.tijdig.uow(), ws.company, years, actor=actor(ws.signed_in),
                              at=now())  # fmt: skip
    except TijdigError as error:
        return refused(ws, "privacy", error)
    return saved(ws, "retention", "privacy")


@router.get("/privacy/apply", name="privacy_apply_preview")
def apply_preview(ws: WorkspaceDep) -> Response:
    """Who applying the retention period would anonymise today, and who it keeps."""
    require_admin(ws.signed_in)
    erased, kept = privacy.apply_retention(ws.tijdig.uow(), ws.company, as_of=ws.as_of,
                                           actor=actor(ws.signed_in), at=now(),
                                           dry_run=True)  # fmt: skip
    found = privacy.retention(ws.tijdig.uow(), ws.company)
    return ws.render("privacy_apply.html", {"erased": erased, "kept": kept, "retention": found})


@router.post("/privacy/apply", name="privacy_apply")
def apply(ws: WorkspaceDep) -> Response:
    require_admin(ws.signed_in)
    privacy.apply_retention(ws.tijdig.uow(), ws.company, as_of=ws.as_of,
                            actor=actor(ws.signed_in), at=now(), dry_run=False)  # fmt: skip
    return saved(ws, "applied", "privacy")
