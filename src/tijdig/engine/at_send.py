"""An approved message worked out again for the day it is sent and the channel it uses.

The run proposes on its own day and a person approves; the message may go out days
later, and a step planned as e-mail goes by post when the customer has no address.
What the debtor reads must hold on the day it is sent: every stated date (the legal
term counted from the actual send day and channel, "uiterlijk op"), the days overdue
and the interest "tot vandaag". The approval stays valid for the step approved, so:

- `Waiting`: the send day is not one of the customer's contact days (S3-3); the
  message keeps its approval and goes on the next one.
- `Dropped`: nothing approved is still due that day: each invoice's reason (paid,
  disputed, in a payment plan in force, another step taken since, not yet due), or the
  customer's (a promise to pay in force, a hardship status, a pause set by hand, a
  hand-over case the agency has, the minimum interval, the minimum amount, money
  received but not allocated).
- `Ready`: the message for the send day. Only the invoices whose approved step is still
  their next step and due take it (the others are named in `dropped`); the statement
  lists what is overdue that day; claims and announcements are computed for that day
  and channel, exactly as the run would have on it (`build_proposal`).

Nothing here reads the clock: the send day is an argument.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from tijdig.domain.collection.policy import Policy, PolicySet, StepChannel
from tijdig.domain.invoices import Invoice
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.engine.advice import Taken, earlier_days, open_items, plan_one, taken_by_invoice
from tijdig.engine.checks import (
    amount_hold,
    contact_day_wait,
    hand_over_hold,
    hardship_hold,
    held_invoices,
    interval_holds,
    note_holds,
    pause_hold,
    promise_holds,
    reply_hold,
    unallocated_check,
)
from tijdig.engine.message import build_proposal, net_totals, statement_lines
from tijdig.engine.model import CompanyState, CustomerState, Proposal
from tijdig.engine.schedule import InvoicePlan, is_contact_day, next_contact_day


@dataclass(frozen=True, slots=True)
class Ready:
    proposal: Proposal
    dropped: tuple[Reason, ...] = ()  # invoices of the approval that no longer take the step


@dataclass(frozen=True, slots=True)
class Waiting:
    until: date | None  # the next contact day; None: the customer has none within a month
    reason: Reason


@dataclass(frozen=True, slots=True)
class Dropped:
    reasons: tuple[Reason, ...]


SendOutcome = Ready | Waiting | Dropped


def at_send(
    approved: Proposal,
    state: CustomerState,
    company: CompanyState,
    policies: PolicySet,
    *,
    on: date,
    channel: StepChannel,
) -> SendOutcome:
    """The approved message as it must read when sent on `on` by `channel`."""
    customer = state.customer
    if not is_contact_day(on, customer):
        return Waiting(next_contact_day(on, customer), contact_day_wait(state, on))  # S3-3
    policy = policies.policy(approved.policy_code)
    plans, dropped = _still_due(approved, state, company, policy, on, channel)
    if not plans:
        return Dropped(tuple(dropped))
    # The bank was checked by the run; a promise, a hardship status, a hand-over, an
    # internal note or another message since is new.
    paused = hardship_hold(state, on) or hand_over_hold(state) or pause_hold(state, on)
    paused = paused or reply_hold(state, company, on)
    whole = [*promise_holds(state, on), *note_holds(state, on), *interval_holds(state, policy, on)]
    whole += [] if paused is None else [paused]
    if whole:
        return Dropped((*dropped, *(hold.reason for hold in whole)))
    return _ready(approved, state, company, policy, plans, dropped, on)


def _still_due(
    approved: Proposal,
    state: CustomerState,
    company: CompanyState,
    policy: Policy,
    on: date,
    channel: StepChannel,
) -> tuple[list[InvoicePlan], list[Reason]]:
    """The plans of the approved invoices whose step is still their next, and due on `on`
    (the step going by `channel`); a reason for each of the others."""
    invoices = {i.number: i for i in open_items(state, on)[0]}
    held = held_invoices(state, on)
    taken = taken_by_invoice(state.steps_taken) if state.steps_taken else {}
    earlier = earlier_days(state, company)
    plans: list[InvoicePlan] = []
    dropped: list[Reason] = []
    for line in approved.lines:
        if line.step_key is None:
            continue
        number = line.invoice_number
        invoice = invoices.get(number)
        why = _not_due(line.step_key, number, invoice, state, policy, taken, held, on, earlier)
        if why is not None:
            dropped.append(why)
            continue
        assert invoice is not None
        plan = plan_one(state, policy, invoice, taken, as_of=on, earlier=earlier)
        assert plan.step is not None
        plans.append(replace(plan, step=replace(plan.step, channel=channel)))
    return plans, dropped


def _not_due(
    step_key: str,
    number: str,
    invoice: Invoice | None,
    state: CustomerState,
    policy: Policy,
    taken: Taken,
    held: dict[str, Reason],
    on: date,
    earlier: int,
) -> Reason | None:
    """Why the approved step no longer falls on invoice `number` on `on`; None: it does."""
    if invoice is None:
        return reason(Code.PAID_SINCE_RUN, invoice=number)
    if invoice.number in held:
        return held[invoice.number]
    plan = plan_one(state, policy, invoice, taken, as_of=on, earlier=earlier)
    if plan.step is None:
        return reason(Code.POLICY_FINISHED, invoice=number, step=step_key)
    if plan.step.key != step_key:
        return reason(Code.NO_LONGER_NEXT_STEP, invoice=number, step=step_key, now=plan.step.key)
    if not plan.is_due(on):
        return reason(Code.NOT_DUE_BEFORE, invoice=number, step=step_key, on=plan.on or on)
    return None


def _ready(
    approved: Proposal,
    state: CustomerState,
    company: CompanyState,
    policy: Policy,
    plans: list[InvoicePlan],
    dropped: list[Reason],
    on: date,
) -> SendOutcome:
    invoices, credits = open_items(state, on)
    held = held_invoices(state, on)
    keys = {p.invoice.number: p.step.key for p in plans if p.step}
    listed = [i for i in invoices if i.number not in held]
    lines = statement_lines(listed, credits, keys, on)
    unallocated, totals, netted = unallocated_check(state, net_totals(lines))
    too_small = unallocated or amount_hold(state.customer.number, totals, policy)
    if too_small is not None:
        return Dropped((*dropped, too_small.reason))
    reasons = [*approved.reasons, *netted, reason(Code.WORKED_OUT_FOR_SENDING, on=on)]
    taken = taken_by_invoice(state.steps_taken) if state.steps_taken else {}
    proposal = build_proposal(state, company, policy, plans, lines, reasons, taken, as_of=on)
    kept = replace(proposal, auto_approve=approved.auto_approve, names_agency=approved.names_agency)
    return Ready(kept, tuple(dropped))
