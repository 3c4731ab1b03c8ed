"""One message per customer: a statement of account with each invoice's own stage.

Lines: every overdue invoice and every invoice due a step today (with that step's
key; `None` for an invoice only listed), then the open credit notes with a negative
amount, so that the lines of one currency add up to the net balance. The message's
step is the most escalated among the invoices due a step today; `covered` is
exactly the invoices that reach a legal-notice step; a claiming step claims only
for the invoices that reach it, an announcing step names what will follow (S2-4).

Costs and interest claimed in an earlier message and not yet paid (`OpenClaim`) stay
on the statement under their invoice and count in what the customer owes: a payment
meets them before the principal (art. 6:44 BW).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tijdig.domain.collection.policy import LegalNotice, Policy, Step
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.invoices import Invoice
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.engine import claims
from tijdig.engine.deadline import next_step, stated_deadline
from tijdig.engine.model import Claim, CompanyState, CustomerState, InvoiceStage, Proposal
from tijdig.engine.schedule import InvoicePlan, step_date


@dataclass(frozen=True, slots=True)
class OpenClaim:
    """Costs and interest claimed on one invoice in an earlier message, still unpaid."""

    invoice_number: str
    costs: Decimal
    interest: Decimal
    currency: str

    @property
    def total(self) -> Decimal:
        return self.costs + self.interest


def open_claims(
    lines: Sequence[InvoiceStage], left: Mapping[str, tuple[Decimal, Decimal]]
) -> tuple[OpenClaim, ...]:
    """The earlier claims still open (`left`: costs, interest per invoice number) on the
    statement's invoices, in the order of the lines; nothing for a claim fully paid."""
    found = []
    for line in lines:
        if line.kind != "invoice" or line.invoice_number not in left:
            continue
        costs, interest = (max(x, Decimal(0)) for x in left[line.invoice_number])
        if costs > 0 or interest > 0:
            found.append(OpenClaim(line.invoice_number, costs, interest, line.currency))
    return tuple(found)


def _line(item: Invoice, step_key: str | None, as_of: date) -> InvoiceStage:
    if item.is_credit:
        return InvoiceStage(
            item.number, "credit_note", None, item.due_date, -item.outstanding,
            item.currency, 0, item.payment_reference,
        )  # fmt: skip
    return InvoiceStage(
        item.number, "invoice", step_key, item.due_date, item.outstanding, item.currency,
        item.days_overdue(as_of), item.payment_reference,
    )  # fmt: skip


def statement_lines(
    invoices: Sequence[Invoice], credits: Sequence[Invoice], due: Mapping[str, str], as_of: date
) -> tuple[InvoiceStage, ...]:
    """Overdue invoices and those due a step, then open credit notes (negative)."""
    lines = [
        _line(i, due.get(i.number), as_of)
        for i in invoices
        if i.number in due or i.is_overdue(as_of)
    ]
    return (*lines, *(_line(c, None, as_of) for c in credits))


def net_totals(lines: Sequence[InvoiceStage], *, overdue_only: bool = False) -> dict[str, Decimal]:
    """Net total per currency; `overdue_only` leaves out invoices not yet due."""
    totals: dict[str, Decimal] = {}
    for line in lines:
        if overdue_only and line.kind == "invoice" and line.days_overdue == 0:
            continue
        totals[line.currency] = totals.get(line.currency, Decimal(0)) + line.open_amount
    return totals


def _claim(
    step: Step,
    due: Sequence[InvoicePlan],
    policy: Policy,
    state: CustomerState,
    company: CompanyState,
    taken: Mapping[str, tuple[StepTaken, ...]],
    as_of: date,
) -> Claim | None:
    if not (step.claims_costs or step.claims_interest):
        return None
    law, consumer = policy.country, state.customer.is_consumer
    invoices = [
        p.invoice for p in due if p.step and (p.step.claims_costs or p.step.claims_interest)
    ]
    earlier = state.claimed_by_invoice()
    # the letter of every invoice claimed now and of those claimed before (6:96 lid 7 BW)
    numbers = {i.number for i in invoices} | set(earlier)
    costs_from = {
        n: claims.term_costs_from(law, policy, taken.get(n, ()), consumer=consumer) for n in numbers
    }
    return claims.legal_claim(
        invoices,
        law=law,
        consumer=consumer,
        as_of=as_of,
        costs_from=costs_from,
        vat_uplift=claims.vat_uplift(law, can_deduct_vat=company.company.can_deduct_vat),
        costs=step.claims_costs,
        interest=step.claims_interest,
        earlier=earlier,
        principals={i.number: i.outstanding for i in state.invoices if not i.is_credit},
        clause=state.clause or company.clause,
    )


