"""What the routes share: the installation, the clock and the company asked for."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from tijdig.bootstrap import Tijdig
from tijdig.entrypoints import clock


def installation(request: Request) -> Tijdig:
    """The installation `create_app` bootstrapped for this app."""
    tijdig: Tijdig = request.app.state.tijdig
    return tijdig


Installation = Annotated[Tijdig, Depends(installation)]


def today() -> date:
    """The business day from the edge's one clock, passed down as a date."""
    return clock.today()


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
