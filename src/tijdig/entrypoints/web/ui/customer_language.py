"""The customer's language on the customer page (`_customer_language.html`): which of
nl, en and fr the customer reads their reminders, letters and portal in, set through
`services.receivables.customer_language` as the CLI and the API. A read-only user is
refused (403); a refused choice re-shows the page with the refusal."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Response
from fastapi.responses import RedirectResponse

from tijdig.domain.errors import TijdigError
from tijdig.entrypoints.web.auth import actor, csrf_protect, now, require_change
from tijdig.entrypoints.web.errors import status_for
from tijdig.entrypoints.web.ui.customers import customer_context
from tijdig.entrypoints.web.ui.workspace import WorkspaceDep
from tijdig.services.receivables.customer_language import set_customer_language

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


@router.post("/customers/{number}/language", name="customer_language")
def set_language(
    ws: WorkspaceDep, number: str, language: Annotated[str, Form(max_length=10)]
) -> Response:
    """Store the customer's language; back to the customer page."""
    require_change(ws.signed_in)
    try:
        set_customer_language(ws.tijdig.uow(), ws.company, number, language,
                              actor=actor(ws.signed_in), at=now())  # fmt: skip
    except TijdigError as error:
        context = customer_context(ws, number) | {"language_error": error}
        return ws.render("customer.html", context, status_code=status_for(error))
    url = ws.url("customer", number=number)
    return RedirectResponse(f"{url}#customer-language", status_code=303)
