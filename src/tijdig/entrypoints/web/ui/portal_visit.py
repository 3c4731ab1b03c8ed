"""What every page of the debtor portal shares: opening a link (`open_visit`: whose page
it is, or the one polite page for every link that opens nothing, counted against the
client's address), rendering in the customer's language with the form's CSRF token,
the polite 403 for a form without it, and POST-redirect-GET to the confirmation page.
Responses are not cached, not indexed and send no Referer (`NO_TRACE`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.responses import RedirectResponse

from tijdig import clock
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import NotFound
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
from tijdig.entrypoints.web.ratelimit import SlidingWindow
from tijdig.entrypoints.web.rendering import templates
from tijdig.services import portal as service

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


def render(
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


def polite(request: Request, status: int, headers: dict[str, str] | None = None) -> Response:
    """The one page for every link that opens nothing: it names no company or customer."""
    language = i18n.best_language(request.headers.get("accept-language"))
    context = {"status": status}
    response = render(request, "portal/unavailable.html", context, language=language,
                       status=status)  # fmt: skip
    response.headers.update(headers or {})
    return response


def open_visit(request: Request, tijdig: Tijdig, token: str) -> Visit | Response:
    address = client_address(request)
    limiter = bad_tokens(request)
    if limiter.blocked(address):
        return polite(request, 429, {"Retry-After": str(limiter.retry_after(address))})
    key = tijdig.portal_links().read(token) if len(token) <= 200 else None
    if key is None:
        limiter.hit(address)
        return polite(request, 404)
    try:
        company, customer = service.holder(tijdig.uow(), key.company_id, key.customer_id)
    except NotFound:
        return polite(request, 404)
    return Visit(token, company, customer)


async def csrf_ok(request: Request) -> bool:
    """Whether a form's CSRF token matched; the route answers a polite 403 if not."""
    try:
        await csrf_protect(request)
    except CsrfRefused:
        return False
    return True


CsrfOk = Annotated[bool, Depends(csrf_ok)]


def now() -> datetime:
    return clock.now()


def refused(request: Request, visit: Visit) -> Response:
    context = {"status": 403, "token": visit.token}
    return render(request, "portal/unavailable.html", context, language=visit.language,
                   status=403)  # fmt: skip


def done(request: Request, visit: Visit, **query: str) -> Response:
    """POST-redirect-GET to the confirmation page."""
    url = request.url_for("portal_done", token=visit.token).include_query_params(**query)
    return RedirectResponse(url, status_code=303, headers=NO_TRACE)


def open_form(request: Request, tijdig: Tijdig, token: str, csrf: bool) -> Visit | Response:
    """The visit a form was posted in; the polite page for a bad link, 403 without the
    form's CSRF token."""
    visit = open_visit(request, tijdig, token)
    if isinstance(visit, Response) or csrf:
        return visit
    return refused(request, visit)
