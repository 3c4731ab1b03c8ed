"""A debtor in hardship: while the status is active the run proposes nothing for the
customer (one hold says why), an approved message is dropped when it would go, and a
letter (a preview) claims and announces no costs or interest. Before the status began
and from the day it ended, collection goes on as for anyone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.collection.policy import StepChannel
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.hardship import HardshipKind, HardshipStatus
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.engine.advice import advise
from tijdig.engine.at_send import Dropped, at_send
from tijdig.engine.model import CompanyState, CustomerState, Hold
from tijdig.engine.preview import preview_proposal

POLICIES = default_policy_set()
# NL business, EUR 8000 due Thu 1 October 2026: large enough for a call too.
INVOICE = Invoice("F1", "C1", date(2026, 9, 1), date(2026, 10, 1), Decimal("8000.00"))
SINCE = date(2026, 10, 12)
WSNP = HardshipStatus("C1", HardshipKind.WSNP, SINCE, "vonnis", ended_on=date(2026, 11, 2))


def _company(day: date) -> CompanyState:
    return CompanyState(Company("acme", "Acme BV"), has_bank_import=True, last_statement_on=day)


def _state(status: HardshipStatus | None = WSNP) -> CustomerState:
    return CustomerState(Customer("C1", "Klant BV"), (INVOICE,), hardship=status)


@pytest.mark.parametrize(
    ("as_of", "held"),
    [
        (date(2026, 10, 8), False),  # Thursday before the status
        (SINCE, True),  # Monday: its first day
        (date(2026, 10, 29), True),
        (date(2026, 11, 4), False),  # Wednesday after it ended (Monday 2 November)
    ],
)
def test_the_run_holds_a_debtor_in_hardship_and_proposes_nothing(as_of: date, held: bool) -> None:
    decision = advise(_state(), _company(as_of), POLICIES, as_of=as_of)
    if not held:
        assert decision.proposal is not None and decision.calls
        return
    why = reason(Code.HARDSHIP, kind="wsnp", since=SINCE)
    assert decision.holds == (Hold("C1", why),)
    assert decision.proposal is None and decision.calls == ()


def test_a_customer_with_nothing_open_gets_no_hold_either() -> None:
    paid = replace(INVOICE, open_amount=Decimal(0))
    state = replace(_state(), invoices=(paid,))
    assert advise(state, _company(SINCE), POLICIES, as_of=SINCE).holds == ()


def test_a_message_approved_before_the_status_is_dropped_when_it_would_go() -> None:
    run_day = date(2026, 10, 8)
    approved = advise(_state(), _company(run_day), POLICIES, as_of=run_day).proposal
    assert approved is not None
    on = date(2026, 10, 14)
    outcome = at_send(approved, _state(), _company(on), POLICIES, on=on,
                      channel=StepChannel.EMAIL)  # fmt: skip
    assert isinstance(outcome, Dropped)
    assert reason(Code.HARDSHIP, kind="wsnp", since=SINCE) in outcome.reasons


@pytest.mark.parametrize(
    ("as_of", "claimed"), [(date(2026, 10, 9), True), (SINCE, False), (date(2026, 11, 2), True)]
)
def test_a_letter_claims_no_costs_or_interest_while_the_status_is_active(
    as_of: date, claimed: bool
) -> None:
    notice = preview_proposal(_state(), _company(as_of), POLICIES, "notice_of_default",
                              as_of=as_of)  # fmt: skip
    demand = preview_proposal(_state(), _company(as_of), POLICIES, "formal_demand", as_of=as_of)
    if not claimed:
        assert notice.claim is None and demand.announced is None
        return
    # the WIK scale on 8000: 15 % of 2500, 10 % of 2500, 5 % of 3000
    assert notice.claim is not None and notice.claim.costs == Decimal("775.00")
    assert notice.claim.interest > 0
    assert demand.announced is not None and demand.announced.costs == Decimal("775.00")
