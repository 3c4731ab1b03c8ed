"""Runs of the collection engine and their items (proposals, calls, holds, warnings):
the one place that stores and reads them. `SqlRuns` (in a unit of work) makes runs,
decides and records their items and reads them for the CLI and the workspace: a run
whole (`view`), pages of runs (`page`), a run grouped by step and paged (`group_counts`,
`group_items`). The module's functions read the same rows through a plain connection
for the REST API (`runs`, `run_record`, `latest_run_id`, `run_items`). Never commits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, and_, func, insert, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc, to_minor
from tijdig.adapters.db.paging import count, paged
from tijdig.adapters.db.repositories.claims import claims_left
from tijdig.adapters.db.schema.collection import InvoiceClaimRow, RunItemRow, RunRow, StepTakenRow
from tijdig.adapters.db.schema.ledger import CompanyRow, CustomerRow, InvoiceRow
from tijdig.domain.collection.run_items import (
    DECIDABLE,
    RunItemKind,
    RunItemStatus,
    initial_status,
)
from tijdig.domain.reason_texts import say, say_all
from tijdig.domain.reasons import Reason, many_from_json, many_to_json
from tijdig.engine.model import Advice
from tijdig.services.collection.payload import (
    AS_SENT,
    CallPayload,
    FallbackPayload,
    HoldPayload,
    MessagePayload,
    StoredProposal,
    WarningPayload,
    sent_json,
)
from tijdig.services.collection.review import Moved
from tijdig.services.collection.views import RunItem, RunRecord, RunView
from tijdig.services.read_models.common import Page, Window

CHUNK = 500  # ids per IN (...) list
Claimed = tuple[Decimal, Decimal]  # costs, interest
Kind, Status = RunItemKind, RunItemStatus
INFO = Status.INFO  # the status of holds and warnings, for good
INFO_KINDS = (Kind.HOLD, Kind.WARNING)
Reader = Session | Connection  # the unit of work's session, or the API's connection

# A run item as every reader reads it: the item, with its customer's number and name.
_r, _c = RunItemRow, CustomerRow
ITEM_COLUMNS = (_r.id, _r.run_id, _r.kind, _r.status, _c.number, _c.name, _r.policy_code,
                _r.step_key, _r.channel, _r.summary, _r.payload, _r.auto_approved,
                _r.notes)  # fmt: skip


def _items_query() -> Select[*tuple[Any, ...]]:
    return select(*ITEM_COLUMNS).outerjoin(_c, _c.id == _r.customer_id)


def _item(row: Row[*tuple[Any, ...]]) -> RunItem:
    (item_id, run_id, kind, status, number, name, policy_code, step_key, channel, summary,
     payload, auto_approved, notes) = row  # fmt: skip
    return RunItem(
        id=item_id, run_id=run_id, kind=Kind(kind), status=Status(status),
        customer_number=number, customer_name=name, policy_code=policy_code,
        step_key=step_key, channel=channel, summary=summary, payload_json=payload or "{}",
        auto_approved=auto_approved, notes=many_from_json(json.loads(notes or "[]")),
    )  # fmt: skip


Counted = tuple[RunItemKind, RunItemStatus, int]


def _counts(db: Reader, run_ids: Sequence[int]) -> dict[int, tuple[Counted, ...]]:
    """Items per (kind, status) of each run: one grouped query for a whole page of runs
    (read from the (run_id, status) index with the kind)."""
    if not run_ids:
        return {}
    query = (
        select(_r.run_id, _r.kind, _r.status, func.count())
        .where(_r.run_id.in_(run_ids))
        .group_by(_r.run_id, _r.kind, _r.status)
        .order_by(_r.run_id, _r.kind, _r.status)
    )
    found: dict[int, list[Counted]] = {}
    for run_id, kind, status, n in db.execute(query):
        found.setdefault(run_id, []).append((Kind(kind), Status(status), int(n)))
    return {run_id: tuple(rows) for run_id, rows in found.items()}


def _records(db: Reader, query: Select[*tuple[Any, ...]]) -> list[RunRecord]:
    rows = db.execute(query).all()
    counts = _counts(db, [row.id for row in rows])
    return [
        RunRecord(row.id, row.as_of, as_utc(row.created_at), counts.get(row.id, ())) for row in rows
    ]


def _runs_of(company_id: int) -> Select[*tuple[Any, ...]]:
    return select(RunRow.id, RunRow.as_of, RunRow.created_at).where(RunRow.company_id == company_id)


def runs(db: Reader, company_id: int, window: Window) -> Page[RunRecord]:
    """A page of the company's runs, newest first, with their items counted."""
    query = _runs_of(company_id)
    page = paged(query.order_by(RunRow.id.desc()), window)
    return Page(tuple(_records(db, page)), count(db, query))


