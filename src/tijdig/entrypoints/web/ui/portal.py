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

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from tijdig import clock
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company, Customer
from tijdig.entrypoints.web import i18n
from tijdig.entrypoints.web.auth import (
    CsrfRefused,
    anonymous_csrf,
    client_address,
    csrf_protect,
    keep_anonymous_csrf,
    signed_in_or_none,
)
from tijdig.entrypoints.web.deps import Id, Installation, today
from tijdig.entrypoints.web.ratelimit import SlidingWindow
from tijdig.entrypoints.web.rendering import templates
from tijdig.entrypoints.web.ui import portal_forms as forms
from tijdig.services import portal as service

router = APIRouter(prefix="/portal/{token}", include_in_schema=False)

NO_TRACE = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


@dataclass(frozen=True)
class Visit:
    """An opened link: whose page it is."""

    token: str
    company: Company
    customer: Customer

    @property
    def company_id(self) -> int:
        assert self.company.id is not None
        return self.company.id

    @property
    def customer_id(self) -> int:
        assert self.customer.id is not None
        return self.customer.id

    @property
    def language(self) -> str:
        return self.customer.language.value


def bad_tokens(request: Request) -> SlidingWindow:
    limiter: SlidingWindow = request.app.state.portal_failures
    return limiter


def _render(
    request: Request, template: str, context: dict[str, Any], *, language: str, status: int = 200
) -> Response:
    token = _form_token(request)
    response = templates.TemplateResponse(
        request, template, {"language": language, "csrf_token": token, **context},
        status_code=status, headers=NO_TRACE,
    )  # fmt: skip
    if signed_in_or_none(request) is None:
        keep_anonymous_csrf(request, response, token)
    return response


def _form_token(request: Request) -> str:
    """The token `csrf_protect` will expect back: a signed-in colleague's session token,
    else the anonymous double-submit cookie."""
    found = signed_in_or_none(request)
    if found is not None and found.csrf_token:
        return found.csrf_token
    return anonymous_csrf(request)


def _polite(request: Request, status: int, headers: dict[str, str] | None = None) -> Response:
    """The one page for every link that opens nothing: it names no company or customer."""
    language = i18n.best_language(request.headers.get("accept-language"))
    context = {"status": status}
    response = _render(request, "portal/unavailable.html", context, language=language,
                       status=status)  # fmt: skip
    response.headers.update(headers or {})
    return response


def _visit(request: Request, tijdig: Tijdig, token: str) -> Visit | Response:
    address = client_address(request)
    limiter = bad_tokens(request)
    if limiter.blocked(address):
        return _polite(request, 429, {"Retry-After": str(limiter.retry_after(address))})
    key = tijdig.portal_links().read(token) if len(token) <= 200 else None
    if key is None:
        limiter.hit(address)
        return _polite(request, 404)
    try:
        company, customer = service.holder(tijdig.uow(), key.company_id, key.customer_id)
    except NotFound:
        return _polite(request, 404)
    return Visit(token, company, customer)


async def csrf_ok(request: Request) -> bool:
    """Whether a form's CSRF token matched; the route answers a polite 403 if not."""
    try:
        await csrf_protect(request)
    except CsrfRefused:
        return False
    return True


CsrfOk = Annotated[bool, Depends(csrf_ok)]


