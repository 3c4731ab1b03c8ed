"""A pause of dunning set by hand: from the day it was set up to the day before its
`until`, the run proposes nothing for the customer and plans no call (one hold, coded
`dunning_paused`, says why and until when); an approved message is dropped when it
would go in the pause; on `until` collection resumes by itself, as after a lifted one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.collection.pauses import DunningPause
from tijdig.domain.collection.policy import StepChannel
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.engine.advice import advise
from tijdig.engine.at_send import Dropped, Ready, at_send
from tijdig.engine.model import CompanyState, CustomerState, Hold

POLICIES = default_policy_set()
# NL business, EUR 8000 due Thu 1 October 2026: large enough for a call too.
INVOICE = Invoice("F1", "C1", date(2026, 9, 1), date(2026, 10, 1), Decimal("8000.00"))
SINCE, UNTIL = date(2026, 10, 12), date(2026, 11, 3)  # Monday to Tuesday (a contact day)
PAUSE = DunningPause("C1", SINCE, UNTIL, "Director away")


def _company(day: date) -> CompanyState:
    return CompanyState(Company("acme", "Acme BV"), has_bank_import=True, last_statement_on=day)


def _state(*paused: DunningPause) -> CustomerState:
    return CustomerState(Customer("C1", "Klant BV"), (INVOICE,), pauses=paused)


@pytest.mark.parametrize(
    ("as_of", "held"),
    [
        (date(2026, 10, 8), False),  # Thursday before the pause
        (SINCE, True),  # its first day
        (date(2026, 11, 2), True),  # Monday, its last day
        (UNTIL, False),  # the day it names: collection resumes
    ],
)
def test_the_run_holds_a_paused_customer_until_the_day_named(as_of: date, held: bool) -> None:
    decision = advise(_state(PAUSE), _company(as_of), POLICIES, as_of=as_of)
    if not held:
        assert decision.proposal is not None and decision.calls
        return
    why = reason(Code.DUNNING_PAUSED, since=SINCE, until=UNTIL, why="Director away")
    assert decision.holds == (Hold("C1", why),)
    assert decision.proposal is None and decision.calls == ()


def test_a_lifted_pause_holds_no_more_and_the_longest_of_two_is_named() -> None:
    lifted = replace(PAUSE, lifted_on=date(2026, 10, 20))
    day = date(2026, 10, 21)
    assert advise(_state(lifted), _company(day), POLICIES, as_of=day).proposal is not None
    longer = DunningPause("C1", date(2026, 10, 14), date(2026, 12, 31), "Holidays")
    [hold] = advise(_state(PAUSE, longer), _company(day), POLICIES, as_of=day).holds
    assert hold.reason.params["until"] == date(2026, 12, 31)


def test_a_message_approved_before_the_pause_is_dropped_when_it_would_go_in_it() -> None:
    run_day = date(2026, 10, 8)
    approved = advise(_state(), _company(run_day), POLICIES, as_of=run_day).proposal
    assert approved is not None
    for on, dropped in ((date(2026, 10, 14), True), (UNTIL, False)):
        outcome = at_send(approved, _state(PAUSE), _company(on), POLICIES, on=on,
                          channel=StepChannel.EMAIL)  # fmt: skip
        assert isinstance(outcome, Dropped if dropped else Ready), on
    on = date(2026, 10, 14)
    held = at_send(approved, _state(PAUSE), _company(on), POLICIES, on=on,
                   channel=StepChannel.EMAIL)  # fmt: skip
    assert isinstance(held, Dropped)
    assert reason(Code.DUNNING_PAUSED, since=SINCE, until=UNTIL, why="Director away") in (
        held.reasons
    )


@pytest.mark.parametrize(
    ("until", "why", "field"),
    [(SINCE, "x", "resume_on"), (date(2026, 10, 11), "x", "resume_on"), (UNTIL, " ", "reason"),
     (UNTIL, "x" * 501, "reason")],
)  # fmt: skip
def test_a_pause_needs_a_later_day_and_a_reason(until: date, why: str, field: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        DunningPause("C1", SINCE, until, why)
    assert refused.value.field == field
