"""The daily decision for one customer: `advise(state, company, policies, as_of=...)`.

Order of the rules (docs/dunning.md has a date table for each):
1. bank first: a warning on every decision while the bank is missing or stale;
2. the policy from the segment rules; the next step of every open invoice and the
   day it falls due (schedule.py); a consumer's costs step waits for its term;
3. nothing due: an empty decision (the fast path for most customers); a debtor in
   hardship with open invoices: one hold of the whole customer, nothing else;
4. an open dispute, or a payment plan in force, holds only its invoices; a promise in
   force, a stale bank, a day that is no contact day, and the minimum interval hold
   the customer;
5. the statement of account (credit notes netted) must reach the minimum amount;
6. one proposal, its step the most escalated; call tasks beside it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from tijdig.domain.collection.policy import Basis, Policy, PolicySet
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.errors import RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.domain.refusals import Refusal
from tijdig.engine import claims
from tijdig.engine.calls import plan_calls
from tijdig.engine.checks import (
    amount_hold,
    bank_stale,
    customer_holds,
    hand_over_hold,
    handed_over,
    hardship_hold,
    held_invoices,
    pause_hold,
    reply_hold,
    unallocated_check,
)
from tijdig.engine.message import build_proposal, net_totals, statement_lines
from tijdig.engine.model import Advice, CompanyState, CustomerState, Hold
from tijdig.engine.schedule import InvoicePlan, describe, plan_invoice
from tijdig.engine.segments import matching_rule, rule_reason

Taken = dict[str, tuple[StepTaken, ...]]


def open_items(state: CustomerState, as_of: date) -> tuple[list[Invoice], list[Invoice]]:
    invoices: list[Invoice] = []
    credits: list[Invoice] = []
    for item in state.invoices:
        if item.issue_date > as_of or not item.is_open():
            continue
        (credits if item.is_credit else invoices).append(item)
    return invoices, credits


def _policy_for(state: CustomerState, policies: PolicySet) -> tuple[Policy, Reason]:
    if not policies.rules:
        return policies.policies[0], rule_reason(policies.policies[0].code, None)
    total = Decimal(0)
    if any(rule.min_amount is not None for rule in policies.rules):
        total = sum((i.signed_outstanding for i in state.invoices), Decimal(0))
    rule = matching_rule(state.customer, policies, open_total=total)
    if rule is None:
        raise RuleViolation(Refusal.NO_SEGMENT_RULE, customer=state.customer.number)
    return policies.policy(rule.policy), rule_reason(rule.policy, rule)


def taken_by_invoice(steps: tuple[StepTaken, ...]) -> Taken:
    grouped: dict[str, list[StepTaken]] = {}
    for item in steps:
        grouped.setdefault(item.invoice_number, []).append(item)
    return {number: tuple(items) for number, items in grouped.items()}


def _wait_for_term(
    plan: InvoicePlan, policy: Policy, state: CustomerState, taken: Taken
) -> InvoicePlan:
    """A consumer's costs step waits until the letter's term has passed (S4-1)."""
    consumer = state.customer.is_consumer
    if plan.step is None or plan.on is None or not plan.step.claims_costs:
        return plan
    if not claims.needs_term(policy.country, consumer):
        return plan
    number = plan.invoice.number
    costs_from = claims.term_costs_from(
        policy.country, policy, taken.get(number, ()), consumer=consumer
    )
    if costs_from is None or costs_from <= plan.on:
        return plan
    note = reason(Code.WAITS_FOR_TERM, invoice=number, step=plan.step.key, costs_from=costs_from)
    return replace(plan, on=costs_from, notes=(*plan.notes, note))


def _horizon(policy: Policy, earlier: int) -> timedelta | None:
    """How long before the due date a first step can fall (None: it depends on the
    issue date, so every invoice is planned)."""
    first = policy.steps[0]
    if first.basis is Basis.AFTER_ISSUE:
        return None
    if first.basis is Basis.BEFORE_DUE:
        return timedelta(days=first.days + earlier)
    return timedelta(0)


def _plans(
    state: CustomerState,
    company: CompanyState,
    policy: Policy,
    invoices: list[Invoice],
    taken: Taken,
    as_of: date,
) -> list[InvoicePlan]:
    earlier = earlier_days(state, company)
    horizon = _horizon(policy, earlier)
    plans = []
    for invoice in invoices:
        if (
            horizon is not None
            and invoice.due_date > as_of + horizon
            and invoice.number not in taken
        ):
            continue  # no step can fall due yet: the first step is at most `horizon` early
        plans.append(plan_one(state, policy, invoice, taken, as_of=as_of, earlier=earlier))
    return plans


def earlier_days(state: CustomerState, company: CompanyState) -> int:
    """How many days earlier pre-due steps go for this customer (S1-5)."""
    settings = company.settings
    if state.record.is_frequent_late(settings.frequent_late_share):
        return settings.frequent_late_earlier_days
    return 0


def plan_one(
    state: CustomerState,
    policy: Policy,
    invoice: Invoice,
    taken: Taken,
    *,
    as_of: date,
    earlier: int,
) -> InvoicePlan:
    """The next step of one invoice and its day, a consumer's costs step after its term."""
    plan = plan_invoice(
        invoice, policy, taken.get(invoice.number, ()), state.customer, as_of=as_of,
        earlier=earlier,
    )  # fmt: skip
    return _wait_for_term(plan, policy, state, taken)