def _announced(
    step: Step,
    due: Sequence[InvoicePlan],
    policy: Policy,
    state: CustomerState,
    company: CompanyState,
    as_of: date,
) -> Claim | None:
    if not step.announces_costs:
        return None
    invoices = [p.invoice for p in due if p.step and p.step.announces_costs]
    return claims.announced_claim(
        invoices,
        law=policy.country,
        consumer=state.customer.is_consumer,
        as_of=as_of,
        channel=step.channel,
        notice=step.legal_notice,
        vat_uplift=claims.vat_uplift(policy.country, can_deduct_vat=company.company.can_deduct_vat),
        earlier=state.claimed_by_invoice(),
        clause=state.clause or company.clause,
    )


def _is_notice(plan: InvoicePlan) -> bool:
    return plan.step is not None and plan.step.legal_notice is not LegalNotice.NONE


def _step_reasons(step: Step, due: Sequence[InvoicePlan], company: CompanyState) -> list[Reason]:
    reasons = [reason(Code.MESSAGE_STEP, step=step.key, count=len(due))]
    reasons += [
        reason(Code.NOTICE_COVERS, notice=p.step.legal_notice.value, invoice=p.invoice.number)
        for p in due
        if p.step is not None and p.step.legal_notice is not LegalNotice.NONE
    ]
    if step.hand_over:  # S0-7
        reasons.append(reason(Code.HAND_OVER_PROPOSED))
    if step.friendly and company.settings.auto_approve_friendly:  # S4-2
        reasons.append(reason(Code.FRIENDLY_AUTO_APPROVED))
    return reasons


def build_proposal(
    state: CustomerState,
    company: CompanyState,
    policy: Policy,
    due: Sequence[InvoicePlan],
    lines: tuple[InvoiceStage, ...],
    reasons: list[Reason],
    taken: Mapping[str, tuple[StepTaken, ...]],
    *,
    as_of: date,
) -> Proposal:
    """The message for the invoices `due` a step today (at least one). A debtor in
    hardship (a preview: the run holds them) is claimed and announced no costs or
    interest while the status is active."""
    top = max(due, key=lambda p: p.index)
    step = top.step
    assert step is not None
    covered = tuple(p.invoice.number for p in due if _is_notice(p))
    reasons += _step_reasons(step, due, company)
    paused = state.in_hardship(as_of)
    return Proposal(
        state.customer.number,
        step,
        policy.code,
        lines,
        tuple(reasons),
        covered,
        None if paused else _claim(step, due, policy, state, company, taken, as_of),
        None if paused else _announced(step, due, policy, state, company, as_of),
        step.friendly and company.settings.auto_approve_friendly,
        message_deadline(state, policy, due, lines, as_of=as_of),
    )


def message_deadline(
    state: CustomerState,
    policy: Policy,
    due: Sequence[InvoicePlan],
    lines: Sequence[InvoiceStage],
    *,
    as_of: date,
) -> date | None:
    """The day the message asks payment by: the day before the next step of its
    invoices, within the bounds of `deadline.stated_deadline`."""
    top = max(due, key=lambda p: p.index).step
    assert top is not None
    following = []
    for plan in due:
        after = next_step(plan.step, policy) if plan.step else None
        if plan.step is None or after is None:
            continue
        sent = StepTaken(plan.invoice.number, plan.step.key, as_of, top.channel.value)
        following.append(step_date(after, plan.invoice, sent, state.customer, earlier=0))
    return stated_deadline(
        top, sent_on=as_of, channel=top.channel,
        first_due=min(line.due_date for line in lines), next_steps_on=following,
    )  # fmt: skip
