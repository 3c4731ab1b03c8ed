"""Payment plans in the debtor portal: what the customer's page shows of their plans, a
plan the customer proposes, the written acceptance of an offered plan (ticked and
confirmed; the moment, the IP address and the text shown are the evidence), and a
consumer's request for a plan during the term of the law's consumer term notice (BE:
the first reminder, where "the consumer may ask a payment plan").

Each change goes through the plan use cases (`plans.offer_plan`, `plans.accept_plan`)
with the portal as the actor, so a plan from the portal is audited, logged and stored
like any other. The text the customer agrees to is rendered at the edge, in their
language, and passed in as the evidence.

A proposal covers every open invoice of the customer that no live plan covers and that
is not disputed. Within the company's limits it is offered and, with the customer's
acceptance of the very plan shown, accepted at once: in force. Outside them it waits for
a person (the approval task `offer_plan` makes), who approves it (`plans.approve_plan`)
or cancels it and offers another (a counter-offer); the customer then accepts the
offered plan on its own page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from tijdig.domain.collection.plans import (
    PaymentPlan,
    PlanLimits,
    PlanStatus,
    WrittenAcceptance,
)
from tijdig.domain.collection.policy_toml import default_policy_set, load_policy_set
from tijdig.domain.collection.records import ContactEvent, ContactKind, Task, TaskKind
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.legal import law_of_claim
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.domain.refusals import Refusal
from tijdig.engine.deadline import term_channel
from tijdig.engine.segments import matching_rule
from tijdig.services import audit
from tijdig.services.plans import plans
from tijdig.services.plans.letters import PlanLetters
from tijdig.services.plans.ports import PlannableInvoice, PlansUnitOfWork, StoredPlan
from tijdig.services.portal import PORTAL_ACTOR

LIVE = frozenset({PlanStatus.PROPOSED, PlanStatus.OFFERED, PlanStatus.IN_FORCE})
MAX_INSTALMENTS = 60  # what the portal's form takes; the company's limits are usually less
MAX_DAYS_AHEAD = 366  # the first plan instalment's day, at the latest


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the customer asks: so many monthly plan instalments from `first`, and an
    optional deposit on that same day."""

    instalments: int
    first: date
    deposit: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PortalPlans:
    """The plans part of the customer's page."""

    plans: tuple[StoredPlan, ...]  # the customer's live plans, oldest first
    coverable: tuple[PlannableInvoice, ...]  # what a proposal would cover
    limits: PlanLimits
    request_until: date | None  # the last day of a term in which a plan may be asked

    @property
    def offered(self) -> tuple[StoredPlan, ...]:
        return tuple(s for s in self.plans if s.plan.status is PlanStatus.OFFERED)

    @property
    def currency(self) -> str | None:
        """The one currency a proposal would be in; None when there are several."""
        currencies = {i.currency for i in self.coverable}
        return currencies.pop() if len(currencies) == 1 else None

    @property
    def open_total(self) -> Decimal:
        return sum((i.open_amount + i.costs + i.interest for i in self.coverable), Decimal(0))


@dataclass(frozen=True, slots=True)
class Proposed:
    plan_id: int
    plan: PaymentPlan
    outside_limits: tuple[Reason, ...]  # empty: within the limits

    @property
    def accepted(self) -> bool:
        return self.plan.status is PlanStatus.IN_FORCE


def _ids(company: Company, customer: Customer) -> tuple[int, int]:
    assert company.id is not None and customer.id is not None
    return company.id, customer.id


def _coverable(uow: PlansUnitOfWork, company_id: int, customer_id: int) -> list[PlannableInvoice]:
    found = uow.plans.plannable(company_id, customer_id)
    ids = [i.invoice_id for i in found]
    disputed = set(uow.disputes.open_for(company_id, ids)) if ids else set()
    return [i for i in found if i.invoice_id not in disputed]


