"""Payment plans: offering one, approving one proposed, the customer's written
acceptance, cancelling; and the company's plans (read).

Each change takes the actor and the moment and writes its audit entry in its own
transaction. What a plan includes and when it may be offered at once are the domain's
rules (domain/collection/plans.py, plan_rules.py); here they meet the stored facts: the
open invoices, the costs and interest claimed on them, the steps taken (for a
consumer's term), the clause in force, the company's policies and limits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from tijdig.domain.collection.plan_rules import ClaimedOnInvoices, owed_claims
from tijdig.domain.collection.plans import (
    Frequency,
    PaymentPlan,
    PlanStatus,
    WrittenAcceptance,
    build_schedule,
    check_transition,
    initial_status,
    limit_reasons,
    plan_reference,
)
from tijdig.domain.collection.policy import PolicySet
from tijdig.domain.collection.policy_toml import default_policy_set, load_policy_set
from tijdig.domain.collection.records import ContactEvent, ContactKind, StepTaken, Task, TaskKind
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.legal import law_of_claim
from tijdig.domain.legal.law import Law
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.domain.refusals import Refusal
from tijdig.engine.deadline import term_channel
from tijdig.engine.segments import matching_rule
from tijdig.services import audit
from tijdig.services.plans.letters import PlanLetters, queue_confirmation
from tijdig.services.plans.ports import PlannableInvoice, PlansUnitOfWork, StoredPlan
from tijdig.services.records.ports import company_id_of, customer_of


@dataclass(frozen=True, slots=True)
class PlanTerms:
    """What a person asks: the invoices, how many plan instalments from which day and
    how often, and an optional deposit (on `deposit_on`, else the first day)."""

    invoice_numbers: tuple[str, ...]
    instalments: int
    first: date
    frequency: Frequency = Frequency.MONTHLY
    deposit: Decimal | None = None
    deposit_on: date | None = None


@dataclass(frozen=True, slots=True)
class Offered:
    plan_id: int
    plan: PaymentPlan
    outside_limits: tuple[Reason, ...]  # empty: offered at once
    task_id: int | None = None  # the approval task of a plan outside the limits


def _chosen(found: Sequence[PlannableInvoice], numbers: Sequence[str]) -> list[PlannableInvoice]:
    by_number = {i.number: i for i in found}
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise InvalidValue("invoices", Refusal.NOT_OPEN_OR_IN_PLAN, invoices=", ".join(missing))
    chosen = [by_number[n] for n in dict.fromkeys(numbers)]
    if len({i.currency for i in chosen}) > 1:
        raise InvalidValue("invoices", Refusal.PLAN_ONE_CURRENCY)
    return chosen


def _policies(uow: PlansUnitOfWork, company_id: int) -> PolicySet:
    _settings, text = uow.collection_settings.get(company_id)
    return default_policy_set() if text is None else load_policy_set(text)


def _claim_law(customer: Customer, policies: PolicySet, principal: Decimal) -> Law | None:
    """The law of the claim: the country of the policy the customer's segment gets."""
    rule = matching_rule(customer, policies, open_total=principal)
    policy = policies.policy(rule.policy) if rule is not None else policies.policies[0]
    return law_of_claim(policy.country)


def _costs_from(law: Law, policies: PolicySet, steps: Sequence[StepTaken]) -> date | None:
    """The day after the term of the latest consumer term notice sent on the invoice."""
    notice = law.CONSUMER_TERM_NOTICE
    keys = {s.key for p in policies.policies for s in p.steps if s.legal_notice is notice}
    letters = [t for t in steps if t.step_key in keys]
    if not letters:
        return None
    letter = max(letters, key=lambda t: t.taken_on)
    return law.reminder_term(letter.taken_on, term_channel(letter.channel)).costs_from


def _owed(
    uow: PlansUnitOfWork, company_id: int, customer: Customer, chosen: list[PlannableInvoice],
    on: date,
) -> tuple[ClaimedOnInvoices, Law | None]:  # fmt: skip
    """The costs and interest already claimed on `chosen` that the plan includes."""
    policies = _policies(uow, company_id)
    principal = sum((i.open_amount for i in chosen), Decimal(0))
    law = _claim_law(customer, policies, principal)
    clause = uow.clauses.get(company_id, customer.id) or uow.clauses.get(company_id)
    costs = interest = Decimal(0)
    for invoice in chosen:
        costs_from = _costs_from(law, policies, invoice.steps) if law is not None else None
        owed = owed_claims(law, ClaimedOnInvoices(invoice.costs, invoice.interest),
                           consumer=customer.is_consumer, costs_from=costs_from, on=on,
                           valid_clause=clause is not None)  # fmt: skip
        costs, interest = costs + owed.costs, interest + owed.interest
    return ClaimedOnInvoices(costs, interest), law


