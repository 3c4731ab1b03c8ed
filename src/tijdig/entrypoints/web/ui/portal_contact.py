"""Contact details in the debtor portal (S2-1): `/portal/{token}/contact` shows the
e-mail address and phone number the company writes to, and the customer confirms them
as they are or corrects them (`services/contacts/confirm.py`: validated, audited, in the
timeline). A correction that does not parse is shown again with what is wrong (422).
The GET only reads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import InvalidValue
from tijdig.entrypoints.web.deps import Installation, today
from tijdig.entrypoints.web.ui.portal_visit import (
    CsrfOk,
    Visit,
    done,
    now,
    open_form,
    open_visit,
    render,
)
from tijdig.services.contacts import confirm as service


def N_(message: str) -> str:
    return message


router = APIRouter(prefix="/portal/{token}", include_in_schema=False)
MESSAGES = {
    "email": N_("Enter a valid e-mail address, such as name@example.com."),
    "phone": N_("Enter a valid phone number, such as 020 123 4567 or +32 2 555 12 12."),
}


def _contact_page(
    request: Request, tijdig: Tijdig, visit: Visit, *, errors: dict[str, str] | None = None,
    sent: dict[str, str] | None = None, status: int = 200,
) -> Response:  # fmt: skip
    details = service.contact_details(tijdig.uow(), visit.company, visit.customer.number)
    context = {
        "company": visit.company, "details": details, "token": visit.token,
        "errors": errors or {}, "sent": sent or {},
    }  # fmt: skip
    return render(request, "portal/contact.html", context, language=visit.language,
                  status=status)  # fmt: skip


@router.get("/contact", name="portal_contact")
def portal_contact(request: Request, tijdig: Installation, token: str) -> Response:
    visit = open_visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    return _contact_page(request, tijdig, visit)


@router.post("/contact", name="portal_contact_confirm")
def portal_contact_confirm(
    request: Request,
    tijdig: Installation,
    token: str,
    csrf: CsrfOk,
    email: Annotated[str, Form(max_length=254)] = "",
    phone: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    visit = open_form(request, tijdig, token, csrf)
    if isinstance(visit, Response):
        return visit
    try:
        service.confirm_contact(tijdig.uow(), visit.company, visit.customer.number,
                                email=email, phone=phone, on=today(),
                                at=now())  # fmt: skip
    except InvalidValue as error:
        field = error.field if error.field in MESSAGES else "email"
        return _contact_page(request, tijdig, visit, errors={field: MESSAGES[field]},
                             sent={"email": email, "phone": phone}, status=422)  # fmt: skip
    return done(request, visit, what="contact")