def _page(
    request: Request, tijdig: Tijdig, visit: Visit, *, errors: dict[str, str] | None = None,
    status: int = 200, sent: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    page = service.page(tijdig.uow(), visit.company_id, visit.customer_id, as_of=today())
    context = forms.page_context(tijdig, page, visit.language) | {
        "token": visit.token, "errors": errors or {}, "sent": sent or {},
    }  # fmt: skip
    return _render(request, "portal/page.html", context, language=visit.language, status=status)


@router.get("", name="portal_page")
def portal_page(request: Request, tijdig: Installation, token: str) -> Response:
    visit = _visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    return _page(request, tijdig, visit)


@router.get("/invoices/{invoice_id}/copy", name="portal_copy")
def portal_copy(request: Request, tijdig: Installation, token: str, invoice_id: Id) -> Response:
    visit = _visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    try:
        invoice, stored = service.open_invoice(
            tijdig.uow(), visit.company_id, visit.customer_id, invoice_id
        )
    except NotFound:
        return _polite(request, 404)
    content = stored or tijdig.invoice_copies().invoice_copy(visit.company, visit.customer, invoice)
    name = tijdig.portal_drawing.copy_filename(invoice, visit.customer)
    headers = {**NO_TRACE, "Content-Disposition": f'inline; filename="{name}"'}
    return Response(content, media_type="application/pdf", headers=headers)


@router.get("/invoices/{invoice_id}/pay", name="portal_pay")
def portal_pay(request: Request, tijdig: Installation, token: str, invoice_id: Id) -> Response:
    visit = _visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    page = service.page(tijdig.uow(), visit.company_id, visit.customer_id, as_of=today())
    context = forms.pay_context(tijdig, page, invoice_id, visit.language)
    if context is None:
        return _polite(request, 404)
    context["token"] = visit.token
    return _render(request, "portal/pay.html", context, language=visit.language)


@router.get("/invoices/{invoice_id}/problem", name="portal_report")
def portal_report(request: Request, tijdig: Installation, token: str, invoice_id: Id) -> Response:
    visit = _visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    return _problem_page(request, tijdig, visit, invoice_id) or _polite(request, 404)


def _problem_page(
    request: Request, tijdig: Tijdig, visit: Visit, invoice_id: int, *,
    errors: dict[str, str] | None = None, sent: dict[str, str] | None = None, status: int = 200,
) -> Response | None:  # fmt: skip
    """The form to report a problem with one invoice; None when it is not one to report."""
    page = service.page(tijdig.uow(), visit.company_id, visit.customer_id, as_of=today())
    item = next((i for i in page.invoices if i.invoice.id == invoice_id), None)
    if item is None or item.is_credit or (item.disputed and not errors):
        return None
    context = {
        "company": page.company, "item": item, "token": visit.token, "errors": errors or {},
        "sent": sent or {}, "reasons": forms.reason_choices(visit.language),
    }  # fmt: skip
    return _render(request, "portal/problem.html", context, language=visit.language,
                   status=status)  # fmt: skip


def _now() -> datetime:
    return clock.now()


def _refused(request: Request, visit: Visit) -> Response:
    context = {"status": 403, "token": visit.token}
    return _render(request, "portal/unavailable.html", context, language=visit.language,
                   status=403)  # fmt: skip


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
    visit = _visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    if not csrf:
        return _refused(request, visit)
    sent = {"invoice": invoice, "reason": reason, "note": note}
    try:
        invoice_id, code = forms.problem_input(invoice, reason)
        service.report_problem(
            tijdig.uow(), visit.company, visit.customer, invoice_id, code, note=note, at=_now()
        )
    except (InvalidValue, RuleViolation, Conflict, NotFound) as error:
        problem, status = forms.problem_error(error, visit.language), forms.status_of(error)
        own = invoice.isdecimal() and _problem_page(
            request, tijdig, visit, int(invoice), errors=problem, sent=sent, status=status
        )
        return own or _page(request, tijdig, visit, errors=problem, status=status)  # fmt: skip
    return _done(request, visit, what="problem", invoice=str(invoice_id))


@router.post("/promise", name="portal_promise")
def portal_promise(
    request: Request,
    tijdig: Installation,
    token: str,
    csrf: CsrfOk,
    promised_date: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    visit = _visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    if not csrf:
        return _refused(request, visit)
    as_of = today()
    try:
        day = forms.parse_day(promised_date)
        made = service.promise(
            tijdig.uow(), visit.company, visit.customer, day, as_of=as_of, at=_now()
        )
    except (InvalidValue, RuleViolation) as error:
        errors = forms.promise_error(error, visit.language)
        return _page(request, tijdig, visit, errors=errors, status=422,
                     sent={"promised_date": promised_date})  # fmt: skip
    return _done(request, visit, what="promise", on=made.promised_date.isoformat())


def _done(request: Request, visit: Visit, **query: str) -> Response:
    """POST-redirect-GET to the confirmation page."""
    url = request.url_for("portal_done", token=visit.token).include_query_params(**query)
    return RedirectResponse(url, status_code=303, headers=NO_TRACE)


@router.get("/done", name="portal_done")
def portal_done(
    request: Request,
    tijdig: Installation,
    token: str,
    what: str = "",
    invoice: str = "",
    on: str = "",
) -> Response:
    visit = _visit(request, tijdig, token)
    if isinstance(visit, Response):
        return visit
    page = service.page(tijdig.uow(), visit.company_id, visit.customer_id, as_of=today())
    context = forms.done_context(page, what=what, invoice=invoice, day=on) | {
        "token": visit.token, "company": visit.company, "customer": visit.customer,
    }  # fmt: skip
    return _render(request, "portal/done.html", context, language=visit.language)
