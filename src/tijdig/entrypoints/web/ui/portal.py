"""The debtor portal: `/portal/{token}`, the customer's own page without an account.

The token is a signed, expiring link (`adapters.security.links`). Every link that does
not open a page (tampered, malformed, expired, or naming a customer that is gone,
anonymised, or of a company that switched its portal off) gets the same polite page
with **404**: one answer for all, so the portal is no oracle for which tokens were ever
genuine. We chose 404 over 410 for expired links for that reason, and because the page
is not gone: a newer message carries a link that opens it. Bad tokens count against the
client's address; past the limit every portal request from it gets 429 + Retry-After.

Pages are in the customer's language; forms use the anonymous double-submit CSRF cookie
(or the session's token when a signed-in colleague opens the link). Responses are not
cached, not indexed and send no Referer, so the token never leaves the page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response

from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.entrypoints.web.deps import Id, Installation, today
from tijdig.entrypoints.web.ui import portal_forms as forms
from tijdig.entrypoints.web.ui.portal_visit import (
    NO_TRACE,
    CsrfOk,
    Visit,
    done,
    now,
    open_form,
    open_visit,
    polite,
    render,
)
from tijdig.services import portal as service
from tijdig.services.plans import portal as plan_service

router = APIRouter(prefix="/portal/{token}", include_in_schema=False)
MAX_PAGE = 100_000


def _page(
    request: Request, tijdig: Tijdig, visit: Visit, *, errors: dict[str, str] | None = None,
    status: int = 200, sent: dict[str, str] | None = None, number: int = 1,
) -> Response:  # fmt: skip
    page = service.page(tijdig.uow(), visit.company_id, visit.customer_id, as_of=today(),
                        number=number)  # fmt: skip
    plans = plan_service.portal_plans(tijdig.uow(), visit.company, visit.customer,
                                      as_of=today())  # fmt: skip
    context = forms.page_context(tijdig, page, visit.language) | {
        "token": visit.token, "errors": errors or {}, "sent": sent or {}, "plans": plans,
    }  # fmt: skip
    return render(request, "portal/page.html", context, language=visit.language, status=status)


@router.get("", name="portal_page")
def portal_page(
    request: Request,
    tijdig: Installation,
    token: str,
    page: Annotated[str, Query(max_length=8)] = "",
) -> Response:
    """The customer's page; `?page=2`: the next PER_PAGE open items (the totals stay those
    of all). A page number that is not one shows the first page: a debtor gets no error."""
    visit = open_visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    number = int(page) if page.isdecimal() and 0 < int(page) <= MAX_PAGE else 1
    return _page(request, tijdig, visit, number=number)


@router.get("/invoices/{invoice_id}/copy", name="portal_copy")
def portal_copy(request: Request, tijdig: Installation, token: str, invoice_id: Id) -> Response:
    visit = open_visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    try:
        invoice, stored = service.open_invoice(
            tijdig.uow(), visit.company_id, visit.customer_id, invoice_id
        )
    except NotFound:
        return polite(request, 404)
    content = stored or tijdig.invoice_copies().invoice_copy(visit.company, visit.customer, invoice)
    name = tijdig.portal_drawing.copy_filename(invoice, visit.customer)
    headers = {**NO_TRACE, "Content-Disposition": f'inline; filename="{name}"'}
    return Response(content, media_type="application/pdf", headers=headers)


@router.get("/invoices/{invoice_id}/pay", name="portal_pay")
def portal_pay(request: Request, tijdig: Installation, token: str, invoice_id: Id) -> Response:
    visit = open_visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    page, item = service.page_with(tijdig.uow(), visit.company_id, visit.customer_id,
                                   invoice_id, as_of=today())  # fmt: skip
    context = forms.pay_context(tijdig, page, item, visit.language)
    if context is None:
        return polite(request, 404)
    context["token"] = visit.token
    return render(request, "portal/pay.html", context, language=visit.language)


@router.get("/invoices/{invoice_id}/problem", name="portal_report")
def portal_report(request: Request, tijdig: Installation, token: str, invoice_id: Id) -> Response:
    visit = open_visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    return _problem_page(request, tijdig, visit, invoice_id) or polite(request, 404)


def _problem_page(
    request: Request, tijdig: Tijdig, visit: Visit, invoice_id: int, *,
    errors: dict[str, str] | None = None, sent: dict[str, str] | None = None, status: int = 200,
) -> Response | None:  # fmt: skip
    """The form to report a problem with one invoice; None when it is not one to report."""
    page, item = service.page_with(tijdig.uow(), visit.company_id, visit.customer_id,
                                   invoice_id, as_of=today())  # fmt: skip
    if item is None or item.is_credit or (item.disputed and not errors):
        return None
    context = {
        "company": page.company, "item": item, "token": visit.token, "errors": errors or {},
        "sent": sent or {}, "reasons": forms.reason_choices(visit.language),
    }  # fmt: skip
    return render(request, "portal/problem.html", context, language=visit.language,
                   status=status)  # fmt: skip


@router.post("/problem", name="portal_problem")
def portal_problem(
    request: Request,
    tijdig: Installation,
    token: str,
    csrf: CsrfOk,
    invoice: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=40)] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    visit = open_form(request, tijdig, token, csrf)
    if isinstance(visit, Response):
        return visit
    sent = {"invoice": invoice, "reason": reason, "note": note}
    try:
        invoice_id, code = forms.problem_input(invoice, reason)
        service.report_problem(
            tijdig.uow(), visit.company, visit.customer, invoice_id, code, note=note, at=now()
        )
    except (InvalidValue, RuleViolation, Conflict, NotFound) as error:
        problem, status = forms.problem_error(error, visit.language), forms.status_of(error)
        own = invoice.isdecimal() and _problem_page(
            request, tijdig, visit, int(invoice), errors=problem, sent=sent, status=status
        )
        return own or _page(request, tijdig, visit, errors=problem, status=status)  # fmt: skip
    return done(request, visit, what="problem", invoice=str(invoice_id))


@router.post("/promise", name="portal_promise")
def portal_promise(
    request: Request,
    tijdig: Installation,
    token: str,
    csrf: CsrfOk,
    promised_date: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    visit = open_form(request, tijdig, token, csrf)
    if isinstance(visit, Response):
        return visit
    as_of = today()
    try:
        day = forms.parse_day(promised_date)
        made = service.promise(
            tijdig.uow(), visit.company, visit.customer, day, as_of=as_of, at=now()
        )
    except (InvalidValue, RuleViolation) as error:
        errors = forms.promise_error(error, visit.language)
        return _page(request, tijdig, visit, errors=errors, status=422,
                     sent={"promised_date": promised_date})  # fmt: skip
    return done(request, visit, what="promise", on=made.promised_date.isoformat())


@router.get("/done", name="portal_done")
def portal_done(
    request: Request,
    tijdig: Installation,
    token: str,
    what: str = "",
    invoice: str = "",
    on: str = "",
) -> Response:
    visit = open_visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    page = service.page(tijdig.uow(), visit.company_id, visit.customer_id, as_of=today())
    context = forms.done_context(page, what=what, invoice=invoice, day=on) | {
        "token": visit.token, "company": visit.company, "customer": visit.customer,
    }  # fmt: skip
    return render(request, "portal/done.html", context, language=visit.language)
