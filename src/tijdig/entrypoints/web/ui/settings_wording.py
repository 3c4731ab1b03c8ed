"""A company's own wording of a message template, per language (issue 15): the text in
a box, a preview for a customer (nothing sent, nothing stored), saving it once the
letter rules pass on that preview, and a reset to the shipped text. Through
`services.collection.template_texts`; saving and resetting are audited and for an
administrator. A refused text re-shows the page with what was typed and the refusal,
naming what is missing (422)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.errors import TijdigError
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_admin
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.rendering import said
from tijdig.entrypoints.web.ui.workspace import N_, Workspace, WorkspaceDep
from tijdig.services.collection import template_texts
from tijdig.services.collection.messages import ComposedMessage, MessageRequest

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])

Source = Annotated[str, Form(max_length=50_000)]
CustomerNumber = Annotated[str, Form(max_length=64)]
# The language of a wording, named in the reader's; not `language_names`, which is the
# language switcher's (base.html) and would be shadowed by it.
WORDING_LANGUAGES = {"nl": N_("Dutch"), "en": N_("English"), "fr": N_("French")}
PATH = "/settings/templates/edit/{language}/{template}"
DONE = {"saved": N_("Template text saved."), "reset": N_("Template text reset to the default."),
        "unchanged": N_("The default text was already in use.")}  # fmt: skip


def _context(ws: Workspace, language: str, template: str, **shown: Any) -> dict[str, Any]:
    found = template_texts.wording(ws.tijdig.uow(), ws.tijdig.shipped_templates(), ws.company,
                                   language, template)  # fmt: skip
    return {"wording": found, "text": found.text, "customer": "", "message": None, "error": "",
            "done": "", "is_admin": ws.user.role.can_administer,
            "wording_languages": WORDING_LANGUAGES,
            "steps": template_texts.steps_using(ws.tijdig.uow(), ws.company, template),
            **shown}  # fmt: skip


@router.get(PATH, name="settings_wording")
def wording_page(
    ws: WorkspaceDep, language: str, template: str,
    done: Annotated[str, Query(max_length=20)] = "",
    customer: Annotated[str, Query(max_length=64)] = "",
) -> Response:  # fmt: skip
    context = _context(ws, language, template, done=DONE.get(done, ""), customer=customer)
    return ws.render("settings_wording.html", context)


def _check(
    ws: Workspace, language: str, template: str, text: str, customer: str
) -> tuple[MessageRequest, ComposedMessage]:
    return template_texts.check_wording(ws.tijdig.uow, ws.company,
                                        ws.tijdig.preview_composer(), language, template,
                                        text, customer, as_of=ws.as_of)  # fmt: skip


def _refused(
    ws: Workspace, language: str, template: str, text: str, customer: str, error: TijdigError
) -> Response:
    context = _context(ws, language, template, text=text, customer=customer,
                       error=said(error, ws.language))  # fmt: skip
    return ws.render("settings_wording.html", context, status_code=status_for(error))


@router.post(f"{PATH}/preview", name="settings_wording_preview")
def wording_preview(
    ws: WorkspaceDep, language: str, template: str, text: Source, customer: CustomerNumber
) -> Response:
    """The text rendered for the customer and held against the letter rules; nothing is
    stored (a POST only because the text is too long for an address)."""
    try:
        _, message = _check(ws, language, template, text, customer)
    except TijdigError as error:
        return _refused(ws, language, template, text, customer, error)
    context = _context(ws, language, template, text=text, customer=customer, message=message)
    return ws.render("settings_wording.html", context)


@router.post(PATH, name="settings_wording_save")
def wording_save(
    ws: WorkspaceDep, language: str, template: str, text: Source, customer: CustomerNumber
) -> Response:
    require_admin(ws.signed_in)
    try:
        template_texts.save_wording(
            ws.tijdig.uow, ws.tijdig.shipped_templates(), ws.company,
            ws.tijdig.preview_composer(), language, template, text, customer,
            as_of=ws.as_of, actor=actor(ws.signed_in), at=now(),
        )  # fmt: skip
    except TijdigError as error:
        return _refused(ws, language, template, text, customer, error)
    url = ws.url("settings_wording", language=language, template=template,
                 query={"done": "saved", "customer": customer.strip()})  # fmt: skip
    return RedirectResponse(str(url), status_code=303)


@router.post(f"{PATH}/reset", name="settings_wording_reset")
def wording_reset(ws: WorkspaceDep, language: str, template: str) -> Response:
    require_admin(ws.signed_in)
    removed = template_texts.reset_wording(ws.tijdig.uow(), ws.tijdig.shipped_templates(),
                                           ws.company, language, template,
                                           actor=actor(ws.signed_in), at=now())  # fmt: skip
    url = ws.url("settings_wording", language=language, template=template,
                 query={"done": "reset" if removed else "unchanged"})  # fmt: skip
    return RedirectResponse(str(url), status_code=303)