def run_record(db: Reader, company_id: int, run_id: int) -> RunRecord | None:
    found = _records(db, _runs_of(company_id).where(RunRow.id == run_id))
    return found[0] if found else None


def latest_run_id(db: Reader, company_id: int) -> int | None:
    """The company's latest run: the only one whose items are decided."""
    return db.scalar(select(func.max(RunRow.id)).where(RunRow.company_id == company_id))


def run_items(
    db: Reader,
    company_id: int,
    run_id: int,
    window: Window,
    *,
    kinds: Sequence[RunItemKind],
    statuses: Sequence[RunItemStatus],
    customer_id: int | None,
) -> Page[RunItem]:
    query = _items_query().where(_r.company_id == company_id, _r.run_id == run_id)
    if kinds:
        query = query.where(_r.kind.in_(kinds))
    if statuses:
        query = query.where(_r.status.in_(statuses))
    if customer_id is not None:
        query = query.where(_r.customer_id == customer_id)
    page = paged(query.order_by(_r.id), window)
    return Page(tuple(_item(row) for row in db.execute(page)), count(db, query))


def _in_group(kind: RunItemKind | None, step_key: str | None) -> list[ColumnElement[bool]]:
    if kind is None:
        return []
    where = [_r.kind == kind]
    if kind == Kind.MESSAGE:
        where.append(_r.step_key == step_key)
    return where


GroupCount = tuple[RunItemKind, str | None, RunItemStatus, int]  # kind, step key, status, items


class InfoCounts:
    """The counts of a run's holds and warnings, kept once read: they never change
    status. One per installation (`bootstrap.Tijdig`), shared by its units of work, so
    a big run's review pages read them once; a unit of work made without one keeps its
    own."""

    LIMIT = 256  # runs kept; then forgotten all at once

    def __init__(self) -> None:
        # By run id and created time: the time tells a run from a later one that reused
        # its id (a reset).
        self._kept: dict[tuple[int, datetime | None], list[GroupCount]] = {}

    def get(self, run_id: int, created: datetime | None) -> list[GroupCount] | None:
        return self._kept.get((run_id, created))

    def keep(self, run_id: int, created: datetime | None, counts: list[GroupCount]) -> None:
        if len(self._kept) >= self.LIMIT:
            self._kept.clear()
        self._kept[(run_id, created)] = counts


