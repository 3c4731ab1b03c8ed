"""Reviewing runs: runs page by page, a run's items grouped by step and paged, and
`decide`, approving or skipping proposals of the latest run (audited per customer, in
the same transaction) for the CLI, the API and the workspace alike. Previewing and
sending a run's messages is in send.py.

Groups: a message belongs to its step ("step:reminder"), the rest to its kind ("call",
"hold", "warning"). A run of 100,000 customers is read one group page at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from tijdig.domain.collection.run_items import (
    DECIDED_KINDS,
    DECISIONS,
    RunItemKind,
    RunItemStatus,
    check_transition,
)
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Reason
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.collection.messages import SendUnitOfWork
from tijdig.services.collection.run import Runs, RunUnitOfWork, policies_for
from tijdig.services.collection.views import RunItem, RunRecord
from tijdig.services.ladder.fallbacks import carry_out
from tijdig.services.outbox import OutboxStatus

KINDS = (RunItemKind.FALLBACK, RunItemKind.CALL, RunItemKind.HOLD, RunItemKind.WARNING)
# ... each a group of its own
STEP_PREFIX = "step:"
# Known steps in the order a case escalates; a company's own steps follow, by name.
STEP_ORDER = (
    "friendly", "reminder", "first_reminder", "formal_demand", "fourteen_day_letter",
    "notice_of_default", "final_notice", "costs_claim", "hand_over",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Group:
    key: str
    kind: RunItemKind
    step_key: str | None
    counts: Mapping[RunItemStatus, int]  # status -> items

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def proposed(self) -> int:
        return self.counts.get(RunItemStatus.PROPOSED, 0)


@dataclass(frozen=True, slots=True)
class Decided:
    """What a decision did: the run, how many items moved and what they became."""

    run_id: int
    moved: int
    status: RunItemStatus


@dataclass(frozen=True, slots=True)
class Moved:
    """An item a decision moved, for the audit log."""

    item_id: int
    customer_id: int | None
    step_key: str | None
    kind: str = RunItemKind.MESSAGE.value


class RunReviewStore(Runs, Protocol):
    """The run store (run.Runs) with what reviewing reads and decides."""

    def page(self, company_id: int, *, offset: int, limit: int) -> tuple[int, list[RunRecord]]: ...
    def listing(self, company_id: int, run_id: int) -> RunRecord | None: ...
    def group_counts(
        self, run_id: int
    ) -> list[tuple[RunItemKind, str | None, RunItemStatus, int]]: ...
    def group_items(
        self,
        run_id: int,
        *,
        kind: RunItemKind,
        step_key: str | None,
        status: RunItemStatus | None,
        offset: int,
        limit: int,
    ) -> list[RunItem]: ...
    def run_item(self, company_id: int, run_id: int, item_id: int) -> RunItem | None: ...
    def company_warnings(self, run_id: int) -> list[Reason | str]: ...
    def decide(
        self,
        run_id: int,
        *,
        status: RunItemStatus,
        at: datetime,
        item_ids: Sequence[int] | None,
        kind: RunItemKind | None = None,
        step_key: str | None = None,
    ) -> list[Moved]: ...
    def foreign_items(self, run_id: int, item_ids: Sequence[int]) -> list[int]: ...
    def claims_left(
        self, company_id: int, customer_number: str
    ) -> dict[str, tuple[Decimal, Decimal]]: ...


class ReviewUnitOfWork(SendUnitOfWork, RunUnitOfWork, AuditedUnitOfWork, Protocol):
    @property
    def runs(self) -> RunReviewStore: ...


@dataclass(frozen=True, slots=True)
class RunsPage:
    total: int
    runs: tuple[RunRecord, ...]
    outbox: Mapping[OutboxStatus, int]


@dataclass(frozen=True, slots=True)
class RunPage:
    run: RunRecord
    warnings: tuple[Reason | str, ...]  # the run's own (company) warnings; str: stored
    # before reasons were codes
    groups: tuple[Group, ...]
    group: Group | None  # the group shown
    items: tuple[RunItem, ...]  # one page of it
    matching: int  # items of the group with the status asked for


def group_key(kind: RunItemKind, step_key: str | None) -> str:
    return f"{STEP_PREFIX}{step_key or ''}" if kind == RunItemKind.MESSAGE else str(kind)


def parse_group(key: str) -> tuple[RunItemKind, str | None]:
    """(kind, step key) of a group key; a key that is neither is refused, naming it."""
    if key in KINDS:
        return RunItemKind(key), None
    step = key.removeprefix(STEP_PREFIX)
    if key.startswith(STEP_PREFIX) and step and step.replace("_", "").replace("-", "").isalnum():
        return RunItemKind.MESSAGE, step
    raise InvalidValue("group", Refusal.NOT_A_GROUP, group=key)


def _order(group: Group) -> tuple[int, int, str]:
    if group.kind is not RunItemKind.MESSAGE:
        return (1, KINDS.index(group.kind), "")
    step = group.step_key or ""
    return (0, STEP_ORDER.index(step) if step in STEP_ORDER else len(STEP_ORDER), step)


def list_runs(uow: ReviewUnitOfWork, company: Company, *, offset: int, limit: int) -> RunsPage:
    """One page of the company's runs, newest first, with what the outbox holds."""
    with uow:
        total, runs = uow.runs.page(company_id(company), offset=offset, limit=limit)
        outbox = uow.outbox.counts(company_id=company.id)
    return RunsPage(total, tuple(runs), outbox)


