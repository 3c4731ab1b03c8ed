"""Who calls the API: a bearer token (documented in the OpenAPI spec) or the browser's
session. Wrong tokens count as failed sign-ins of the address: past the limit the API
answers 429 until the window has passed, so tokens cannot be guessed at speed."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tijdig.entrypoints.web.auth import SignInRequired, client_address, signed_in_or_none
from tijdig.entrypoints.web.ratelimit import SlidingWindow
from tijdig.services.access.users import SignedIn

# auto_error=False: a browser's session cookie signs in as well; `api_user` decides.
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="An API token: `tijdig token create USER --name NAME`.",
)
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _failures(request: Request) -> SlidingWindow | None:
    found: SlidingWindow | None = getattr(request.app.state, "sign_in_failures", None)
    return found


def api_user(request: Request, credentials: Bearer) -> SignedIn:
    """The signed-in user of an API request: 401 without one, 429 after too many tries."""
    failures, address = _failures(request), client_address(request)
    if credentials is not None and failures is not None and failures.blocked(address):
        raise HTTPException(
            HTTPStatus.TOO_MANY_REQUESTS,
            "too many failed sign-ins from this address; try again later",
            headers={"Retry-After": str(failures.retry_after(address))},
        )
    found = signed_in_or_none(request)
    if found is None:
        if credentials is not None and failures is not None:
            failures.hit(address)
        raise SignInRequired
    return found
