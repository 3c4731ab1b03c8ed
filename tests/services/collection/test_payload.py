"""A proposal survives the run item's JSON payload whole: claims with their lines per
invoice, rates per period, the Belgian consumer's clause and the deadline."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.collection.run_items import RunItemKind
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.money import Money
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.domain.reasons import Code, Reason
from tijdig.engine.advice import advise
from tijdig.engine.model import (
    Claim,
    ClaimPart,
    CompanyState,
    CostsLine,
    CustomerState,
    InterestLine,
    InvoiceStage,
    RatePeriod,
)
from tijdig.services.collection.payload import (
    CallPayload,
    HoldPayload,
    MessagePayload,
    RunPayload,
    StoredProposal,
    WarningPayload,
    payload_from_json,
    payload_to_json,
    proposal_from_json,
    proposal_to_json,
)

POLICIES = default_policy_set()
CLAUSE = DamagesClause("artikel 7", "Bij niet-betaling ...", Decimal("8"), Decimal("10"),
                       Decimal("25"), Decimal("500"))  # fmt: skip


def _round_trip(state: CustomerState, company: CompanyState, day: date) -> None:
    proposal = advise(state, company, POLICIES, as_of=day).proposal
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
    proposal = advise(state, company, POLICIES, as_of=day).proposal
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
    proposal = advise(state, company, POLICIES, as_of=date(2026, 3, 3)).proposal
    assert proposal is not None and proposal.announced is not None
    assert proposal.announced.clause == CLAUSE and proposal.announced.costs == Decimal("40.00")
    _round_trip(state, company, date(2026, 3, 3))


# --- every payload survives its JSON; what is stored already reads back ----------------

text = st.text(max_size=12)
money = st.decimals(min_value=-(10**9), max_value=10**9, places=2)
rates = st.decimals(min_value=0, max_value=100, places=4)
days = st.dates()
numbers = st.tuples(text) | st.tuples(text, text)
stages = st.builds(InvoiceStage, text, st.sampled_from(["invoice", "credit_note"]),
                   st.none() | text, days, money, st.sampled_from(["EUR", "USD"]),
                   st.integers(-400, 4000), st.none() | text)  # fmt: skip
clauses = st.builds(DamagesClause, st.just("artikel 7"), st.just("Bij niet-betaling"),
                    st.none() | rates, rates, money.map(abs), st.none() | money.map(abs),
                    st.booleans())  # fmt: skip
claims = st.builds(
    Claim, money, money, st.just("EUR"), st.lists(text, max_size=3).map(tuple), st.none() | days,
    st.lists(st.builds(ClaimPart, text, money, money), max_size=3).map(tuple),
    st.none() | st.sampled_from(["NL", "BE"]), st.booleans(),
    st.lists(st.builds(CostsLine, numbers, money, money, money, money, st.none() | rates),
             max_size=2).map(tuple),
    st.lists(st.builds(InterestLine, text, money, days, days, money,
                       st.lists(st.builds(RatePeriod, days, days, rates), max_size=2).map(tuple),
                       st.lists(days, max_size=2).map(tuple)), max_size=2).map(tuple),
    st.none() | clauses,
)  # fmt: skip
params = st.dictionaries(
    st.sampled_from(["day", "amount", "count", "name", "total"]),
    st.one_of(text, st.integers(0, 10**6), days, money,
              st.builds(Money, st.sampled_from(["EUR", "USD"]), money)),
    max_size=3,
)  # fmt: skip
reasons = st.lists(st.builds(Reason, st.sampled_from(list(Code)), params), max_size=3).map(tuple)
proposals = st.builds(StoredProposal, text, text, text, st.lists(stages, max_size=3).map(tuple),
                      reasons, st.lists(text, max_size=3).map(tuple),
                      st.none() | claims, st.none() | claims, st.booleans(),
                      st.none() | days)  # fmt: skip
messages = st.builds(MessagePayload, proposals, st.none() | proposals, st.none() | days).filter(
    lambda m: m.as_sent is not None or m.sent_on is None  # a day is kept with what was sent
)
calls = st.builds(CallPayload, text, days, st.none() | text, text, reasons)
holds = st.builds(HoldPayload, st.none() | text, reasons)
warnings = st.builds(WarningPayload, reasons.filter(bool))
KINDS = {MessagePayload: RunItemKind.MESSAGE, CallPayload: RunItemKind.CALL,
         HoldPayload: RunItemKind.HOLD, WarningPayload: RunItemKind.WARNING}  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.one_of(messages, calls, holds, warnings))
def test_every_payload_survives_its_json(payload: RunPayload) -> None:
    assert payload is not None
    stored = json.loads(json.dumps(payload_to_json(payload)))
    assert payload_from_json(KINDS[type(payload)], stored) == payload


def test_an_old_warning_or_an_erased_item_has_no_payload() -> None:
    assert payload_from_json(RunItemKind.WARNING, {}) is None  # stored before codes
    assert payload_from_json(RunItemKind.MESSAGE, {}) is None  # erased (privacy)
    assert payload_to_json(None) == {}


STORED = """{"customer": "C1", "policy": "nl_business", "step": "reminder",
 "lines": [{"invoice": "F1", "kind": "invoice", "step": "reminder", "due_date": "2026-01-31",
            "open": "120.50", "currency": "EUR", "days_overdue": 12, "reference": null}],
 "reasons": ["F1: 12 days overdue"], "covered": [],
 "claim": {"costs": "40.00", "interest": "1.20", "currency": "EUR", "explanation": ["x"]},
 "announced": null, "auto_approve": true,
 "as_sent": {"customer": "C1", "policy": "nl_business", "step": "reminder", "lines": [],
             "reasons": [], "covered": [], "claim": null, "announced": null,
             "auto_approve": true, "deadline": "2026-02-20", "sent_on": "2026-02-13"}}"""


def test_a_payload_stored_before_the_parts_and_the_deadline_reads_back() -> None:
    """As a run item written by an earlier version holds it: no deadline, a claim without
    parts, lines or clause; sent later, with its day."""
    payload = payload_from_json(RunItemKind.MESSAGE, json.loads(STORED))
    assert isinstance(payload, MessagePayload)
    approved = payload.approved
    assert (approved.customer_number, approved.step_key, approved.deadline) == (
        "C1", "reminder", None)  # fmt: skip
    assert approved.lines[0].open_amount == Decimal("120.50")
    assert approved.reasons == ()  # a sentence stored before codes: the summary says it
    assert approved.claim == Claim(Decimal("40.00"), Decimal("1.20"), "EUR", ("x",))
    assert payload.sent_on == date(2026, 2, 13)
    assert payload.sent.deadline == date(2026, 2, 20) and payload.sent.lines == ()
    step = approved.proposal(POLICIES).step
    assert step.key == "reminder"


def test_a_call_and_a_hold_stored_read_back() -> None:
    call = {"reason": "first time late", "due_on": "2026-12-07",
            "contact_role": "accounts_payable", "script": "first_late"}  # fmt: skip
    assert payload_from_json(RunItemKind.CALL, call) == CallPayload(
        "first time late", date(2026, 12, 7), "accounts_payable", "first_late")  # fmt: skip
    assert payload_to_json(payload_from_json(RunItemKind.CALL, call)) == call | {"reasons": []}
    assert payload_from_json(RunItemKind.HOLD, {"invoice": None}) == HoldPayload(None)
