"""The daily run: decide for every customer what should happen next, store it as a run,
and let a person approve or skip each proposal (friendly steps may be auto-approved).

The engine decides (pure); this module loads its input, stores its output and reads
runs back. Deciding items is in `review.py`; sending approved messages in `send.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from tijdig.domain.collection.policy import PolicySet
from tijdig.domain.collection.policy_toml import default_policy_set, load_policy_set
from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus
from tijdig.domain.errors import InvalidValue, NotFound
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.domain.refusals import Refusal
from tijdig.engine.advice import advise
from tijdig.engine.fallbacks import has_overdue
from tijdig.engine.model import Advice, CollectionSettings, CompanyState, CustomerState, Hold
from tijdig.services import audit
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.collection.payload import StoredProposal
from tijdig.services.collection.views import RunItem, RunView
from tijdig.services.ladder.fallbacks import with_fallbacks_due
from tijdig.services.ladder.ports import Agreements
from tijdig.services.mailbox.inbox_ports import ReplyStore
from tijdig.services.mailbox.reply_tasks import reply_tasks_in
from tijdig.services.ports import UnitOfWork
from tijdig.services.records.ports import RecordsUnitOfWork
from tijdig.services.records.promises import judge_promises


class RunData(Protocol):
    def last_statement_on(self, company_id: int) -> date | None: ...
    def customer_states(
        self, company_id: int, *, as_of: date, customer_number: str | None = None
    ) -> Iterator[CustomerState]: ...
    def customer_state(
        self, company_id: int, customer_id: int, *, as_of: date
    ) -> CustomerState | None: ...


class Runs(Protocol):
    def create(
        self,
        company_id: int,
        *,
        as_of: date,
        created_at: datetime,
        decisions: Sequence[tuple[int, Advice]],
        warnings: Sequence[Reason] = (),
    ) -> int: ...
    def latest_id(self, company_id: int) -> int | None: ...
    def view(
        self, run_id: int, *, kinds: Sequence[RunItemKind] | None = None
    ) -> RunView | None: ...
    def set_status(
        self,
        item_ids: Sequence[int],
        status: RunItemStatus,
        *,
        only_from: Sequence[RunItemStatus],
        at: datetime,
    ) -> int: ...
    def supersede_open(self, company_id: int, *, at: datetime) -> int: ...
    def customers_waiting(self, company_id: int) -> set[int]: ...
    def record_claims(
        self,
        company_id: int,
        run_item_id: int,
        claims: Sequence[tuple[str, Decimal, Decimal, str]],
        *,
        claimed_on: date,
    ) -> None: ...
    def items_with_status(
        self, company_id: int, kind: RunItemKind, statuses: Sequence[RunItemStatus]
    ) -> list[RunItem]: ...
    def item(self, item_id: int) -> RunItem | None: ...
    def note(self, item_id: int, notes: Sequence[Reason]) -> None: ...
    def record_steps(
        self,
        company_id: int,
        run_item_id: int,
        steps: Sequence[tuple[str, str]],
        *,
        channel: str,
        taken_on: date,
        deadline: date | None = None,
    ) -> int: ...
    def set_sent_payload(self, item_id: int, sent: StoredProposal, *, sent_on: date) -> None: ...


class SettingsStore(Protocol):
    def get(self, company_id: int) -> tuple[CollectionSettings, str | None]: ...
    def save(
        self,
        company_id: int,
        settings: CollectionSettings,
        *,
        policies_toml: str | None,
        at: datetime,
    ) -> None: ...


class Clauses(Protocol):
    def get(self, company_id: int, customer_id: int | None = None) -> DamagesClause | None: ...
    def save(
        self, company_id: int, clause: DamagesClause, *, customer_id: int | None, at: datetime
    ) -> None: ...
    def remove(self, company_id: int, *, customer_id: int | None) -> bool: ...


class CollectionUnitOfWork(UnitOfWork, Protocol):
    @property
    def clauses(self) -> Clauses: ...
    @property
    def run_data(self) -> RunData: ...
    @property
    def runs(self) -> Runs: ...
    @property
    def collection_settings(self) -> SettingsStore: ...


class RunUnitOfWork(CollectionUnitOfWork, RecordsUnitOfWork, AuditedUnitOfWork, Protocol):
    """A run also judges the promises whose date has passed (agenda.judge_promises),
    proposes the fallbacks of broken agreements (plan B) and audits itself."""

    @property
    def agreements(self) -> Agreements: ...
    @property
    def replies(self) -> ReplyStore: ...


class SettingsUnitOfWork(CollectionUnitOfWork, AuditedUnitOfWork, Protocol):
    """Changing collection settings or policies writes its audit entry with the change."""


@dataclass(frozen=True, slots=True)
class RunSummary:
    run_id: int
    customers: int
    proposals: int
    auto_approved: int
    calls: int
    holds: int
    warnings: tuple[Reason, ...]
    follow_ups: int | None = None  # for promises not kept; None: not judged (a later day)
    fallbacks: int = 0  # plan B proposals: broken agreements' fallbacks (S0-6)


def policies_for(
    uow: CollectionUnitOfWork, company: Company
) -> tuple[CollectionSettings, PolicySet]:
    """The company's settings and policy set (its own TOML, else the shipped defaults)."""
    assert company.id is not None
    settings, text = uow.collection_settings.get(company.id)
    return settings, default_policy_set() if text is None else load_policy_set(text)