def company_id(company: Company) -> int:
    if company.id is None:
        raise NotFound(Refusal.COMPANY_NOT_STORED, company=company.code)
    return company.id


def _run(uow: ReviewUnitOfWork, company: Company, run_id: int) -> RunRecord:
    run = uow.runs.listing(company_id(company), run_id)
    if run is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="run", key=run_id, company=company.code)
    return run


def _groups(
    rows: Sequence[tuple[RunItemKind, str | None, RunItemStatus, int]],
) -> tuple[Group, ...]:
    counts: dict[tuple[RunItemKind, str | None], dict[RunItemStatus, int]] = {}
    for kind, step, status, n in rows:
        key = (kind, step if kind is RunItemKind.MESSAGE else None)
        counts.setdefault(key, {})
        counts[key][status] = counts[key].get(status, 0) + n
    groups = [Group(group_key(k, s), k, s, c) for (k, s), c in counts.items()]
    return tuple(sorted(groups, key=_order))


def review_run(
    uow: ReviewUnitOfWork,
    company: Company,
    run_id: int,
    *,
    group: str | None,
    status: RunItemStatus | None,
    offset: int,
    limit: int,
) -> RunPage:
    """The run's groups with their counts, and one page of one group (the one asked
    for, else the first with proposals waiting, else the first)."""
    if group is not None:
        parse_group(group)
    with uow:
        run = _run(uow, company, run_id)
        groups = _groups(uow.runs.group_counts(run_id))
        shown = _shown(groups, group)
        items: list[RunItem] = []
        if shown is not None:
            items = uow.runs.group_items(
                run_id, kind=shown.kind, step_key=shown.step_key, status=status,
                offset=offset, limit=limit,
            )  # fmt: skip
        warnings = tuple(uow.runs.company_warnings(run_id))
    matching = 0 if shown is None else shown.counts.get(status, 0) if status else shown.total
    return RunPage(run, warnings, groups, shown, tuple(items), matching)


def _shown(groups: Sequence[Group], wanted: str | None) -> Group | None:
    if wanted is not None:
        return next((g for g in groups if g.key == wanted), None)
    return next((g for g in groups if g.proposed), groups[0] if groups else None)


