"""Plan B (S0-6): the company's ladder (shown, set), the fallback a person chooses for
an agreement, the fallbacks the daily run proposes, and carrying one out at approval.

- The run (`with_fallbacks_due`, called by `collection.run.start_run` after judging the
  promises): every broken agreement gets its fallback recorded (the ladder's rule, unless
  a person chose one) and, until it is carried out, a plan B item in every run.
- Approval (`carry_out`, called by `collection.review.decide` for the plan B items it
  approved): a new term is recorded (a new due date for the overdue invoices, in force
  from today, held like a promise) with a task to have the customer confirm it in
  writing; a payment plan is a task to offer one (`tijdig plan offer`); the agency is the
  hand-over: a hand-over task, recorded as the policy's hand-over step on the overdue
  invoices so the policy does not propose it again. The agreement is then marked done,
  once (compare-and-set): a second approval fails, naming why.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

from tijdig.domain.collection.ladder import (
    AgreementKind,
    BrokenAgreement,
    BrokenSoFar,
    Ladder,
    Rung,
    fallback_of,
    with_fallbacks,
)
from tijdig.domain.collection.policy import PolicySet
from tijdig.domain.collection.records import (
    TASK_CHANNEL,
    ContactEvent,
    ContactKind,
    Promise,
    Task,
    TaskKind,
)
from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus, check_transition
from tijdig.domain.errors import NotFound
from tijdig.domain.parties import Company, ContactRole, Customer
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.domain.refusals import Refusal
from tijdig.engine.fallbacks import with_plan_b
from tijdig.engine.model import Advice
from tijdig.services import audit
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.collection.payload import FallbackPayload
from tijdig.services.collection.views import RunItem
from tijdig.services.ladder.ports import Agreements
from tijdig.services.records.ports import RecordsUnitOfWork, company_id_of


class LadderUnitOfWork(RecordsUnitOfWork, AuditedUnitOfWork, Protocol):
    @property
    def agreements(self) -> Agreements: ...


def show_ladder(uow: LadderUnitOfWork, company: Company) -> Ladder:
    with uow:
        return uow.agreements.ladder(company_id_of(company))


def set_ladder(
    uow: LadderUnitOfWork, company: Company, ladder: Ladder, *, actor: str, at: datetime
) -> Ladder:
    """Store the company's ladder (`ladder.set`)."""
    company_id = company_id_of(company)
    with uow:
        uow.agreements.save_ladder(company_id, ladder, at=at)
        audit.record(uow, actor=actor, at=at, action="ladder.set", company_id=company_id,
                     subject=f"company {company.code}",
                     details=f"{ladder.said()}; the agency named after "
                             f"{ladder.name_agency_after} broken; new term "
                             f"{ladder.new_term_days} days")  # fmt: skip
        uow.commit()
    return ladder


def choose_fallback(
    uow: LadderUnitOfWork,
    company: Company,
    kind: AgreementKind,
    agreement_id: int,
    rung: Rung,
    *,
    actor: str,
    at: datetime,
) -> None:
    """A person chooses an agreement's fallback instead of the ladder's
    (`ladder.fallback`); refused once it was carried out."""
    company_id = company_id_of(company)
    with uow:
        if not uow.agreements.set_fallback(company_id, kind, agreement_id, rung):
            raise NotFound(Refusal.NO_FALLBACK_TO_CHOOSE, agreement=kind.value, key=agreement_id)
        audit.record(uow, actor=actor, at=at, action="ladder.fallback", company_id=company_id,
                     subject=f"{kind} {agreement_id}", details=rung.value)  # fmt: skip
        uow.commit()


def with_fallbacks_due(
    agreements: Agreements,
    company_id: int,
    decisions: Sequence[tuple[int, Advice]],
    *,
    as_of: date,
    overdue: set[int],
) -> list[tuple[int, Advice]]:
    """The run's decisions with plan B: each customer's broken agreements get their
    fallback recorded, and those not carried out are proposed (engine/fallbacks.py) to
    the customers with something `overdue` (by id); the others owe nothing late now, and
    theirs waits. Only what can matter on `as_of` is read (`Agreements.broken_so_far`):
    the count of a customer's broken agreements, and those not yet carried out."""
    ladder = agreements.ladder(company_id)
    so_far = agreements.broken_so_far(company_id, as_of=as_of)
    found: list[tuple[int, Advice]] = []
    for customer_id, advice in decisions:
        mine = so_far.get(customer_id, NONE_BROKEN)
        if mine.unrecorded:
            mine = _recorded(agreements, company_id, customer_id, ladder, as_of=as_of)
        found.append((customer_id, with_plan_b(advice, ladder, mine, as_of=as_of,
                                               propose=customer_id in overdue)))  # fmt: skip
    return found


NONE_BROKEN = BrokenSoFar(0)


def _recorded(
    agreements: Agreements, company_id: int, customer_id: int, ladder: Ladder, *, as_of: date
) -> BrokenSoFar:
    """A customer with a broken agreement whose fallback was never recorded: the rung
    counts the agreements broken before it, so their whole list is read (rare: an
    agreement records its fallback when made), and the fallback recorded."""
    stored = agreements.broken(company_id, as_of=as_of, customer_id=customer_id)
    stored_list = stored.get(customer_id, [])
    recorded = {_key(a) for a in stored_list if a.fallback is not None}
    mine = with_fallbacks(stored_list, ladder)
    for a in mine:
        if _key(a) not in recorded and a.fallback is not None and a.done_on is None:
            agreements.set_fallback(company_id, a.kind, a.agreement_id, a.fallback)
    return BrokenSoFar.of(mine)


