"""What the API's routers share: the query port, paging, text parameters, the clock,
and how a change is checked (role) and written down (audit log)."""

from __future__ import annotations

from datetime import date, datetime, time
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request, Response
from pydantic import Field

from tijdig.clock import BUSINESS_TIMEZONE
from tijdig.entrypoints.web.api.schemas import ErrorRead
from tijdig.entrypoints.web.auth import now, require_change
from tijdig.entrypoints.web.deps import FIRST_DAY, LAST_DAY, MAX_ID, Installation
from tijdig.services.access.users import SignedIn
from tijdig.services.read_models.common import Page, Window
from tijdig.services.read_models.ledger import ApiQueries

MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000

# No NUL characters: PostgreSQL refuses them in text, which would be a 500, not a 422.
NO_NUL = r"^[^\x00]*$"


def api_queries(tijdig: Installation) -> ApiQueries:
    return tijdig.api_queries


Queries = Annotated[ApiQueries, Depends(api_queries)]

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many items.")]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description="Skip this many items first (paging).")
]
CustomerFilter = Annotated[
    str | None,
    Query(
        alias="customer",
        min_length=1,
        max_length=64,
        pattern=NO_NUL,
        description="Only this customer's (by customer number).",
    ),
]
CustomerNumberPath = Annotated[
    str, Path(min_length=1, max_length=64, pattern=NO_NUL, description="Customer number.")
]
InvoiceNumberPath = Annotated[
    str, Path(min_length=1, max_length=64, pattern=NO_NUL, description="Invoice number.")
]


# Dates in bodies stay in a range the calendar arithmetic behind them can handle.
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]


def id_path(what: str) -> Any:
    return Path(ge=1, le=MAX_ID, description=f"The {what}'s id.")


PAGE_HEADERS = {
    "X-Total-Count": {
        "description": "How many items the whole list holds (all pages).",
        "schema": {"type": "integer"},
    },
    "Link": {
        "description": 'Links to the next and previous pages: `<url>; rel="next"`.',
        "schema": {"type": "string"},
    },
}
PAGED: dict[int | str, dict[str, Any]] = {HTTPStatus.OK: {"headers": PAGE_HEADERS}}

# Documented on every API operation (router level); 422 replaces FastAPI's own schema,
# because our validation errors have the same shape as every other error.
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorRead, "description": status.phrase}
    for status in (
        HTTPStatus.BAD_REQUEST,
        HTTPStatus.UNAUTHORIZED,
        HTTPStatus.FORBIDDEN,
        HTTPStatus.NOT_FOUND,
        HTTPStatus.CONFLICT,
        HTTPStatus.UNPROCESSABLE_ENTITY,
        HTTPStatus.TOO_MANY_REQUESTS,
    )
}


def window(limit: int, offset: int) -> Window:
    return Window(limit=limit, offset=offset)


def paginate(request: Request, response: Response, page: Page[Any], at: Window) -> None:
    """Say how long the whole list is, and where the next and previous pages are."""
    response.headers["X-Total-Count"] = str(page.total)
    links = []
    if at.offset + at.limit < page.total:
        following = request.url.include_query_params(offset=at.offset + at.limit, limit=at.limit)
        links.append(f'<{following}>; rel="next"')
    if at.offset > 0:
        before = request.url.include_query_params(
            offset=max(0, at.offset - at.limit), limit=at.limit
        )
        links.append(f'<{before}>; rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)


def moment(day: date | None = None) -> datetime:
    """Now in the business time zone (a contact's time of day is local), or the day
    given at the current time of day (as the CLI's --as-of)."""
    current = now().astimezone(BUSINESS_TIMEZONE)
    if day is None:
        return current
    return datetime.combine(day, time(current.hour, current.minute), current.tzinfo)


def check_change(signed_in: SignedIn) -> None:
    """Refuse a read-only user before anything is looked up (403)."""
    require_change(signed_in)
