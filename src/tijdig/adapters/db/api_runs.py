"""Runs and their items for the REST API: pages of runs with their counts per kind and
status, and pages of a run's items, filtered in SQL (a run may hold 100,000 items)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import TypeVarTuple

from sqlalchemy import Connection, Select, func, select

from tijdig.services.api_queries import Page, RunRecord, Window
from tijdig.services.collection.views import RunItem

from .collection_rows import RunItemRow, RunRow
from .converters import as_utc
from .rows import CustomerRow

Ts = TypeVarTuple("Ts")


def _count(conn: Connection, query: Select[*Ts]) -> int:
    return int(conn.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)


def _counts(conn: Connection, run_ids: list[int]) -> dict[int, tuple[tuple[str, str, int], ...]]:
    """Items per (kind, status) of each run: one grouped query for the whole page."""
    if not run_ids:
        return {}
    r = RunItemRow
    query = (
        select(r.run_id, r.kind, r.status, func.count())
        .where(r.run_id.in_(run_ids))
        .group_by(r.run_id, r.kind, r.status)
        .order_by(r.run_id, r.kind, r.status)
    )
    found: dict[int, list[tuple[str, str, int]]] = {}
    for run_id, kind, status, n in conn.execute(query):
        found.setdefault(run_id, []).append((kind, status, int(n)))
    return {run_id: tuple(rows) for run_id, rows in found.items()}


def _records(conn: Connection, query: Select[*Ts]) -> list[RunRecord]:
    rows = conn.execute(query).all()
    counts = _counts(conn, [row.id for row in rows])
    return [
        RunRecord(row.id, row.as_of, as_utc(row.created_at), counts.get(row.id, ())) for row in rows
    ]


def _runs_of(company_id: int) -> Select[int, date, datetime]:
    return select(RunRow.id, RunRow.as_of, RunRow.created_at).where(RunRow.company_id == company_id)


def runs(conn: Connection, company_id: int, window: Window) -> Page[RunRecord]:
    query = _runs_of(company_id)
    page = query.order_by(RunRow.id.desc()).limit(window.limit).offset(window.offset)
    return Page(tuple(_records(conn, page)), _count(conn, query))


def run_record(conn: Connection, company_id: int, run_id: int) -> RunRecord | None:
    found = _records(conn, _runs_of(company_id).where(RunRow.id == run_id))
    return found[0] if found else None


def latest_run_id(conn: Connection, company_id: int) -> int | None:
    query = select(func.max(RunRow.id)).where(RunRow.company_id == company_id)
    return conn.scalar(query)


def run_items(
    conn: Connection,
    company_id: int,
    run_id: int,
    window: Window,
    *,
    kinds: Sequence[str],
    statuses: Sequence[str],
    customer_id: int | None,
) -> Page[RunItem]:
    r, c = RunItemRow, CustomerRow
    query = (
        select(r.id, r.run_id, r.kind, r.status, c.number, c.name, r.policy_code, r.step_key,
               r.channel, r.summary, r.payload, r.auto_approved)
        .outerjoin(c, c.id == r.customer_id)
        .where(r.company_id == company_id, r.run_id == run_id)
    )  # fmt: skip
    if kinds:
        query = query.where(r.kind.in_(kinds))
    if statuses:
        query = query.where(r.status.in_(statuses))
    if customer_id is not None:
        query = query.where(r.customer_id == customer_id)
    page = query.order_by(r.id).limit(window.limit).offset(window.offset)
    items = tuple(
        RunItem(*row[:10], payload=json.loads(row.payload or "{}"), auto_approved=row[11])
        for row in conn.execute(page)
    )
    return Page(items, _count(conn, query))