def _approval_task(customer: Customer, plan: PaymentPlan, outside: tuple[Reason, ...]) -> Task:
    return Task(customer.number, TaskKind.FOLLOW_UP, plan.made_on,
                reason(Code.TASK_PLAN_APPROVAL, plan=plan.reference), reasons=outside)  # fmt: skip


def _build(
    uow: PlansUnitOfWork, company_id: int, customer: Customer, terms: PlanTerms, on: date
) -> tuple[PaymentPlan, list[int]]:
    """The plan `terms` make of the customer's open invoices, and their ids."""
    assert customer.id is not None
    chosen = _chosen(uow.plans.plannable(company_id, customer.id), terms.invoice_numbers)
    owed, law = _owed(uow, company_id, customer, chosen, on)
    principal = sum((i.open_amount for i in chosen), Decimal(0))
    currency = chosen[0].currency
    parts = build_schedule(principal + owed.costs + owed.interest, terms.instalments,
                           terms.first, currency=currency, frequency=terms.frequency,
                           deposit=terms.deposit, deposit_on=terms.deposit_on)  # fmt: skip
    plan = PaymentPlan(customer.number, "", tuple(i.number for i in chosen), currency,
                       principal, owed.costs, owed.interest, parts, on,
                       payment_order=law.PLAN_PAYMENT_ORDER if law else "")  # fmt: skip
    return plan, [i.invoice_id for i in chosen]


def offer_plan(
    uow: PlansUnitOfWork,
    company: Company,
    customer_number: str,
    terms: PlanTerms,
    *,
    on: date,
    actor: str,
    at: datetime,
) -> Offered:
    """A plan made on the business day `on` over the chosen open invoices, with the costs and
    interest owed on them. Within the company's limits it is offered to the customer at
    once (`plan.offer`); outside them it is proposed, with a task for a person to
    approve it (`plan.propose`)."""
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        plan, invoice_ids = _build(uow, company_id, customer, terms, on)
        outside = limit_reasons(plan, uow.plans.limits(company_id))
        plan = replace(plan, status=initial_status(outside))
        plan_id = uow.plans.add(company_id, customer.id, plan, invoice_ids=invoice_ids,
                                outside=outside, created_by=actor)  # fmt: skip
        plan = replace(plan, reference=plan_reference(plan_id, company.country))
        uow.plans.set_reference(company_id, plan_id, plan.reference)
        task_id = None
        if outside:
            task_id = uow.tasks.add(
                company_id, customer.id, _approval_task(customer, plan, outside)
            )
            uow.plans.set_approval_task(company_id, plan_id, task_id)
        audit.record(uow, actor=actor, at=at, company_id=company_id,
                     action="plan.propose" if outside else "plan.offer",
                     customer_ids=[customer.id], subject=f"plan {plan.reference}",
                     details=_described(plan))  # fmt: skip
        uow.commit()
    return Offered(plan_id, plan, outside, task_id)


def draft_plan(
    uow: PlansUnitOfWork, company: Company, customer_number: str, terms: PlanTerms, *, on: date
) -> tuple[PaymentPlan, tuple[Reason, ...]]:
    """The plan `offer_plan` would make on `on`, with its status, and why it would fall
    outside the company's limits; nothing is stored (a read: the portal shows it before
    the customer agrees). Its reference is empty until it is offered."""
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        plan, _invoice_ids = _build(uow, company_id, customer, terms, on)
        outside = limit_reasons(plan, uow.plans.limits(company_id))
    return replace(plan, status=initial_status(outside)), outside


def _described(plan: PaymentPlan) -> str:
    parts = ", ".join(f"{p.due_on} {p.amount:.2f}" for p in plan.instalments)
    return (f"{plan.currency} {plan.total:.2f} over {', '.join(plan.invoice_numbers)} "
            f"(costs {plan.costs:.2f}, interest {plan.interest:.2f}): {parts}")  # fmt: skip


def _stored(uow: PlansUnitOfWork, company: Company, plan_id: int) -> StoredPlan:
    stored = uow.plans.get(company_id_of(company), plan_id)
    if stored is None:
        raise NotFound(
            Refusal.NOT_FOUND_AT, thing="payment plan", key=plan_id, company=company.code
        )
    return stored


