"""What the routes share: the installation, the clock and the company asked for."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Query, Request

from tijdig.bootstrap import Tijdig

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
