"""What the routes share: the installation, the clock, the company asked for, and the
bounds of ids and dates that come in from outside (a value past them is a 422, never
an overflow deep down: ids are 32-bit integers in every database we support, and the
calendar arithmetic behind a page needs room on either side of its day)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from pydantic import Field

from tijdig import clock
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal


def installation(request: Request) -> Tijdig:
    """The installation `create_app` bootstrapped for this app."""
    tijdig: Tijdig = request.app.state.tijdig
    return tijdig


Installation = Annotated[Tijdig, Depends(installation)]


FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


async def refuse_nul(request: Request) -> None:
    """No text from outside holds a NUL character: PostgreSQL refuses them in text (a
    server error deep down), so a path, query or form value with one is a 422 here
    (an app-wide dependency)."""
    values = [*request.path_params.items(), *request.query_params.multi_items()]
    if request.headers.get("content-type", "").startswith(FORMS):
        values += (await request.form()).multi_items()
    for name, value in values:
        if isinstance(value, str) and "\x00" in value:
            raise InvalidValue(name, Refusal.NUL_CHARACTER)


def today() -> date:
    """The business day from the edge's one clock, passed down as a date."""
    return clock.today()


MAX_ID = 2**31 - 1
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)

# A row's id in a path: 1 ... MAX_ID, else 422 (a number out of range) or 404.
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
# The same in a form's list of ids.
IdValue = Annotated[int, Field(ge=1, le=MAX_ID)]


def as_of_date(
    as_of: Annotated[
        date | None,
        Query(
            ge=FIRST_DAY,
            le=LAST_DAY,
            description="Date to look from (YYYY-MM-DD); default today.",
        ),
    ] = None,
) -> date:
    return as_of or today()


AsOfDate = Annotated[date, Depends(as_of_date)]

CompanyCode = Annotated[
    str | None,
    Query(
        alias="company",
        description="Company code, KvK/KBO number or VAT id; optional when there is one.",
    ),
]
