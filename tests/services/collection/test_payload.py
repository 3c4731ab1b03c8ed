"""A proposal survives the run item's JSON payload whole: claims with their lines per
invoice, rates per period, the Belgian consumer's clause and the deadline."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.engine.decide import decide
from tijdig.engine.model import CompanyState, CustomerState
from tijdig.services.collection.payload import proposal_from_json, proposal_to_json

POLICIES = default_policy_set()
CLAUSE = DamagesClause("artikel 7", "Bij niet-betaling ...", Decimal("8"), Decimal("10"),
                       Decimal("25"), Decimal("500"))  # fmt: skip


def _round_trip(state: CustomerState, company: CompanyState, day: date) -> None:
    proposal = decide(state, company, POLICIES, as_of=day).proposal
    assert proposal is not None
    again = proposal_from_json(json.loads(json.dumps(proposal_to_json(proposal))), POLICIES)
    assert again == proposal


def test_a_notice_with_interest_over_two_rates_and_the_vat_uplift_survives() -> None:
    """EUR 2,000 due 31 Jan 2024, NL business, creditor cannot deduct VAT; the notice of
    15 July 2024 claims interest at 12.5 % and then 12.25 %."""
    company = CompanyState(Company("acme", "Acme", can_deduct_vat=False),
                           has_bank_import=True, last_statement_on=date(2024, 7, 16))  # fmt: skip
    invoice = Invoice("F1", "C1", date(2024, 1, 1), date(2024, 1, 31), Decimal(2000))
    demanded = StepTaken("F1", "formal_demand", date(2024, 6, 20), "email", date(2024, 7, 3))
    state = CustomerState(Customer("C1", "Klant"), (invoice,), (demanded,))
    day = date(2024, 7, 16)
    proposal = decide(state, company, POLICIES, as_of=day).proposal
    assert proposal is not None and proposal.claim is not None
    [line] = proposal.claim.interest_lines
    assert [r.rate for r in line.rates] == [Decimal("12.5"), Decimal("12.25")]
    assert proposal.claim.vat_rate == Decimal(21)
    _round_trip(state, company, day)


def test_a_be_consumer_claim_by_its_clause_survives() -> None:
    company = CompanyState(Company("acme", "Acme"), has_bank_import=True,
                           last_statement_on=date(2026, 3, 3), clause=CLAUSE)  # fmt: skip
    invoice = Invoice("F1", "C1", date(2026, 1, 24), date(2026, 2, 23), Decimal(400))
    customer = Customer("C1", "Klant", kind=CustomerKind.CONSUMER, country="BE")
    state = CustomerState(customer, (invoice,))
    proposal = decide(state, company, POLICIES, as_of=date(2026, 3, 3)).proposal
    assert proposal is not None and proposal.announced is not None
    assert proposal.announced.clause == CLAUSE and proposal.announced.costs == Decimal("40.00")
    _round_trip(state, company, date(2026, 3, 3))
