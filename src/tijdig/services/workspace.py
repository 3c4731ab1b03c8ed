"""The credit controller's workspace: the customer list, the dashboard's queues and the
customer page's extras (next planned step, days-to-pay per month).

Read models only; the one change made here, e-mailing an invoice copy again, is in
`invoice_copies.py`. Every query is for one company and, on the customer page, for one
customer: nothing loads a whole ledger to show a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from tijdig.analytics.behaviour import Settled
from tijdig.domain.collection.policy import PolicySet
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.engine.decide import decide
from tijdig.engine.model import CollectionSettings, CompanyState, CustomerState, Decision
from tijdig.engine.schedule import InvoicePlan, describe, plan_invoice
from tijdig.engine.segments import choose_policy

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50
MAX_SEARCH = 100


# --- the customer list ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomerFilter:
    """What the list shows: a search on number or name, overdue only, on hold only."""

    search: str = ""
    overdue_only: bool = False
    on_hold: bool = False

    def __post_init__(self) -> None:
        if len(self.search) > MAX_SEARCH:
            raise InvalidValue("q", f"at most {MAX_SEARCH} characters")


@dataclass(frozen=True, slots=True)
class Amount:
    currency: str
    open_amount: Decimal
    overdue_amount: Decimal


@dataclass(frozen=True, slots=True)
class CustomerLine:
    """One customer in the list, with its open and overdue amounts per currency."""

    number: str
    name: str
    country: str
    credit_hold: bool
    overdue_invoices: int = 0
    oldest_due: date | None = None
    amounts: tuple[Amount, ...] = ()


@dataclass(frozen=True, slots=True)
class CustomerPage:
    lines: tuple[CustomerLine, ...]
    total: int  # customers matching the filter, over all pages
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        return 0 if not self.lines else (self.page - 1) * self.size + 1

    @property
    def last(self) -> int:
        return (self.page - 1) * self.size + len(self.lines)


# --- the dashboard's queues -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgendaLine:
    task_id: int
    kind: str
    due_on: date
    title: str
    customer_number: str
    customer_name: str


@dataclass(frozen=True, slots=True)
class WaitingRun:
    run_id: int
    as_of: date
    proposals: int


@dataclass(frozen=True, slots=True)
class StatementDate:
    iban: str
    statement_date: date


@dataclass(frozen=True, slots=True)
class Queues:
    """What waits for a person today: calls, proposals to approve, bank lines to review."""

    agenda_count: int
    agenda: tuple[AgendaLine, ...]
    runs: tuple[WaitingRun, ...]
    bank_review: int
    statements: tuple[StatementDate, ...]

    @property
    def proposals(self) -> int:
        return sum(r.proposals for r in self.runs)


class CustomerList(Protocol):
    """The balance read model's list of customers (adapters/db/balances.py)."""

    def customer_page(
        self, company_id: int, wanted: CustomerFilter, *, as_of: date, limit: int, offset: int
    ) -> tuple[list[CustomerLine], int]: ...


class WorkspaceQueries(Protocol):
    def queues(self, company_id: int, *, as_of: date, agenda_limit: int) -> Queues: ...
    def customer_state(
        self, company_id: int, customer_id: int, *, as_of: date
    ) -> CustomerState | None: ...
    def customer_waiting(self, company_id: int, customer_id: int) -> bool: ...
    def last_statement_on(self, company_id: int) -> date | None: ...


def _company_id(company: Company) -> int:
    if company.id is None:
        raise NotFound(f"company {company.code} is not stored")
    return company.id


def check_page(page: int, size: int) -> None:
    if page < 1:
        raise InvalidValue("page", "must be 1 or more")
    if size not in PAGE_SIZES:
        raise InvalidValue("size", f"one of {', '.join(map(str, PAGE_SIZES))}")


def list_customers(
    balances: CustomerList,
    company: Company,
    wanted: CustomerFilter,
    *,
    as_of: date,
    page: int = 1,
    size: int = DEFAULT_PAGE_SIZE,
) -> CustomerPage:
    """One page of customers, the largest overdue amount first (the overdue amount shown:
    open credit notes set off against it), then the largest open amount, then by number;
    customers without open invoices come last, by number."""
    check_page(page, size)
    lines, total = balances.customer_page(
        _company_id(company), wanted, as_of=as_of, limit=size, offset=(page - 1) * size
    )
    return CustomerPage(tuple(lines), total, page, size)


def queues(queries: WorkspaceQueries, company: Company, *, as_of: date, agenda: int = 5) -> Queues:
    return queries.queues(_company_id(company), as_of=as_of, agenda_limit=agenda)


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

    today: str | None = None  # "reminder by email"
    reasons: tuple[str, ...] = ()
    holds: tuple[str, ...] = ()
    calls: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    upcoming: str | None = None  # "F-001: reminder due from 2026-04-02 (...)"
    upcoming_on: date | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def nothing(self) -> bool:
        return not (self.today or self.holds or self.calls or self.upcoming)


def next_step(
    queries: WorkspaceQueries,
    company: Company,
    customer_id: int,
    *,
    settings: CollectionSettings,
    policies: PolicySet,
    as_of: date,
) -> NextStep:
    """The engine's decision for this one customer today (as the run would make it),
    and when nothing is due, the first step that will be."""
    company_id = _company_id(company)
    state = queries.customer_state(company_id, customer_id, as_of=as_of)
    if state is None:
        return NextStep()
    last = queries.last_statement_on(company_id)
    company_state = CompanyState(company, settings, last, has_bank_import=last is not None)
    decision = decide(state, company_state, policies, as_of=as_of)
    waiting = queries.customer_waiting(company_id, customer_id)
    return _next_step(decision, state, policies, waiting=waiting, as_of=as_of)


def _next_step(
    decision: Decision, state: CustomerState, policies: PolicySet, *, waiting: bool, as_of: date
) -> NextStep:
    holds = [h.reason for h in decision.holds]
    calls = tuple(f"{c.due_on}: {c.reason}" for c in decision.calls)
    proposal = decision.proposal
    if proposal is not None and waiting:
        holds.append("an approved message is still waiting to be sent")
        proposal = None
    if proposal is not None:
        today = f"{proposal.step.key} by {proposal.channel.value}"
        return NextStep(today, proposal.reasons, tuple(holds), calls, decision.warnings)
    plan = _upcoming(state, policies, as_of=as_of)
    upcoming = describe(plan, state.customer) if plan is not None else None
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
