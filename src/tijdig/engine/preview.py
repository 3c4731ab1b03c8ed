"""A message at a chosen step, for one customer, as it would read today (`tijdig preview`).

Unlike `advise`, nothing is checked against the schedule: every overdue invoice (for a
pre-due step: every invoice not yet due) is put at the chosen step, so a credit
controller can read any letter of the ladder before it is ever sent.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from tijdig.domain.collection.policy import Basis, PolicySet, StepChannel
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.errors import RuleViolation
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.engine.message import build_proposal, statement_lines
from tijdig.engine.model import CompanyState, CustomerState, Proposal
from tijdig.engine.schedule import InvoicePlan
from tijdig.engine.segments import choose_policy


def preview_proposal(
    state: CustomerState,
    company: CompanyState,
    policies: PolicySet,
    step_key: str,
    *,
    as_of: date,
    channel: StepChannel | None = None,
) -> Proposal:
    """The message of `step_key` for this customer on `as_of`, going by `channel` (the
    step's own when None): its legal term and deadline follow that channel."""
    total = sum((i.signed_outstanding for i in state.invoices), Decimal(0))
    policy = choose_policy(state.customer, policies, open_total=total)
    keys = [s.key for s in policy.steps]
    if step_key not in keys:
        raise RuleViolation(Refusal.POLICY_HAS_NO_STEP_OF, policy=policy.code, step=step_key,
                            steps=", ".join(keys))  # fmt: skip
    index = keys.index(step_key)
    step = policy.steps[index]
    if channel is not None:
        step = replace(step, channel=channel)
    open_items = [i for i in state.invoices if i.is_open() and i.issue_date <= as_of]
    credits = [i for i in open_items if i.is_credit]
    before_due = step.basis is Basis.BEFORE_DUE
    chosen = [
        i
        for i in open_items
        if not i.is_credit and (i.due_date >= as_of if before_due else i.is_overdue(as_of))
    ]
    if not chosen:
        raise RuleViolation(
            Refusal.NO_INVOICE_NOT_DUE if before_due else Refusal.NO_INVOICE_OVERDUE,
            customer=state.customer.number,
        )
    due = [InvoicePlan(i, step, index, as_of) for i in chosen]
    lines = statement_lines(chosen, credits, {i.number: step_key for i in chosen}, as_of)
    taken: dict[str, tuple[StepTaken, ...]] = {}
    for item in state.steps_taken:
        taken[item.invoice_number] = (*taken.get(item.invoice_number, ()), item)
    reasons = [reason(Code.PREVIEW, step=step_key, policy=policy.code)]
    return build_proposal(state, company, policy, due, lines, reasons, taken, as_of=as_of)
