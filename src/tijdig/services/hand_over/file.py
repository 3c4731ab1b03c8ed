"""What a hand-over file holds, gathered in the transaction that opens the case: the
claim on the hand-over day (engine/hand_over.py), a copy of every invoice handed over,
every message sent with its evidence of delivery, the contact log, the agreements
(promises, new terms, payment plans with their payments) and the disputes, and the
audit trail of those agreements and disputes. The ZIP is written by a `FileWriter`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from tijdig.domain.errors import RuleViolation
from tijdig.domain.hand_over import HandOverCase
from tijdig.domain.parties import Company, Customer
from tijdig.domain.refusals import Refusal
from tijdig.engine.hand_over import HandOverClaim, hand_over_claim
from tijdig.engine.model import CustomerState
from tijdig.engine.segments import choose_policy
from tijdig.services.collection.invoice_copies import CopyRenderer, InvoiceCopy, filename_for
from tijdig.services.collection.run import company_state
from tijdig.services.hand_over.ports import (
    HandOverFile,
    HandOverUnitOfWork,
    PlanRecord,
)

# The audit actions of the agreements and disputes: their history in the file.
HISTORY = ("promise.", "plan.", "portal.plan", "dispute.")
EVERYTHING = 100_000  # the whole contact log and audit trail, not a page of it


def claim_on(
    uow: HandOverUnitOfWork, company: Company, state: CustomerState, day: date
) -> HandOverClaim:
    """The claim the file states for the hand-over day, under the customer's policy."""
    company_now, policies = company_state(uow, company)
    total = sum((i.signed_outstanding for i in state.invoices), Decimal(0))
    try:
        policy = choose_policy(state.customer, policies, open_total=total)
    except RuleViolation:
        policy = policies.policies[0]  # no rule fits: the law of the company's first
    return hand_over_claim(state, company_now, policy, as_of=day)


def gather(
    uow: HandOverUnitOfWork,
    copies: CopyRenderer,
    company: Company,
    customer: Customer,
    case: HandOverCase,
    state: CustomerState,
) -> HandOverFile:
    assert company.id is not None and customer.id is not None
    claim = claim_on(uow, company, state, case.opened_on)
    if not claim.lines:
        raise RuleViolation(Refusal.HAND_OVER_NOTHING_OPEN, customer=customer.number)
    documents = _documents(uow, copies, company, customer, claim)
    trail = uow.audit.for_customer(company.id, customer.id, limit=EVERYTHING)
    plans = uow.plans.listed(company.id, customer_id=customer.id)
    return HandOverFile(
        company=company, customer=customer, case=case, claim=claim, invoices=documents,
        messages=tuple(uow.hand_overs.sent_messages(company.id, customer.id)),
        contacts=tuple(uow.contact_log.timeline(company.id, customer.id, EVERYTHING)),
        promises=tuple(uow.promises.for_customer(company.id, customer.id, EVERYTHING)),
        plans=tuple(PlanRecord(p, tuple(uow.plans.payments(company.id, p.plan_id)))
                    for p in plans),
        disputes=tuple(uow.dispute_cases.of_invoices(company.id, [
            i.id for i in uow.invoices.search(company.id, customer_id=customer.id)
            if i.id is not None])),
        history=tuple(sorted((e for e in trail if e.action.startswith(HISTORY)),
                             key=lambda e: e.at)),
    )  # fmt: skip


def _documents(
    uow: HandOverUnitOfWork,
    copies: CopyRenderer,
    company: Company,
    customer: Customer,
    claim: HandOverClaim,
) -> tuple[InvoiceCopy, ...]:
    """A copy of each invoice handed over: the stored PDF, else one drawn up from its
    data, as a letter attaches it (invoice_copies.py)."""
    ids = [line.invoice.id for line in claim.lines if line.invoice.id is not None]
    stored = uow.invoices.copies(ids)
    lines = uow.invoices.lines(ids)
    found = []
    for line in claim.lines:
        invoice = line.invoice
        assert invoice.id is not None
        original = stored.get(invoice.id)
        if original is None:
            full = replace(invoice, lines=lines.get(invoice.id, ()))
            content, kept = copies.invoice_copy(company, customer, full), False
        else:
            content, kept = original, True
        found.append(InvoiceCopy(customer, invoice, filename_for(invoice), content, kept))
    return tuple(found)