def _key(a: BrokenAgreement) -> tuple[str, int]:
    return (a.kind.value, a.agreement_id)


class CarryOutUnitOfWork(LadderUnitOfWork, Protocol):
    """Carrying out plan B writes tasks, promises and the steps taken (the run store)."""

    @property
    def runs(self) -> _Steps: ...


class _Steps(Protocol):
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
    def set_status(
        self,
        item_ids: Sequence[int],
        status: RunItemStatus,
        *,
        only_from: Sequence[RunItemStatus],
        at: datetime,
    ) -> int: ...
    def note(self, item_id: int, notes: Sequence[Reason]) -> None: ...


def carry_out(
    uow: CarryOutUnitOfWork,
    company: Company,
    item: RunItem,
    policies: PolicySet,
    *,
    actor: str,
    at: datetime,
) -> RunItemStatus:
    """Carry out one approved plan B item in the caller's transaction (see the module's
    docstring); the status it ends in, done or failed (with a note why)."""
    company_id, today = company_id_of(company), at.date()
    payload = item.payload
    customer = uow.customers.get(company_id, item.customer_number or "")
    why: Reason | None = None
    if customer is None or customer.id is None:
        why = reason(Code.CUSTOMER_GONE)
    elif not isinstance(payload, FallbackPayload):
        why = reason(Code.DETAIL_ERASED)
    elif not uow.agreements.mark_done(company_id, payload.kind, payload.agreement_id, on=today):
        why = reason(Code.FALLBACK_DONE_ALREADY)
    status = RunItemStatus.FAILED if why else RunItemStatus.DONE
    check_transition(RunItemKind.FALLBACK, RunItemStatus.APPROVED, status)
    uow.runs.set_status([item.id], status, only_from=(RunItemStatus.APPROVED,), at=at)
    if why:
        uow.runs.note(item.id, (why,))
        return status
    assert isinstance(payload, FallbackPayload) and customer is not None
    if payload.fallback is Rung.NEW_TERM:
        _new_term(uow, company_id, customer, payload, actor=actor, today=today)
    elif payload.fallback is Rung.PAYMENT_PLAN:
        _add_task(uow, company_id, customer, TaskKind.FOLLOW_UP, payload, today,
                  reason(Code.TASK_PLAN_B_OFFER, customer=customer.name))  # fmt: skip
    else:
        _hand_over(uow, company_id, customer, item, payload, policies, today)
    audit.record(uow, actor=actor, at=at, action="ladder.carry_out", company_id=company_id,
                 customer_ids=[customer.id],
                 subject=f"{payload.kind} {payload.agreement_id}",
                 details=payload.fallback.value)  # fmt: skip
    return status


def _add_task(
    uow: CarryOutUnitOfWork,
    company_id: int,
    customer: Customer,
    kind: TaskKind,
    payload: FallbackPayload,
    today: date,
    title: Reason,
) -> None:
    assert customer.id is not None
    task = Task(customer.number, kind, today, title,
                contact_role=ContactRole.ACCOUNTS_PAYABLE.value,
                reasons=payload.reasons)  # fmt: skip
    uow.tasks.add(company_id, customer.id, task)


def _broken_count(uow: CarryOutUnitOfWork, company_id: int, customer_id: int, on: date) -> int:
    found = uow.agreements.broken(company_id, as_of=on, customer_id=customer_id)
    return len(found.get(customer_id, ()))


def _new_term(
    uow: CarryOutUnitOfWork,
    company_id: int,
    customer: Customer,
    payload: FallbackPayload,
    *,
    actor: str,
    today: date,
) -> None:
    """A new due date for everything overdue, in force from today and kept or broken as
    a promise is; its own fallback recorded by the ladder."""
    assert customer.id is not None
    ladder = uow.agreements.ladder(company_id)
    until = today + timedelta(days=ladder.new_term_days)
    broken = _broken_count(uow, company_id, customer.id, today)
    term = Promise(customer.number, until, today, kind=AgreementKind.NEW_TERM,
                   fallback=fallback_of(AgreementKind.NEW_TERM, ladder, broken))  # fmt: skip
    uow.promises.add(company_id, customer.id, term)
    uow.contact_log.add(company_id, customer.id, ContactEvent(
        customer.number, ContactKind.NOTE, datetime.combine(today, datetime.min.time()),
        reason(Code.NEW_TERM_GIVEN, until=until), by=actor,
    ))  # fmt: skip
    _add_task(uow, company_id, customer, TaskKind.FOLLOW_UP, payload, today,
              reason(Code.TASK_PLAN_B_NEW_TERM, customer=customer.name, until=until))  # fmt: skip


def _hand_over(
    uow: CarryOutUnitOfWork,
    company_id: int,
    customer: Customer,
    item: RunItem,
    payload: FallbackPayload,
    policies: PolicySet,
    today: date,
) -> None:
    """The hand-over task, and the policy's hand-over step taken on the overdue invoices."""
    _add_task(uow, company_id, customer, TaskKind.HAND_OVER, payload, today,
              reason(Code.TASK_PLAN_B_HAND_OVER, customer=customer.name))  # fmt: skip
    key = next((s.key for p in policies.policies for s in p.steps if s.hand_over), None)
    if key is None:
        return
    overdue = [i.number for i in uow.invoices.search(company_id, customer_id=customer.id,
                                                     open_only=True)
               if not i.is_credit and i.due_date < today]  # fmt: skip
    uow.runs.record_steps(company_id, item.id, [(n, key) for n in overdue],
                          channel=TASK_CHANNEL, taken_on=today)  # fmt: skip