def _request_until(
    uow: PlansUnitOfWork,
    company_id: int,
    customer: Customer,
    coverable: list[PlannableInvoice],
    as_of: date,
) -> date | None:
    """The last day of the latest running term of the law's consumer term notice on one
    of `coverable`, where the law of the claim lets a consumer ask a plan during it."""
    if not customer.is_consumer or not coverable:
        return None
    _settings, text = uow.collection_settings.get(company_id)
    policies = default_policy_set() if text is None else load_policy_set(text)
    total = sum((i.open_amount for i in coverable), Decimal(0))
    rule = matching_rule(customer, policies, open_total=total)
    policy = policies.policy(rule.policy) if rule is not None else policies.policies[0]
    law = law_of_claim(policy.country)
    if law is None or not law.PLAN_REQUEST_IN_TERM:
        return None
    keys = {s.key for s in policy.steps if s.legal_notice is law.CONSUMER_TERM_NOTICE}
    last_days = [
        law.reminder_term(taken.taken_on, term_channel(taken.channel)).last_day
        for invoice in coverable
        for taken in invoice.steps
        if taken.step_key in keys and taken.taken_on <= as_of
    ]
    running = [day for day in last_days if as_of <= day]
    return max(running, default=None)


def portal_plans(
    uow: PlansUnitOfWork, company: Company, customer: Customer, *, as_of: date
) -> PortalPlans:
    """The customer's live plans, what a proposal would cover, the company's limits, and
    whether a consumer's term to ask a plan is running (a read)."""
    company_id, customer_id = _ids(company, customer)
    with uow:
        listed = uow.plans.listed(company_id, customer_id=customer_id)
        coverable = _coverable(uow, company_id, customer_id)
        limits = uow.plans.limits(company_id)
        until = _request_until(uow, company_id, customer, coverable, as_of)
    live = tuple(s for s in listed if s.plan.status in LIVE)
    return PortalPlans(live, tuple(coverable), limits, until)


def own_plan(
    uow: PlansUnitOfWork, company: Company, customer: Customer, plan_id: int
) -> StoredPlan:
    """One of the customer's own plans; `NotFound` for any other, another's included."""
    company_id, customer_id = _ids(company, customer)
    with uow:
        stored = uow.plans.get(company_id, plan_id)
    if stored is None or stored.customer_id != customer_id:
        raise NotFound(Refusal.NO_PLAN_ON_THIS_PAGE)
    return stored


def _terms(
    uow: PlansUnitOfWork, company: Company, customer: Customer, proposal: Proposal, on: date
) -> plans.PlanTerms:
    if not 1 <= proposal.instalments <= MAX_INSTALMENTS:
        raise InvalidValue("instalments", Refusal.NUMBER_BETWEEN, value=proposal.instalments,
                           high=MAX_INSTALMENTS)  # fmt: skip
    if not on <= proposal.first <= on + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidValue("first", Refusal.FIRST_DAY_WITHIN, day=on, days=MAX_DAYS_AHEAD)
    with uow:
        coverable = _coverable(uow, *_ids(company, customer))
    if not coverable:
        raise RuleViolation(Refusal.NO_INVOICES_FOR_PLAN)
    numbers = tuple(i.number for i in coverable)
    return plans.PlanTerms(numbers, proposal.instalments, proposal.first, deposit=proposal.deposit)


def draft(
    uow: PlansUnitOfWork, company: Company, customer: Customer, proposal: Proposal, *, on: date
) -> tuple[PaymentPlan, tuple[Reason, ...]]:
    """The plan the proposal makes on the business day `on`, and why it falls outside
    the company's limits (empty: within them); nothing is stored."""
    terms = _terms(uow, company, customer, proposal, on)
    return plans.draft_plan(uow, company, customer.number, terms, on=on)


def same_terms(plan: PaymentPlan, shown: PaymentPlan) -> bool:
    """Whether `plan` says what `shown` said: its invoices, amounts and plan instalments."""
    return (plan.invoice_numbers, plan.currency, plan.principal, plan.costs, plan.interest,
            plan.instalments) == (shown.invoice_numbers, shown.currency, shown.principal,
                                  shown.costs, shown.interest, shown.instalments)  # fmt: skip


