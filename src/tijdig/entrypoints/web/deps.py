"""What the routes share: the installation, the clock and the company asked for."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Query, Request

from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.parties import Company
from tijdig.services.companies import resolve_company

# Business days in NL and BE start and end at the same time.
BUSINESS_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def installation(request: Request) -> Tijdig:
    """The installation `create_app` bootstrapped for this app."""
    tijdig: Tijdig = request.app.state.tijdig
    return tijdig


Installation = Annotated[Tijdig, Depends(installation)]


def today() -> date:
    """The clock is read here, at the edge, and passed down as a date."""
    return datetime.now(BUSINESS_TIMEZONE).date()


def as_of_date(
    as_of: Annotated[
        date | None, Query(description="Date to look from (YYYY-MM-DD); default today.")
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


def company_for(tijdig: Tijdig, code: str | None) -> Company:
    """The company named in `?company=`, or the only one there is.

    Called in the route's body rather than as a dependency, so that a malformed query
    value is reported (422) before the company is looked up (404).
    """
    try:
        return resolve_company(tijdig.uow(), code, how_to_name="?company=CODE")
    except RuleViolation as error:  # several companies: the query parameter is the field
        raise InvalidValue("company", str(error)) from error