def decide(
    uow: ReviewUnitOfWork,
    company: Company,
    *,
    run_id: int | None,
    decision: str,
    item_ids: Sequence[int] = (),
    group: str | None = None,
    every: bool = False,
    actor: str,
    at: datetime,
) -> Decided:
    """Approve or skip proposals (messages and calls) of the company's latest run: the
    items named, every proposal of a group, or (`every`) all of them. `run_id` None is
    the latest run; an older run is refused (its proposals gave way to the latest's).
    Only proposals move; each customer whose items moved gets one audit entry in the
    same transaction (one for the company when nothing moved). A group of holds or
    warnings is refused: they are never proposed (domain/collection/run_items.py).

    The one path for `tijdig run approve|skip`, `POST /api/v1/runs/{id}/approve|skip`
    and the workspace's approve and skip buttons."""
    status = DECISIONS.get(decision)
    if status is None:
        raise InvalidValue("decision", Refusal.ONE_OF, value=decision, allowed="approve, skip")
    if not item_ids and group is None and not every:
        raise InvalidValue("item", Refusal.CHOOSE_AN_ITEM)
    kind, step = parse_group(group) if group is not None else (None, None)
    for decided in DECIDED_KINDS if kind is None else (kind,):
        check_transition(decided, RunItemStatus.PROPOSED, status)
    with uow:
        run = _latest(uow, company, run_id)
        foreign = uow.runs.foreign_items(run.id, item_ids) if item_ids else []
        if foreign:
            raise RuleViolation(Refusal.RUN_HAS_NO_ITEM, run=run.id, item=foreign[0])
        moved = uow.runs.decide(
            run.id, status=status, at=at, item_ids=list(item_ids) or None, kind=kind,
            step_key=step,
        )  # fmt: skip
        _audit_decided(uow, company, run.id, decision, moved, actor=actor, at=at)
        if status is RunItemStatus.APPROVED:
            _carry_out_fallbacks(uow, company, moved, actor=actor, at=at)
        uow.commit()
    return Decided(run.id, len(moved), status)


def _carry_out_fallbacks(
    uow: ReviewUnitOfWork, company: Company, moved: Sequence[Moved], *, actor: str, at: datetime
) -> None:
    """Plan B is carried out as it is approved (services/ladder/fallbacks.py)."""
    approved = [m for m in moved if m.kind == RunItemKind.FALLBACK]
    if not approved:
        return
    policies = policies_for(uow, company)[1]
    for m in approved:
        item = uow.runs.item(m.item_id)
        if item is not None:
            carry_out(uow, company, item, policies, actor=actor, at=at)


def _latest(uow: ReviewUnitOfWork, company: Company, run_id: int | None) -> RunRecord:
    """The run to decide: the one named if it is the company's latest, else refused."""
    latest = uow.runs.latest_id(company_id(company))
    if run_id is None:
        if latest is None:
            raise NotFound(Refusal.NO_RUN_YET, company=company.code)
        run_id = latest
    run = _run(uow, company, run_id)
    if run.id != latest:
        raise Conflict(Refusal.NOT_THE_LATEST_RUN, run=run.id, latest=latest or 0)
    return run


def _audit_decided(
    uow: ReviewUnitOfWork,
    company: Company,
    run_id: int,
    decision: str,
    moved: Sequence[Moved],
    *,
    actor: str,
    at: datetime,
) -> None:
    """One entry per customer whose items moved, naming the items and their steps."""
    action = f"run.{decision}"
    if not moved:
        audit.record(
            uow, actor=actor, at=at, action=action, company_id=company.id,
            subject=f"run {run_id}", details=f"0 item(s) {DECISIONS[decision]}",
        )  # fmt: skip
        return
    per_customer: dict[int | None, list[Moved]] = {}
    for item in moved:
        per_customer.setdefault(item.customer_id, []).append(item)
    for customer_id, items in per_customer.items():
        ids = ", ".join(str(i.item_id) for i in items)
        audit.record(
            uow, actor=actor, at=at, action=action, company_id=company.id,
            customer_ids=[customer_id],
            subject=f"run {run_id} item{'s' if len(items) > 1 else ''} {ids}",
            details=", ".join(dict.fromkeys(i.step_key for i in items if i.step_key)),
        )  # fmt: skip
