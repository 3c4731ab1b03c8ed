"""`GET /health`: the app answers and its database does too."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import APIRouter, Response
from sqlalchemy.exc import SQLAlchemyError

from tijdig.entrypoints.web.api.schemas import HealthRead
from tijdig.entrypoints.web.deps import Installation

log = logging.getLogger(__name__)

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=HealthRead,
    responses={HTTPStatus.SERVICE_UNAVAILABLE: {"model": HealthRead}},
)
def health(tijdig: Installation, response: Response) -> HealthRead:
    """200 when a trivial query succeeds, 503 when the database does not answer."""
    try:
        tijdig.check_database()
    except SQLAlchemyError:
        log.exception("health check: the database does not answer")
        response.status_code = HTTPStatus.SERVICE_UNAVAILABLE
        return HealthRead(status="error", database="unavailable")
    return HealthRead(status="ok", database="ok")
