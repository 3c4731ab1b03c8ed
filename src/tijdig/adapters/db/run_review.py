"""Runs as the workspace reviews them: paged, grouped by step, decided in bulk, with
the audit entries of the decisions in the same transaction. Never commits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.orm import Session

from tijdig.services.collection.review import Moved, RunListing
from tijdig.services.collection.views import RunItem

from .claims import claims_left
from .collection_rows import OutboxRow, RunItemRow, RunRow
from .converters import as_utc
from .rows import CustomerRow

CHUNK = 500  # ids per IN (...) list
Claimed = tuple[Decimal, Decimal]  # costs, interest
INFO = "info"  # the status of holds and warnings, for good
INFO_KINDS = ("hold", "warning")
DECIDABLE = ("proposed", "approved", "skipped", "superseded", "dropped", "queued", "sent",
             "failed", "done")  # fmt: skip
_INFO_COUNTS: dict[tuple[str, int, datetime | None], list[tuple[str, str | None, str, int]]] = {}


def _item(row: RunItemRow, number: str | None, name: str | None) -> RunItem:
    return RunItem(
        id=row.id, run_id=row.run_id, kind=row.kind, status=row.status,
        customer_number=number, customer_name=name, policy_code=row.policy_code,
        step_key=row.step_key, channel=row.channel, summary=row.summary,
        payload=json.loads(row.payload), auto_approved=row.auto_approved,
    )  # fmt: skip


def _in_group(kind: str | None, step_key: str | None) -> list[ColumnElement[bool]]:
    if kind is None:
        return []
    where = [RunItemRow.kind == kind]
    if kind == "message":
        where.append(RunItemRow.step_key == step_key)
    return where


class SqlRunReview:
    def __init__(self, session: Session) -> None:
        self.session = session

    def runs(self, company_id: int, *, offset: int, limit: int) -> tuple[int, list[RunListing]]:
        """A page of runs, newest first, each with its items counted by status (read
        from the (run_id, status) index alone)."""
        total = self.session.scalar(
            select(func.count()).select_from(RunRow).where(RunRow.company_id == company_id)
        )
        rows = self.session.execute(
            select(RunRow.id, RunRow.as_of, RunRow.created_at)
            .where(RunRow.company_id == company_id)
            .order_by(RunRow.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        counts = self._status_counts([r.id for r in rows])
        return int(total or 0), [
            RunListing(r.id, r.as_of, as_utc(r.created_at), counts.get(r.id, {})) for r in rows
        ]

    def _status_counts(self, run_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        if not run_ids:
            return {}
        query = (
            select(RunItemRow.run_id, RunItemRow.status, func.count())
            .where(RunItemRow.run_id.in_(run_ids))
            .group_by(RunItemRow.run_id, RunItemRow.status)
        )
        counts: dict[int, dict[str, int]] = {}
        for run_id, status, n in self.session.execute(query):
            counts.setdefault(run_id, {})[status] = int(n)
        return counts

    def run(self, company_id: int, run_id: int) -> RunListing | None:
        row = self.session.execute(
            select(RunRow.id, RunRow.as_of, RunRow.created_at).where(
                RunRow.id == run_id, RunRow.company_id == company_id
            )
        ).first()
        if row is None:
            return None
        counts = self._status_counts([row.id]).get(row.id, {})
        return RunListing(row.id, row.as_of, as_utc(row.created_at), counts)

    def group_counts(self, run_id: int) -> list[tuple[str, str | None, str, int]]:
        """(kind, step key, status, items) of a run. Proposals and calls are read through
        the (run_id, status) index; holds and warnings, most of a big run, never change
        status, so their counts are read once per run and kept."""
        query = (
            select(RunItemRow.kind, RunItemRow.step_key, RunItemRow.status, func.count())
            .where(RunItemRow.run_id == run_id, RunItemRow.status.in_(DECIDABLE))
            .group_by(RunItemRow.kind, RunItemRow.step_key, RunItemRow.status)
        )
        moving = [(k, s, st, int(n)) for k, s, st, n in self.session.execute(query)]
        return moving + self._info_counts(run_id)

    def _info_counts(self, run_id: int) -> list[tuple[str, str | None, str, int]]:
        created = self.session.scalar(select(RunRow.created_at).where(RunRow.id == run_id))
        # The created time tells a run from a later one that reused its id (a reset).
        key = (str(self.session.get_bind().engine.url), run_id, created)
        if key not in _INFO_COUNTS:
            query = (
                select(RunItemRow.kind, func.count())
                .where(RunItemRow.run_id == run_id, RunItemRow.status == INFO)
                .group_by(RunItemRow.kind)
            )
            if len(_INFO_COUNTS) >= 256:
                _INFO_COUNTS.clear()
            _INFO_COUNTS[key] = [(k, None, INFO, int(n)) for k, n in self.session.execute(query)]
        return _INFO_COUNTS[key]

    def items(
        self,
        run_id: int,
        *,
        kind: str,
        step_key: str | None,
        status: str | None,
        offset: int,
        limit: int,
    ) -> list[RunItem]:
        # Naming the status lets the (run_id, status) index find the rows: for holds and
        # warnings (always "info") it even gives them in id order, so a page reads no more.
        if status is not None:
            by_status = RunItemRow.status == status
        elif kind in INFO_KINDS:
            by_status = RunItemRow.status == INFO
        else:
            by_status = RunItemRow.status.in_(DECIDABLE)
        query = (
            select(RunItemRow, CustomerRow.number, CustomerRow.name)
            .outerjoin(CustomerRow, CustomerRow.id == RunItemRow.customer_id)
            .where(RunItemRow.run_id == run_id, by_status, *_in_group(kind, step_key))
            .order_by(RunItemRow.id)
            .offset(offset)
            .limit(limit)
        )
        return [_item(*row) for row in self.session.execute(query)]

    def item(self, company_id: int, run_id: int, item_id: int) -> RunItem | None:
        found = self.session.execute(
            select(RunItemRow, CustomerRow.number, CustomerRow.name)
            .outerjoin(CustomerRow, CustomerRow.id == RunItemRow.customer_id)
            .where(
                RunItemRow.id == item_id,
                RunItemRow.run_id == run_id,
                RunItemRow.company_id == company_id,
            )
        ).first()
        return None if found is None else _item(*found)

    def company_warnings(self, run_id: int) -> list[str]:
        query = (
            select(RunItemRow.summary)
            .where(
                RunItemRow.run_id == run_id,
                RunItemRow.kind == "warning",
                RunItemRow.customer_id.is_(None),
            )
            .order_by(RunItemRow.id)
        )
        return list(self.session.scalars(query))

    def foreign_items(self, run_id: int, item_ids: Sequence[int]) -> list[int]:
        """The ids among `item_ids` that are not items of the run."""
        wanted = sorted(set(item_ids))
        found: set[int] = set()
        for start in range(0, len(wanted), CHUNK):
            found.update(
                self.session.scalars(
                    select(RunItemRow.id).where(
                        RunItemRow.run_id == run_id,
                        RunItemRow.id.in_(wanted[start : start + CHUNK]),
                    )
                )
            )
        return [i for i in wanted if i not in found]

    def decide(
        self,
        run_id: int,
        *,
        status: str,
        at: datetime,
        item_ids: Sequence[int] | None,
        kind: str | None = None,
        step_key: str | None = None,
    ) -> list[Moved]:
        """Move the run's proposals named (or all of a group's) to `status`; the items
        that moved. A proposal decided meanwhile by someone else does not move again."""
        base = [RunItemRow.run_id == run_id, RunItemRow.status == "proposed"]
        base += _in_group(kind, step_key)
        if item_ids is None:
            return self._move(and_(*base), status, at)
        ids = sorted(set(item_ids))
        moved: list[Moved] = []
        for start in range(0, len(ids), CHUNK):
            where = and_(*base, RunItemRow.id.in_(ids[start : start + CHUNK]))
            moved += self._move(where, status, at)
        return moved

    def _move(self, where: ColumnElement[bool], status: str, at: datetime) -> list[Moved]:
        statement = (
            update(RunItemRow)
            .where(where)
            .values(status=status, decided_at=at)
            .returning(RunItemRow.id, RunItemRow.customer_id, RunItemRow.step_key)
            .execution_options(synchronize_session=False)
        )
        return sorted((Moved(*row) for row in self.session.execute(statement)), key=_by_id)

    def claims_left(self, company_id: int, customer_number: str) -> dict[str, Claimed]:
        """Costs and interest claimed from one customer and not yet paid, per invoice."""
        customer_id = self.session.scalar(
            select(CustomerRow.id).where(
                CustomerRow.company_id == company_id, CustomerRow.number == customer_number
            )
        )
        if customer_id is None:
            return {}
        return claims_left(self.session, company_id, customer_id=customer_id)

    def outbox_customers(self, outbox_ids: Sequence[int]) -> dict[int, int | None]:
        found: dict[int, int | None] = {}
        for start in range(0, len(outbox_ids), CHUNK):
            query = select(OutboxRow.id, OutboxRow.customer_id).where(
                OutboxRow.id.in_(outbox_ids[start : start + CHUNK])
            )
            found.update((i, c) for i, c in self.session.execute(query))
        return found


def _by_id(moved: Moved) -> int:
    return moved.item_id
