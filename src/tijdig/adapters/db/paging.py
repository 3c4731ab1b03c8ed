"""Counting and paging a list query, one way for every list (the REST API's, the runs)."""

from __future__ import annotations

from typing import TypeVarTuple

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.orm import Session

from tijdig.services.read_models.common import Window

Ts = TypeVarTuple("Ts")


def count(db: Connection | Session, query: Select[*Ts]) -> int:
    """How many rows the query finds, whatever page is shown (its ordering dropped)."""
    return int(db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)


def paged(query: Select[*Ts], window: Window) -> Select[*Ts]:
    return query.limit(window.limit).offset(window.offset)
