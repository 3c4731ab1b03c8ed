"""One customer before any contact (S0-2): the customer file (`customer_file`: CLI
`tijdig customer NUMBER` and the workspace's customer page), payment behaviour per month
(`days_to_pay_by_month`) and the next planned step (`next_step`: the engine's decision
for this customer today, from the same state loader as the run).

Every query is for one company and one customer: nothing loads a whole ledger to show a
page. The one change made on the customer page, e-mailing an invoice copy again, is in
`invoice_copies.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from tijdig.analytics.behaviour import Behaviour, Settled, behaviour
from tijdig.domain.collection.policy import PolicySet
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.domain.refusals import Refusal
from tijdig.engine.advice import advise
from tijdig.engine.model import (
    Advice,
    CallTask,
    CollectionSettings,
    CompanyState,
    CustomerState,
)
from tijdig.engine.schedule import InvoicePlan, describe, plan_invoice
from tijdig.engine.segments import choose_policy
from tijdig.services.ports import Reports, UnitOfWork
from tijdig.services.read_models.balances import Balances, Exposure
from tijdig.services.read_models.common import InvoiceOrder, Window, company_id_of
from tijdig.services.read_models.ledger import AppliedPayment, PaymentLine

# --- the customer file -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomerFile:
    """What the credit controller sees before any contact (S0-2)."""

    customer: Customer
    open_invoices: tuple[Invoice, ...]
    behaviour: Behaviour
    recent_payments: tuple[PaymentLine, ...]
    as_of: date
    # Claimed costs and interest not yet paid, per invoice, and how payments were applied:
    # to costs, then interest, then the principal (art. 6:44 BW).
    claims: Mapping[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    applied: tuple[AppliedPayment, ...] = ()
    unallocated: tuple[tuple[str, Decimal], ...] = ()  # received, not allocated: a credit
    # When `open_invoices` is one page of them: the figures of them all.
    totals: OpenTotals | None = None

    @property
    def overdue(self) -> tuple[Invoice, ...]:
        return tuple(i for i in self.open_invoices if i.is_overdue(self.as_of))

    @property
    def is_first_time_late(self) -> bool:
        """Always paid on time before, overdue now: call to find out what changed."""
        late = self.totals.overdue_invoices if self.totals is not None else len(self.overdue)
        return late > 0 and self.behaviour.always_on_time

    @property
    def is_new(self) -> bool:
        return self.behaviour.paid_invoices == 0


@dataclass(frozen=True, slots=True)
class OpenTotals:
    """All of a customer's open items, however many a page shows: how many, and per
    currency what is open and overdue (credit notes set off)."""

    count: int
    amounts: tuple[Exposure, ...]

    @property
    def overdue_invoices(self) -> int:
        return sum(a.overdue_invoices for a in self.amounts)


class OpenCounts(Protocol):
    def count_invoices(
        self, company_id: int, *, customer_id: int | None, open_only: bool
    ) -> int: ...


def open_totals(
    counts: OpenCounts, balances: Balances, company: Company, customer_id: int, *, as_of: date
) -> OpenTotals:
    """Counted and summed in SQL over every open item of the customer."""
    company_id = company_id_of(company)
    count = counts.count_invoices(company_id, customer_id=customer_id, open_only=True)
    return OpenTotals(count, tuple(balances.exposure(company_id, customer_id, as_of=as_of)))


def customer_file(
    uow: UnitOfWork, reports: Reports, company: Company, number: str, *, as_of: date,
    window: Window | None = None, order: InvoiceOrder = InvoiceOrder.DUE,
) -> CustomerFile:  # fmt: skip
    """The customer's file; with a `window`, one page of its open invoices in `order`
    (LIMIT/OFFSET in SQL), else all of them."""
    company_id = company_id_of(company)
    limit, offset = (window.limit, window.offset) if window is not None else (None, 0)
    with uow:
        customer = uow.customers.get(company_id, number)
        if customer is None or customer.id is None:
            raise NotFound(Refusal.NOT_FOUND_AT, thing="customer", key=number, company=company.code)
        invoices = uow.invoices.search(company_id, customer_id=customer.id, open_only=True,
                                       limit=limit, offset=offset, order=order)  # fmt: skip
    return CustomerFile(
        customer=customer,
        open_invoices=tuple(invoices),
        behaviour=behaviour(reports.settled(company_id, customer.id)),
        recent_payments=tuple(reports.payments(company_id, customer.id)),
        as_of=as_of,
        claims=reports.claims(company_id, customer.id),
        applied=tuple(reports.applied(company_id, customer.id)),
        unallocated=tuple(reports.unallocated(company_id, customer.id)),
    )


class CustomerStates(Protocol):
    """One customer's state from the one loader (adapters/db/views/customer_state.py), and
    what else the next step depends on (adapters/db/views/workspace.py)."""

    def customer_state(
        self, company_id: int, customer_id: int, *, as_of: date
    ) -> CustomerState | None: ...
    def customer_waiting(self, company_id: int, customer_id: int) -> bool: ...
    def last_statement_on(self, company_id: int) -> date | None: ...
    def company_clause(self, company_id: int) -> DamagesClause | None: ...


# --- the customer page: payment behaviour per month --------------------------------------


@dataclass(frozen=True, slots=True)
class MonthFigure:
    month: str  # 2026-03
    invoices: int
    average_days: Decimal  # after the due date when paid; negative: paid early


def days_to_pay_by_month(
    history: Iterable[Settled], *, as_of: date, months: int = 12
) -> tuple[MonthFigure, ...]:
    """Per month of payment, the last `months` up to `as_of`: how many days after the
    due date invoices were paid on average (months without payments are left out)."""
    first = _month_start(as_of, months - 1)
    grouped: dict[str, list[int]] = {}
    for item in history:
        if first <= item.paid_on <= as_of:
            grouped.setdefault(f"{item.paid_on:%Y-%m}", []).append(
                (item.paid_on - item.due_date).days
            )
    return tuple(
        MonthFigure(month, len(days), (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1")))
        for month, days in sorted(grouped.items())
    )


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


# --- the customer page: the next planned step --------------------------------------------


@dataclass(frozen=True, slots=True)
class NextStep:
    """What the daily run would do for this customer: today's proposal with its
    reasons, or why nothing goes today, and else the next step that will fall due."""

    today: str | None = None  # the step key of today's proposal: "reminder"
    reasons: tuple[Reason, ...] = ()
    holds: tuple[Reason, ...] = ()
    calls: tuple[CallTask, ...] = ()
    warnings: tuple[Reason, ...] = ()
    upcoming: tuple[Reason, ...] = ()  # why the next step falls due when it does
    upcoming_on: date | None = None
    notes: tuple[Reason, ...] = field(default=())
    channel: str | None = None  # today's proposal goes by: email, letter, ...

    @property
    def nothing(self) -> bool:
        return not (self.today or self.holds or self.calls or self.upcoming)


def next_step(
    queries: CustomerStates,
    company: Company,
    customer_id: int,
    *,
    settings: CollectionSettings,
    policies: PolicySet,
    as_of: date,
) -> NextStep:
    """The engine's decision for this one customer today (as the run would make it),
    and when nothing is due, the first step that will be."""
    company_id = company_id_of(company)
    state = queries.customer_state(company_id, customer_id, as_of=as_of)
    if state is None:
        return NextStep()
    last = queries.last_statement_on(company_id)
    clause = queries.company_clause(company_id)
    company_state = CompanyState(
        company, settings, last, has_bank_import=last is not None, clause=clause
    )
    decision = advise(state, company_state, policies, as_of=as_of)
    waiting = queries.customer_waiting(company_id, customer_id)
    return _next_step(decision, state, policies, waiting=waiting, as_of=as_of)


def _next_step(
    decision: Advice, state: CustomerState, policies: PolicySet, *, waiting: bool, as_of: date
) -> NextStep:
    holds = [h.reason for h in decision.holds]
    calls = decision.calls
    proposal = decision.proposal
    if proposal is not None and waiting:
        holds.append(reason(Code.APPROVED_WAITING))
        proposal = None
    if proposal is not None:
        return NextStep(proposal.step.key, proposal.reasons, tuple(holds), calls,
                        decision.warnings, channel=proposal.channel.value)  # fmt: skip
    plan = _upcoming(state, policies, as_of=as_of)
    upcoming = describe(plan, state.customer) if plan is not None else ()
    return NextStep(
        None, (), tuple(holds), calls, decision.warnings, upcoming,
        plan.on if plan is not None else None, plan.notes if plan is not None else (),
    )  # fmt: skip


def _upcoming(state: CustomerState, policies: PolicySet, *, as_of: date) -> InvoicePlan | None:
    """The earliest step after today among the open invoices (None: none planned)."""
    total = sum((i.signed_outstanding for i in state.invoices), Decimal(0))
    try:
        policy = choose_policy(state.customer, policies, open_total=total)
    except RuleViolation:
        return None
    taken: dict[str, tuple[StepTaken, ...]] = {}
    for step in state.steps_taken:
        taken[step.invoice_number] = (*taken.get(step.invoice_number, ()), step)
    plans = [
        plan_invoice(i, policy, taken.get(i.number, ()), state.customer, as_of=as_of)
        for i in state.invoices
        if not i.is_credit and i.is_open()
    ]
    future = [p for p in plans if p.on is not None and p.on > as_of]
    return min(future, key=lambda p: (p.on or as_of, p.invoice.number), default=None)
