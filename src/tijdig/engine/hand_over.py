"""The claim a hand-over file states (S0-7): on the hand-over day, every overdue invoice
with its open principal, and the costs and interest the law allows on that day
(`claims.legal_claim`, the same rules a claiming letter uses, ../shared/LEGAL.md).

The figures are the whole claim to that day, not what a letter adds to earlier ones:
what a letter claimed before is part of them. A consumer's costs wait for the term of
their 14-day letter (BE: the first reminder), as in any claim; a debtor in hardship
is claimed no costs or interest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tijdig.domain.collection.policy import Policy
from tijdig.domain.invoices import Invoice
from tijdig.engine import claims
from tijdig.engine.advice import taken_by_invoice
from tijdig.engine.model import Claim, CompanyState, CustomerState

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class HandOverLine:
    """One overdue invoice on the hand-over day: its open principal, costs, interest."""

    invoice: Invoice
    principal: Decimal
    costs: Decimal
    interest: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.costs + self.interest


@dataclass(frozen=True, slots=True)
class HandOverClaim:
    on: date
    currency: str
    lines: tuple[HandOverLine, ...]
    claim: Claim  # the legal claim: its costs and interest lines, law and notes

    @property
    def principal(self) -> Decimal:
        return sum((line.principal for line in self.lines), ZERO)

    @property
    def costs(self) -> Decimal:
        return sum((line.costs for line in self.lines), ZERO)

    @property
    def interest(self) -> Decimal:
        return sum((line.interest for line in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        return self.principal + self.costs + self.interest


def overdue_invoices(state: CustomerState, as_of: date) -> list[Invoice]:
    return [i for i in state.invoices if not i.is_credit and i.is_overdue(as_of)]


def hand_over_claim(
    state: CustomerState, company: CompanyState, policy: Policy, *, as_of: date
) -> HandOverClaim:
    """The claim on `as_of` (see the module's rules)."""
    invoices = overdue_invoices(state, as_of)
    law, consumer = policy.country, state.customer.is_consumer
    taken = taken_by_invoice(state.steps_taken) if state.steps_taken else {}
    costs_from = {
        i.number: claims.term_costs_from(law, policy, taken.get(i.number, ()), consumer=consumer)
        for i in invoices
    }
    if state.in_hardship(as_of) or not invoices:
        claim = Claim(law=law, consumer=consumer)
    else:
        claim = claims.legal_claim(
            invoices, law=law, consumer=consumer, as_of=as_of, costs_from=costs_from,
            vat_uplift=claims.vat_uplift(law, can_deduct_vat=company.company.can_deduct_vat),
            clause=state.clause or company.clause,
        )  # fmt: skip
    parts = {part.invoice_number: part for part in claim.parts}
    lines = tuple(
        HandOverLine(
            i, i.outstanding,
            parts[i.number].costs if i.number in parts else ZERO,
            parts[i.number].interest if i.number in parts else ZERO,
        )
        for i in invoices
    )  # fmt: skip
    currency = invoices[0].currency if invoices else "EUR"
    return HandOverClaim(as_of, currency, lines, claim)
