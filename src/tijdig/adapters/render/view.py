"""The values a message shows: statement lines, totals per currency, claims, escalation.

Pure functions over the domain values and one `Formats`; the templates only place them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tijdig.adapters.render.formatting import Formats
from tijdig.domain.collection.policy import Basis, Policy, Step, StepChannel
from tijdig.domain.errors import RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.money import Money, totals_per_currency
from tijdig.engine.deadline import DEFAULT_PAY_DAYS, legacy_deadline
from tijdig.engine.message import OpenClaim
from tijdig.engine.model import Claim, InvoiceStage, Proposal

Labels = Mapping[str, Any]

# The least escalation a template shows without a policy to count steps in (S3-8).
TEMPLATE_LEVELS = {
    "reminder_friendly": 0, "reminder": 1, "be_first_reminder": 1, "formal_demand": 2,
    "nl_14_day_letter": 2, "notice_of_default": 3, "hand_over": 3,
}  # fmt: skip
BAND_COLOURS = {2: "#d35400", 3: "#b03a2e"}  # orange for the second, red from the third
LEGAL_TERM_TEMPLATES = frozenset({"nl_14_day_letter", "be_first_reminder"})


def escalation_level(step: Step, policy: Policy | None) -> int:
    """0 before the due date, 1 for the first reminder, 2 for the second, and so on.

    With the policy: the number of customer messages after the due date up to and
    including this step; never below what the template itself stands for.
    """
    floor = TEMPLATE_LEVELS.get(step.template, 1)
    if policy is None:
        return floor
    steps = policy.steps[: policy.index_of(step.key) + 1]
    sent = [
        s for s in steps
        if s.channel is not StepChannel.CALL and s.basis is not Basis.BEFORE_DUE and not s.hand_over
    ]  # fmt: skip
    return max(floor, len(sent))


def level_title(template: str, level: int, labels: Labels) -> str:
    """`Tweede herinnering` for a second reminder; the document's name for legal letters."""
    titles: Mapping[str, str] = labels["titles"]
    if template in titles:
        return titles[template]
    levels: Sequence[str] = labels["levels"]
    return levels[min(level, len(levels) - 1)]


def band_colour(level: int) -> str | None:
    """The colour of the escalation band; None for a friendly or first reminder."""
    return BAND_COLOURS[min(level, 3)] if level >= 2 else None


def pay_by(proposal: Proposal, as_of: date, policy: Policy | None) -> date:
    """The last day the message asks payment by: the engine's deadline for it (the same
    day its next step waits for); a proposal from before deadlines were stored gets
    what such a message stated then (engine/deadline.py)."""
    if proposal.deadline is not None:
        return proposal.deadline
    first_due = min(line.due_date for line in proposal.lines)
    step = proposal.step
    found = legacy_deadline(step, policy, sent_on=as_of, channel=step.channel, first_due=first_due)
    return found or as_of + timedelta(days=DEFAULT_PAY_DAYS)


@dataclass(frozen=True, slots=True)
class ClaimedView:
    """Costs or interest claimed earlier on the invoice above it and still open."""

    label: str
    amount: str


@dataclass(frozen=True, slots=True)
class LineView:
    """One line of the statement of account, formatted; `claimed` goes under it."""

    number: str
    issue_date: str | None
    due_date: str
    days_overdue: int
    amount: str
    stage: str
    reference: str | None
    is_credit: bool
    what_sold: str
    claimed: tuple[ClaimedView, ...] = ()
    sold: str | None = None  # what was sold, when the invoice says it (shown under the line)


@dataclass(frozen=True, slots=True)
class TotalView:
    currency: str
    amount: str
    value: Decimal


def stage_label(line: InvoiceStage, templates: Mapping[str, str], labels: Labels) -> str:
    """What the customer reads in the stage column: the step's kind, else open/overdue."""
    stages: Mapping[str, str] = labels["stages"]
    if line.kind == "credit_note":
        return stages["credit_note"]
    template = templates.get(line.step_key or "")
    if template is not None and template in stages:
        return stages[template]
    return stages["overdue"] if line.days_overdue > 0 else stages["invoice"]


def signed(line: InvoiceStage) -> Decimal:
    """Negative for a credit note, whether its line carries the amount signed (as the
    engine's statement does) or as the positive amount of the note."""
    return -abs(line.open_amount) if line.kind == "credit_note" else line.open_amount


def line_totals(
    lines: Sequence[InvoiceStage], claims: Sequence[OpenClaim] = ()
) -> dict[str, Decimal]:
    """What is owed per currency: open amounts with credit notes netted, plus the costs
    and interest claimed earlier and still open on the invoices among `lines`."""
    numbers = {line.invoice_number for line in lines if line.kind == "invoice"}
    amounts = [Money(line.currency, signed(line)) for line in lines]
    amounts += [Money(c.currency, c.total) for c in claims if c.invoice_number in numbers]
    return totals_per_currency(amounts)


def claimed_views(
    claim: OpenClaim | None, words: Mapping[str, str], formats: Formats
) -> tuple[ClaimedView, ...]:
    """The rows under an invoice: its costs and interest still open, named after the
    debtor's law (`words`: claim_words.law_words)."""
    if claim is None:
        return ()
    parts = [("claimed_costs", claim.costs), ("claimed_interest", claim.interest)]
    return tuple(
        ClaimedView(words[key], formats.money(amount, claim.currency))
        for key, amount in parts
        if amount > 0
    )


def require(value: Claim | None, template: str) -> Claim:
    """The figures a legal letter cannot go without (its exact costs and term)."""
    if value is None or value.costs_from is None:
        raise RuleViolation(
            f"{template}: the proposal must give the exact costs and the date they are owed from"
        )
    return value


def fourteen_claim(proposal: Proposal) -> Claim | None:
    """The costs a 14-day letter or BE first reminder announces: announced, else claimed."""
    return proposal.announced or proposal.claim


def invoices_by_number(invoices: Sequence[Invoice]) -> dict[str, Invoice]:
    return {invoice.number: invoice for invoice in invoices}
