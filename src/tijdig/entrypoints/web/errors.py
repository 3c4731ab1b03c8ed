"""HTTP status codes, decided here only: one table from domain errors to status codes.

The API answers `{"detail": message, "field": name or null, "code": code or null,
"params": {...}}`: `detail` in English, `code` the refusal's code and `params` its values
(as a reason stores them). Pages answer the HTML error page, the refusal said in the
reader's language.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException

from tijdig.domain.errors import (
    Conflict,
    ImportRefused,
    InvalidValue,
    NotFound,
    PermissionDenied,
    RuleViolation,
    TijdigError,
)
from tijdig.domain.reasons import params_to_json
from tijdig.entrypoints.web.access_log import mask_tokens
from tijdig.entrypoints.web.auth import CsrfRefused, SignInRequired, signed_in_or_none
from tijdig.entrypoints.web.i18n import best_language
from tijdig.entrypoints.web.rendering import Phrase
from tijdig.entrypoints.web.ui.workspace import N_, page

log = logging.getLogger(__name__)

STATUS_CODES: dict[type[TijdigError], int] = {
    NotFound: HTTPStatus.NOT_FOUND,
    InvalidValue: HTTPStatus.UNPROCESSABLE_ENTITY,
    RuleViolation: HTTPStatus.UNPROCESSABLE_ENTITY,
    ImportRefused: HTTPStatus.UNPROCESSABLE_ENTITY,
    Conflict: HTTPStatus.CONFLICT,
    PermissionDenied: HTTPStatus.FORBIDDEN,
}
FALLBACK_STATUS = HTTPStatus.BAD_REQUEST  # a TijdigError not in the table

# What an error page says, in the reader's language: a title and what it means. The
# refusal itself (its code said in the reader's language) follows as its detail.
STATUS_TEXTS: dict[int, tuple[str, str]] = {
    400: (N_("Not understood"), N_("The request could not be read.")),
    401: (N_("Sign in first"), N_("This page is for signed-in users.")),
    403: (N_("Not allowed"), N_("You may not do this, or the form had expired.")),
    404: (N_("Not found"), N_("The page or record you asked for does not exist here.")),
    405: (N_("Not possible here"), N_("This page does not take that kind of request.")),
    409: (N_("Not possible now"), N_("This cannot be done as things stand now.")),
    413: (N_("Too large"), N_("What was sent is larger than Tijdig accepts.")),
    422: (N_("Not accepted"), N_("Something in the request was not accepted.")),
    429: (N_("Too many requests"), N_("Wait a moment and try again.")),
}
OTHER_STATUS = (N_("Something went wrong"), N_("The error has been logged."))


def status_for(error: TijdigError) -> int:
    """The status of the nearest class in the table, walking up the error's classes."""
    for cls in type(error).__mro__:
        if cls in STATUS_CODES:
            return STATUS_CODES[cls]
    return FALLBACK_STATUS


def is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/health"


def error_response(
    request: Request,
    status: int,
    message: str,
    headers: Mapping[str, str] | None = None,
    *,
    field: str | None = None,
    detail: TijdigError | Phrase | None = None,
) -> Response:
    """`message` is the English of the API; `detail` what a page says below its title,
    in the reader's language (a refusal or a phrase; none for what only a program sends
    wrong, such as an unreadable query)."""
    if is_api(request):
        body: dict[str, object] = {"detail": message, "field": field}
        if isinstance(detail, TijdigError):
            body |= {"code": detail.code, "params": params_to_json(detail.params)}
        return JSONResponse(body, status_code=status, headers=headers)
    title, meaning = STATUS_TEXTS.get(status, OTHER_STATUS)
    context = {"status": status, "reason": title, "meaning": meaning, "detail": detail}
    # Looked up here too when no route ran (an unknown page): a signed-in user keeps the
    # navigation and their own language.
    signed_in = signed_in_or_none(request)
    language = None if signed_in else best_language(request.headers.get("accept-language"))
    response = page(
        request, "error.html", context, signed_in=signed_in, language=language,
        status_code=status,
    )  # fmt: skip
    response.headers.update(headers or {})
    return response


def validation_message(error: RequestValidationError) -> str:
    """`as_of: Input should be a valid date ... (got 'yesterday')`, one part per field."""
    parts = []
    for problem in error.errors():
        location = [str(p) for p in problem.get("loc", ()) if p not in {"query", "path", "body"}]
        text = f"{'.'.join(location) or 'request'}: {problem.get('msg', 'is not valid')}"
        if "input" in problem and isinstance(problem["input"], str | int | float):
            text += f" (got {problem['input']!r})"
        parts.append(text)
    return "; ".join(parts)


def validation_field(error: RequestValidationError) -> str | None:
    """The first field refused (`as_of`, `items.0`), or None when it is the whole body."""
    for problem in error.errors():
        location = [str(p) for p in problem.get("loc", ()) if p not in {"query", "path", "body"}]
        if location:
            return ".".join(location)
    return None


def is_malformed_body(error: RequestValidationError) -> bool:
    """A body that is not JSON at all is a bad request (400), not a refused value (422)."""
    return any(problem.get("type") == "json_invalid" for problem in error.errors())


async def _on_tijdig_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, TijdigError)
    status = status_for(error)
    path = mask_tokens(request.url.path)
    log.info("%s %s refused (%s): %s", request.method, path, status, error)
    field = error.field if isinstance(error, InvalidValue) else None
    return error_response(request, status, str(error), field=field, detail=error)


async def _on_invalid_request(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    if is_malformed_body(error):
        return error_response(request, HTTPStatus.BAD_REQUEST, "the request body is not valid JSON")
    field = validation_field(error)
    detail = Phrase(N_("{field}: this value was not understood."), {"field": field or "?"})
    return error_response(
        request,
        HTTPStatus.UNPROCESSABLE_ENTITY,
        validation_message(error),
        field=field,
        detail=detail,
    )


async def _on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return error_response(request, error.status_code, str(error.detail), error.headers)


async def _on_sign_in_required(request: Request, _error: Exception) -> Response:
    if is_api(request):
        return JSONResponse(
            {
                "detail": "sign in: send Authorization: Bearer <token> (tijdig token create)",
                "field": None,
            },
            status_code=HTTPStatus.UNAUTHORIZED,
            headers={"WWW-Authenticate": "Bearer"},
        )
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    url = request.url_for("sign_in").include_query_params(next=target)
    return RedirectResponse(url, status_code=HTTPStatus.SEE_OTHER)


async def _on_csrf_refused(request: Request, _error: Exception) -> Response:
    return error_response(
        request,
        HTTPStatus.FORBIDDEN,
        "the form had expired or did not come from Tijdig (CSRF check); reload the page and "
        "try again",
        detail=Phrase(N_("The form had expired or did not come from Tijdig: reload the page "
                         "and try again.")),
    )  # fmt: skip


def install(app: FastAPI) -> None:
    """Register the handlers; every refusal passes through `error_response`."""
    app.add_exception_handler(SignInRequired, _on_sign_in_required)
    app.add_exception_handler(CsrfRefused, _on_csrf_refused)
    app.add_exception_handler(TijdigError, _on_tijdig_error)
    app.add_exception_handler(RequestValidationError, _on_invalid_request)
    app.add_exception_handler(HTTPException, _on_http_error)