def start_run(
    uow: RunUnitOfWork,
    company: Company,
    *,
    as_of: date,
    actor: str,
    at: datetime,
    today: date,
) -> RunSummary:
    """Judge the promises dated before `as_of` (not when `as_of` is after `today`), then
    decide for every customer with open items and store the proposals as a new run,
    audited ("run.start") in the same transaction. `tijdig run` and the workspace's
    "start run" button both call this."""
    if company.id is None:
        raise NotFound(Refusal.COMPANY_NOT_STORED, company=company.code)
    with uow:
        follow_ups = judge_promises(uow, company, as_of=as_of, today=today)
        state, policies = company_state(uow, company)
        if as_of <= today:  # replies nobody confirmed in time: a task each (issue 19)
            days = state.settings.reply_hold_working_days
            reply_tasks_in(uow, company, working_days=days, as_of=as_of, at=at)
        uow.runs.supersede_open(company.id, at=at)
        waiting = uow.runs.customers_waiting(company.id)
        decisions, overdue = [], set()
        for s in uow.run_data.customer_states(company.id, as_of=as_of):
            decisions.append(
                (s.customer.id or 0, _advise(s, state, policies, as_of=as_of, waiting=waiting))
            )
            if has_overdue(s, as_of):
                overdue.add(s.customer.id or 0)
        decisions = with_fallbacks_due(
            uow.agreements, company.id, decisions, as_of=as_of, overdue=overdue
        )
        warnings = _company_warnings(state, as_of)
        run_id = uow.runs.create(
            company.id, as_of=as_of, created_at=at, decisions=decisions, warnings=warnings
        )
        summary = replace(_summary(run_id, decisions, warnings), follow_ups=follow_ups)
        audit.record(
            uow, actor=actor, at=at, action="run.start", company_id=company.id,
            subject=f"run {run_id}", details=_started(summary, as_of),
        )  # fmt: skip
        uow.commit()
    return summary


def _started(summary: RunSummary, as_of: date) -> str:
    return (
        f"as of {as_of}: {summary.customers} customers, {summary.proposals} proposals "
        f"({summary.auto_approved} approved automatically), {summary.calls} calls, "
        f"{summary.holds} holds, {summary.fallbacks} plan B, "
        + ("promises not judged (a day after today)" if summary.follow_ups is None
           else f"{summary.follow_ups} follow-up(s) for promises not kept")
    )  # fmt: skip


def company_state(uow: CollectionUnitOfWork, company: Company) -> tuple[CompanyState, PolicySet]:
    assert company.id is not None
    settings, policies = policies_for(uow, company)
    last = uow.run_data.last_statement_on(company.id)
    clause = uow.clauses.get(company.id)
    state = CompanyState(company, settings, last, has_bank_import=last is not None, clause=clause)
    return state, policies


def _advise(
    state: CustomerState,
    company: CompanyState,
    policies: PolicySet,
    *,
    as_of: date,
    waiting: set[int],
) -> Advice:
    decision = advise(state, company, policies, as_of=as_of)
    if decision.proposal is None or state.customer.id not in waiting:
        return decision
    hold = Hold(state.customer.number, reason(Code.APPROVED_WAITING))
    return replace(decision, proposal=None, holds=(*decision.holds, hold))


def _company_warnings(state: CompanyState, as_of: date) -> tuple[Reason, ...]:
    if not state.has_bank_import:
        return (reason(Code.NO_BANK_IMPORT),)
    return ()


def _summary(
    run_id: int, decisions: list[tuple[int, Advice]], warnings: tuple[Reason, ...]
) -> RunSummary:
    proposals = [d.proposal for _, d in decisions if d.proposal is not None]
    return RunSummary(
        run_id=run_id,
        customers=len(decisions),
        proposals=len(proposals),
        auto_approved=sum(1 for p in proposals if p.auto_approve),
        calls=sum(len(d.calls) for _, d in decisions),
        fallbacks=sum(len(d.fallbacks) for _, d in decisions),
        holds=sum(len(d.holds) for _, d in decisions),
        warnings=warnings,
    )