def propose(
    uow: PlansUnitOfWork,
    company: Company,
    customer: Customer,
    proposal: Proposal,
    *,
    shown: PaymentPlan,
    acceptance: WrittenAcceptance | None,
    letters: PlanLetters,
    on: date,
    at: datetime,
) -> Proposed:
    """The customer's proposal, made on the business day `on`. Within the company's
    limits it is offered (`plan.offer`) and, with `acceptance` of the very plan `shown`,
    accepted at once (`plan.accept`): in force. Outside them it is proposed with a task
    for a person (`plan.propose`). A plan that came out other than shown (a payment
    booked meanwhile) stays offered, for the customer to accept as it is now."""
    terms = _terms(uow, company, customer, proposal, on)
    offered = plans.offer_plan(uow, company, customer.number, terms, on=on, actor=PORTAL_ACTOR,
                               at=at)  # fmt: skip
    if offered.outside_limits or acceptance is None or not same_terms(offered.plan, shown):
        return Proposed(offered.plan_id, offered.plan, offered.outside_limits)
    # accepting queues the plan's written confirmation in the same transaction
    accepted = plans.accept_plan(uow, company, offered.plan_id, acceptance, letters=letters,
                                 on=on, actor=PORTAL_ACTOR, at=at)  # fmt: skip
    return Proposed(offered.plan_id, accepted, ())


def accept_offered(
    uow: PlansUnitOfWork,
    company: Company,
    customer: Customer,
    plan_id: int,
    acceptance: WrittenAcceptance,
    *,
    letters: PlanLetters,
    on: date,
    at: datetime,
) -> PaymentPlan:
    """The customer ticks and confirms one of their offered plans on the business day
    `on`: in force (`plan.accept`). `NotFound` for a plan not theirs; an
    `IllegalPlanTransition` for one not (or no longer) offered."""
    own_plan(uow, company, customer, plan_id)
    return plans.accept_plan(uow, company, plan_id, acceptance, letters=letters, on=on,
                             actor=PORTAL_ACTOR, at=at)  # fmt: skip


def request_plan(
    uow: PlansUnitOfWork, company: Company, customer: Customer, *, as_of: date, at: datetime
) -> date:
    """A consumer asks a payment plan during the term of the law's consumer term notice
    (BE: the first reminder). Recorded in the contact log, with a task for a person to
    answer it, and audited (`portal.plan_request`); the term's last day is returned.
    Asked again while that task is open, nothing more is recorded. `RuleViolation` when
    no such term is running."""
    company_id, customer_id = _ids(company, customer)
    with uow:
        coverable = _coverable(uow, company_id, customer_id)
        until = _request_until(uow, company_id, customer, coverable, as_of)
        if until is None:
            raise RuleViolation(Refusal.NO_TERM_FOR_PLAN_REQUEST)
        title = reason(Code.TASK_PLAN_REQUESTED, until=until)
        if any(t.title == title for _, t in uow.tasks.open_for_customer(company_id, customer_id)):
            return until  # asked before, and not yet answered: recorded once
        uow.contact_log.add(company_id, customer_id, ContactEvent(
            customer.number, ContactKind.NOTE, at,
            reason(Code.PLAN_REQUESTED, until=until),
            by=PORTAL_ACTOR,
        ))  # fmt: skip
        uow.tasks.add(company_id, customer_id,
                      Task(customer.number, TaskKind.FOLLOW_UP, as_of, title))  # fmt: skip
        audit.record(uow, actor=PORTAL_ACTOR, at=at, action="portal.plan_request",
                     company_id=company_id, customer_ids=[customer_id],
                     subject="payment plan",
                     details=f"during the term that ends {until}")  # fmt: skip
        uow.commit()
    return until
