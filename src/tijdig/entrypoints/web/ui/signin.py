"""Signing in and out, and the user's own language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from tijdig.bootstrap import Tijdig
from tijdig.domain.users import User, check_language
from tijdig.entrypoints.web import i18n
from tijdig.entrypoints.web.auth import (
    SESSION_COOKIE,
    CurrentUser,
    MaybeUser,
    actor,
    anonymous_csrf,
    client_address,
    csrf_protect,
    keep_anonymous_csrf,
    now,
    secure,
)
from tijdig.entrypoints.web.deps import Installation
from tijdig.entrypoints.web.ratelimit import SlidingWindow
from tijdig.entrypoints.web.ui.workspace import N_, page
from tijdig.services.access import users

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


# The longest address kept to go back to after signing in; a longer one (no page of
# ours has one) is ignored for the start page rather than carried in the form.
MAX_NEXT = 2000
# What a form may post as `next` before it is a 422: room above MAX_NEXT, so that a
# longer one is ignored like the query's, and a bound on what is read at all.
NEXT_FORM_LIMIT = 8 * MAX_NEXT


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (open redirect), nothing a browser
    would strip or read otherwise (control characters: a URL parser drops the tab of
    "/<tab>/host", leaving "//host"), and at most MAX_NEXT characters; anything else is
    the start page."""
    if (
        not target
        or len(target) > MAX_NEXT
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(ord(c) < 0x20 or c == "\x7f" for c in target)
    ):
        return "/"
    return target


def failures(request: Request) -> SlidingWindow:
    limiter: SlidingWindow = request.app.state.sign_in_failures
    return limiter


def _form(
    request: Request, *, next_url: str, error: str = "", username: str = "", status: int = 200
) -> Response:
    token = anonymous_csrf(request)
    response = page(
        request,
        "sign_in.html",
        {"next": next_url, "error": error, "username": username, "csrf_token": token},
        signed_in=None,
        language=i18n.best_language(request.headers.get("accept-language")),
        status_code=status,
    )
    keep_anonymous_csrf(request, response, token)
    return response


@router.get("/sign-in", name="sign_in")
def sign_in_form(request: Request, signed_in: MaybeUser, next: str | None = None) -> Response:
    if signed_in is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _form(request, next_url=safe_next(next))


@router.post("/sign-in")
def sign_in(
    request: Request,
    tijdig: Installation,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=NEXT_FORM_LIMIT)] = "/",
) -> Response:
    address = client_address(request)
    limiter = failures(request)
    if limiter.blocked(address):
        return _too_many(request, limiter.retry_after(address))
    user = users.authenticate(tijdig.uow(), tijdig.passwords(), username, password, at=now())
    if user is None:
        limiter.hit(address)
        language = i18n.best_language(request.headers.get("accept-language"))
        message = i18n.gettext(language, "Unknown user name or wrong password.")
        return _form(
            request, next_url=safe_next(next), error=message, username=username, status=401
        )
    return _start(request, tijdig, user, safe_next(next))


def _start(request: Request, tijdig: Tijdig, user: User, target: str) -> Response:
    token, _csrf = users.start_session(tijdig.uow(), user, at=now())
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(users.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure(request),
        path="/",
    )
    return response


def _too_many(request: Request, retry_after: int) -> Response:
    language = i18n.best_language(request.headers.get("accept-language"))
    response = page(
        request,
        "error.html",
        {
            "status": 429,  # the page translates the title and the meaning
            "reason": N_("Too many attempts"),
            "meaning": N_(
                "Too many failed attempts from your address. Wait a minute and try again."
            ),
            "detail": None,
        },
        signed_in=None,
        language=language,
        status_code=429,
    )
    response.headers["Retry-After"] = str(retry_after)
    return response


@router.post("/sign-out", name="sign_out")
def sign_out(request: Request, tijdig: Installation) -> Response:
    if cookie := request.cookies.get(SESSION_COOKIE):
        users.end_session(tijdig.uow(), cookie)
    response = RedirectResponse(request.url_for("sign_in"), status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/me/language", name="set_language")
def set_language(
    request: Request,
    tijdig: Installation,
    signed_in: CurrentUser,
    language: Annotated[str, Form()],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    users.update_user(tijdig.uow(), signed_in.user, language=check_language(language),
                      actor=actor(signed_in), at=now())  # fmt: skip
    return RedirectResponse(safe_next(next), status_code=303)