def _move(
    uow: PlansUnitOfWork, company: Company, stored: StoredPlan, wanted: PlanStatus, on: date
) -> None:
    """Move the plan on; its approval task, if still open, is done with it."""
    check_transition(stored.plan.status, wanted)
    company_id = company_id_of(company)
    if not uow.plans.move(company_id, stored.plan_id, stored.plan.status, wanted, on=on):
        raise RuleViolation(Refusal.PLAN_CHANGED_MEANWHILE, plan=stored.plan.reference)
    task_id = uow.plans.approval_task(company_id, stored.plan_id)
    task = uow.tasks.get(company_id, task_id) if task_id is not None else None
    if task_id is not None and task is not None and task.done_on is None:
        uow.tasks.complete(company_id, task_id, f"plan {wanted.value}", on)


def approve_plan(
    uow: PlansUnitOfWork, company: Company, plan_id: int, *, actor: str, at: datetime
) -> PaymentPlan:
    """A person approves a plan outside the limits: it is offered (`plan.approve`), and
    the task asking for the approval is done."""
    with uow:
        stored = _stored(uow, company, plan_id)
        _move(uow, company, stored, PlanStatus.OFFERED, at.date())
        audit.record(uow, actor=actor, at=at, action="plan.approve",
                     company_id=company_id_of(company), customer_ids=[stored.customer_id],
                     subject=f"plan {stored.plan.reference}")  # fmt: skip
        uow.commit()
    return replace(stored.plan, status=PlanStatus.OFFERED)


ACCEPTED_BY = {
    "portal": "ticked and confirmed in the debtor portal",
    "signed_copy": "a signed copy",
    "email_reply": "an e-mail reply",
}


def accept_plan(
    uow: PlansUnitOfWork,
    company: Company,
    plan_id: int,
    acceptance: WrittenAcceptance,
    *,
    letters: PlanLetters,
    on: date,
    actor: str,
    at: datetime,
) -> PaymentPlan:
    """The customer accepted an offered plan in writing on the business day `on`: the
    evidence is kept and the plan is in force from that day, noted in the contact log
    (`plan.accept`), and its confirmation is queued in the same transaction
    (letters.py; `tijdig send` sends it)."""
    accepted_on = on
    with uow:
        stored = _stored(uow, company, plan_id)
        plan, company_id = stored.plan, company_id_of(company)
        _move(uow, company, stored, PlanStatus.IN_FORCE, accepted_on)
        if accepted_on < plan.made_on:
            raise InvalidValue("accepted_at", Refusal.BEFORE_PLAN_MADE, made=plan.made_on)
        uow.plans.accept(company_id, plan_id, acceptance, recorded_by=actor)
        how = ACCEPTED_BY[acceptance.way.value]
        note = reason(Code.PLAN_ACCEPTED, plan=plan.reference, way=acceptance.way.value)
        uow.contact_log.add(company_id, stored.customer_id, ContactEvent(
            plan.customer_number, ContactKind.NOTE, acceptance.accepted_at, note, by=actor,
        ))  # fmt: skip
        audit.record(uow, actor=actor, at=at, action="plan.accept", company_id=company_id,
                     customer_ids=[stored.customer_id], subject=f"plan {plan.reference}",
                     details=how)  # fmt: skip
        in_force = replace(plan, status=PlanStatus.IN_FORCE, accepted_on=accepted_on)
        queue_confirmation(uow, letters, company, replace(stored, plan=in_force),
                           on=accepted_on, now=at)  # fmt: skip
        uow.commit()
    return in_force


def cancel_plan(
    uow: PlansUnitOfWork,
    company: Company,
    plan_id: int,
    *,
    note: str = "",
    actor: str,
    at: datetime,
) -> PaymentPlan:
    """End a plan not yet kept or broken: its invoices follow the policy again
    (`plan.cancel`); a task asking to approve it is done."""
    with uow:
        stored = _stored(uow, company, plan_id)
        _move(uow, company, stored, PlanStatus.CANCELLED, at.date())
        audit.record(uow, actor=actor, at=at, action="plan.cancel",
                     company_id=company_id_of(company), customer_ids=[stored.customer_id],
                     subject=f"plan {stored.plan.reference}", details=note)  # fmt: skip
        uow.commit()
    return replace(stored.plan, status=PlanStatus.CANCELLED, ended_on=at.date())


def plans_of(
    uow: PlansUnitOfWork,
    company: Company,
    *,
    status: PlanStatus | None = None,
    customer_number: str | None = None,
) -> list[StoredPlan]:
    """The company's plans, oldest first (read only)."""
    company_id = company_id_of(company)
    with uow:
        customer_id = None
        if customer_number is not None:
            customer_id = customer_of(uow, company_id, customer_number).id
        return uow.plans.listed(company_id, status=status, customer_id=customer_id)


def plan_of(uow: PlansUnitOfWork, company: Company, plan_id: int) -> StoredPlan:
    """One of the company's plans (read only); `NotFound` for another's."""
    with uow:
        return _stored(uow, company, plan_id)