def show_run(uow: CollectionUnitOfWork, company: Company, run_id: int | None = None) -> RunView:
    assert company.id is not None
    with uow:
        run_id = run_id or uow.runs.latest_id(company.id)
        view = uow.runs.view(run_id) if run_id else None
    if view is None or view.company_code != company.code:
        if run_id:
            raise NotFound(Refusal.NOT_FOUND_AT, thing="run", key=run_id, company=company.code)
        raise NotFound(Refusal.NO_RUN_YET, company=company.code)
    return view


def save_policies(
    uow: SettingsUnitOfWork,
    company: Company,
    policies_toml: str,
    *,
    actor: str,
    at: datetime,
    action: str = "policy.import",
    details: str = "",
) -> None:
    """Store a company's policy set after checking it loads (a bad file changes nothing).
    Audited as `action` in the same transaction: `policy.import` for a file or the TOML
    box, `policy.edit` / `policy.rules` for the forms (policy_forms.py)."""
    assert company.id is not None
    load_policy_set(policies_toml)
    with uow:
        settings, _ = uow.collection_settings.get(company.id)
        uow.collection_settings.save(company.id, settings, policies_toml=policies_toml, at=at)
        audit.record(uow, actor=actor, at=at, action=action, company_id=company.id,
                     subject=f"company {company.code}",
                     details=details or f"{len(policies_toml)} characters of TOML")  # fmt: skip
        uow.commit()


def update_settings(
    uow: SettingsUnitOfWork,
    company: Company,
    *,
    actor: str,
    at: datetime,
    auto_approve_friendly: bool | None = None,
    large_amount: Decimal | None = None,
    bank_stale_working_days: int | None = None,
    reply_hold_working_days: int | None = None,
    risk_late_days: int | None = None,
    risk_high_percent: int | None = None,
) -> CollectionSettings:
    """Change a company's collection settings; the options not given stay as they are."""
    assert company.id is not None
    if large_amount is not None and large_amount <= 0:
        raise InvalidValue("large_amount", Refusal.MORE_THAN_ZERO)
    if bank_stale_working_days is not None and bank_stale_working_days < 0:
        raise InvalidValue("bank_stale_days", Refusal.NEGATIVE)
    if reply_hold_working_days is not None and not 0 <= reply_hold_working_days <= 20:
        raise InvalidValue("reply_hold_days", Refusal.BETWEEN, low=0, high=20)
    if risk_late_days is not None and not 1 <= risk_late_days <= 365:
        raise InvalidValue("risk_late_days", Refusal.BETWEEN, low=1, high=365)
    if risk_high_percent is not None and not 1 <= risk_high_percent <= 99:
        raise InvalidValue("risk_high_percent", Refusal.BETWEEN, low=1, high=99)
    with uow:
        settings, text = uow.collection_settings.get(company.id)
        if (
            auto_approve_friendly is None
            and large_amount is None
            and bank_stale_working_days is None
            and reply_hold_working_days is None
            and risk_late_days is None
            and risk_high_percent is None
        ):
            return settings  # nothing to change: shown, not written
        settings = replace(
            settings,
            auto_approve_friendly=settings.auto_approve_friendly
            if auto_approve_friendly is None
            else auto_approve_friendly,
            large_amount=settings.large_amount if large_amount is None else large_amount,
            bank_stale_working_days=settings.bank_stale_working_days
            if bank_stale_working_days is None
            else bank_stale_working_days,
            reply_hold_working_days=settings.reply_hold_working_days
            if reply_hold_working_days is None
            else reply_hold_working_days,
            risk_late_days=settings.risk_late_days if risk_late_days is None else risk_late_days,
            risk_high_percent=settings.risk_high_percent
            if risk_high_percent is None
            else risk_high_percent,
        )
        uow.collection_settings.save(company.id, settings, policies_toml=text, at=at)
        audit.record(
            uow,
            actor=actor,
            at=at,
            action="collection.settings",
            company_id=company.id,
            subject=f"company {company.code}",
            details=f"auto-approve friendly {settings.auto_approve_friendly}; large amount "
            f"{settings.large_amount}; bank stale after {settings.bank_stale_working_days} "
            f"working days; an unconfirmed reply holds {settings.reply_hold_working_days} "
            f"working days; risk: late after {settings.risk_late_days} days, high from "
            f"{settings.risk_high_percent} %",
        )
        uow.commit()
    return settings