class SqlRuns:
    def __init__(self, session: Session, info_counts: InfoCounts | None = None) -> None:
        self.session = session
        self._info = InfoCounts() if info_counts is None else info_counts

    def create(
        self,
        company_id: int,
        *,
        as_of: date,
        created_at: datetime,
        decisions: Sequence[tuple[int, Advice]],
        warnings: Sequence[Reason] = (),
    ) -> int:
        """Store a run with one item per proposal, call, hold and warning."""
        run = RunRow(company_id=company_id, as_of=as_of, created_at=created_at)
        self.session.add(run)
        self.session.flush()
        rows = [_warning_row(run.id, company_id, None, w) for w in warnings]
        for customer_id, decision in decisions:
            rows.extend(_items(run.id, company_id, customer_id, decision))
        for start in range(0, len(rows), 5000):
            self.session.execute(insert(RunItemRow), rows[start : start + 5000])
        return run.id

    def latest_id(self, company_id: int) -> int | None:
        return latest_run_id(self.session, company_id)

    def view(self, run_id: int, *, kinds: Sequence[RunItemKind] | None = None) -> RunView | None:
        run = self.session.get(RunRow, run_id)
        if run is None:
            return None
        code = self.session.scalar(select(CompanyRow.code).where(CompanyRow.id == run.company_id))
        query = _items_query().where(_r.run_id == run_id).order_by(_r.id)
        if kinds:
            query = query.where(_r.kind.in_(kinds))
        items = tuple(_item(row) for row in self.session.execute(query))
        return RunView(run.id, code or "", run.as_of, items)

    def item(self, item_id: int) -> RunItem | None:
        found = self.session.execute(_items_query().where(_r.id == item_id)).first()
        return None if found is None else _item(found)

    def note(self, item_id: int, notes: Sequence[Reason]) -> None:
        """Add to an item's notes why it ended as it did."""
        row = self.session.get(RunItemRow, item_id)
        if row is not None:
            before = many_from_json(json.loads(row.notes or "[]"))
            row.notes = json.dumps(many_to_json([*before, *notes]))

    def items_with_status(
        self, company_id: int, kind: RunItemKind, statuses: Sequence[RunItemStatus]
    ) -> list[RunItem]:
        query = (
            _items_query()
            .where(_r.company_id == company_id, _r.kind == kind, _r.status.in_(statuses))
            .order_by(_r.id)
        )
        return [_item(row) for row in self.session.execute(query)]

    def set_status(
        self,
        item_ids: Sequence[int],
        status: RunItemStatus,
        *,
        only_from: Sequence[RunItemStatus],
        at: datetime,
    ) -> int:
        """Move items to `status` when they are in one of `only_from`; the count moved."""
        if not item_ids:
            return 0
        result = self.session.execute(
            update(RunItemRow)
            .where(RunItemRow.id.in_(item_ids), RunItemRow.status.in_(only_from))
            .values(status=status, decided_at=at)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def supersede_open(self, company_id: int, *, at: datetime) -> int:
        """Proposals of earlier runs nobody decided on give way to the new run's."""
        result = self.session.execute(
            update(RunItemRow)
            .where(RunItemRow.company_id == company_id, RunItemRow.status == Status.PROPOSED)
            .values(status=Status.SUPERSEDED, decided_at=at)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def record_steps(
        self,
        company_id: int,
        run_item_id: int,
        steps: Sequence[tuple[str, str]],
        *,
        channel: str,
        taken_on: date,
        deadline: date | None = None,
    ) -> int:
        """The steps a sent message took, as (invoice number, step key), with the deadline
        it stated; the count stored."""
        numbers = [number for number, _ in steps]
        ids = self._invoice_ids(company_id, numbers)
        rows = [
            {"company_id": company_id, "invoice_id": ids[number], "step_key": key,
             "channel": channel, "taken_on": taken_on, "deadline": deadline,
             "run_item_id": run_item_id}
            for number, key in steps
            if number in ids
        ]  # fmt: skip
        if rows:
            self.session.execute(insert(StepTakenRow), rows)
        return len(rows)

    def set_sent_payload(self, item_id: int, sent: StoredProposal, *, sent_on: date) -> None:
        """Keep, beside what was approved, the proposal as it is sent (AS_SENT)."""
        row = self.session.get(RunItemRow, item_id)
        if row is not None:
            kept = json.loads(row.payload) | {AS_SENT: sent_json(sent, sent_on)}
            row.payload = json.dumps(kept)

    def record_claims(
        self,
        company_id: int,
        run_item_id: int,
        claims: Sequence[tuple[str, Decimal, Decimal, str]],
        *,
        claimed_on: date,
    ) -> None:
        """Costs and interest claimed per invoice: (number, costs, interest, currency)."""
        numbers = [number for number, *_ in claims]
        ids = self._invoice_ids(company_id, numbers)
        rows = [
            {"company_id": company_id, "invoice_id": ids[number], "currency": currency,
             "costs_minor": to_minor(costs, currency),
             "interest_minor": to_minor(interest, currency),
             "claimed_on": claimed_on, "run_item_id": run_item_id}
            for number, costs, interest, currency in claims
            if number in ids
        ]  # fmt: skip
        if rows:
            self.session.execute(insert(InvoiceClaimRow), rows)

    def _invoice_ids(self, company_id: int, numbers: Sequence[str]) -> dict[str, int]:
        """Invoice ids by number (invoices, not credit notes), for the numbers given."""
        query = select(InvoiceRow.number, InvoiceRow.id).where(
            InvoiceRow.company_id == company_id,
            InvoiceRow.kind == "invoice",
            InvoiceRow.number.in_(numbers),
        )
        return dict(self.session.execute(query).all())

    def customers_waiting(self, company_id: int) -> set[int]:
        """Customers with an approved message not yet sent: no second one is proposed."""
        query = select(RunItemRow.customer_id).where(
            RunItemRow.company_id == company_id,
            RunItemRow.kind == Kind.MESSAGE,
            RunItemRow.status.in_((Status.APPROVED, Status.QUEUED)),
        )
        return {cid for cid in self.session.scalars(query) if cid is not None}

    def page(self, company_id: int, *, offset: int, limit: int) -> tuple[int, list[RunRecord]]:
        """A page of runs, newest first, each with its items counted."""
        found = runs(self.session, company_id, Window(limit, offset))
        return found.total, list(found.items)

    def listing(self, company_id: int, run_id: int) -> RunRecord | None:
        return run_record(self.session, company_id, run_id)

    def group_counts(self, run_id: int) -> list[GroupCount]:
        """(kind, step key, status, items) of a run. Proposals and calls are read through
        the (run_id, status) index; holds and warnings, most of a big run, never change
        status, so their counts are read once per run and kept."""
        query = (
            select(RunItemRow.kind, RunItemRow.step_key, RunItemRow.status, func.count())
            .where(RunItemRow.run_id == run_id, RunItemRow.status.in_(DECIDABLE))
            .group_by(RunItemRow.kind, RunItemRow.step_key, RunItemRow.status)
        )
        moving = [(Kind(k), s, Status(st), int(n)) for k, s, st, n in self.session.execute(query)]
        return moving + self._info_counts(run_id)

    def _info_counts(self, run_id: int) -> list[GroupCount]:
        created = self.session.scalar(select(RunRow.created_at).where(RunRow.id == run_id))
        kept = self._info.get(run_id, created)
        if kept is None:
            query = (
                select(RunItemRow.kind, func.count())
                .where(RunItemRow.run_id == run_id, RunItemRow.status == INFO)
                .group_by(RunItemRow.kind)
            )
            kept = [(Kind(k), None, INFO, int(n)) for k, n in self.session.execute(query)]
            self._info.keep(run_id, created, kept)
        return kept

    def group_items(
        self,
        run_id: int,
        *,
        kind: RunItemKind,
        step_key: str | None,
        status: RunItemStatus | None,
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
            _items_query()
            .where(_r.run_id == run_id, by_status, *_in_group(kind, step_key))
            .order_by(_r.id)
            .offset(offset)
            .limit(limit)
        )
        return [_item(row) for row in self.session.execute(query)]

    def run_item(self, company_id: int, run_id: int, item_id: int) -> RunItem | None:
        found = self.session.execute(
            _items_query().where(_r.id == item_id, _r.run_id == run_id, _r.company_id == company_id)
        ).first()
        return None if found is None else _item(found)

    def company_warnings(self, run_id: int) -> list[Reason | str]:
        """The run's own warnings: their reasons, or the sentence of a run stored before
        reasons were codes."""
        query = (
            select(RunItemRow.summary, RunItemRow.payload)
            .where(
                RunItemRow.run_id == run_id,
                RunItemRow.kind == Kind.WARNING,
                RunItemRow.customer_id.is_(None),
            )
            .order_by(RunItemRow.id)
        )
        found: list[Reason | str] = []
        for summary, payload in self.session.execute(query):
            found.extend(WarningPayload.from_json(json.loads(payload or "{}")).reasons or [summary])
        return found

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
        status: RunItemStatus,
        at: datetime,
        item_ids: Sequence[int] | None,
        kind: RunItemKind | None = None,
        step_key: str | None = None,
    ) -> list[Moved]:
        """Move the run's proposals named (or all of a group's) to `status`; the items
        that moved. A proposal decided meanwhile by someone else does not move again."""
        base = [RunItemRow.run_id == run_id, RunItemRow.status == Status.PROPOSED]
        base += _in_group(kind, step_key)
        if item_ids is None:
            return self._move(and_(*base), status, at)
        ids = sorted(set(item_ids))
        moved: list[Moved] = []
        for start in range(0, len(ids), CHUNK):
            where = and_(*base, RunItemRow.id.in_(ids[start : start + CHUNK]))
            moved += self._move(where, status, at)
        return moved

    def _move(self, where: ColumnElement[bool], status: RunItemStatus, at: datetime) -> list[Moved]:
        statement = (
            update(RunItemRow)
            .where(where)
            .values(status=status, decided_at=at)
            .returning(RunItemRow.id, RunItemRow.customer_id, RunItemRow.step_key, RunItemRow.kind)
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


def _items(run_id: int, company_id: int, customer_id: int, d: Advice) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if d.proposal is not None:
        p = d.proposal
        summary = f"{p.step.key} by {p.channel.value}: " + say_all(p.reasons)
        row = _item_row(run_id, company_id, customer_id, Kind.MESSAGE, summary,
                        auto_approved=p.auto_approve)  # fmt: skip
        row |= {
            "policy_code": p.policy_code,
            "step_key": p.step.key,
            "channel": p.channel.value,
            "payload": json.dumps(MessagePayload(StoredProposal.of(p)).to_json()),
        }
        rows.append(row)
    for call in d.calls:
        call_payload = CallPayload.of(call)
        row = _item_row(run_id, company_id, customer_id, Kind.CALL, call_payload.reason)
        rows.append(row | {"channel": "call", "payload": json.dumps(call_payload.to_json())})
    for hold in d.holds:
        row = _item_row(run_id, company_id, customer_id, Kind.HOLD, say(hold.reason))
        held = HoldPayload(hold.invoice_number, (hold.reason,))
        rows.append(row | {"payload": json.dumps(held.to_json())})
    for due in d.fallbacks:
        row = _item_row(run_id, company_id, customer_id, Kind.FALLBACK, say(due.reason))
        rows.append(row | {"step_key": due.fallback.value, "channel": "fallback",
                           "payload": json.dumps(FallbackPayload.of(due).to_json())})  # fmt: skip
    rows.extend(_warning_row(run_id, company_id, customer_id, w) for w in d.warnings)
    return rows


def _warning_row(
    run_id: int, company_id: int, customer_id: int | None, reason: Reason
) -> dict[str, Any]:
    """A warning: its English sentence as the summary (CLI, API), its code and params in
    the payload, for the pages to say it in the reader's language."""
    row = _item_row(run_id, company_id, customer_id, Kind.WARNING, say(reason))
    return row | {"payload": json.dumps(WarningPayload((reason,)).to_json())}


def _item_row(
    run_id: int,
    company_id: int,
    customer_id: int | None,
    kind: RunItemKind,
    summary: str,
    *,
    auto_approved: bool = False,
) -> dict[str, Any]:
    """A new item, with the status its kind starts in."""
    status = initial_status(kind, auto_approved=auto_approved)
    return {
        "run_id": run_id, "company_id": company_id, "customer_id": customer_id,
        "kind": kind.value, "status": status.value, "summary": summary, "payload": "{}",
        "notes": "[]", "auto_approved": auto_approved, "policy_code": None, "step_key": None,
        "channel": None,
        "decided_at": None,
    }  # fmt: skip


def _by_id(moved: Moved) -> int:
    return moved.item_id
