"""Who is asking: the signed-in user of a request, their companies, and CSRF checks.

A browser signs in with a session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS);
scripts use `Authorization: Bearer <token>` (`tijdig token create`). Forms carry a CSRF
token: the session's own, or for anonymous forms (sign-in, portal) a double-submit
cookie. A request with a bearer token sends no cookie, so it needs no CSRF token.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request, Response

from tijdig import clock
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import InvalidValue, NotFound, PermissionDenied
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.domain.users import User
from tijdig.entrypoints.web.deps import installation
from tijdig.services.access import users
from tijdig.services.access.users import SignedIn
from tijdig.services.companies.companies import list_companies

SESSION_COOKIE = "tijdig_session"
CSRF_COOKIE = "tijdig_csrf"  # double-submit token of anonymous forms
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SignInRequired(Exception):
    """No valid session or token: pages redirect to the sign-in page, the API says 401."""


class CsrfRefused(Exception):
    """A form or request without the right CSRF token: 403, nothing changed."""


def now() -> datetime:
    """The real moment, from the edge's one clock."""
    return clock.now()


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def signed_in_or_none(request: Request) -> SignedIn | None:
    """The request's user, looked up once per request."""
    if hasattr(request.state, "signed_in"):
        found: SignedIn | None = request.state.signed_in
        return found
    tijdig: Tijdig = request.app.state.tijdig
    token = _bearer(request)
    found = None
    if token is not None:
        found = users.token_user(tijdig.uow(), token)
    elif cookie := request.cookies.get(SESSION_COOKIE):
        found = users.session_user(tijdig.uow(), cookie, now=now())
    request.state.signed_in = found
    return found


def require_user(request: Request) -> SignedIn:
    found = signed_in_or_none(request)
    if found is None:
        raise SignInRequired
    return found


CurrentUser = Annotated[SignedIn, Depends(require_user)]
MaybeUser = Annotated[SignedIn | None, Depends(signed_in_or_none)]


def require_change(signed_in: SignedIn) -> User:
    """The user, when their role may change things (not read-only sales)."""
    if not signed_in.user.role.can_change:
        raise PermissionDenied(Refusal.READ_ONLY)
    return signed_in.user


def require_admin(signed_in: SignedIn) -> User:
    if not signed_in.user.role.can_administer:
        raise PermissionDenied(Refusal.ADMIN_ONLY)
    return signed_in.user


def visible_companies(tijdig: Tijdig, user: User) -> list[Company]:
    return [c for c in list_companies(tijdig.uow()) if c.id is not None and user.sees(c.id)]


def company_for(tijdig: Tijdig, user: User, code: str | None) -> Company:
    """The company named (code, KvK/KBO or VAT id) among those the user sees, or the only
    one they see. A company they do not see is answered as if it did not exist."""
    if code:
        with tijdig.uow() as uow:
            found = uow.companies.find(code)  # the same identifiers the CLI takes
        if found is None or found.id is None or not user.sees(found.id):
            raise NotFound(Refusal.NOT_FOUND, thing="company", key=code)
        return found
    companies = visible_companies(tijdig, user)
    if len(companies) == 1:
        return companies[0]
    if not companies:
        if user.role.can_administer:
            raise NotFound(Refusal.NO_COMPANY_YET)
        raise NotFound(Refusal.NO_COMPANY_GRANTED)
    codes = ", ".join(c.code for c in companies)
    raise InvalidValue("company", Refusal.SEVERAL_COMPANIES, codes=codes, how="?company=CODE")


def actor(signed_in: SignedIn) -> str:
    """How the audit log names a change made through the web or the API."""
    via = "web" if signed_in.csrf_token is not None else "api"
    return f"{signed_in.user.username} ({via})"


# --- CSRF -----------------------------------------------------------------------------


def anonymous_csrf(request: Request) -> str:
    """The double-submit token of an anonymous form: the browser's, or a new one that
    `keep_anonymous_csrf` sets as a cookie on the response."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)


def keep_anonymous_csrf(request: Request, response: Response, token: str) -> None:
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(
            CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure(request),
            path="/",
        )  # fmt: skip


async def _sent_token(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def csrf_protect(request: Request) -> None:
    """Refuse an unsafe request whose CSRF token does not match (router dependency)."""
    if request.method in SAFE_METHODS or _bearer(request) is not None:
        return
    found = signed_in_or_none(request)
    expected = (
        found.csrf_token
        if found is not None and found.csrf_token
        else request.cookies.get(CSRF_COOKIE, "")
    )
    sent = await _sent_token(request)
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise CsrfRefused


def secure(request: Request) -> bool:
    """Whether cookies get the Secure flag: as configured, else when over HTTPS."""
    tijdig: Tijdig = installation(request)
    configured = tijdig.settings.cookie_secure
    return request.url.scheme == "https" if configured is None else configured


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
