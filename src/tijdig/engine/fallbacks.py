"""Plan B in the daily run (S0-6): which broken agreements' fallbacks to propose, and
whether a friendly message names the agency.

A broken agreement's fallback is proposed by every run from the day it was broken until
a person's approval carried it out (`done_on`): a skipped or undecided proposal comes
back in the next run, so a due plan B is never forgotten. While the customer has nothing
overdue (paid since), it waits, and comes back with the next overdue invoice. Which
rung, and when the agency is named, is the ladder's rule (domain/collection/ladder.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from tijdig.domain.collection.ladder import (
    BrokenAgreement,
    BrokenSoFar,
    Ladder,
    Rung,
    names_agency,
)
from tijdig.domain.collection.policy import LegalNotice, Step
from tijdig.domain.reasons import Code, reason
from tijdig.engine.model import Advice, CustomerState, FallbackDue

CODES = {
    Rung.NEW_TERM: Code.FALLBACK_NEW_TERM,
    Rung.PAYMENT_PLAN: Code.FALLBACK_PAYMENT_PLAN,
    Rung.AGENCY: Code.FALLBACK_AGENCY,
}


def fallbacks_due(broken: Sequence[BrokenAgreement], *, as_of: date) -> tuple[FallbackDue, ...]:
    """The fallbacks to propose on `as_of`: of the agreements broken by then, with a
    fallback (`ladder.with_fallbacks`) not yet carried out."""
    return tuple(
        FallbackDue(
            a.customer_number, a.kind, a.agreement_id, a.fallback,
            reason(CODES[a.fallback], agreement=a.label, broken=a.broken_on),
        )
        for a in broken
        if a.fallback is not None and a.done_on is None and a.broken_on <= as_of
    )  # fmt: skip


def has_overdue(state: CustomerState, as_of: date) -> bool:
    """Whether the customer has an open invoice past its due date on `as_of`."""
    return any(
        i.is_open() and not i.is_credit and i.issue_date <= as_of and i.due_date < as_of
        for i in state.invoices
    )


def with_plan_b(
    advice: Advice,
    ladder: Ladder,
    broken: BrokenSoFar,
    *,
    as_of: date,
    propose: bool = True,
) -> Advice:
    """The day's advice with the fallbacks due (none when not `propose`: the customer
    has nothing overdue, and plan B waits until it has), and its friendly message naming
    the agency once the customer broke enough agreements (`broken`: those of `as_of`,
    each pending one with its fallback, `ladder.with_fallbacks`). A legal notice is left
    as it is: it states what the law asks, whatever the count."""
    proposal = advice.proposal
    if proposal is not None and is_plain(proposal.step):
        proposal = replace(proposal, names_agency=names_agency(ladder, broken.count))
    due = fallbacks_due(broken.pending, as_of=as_of) if propose else ()
    if not due and proposal is advice.proposal:
        return advice
    return replace(advice, proposal=proposal, fallbacks=(*advice.fallbacks, *due))


def is_plain(step: Step) -> bool:
    """A message that is no legal notice, claims nothing and hands nothing over: the
    friendly reminders, where naming the agency is the ladder's choice."""
    return (
        step.legal_notice is LegalNotice.NONE
        and not step.claims_costs
        and not step.claims_interest
        and not step.hand_over
    )