def advise(
    state: CustomerState, company: CompanyState, policies: PolicySet, *, as_of: date
) -> Advice:
    """What should happen to this customer on `as_of`: a proposal, calls, holds, warnings."""
    number = state.customer.number
    stale = bank_stale(company, as_of)
    warnings = (stale,) if stale else ()
    invoices, credits = open_items(state, as_of)
    if not invoices:
        return Advice(number, warnings=warnings)
    paused = hardship_hold(state, as_of) or hand_over_hold(state) or pause_hold(state, as_of)
    paused = paused or reply_hold(state, company, as_of)
    if paused is not None:
        return Advice(number, holds=(paused,), warnings=warnings)
    try:
        policy, chosen = _policy_for(state, policies)
    except RuleViolation:
        no_rule = Hold(number, reason(Code.NO_SEGMENT_RULE, customer=number))
        return Advice(number, holds=(no_rule,), warnings=warnings)
    taken = taken_by_invoice(state.steps_taken) if state.steps_taken else {}
    plans = _plans(state, company, policy, invoices, taken, as_of)
    due = [plan for plan in plans if plan.is_due(as_of)]
    if not due:
        return Advice(number, warnings=warnings)
    reasons = [chosen]
    items = (invoices, credits)
    return _advise_due(state, company, policy, due, items, taken, reasons, warnings, as_of)


def _advise_due(
    state: CustomerState,
    company: CompanyState,
    policy: Policy,
    due: list[InvoicePlan],
    items: tuple[list[Invoice], list[Invoice]],
    taken: Taken,
    reasons: list[Reason],
    warnings: tuple[Reason, ...],
    as_of: date,
) -> Advice:
    number = state.customer.number
    held = held_invoices(state, as_of)
    holds = [Hold(number, held[n], n) for p in due if (n := p.invoice.number) in held]
    due = [p for p in due if p.invoice.number not in held]
    due, handed = handed_over(state, policy, due)
    holds += handed
    if not due:
        return Advice(number, holds=tuple(holds), warnings=warnings)
    whole = customer_holds(state, company, policy, as_of=as_of)
    if whole:
        return Advice(number, holds=(*holds, *whole), warnings=warnings)
    invoices = [i for i in items[0] if i.number not in held]
    keys = {p.invoice.number: p.step.key for p in due if p.step}
    lines = statement_lines(invoices, items[1], keys, as_of)
    unallocated, totals, netted = unallocated_check(state, net_totals(lines))
    too_small = unallocated or amount_hold(number, totals, policy)
    if too_small is not None:
        return Advice(number, holds=(*holds, too_small), warnings=warnings)
    reasons += netted
    reasons += [r for p in due for r in describe(p, state.customer)]
    reasons += [n for p in due for n in p.notes]
    proposal = build_proposal(state, company, policy, due, lines, reasons, taken, as_of=as_of)
    calls = plan_calls(state, company, net_totals(lines, overdue_only=True), as_of=as_of)
    return Advice(number, proposal, calls, tuple(holds), warnings)
