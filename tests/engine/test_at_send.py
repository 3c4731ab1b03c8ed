"""An approved message worked out again for the day and channel it is sent by.

Each case: the run on its day proposes (and a person approves); the message goes on a
later day, perhaps by another channel. The figures are worked out by hand from
../shared/LEGAL.md (terms, interest), never by the calculators that wrote them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.collection.policy import StepChannel
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.collection.records import Dispute, Promise, ReasonCode, StepTaken
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.engine.advice import advise
from tijdig.engine.at_send import Dropped, Ready, Waiting, at_send
from tijdig.engine.model import CompanyState, CustomerState, Proposal

POLICIES = default_policy_set()


def _company(day: date) -> CompanyState:
    return CompanyState(Company("acme", "Acme BV"), has_bank_import=True, last_statement_on=day)


def _state(
    *invoices: Invoice,
    country: str = "NL",
    consumer: bool = False,
    taken: tuple[StepTaken, ...] = (),
) -> CustomerState:
    kind = CustomerKind.CONSUMER if consumer else CustomerKind.BUSINESS
    customer = Customer("C1", "Klant", kind=kind, country=country)
    return CustomerState(customer, invoices, taken)


def _approved(state: CustomerState, run_day: date) -> Proposal:
    decision = advise(state, _company(run_day), POLICIES, as_of=run_day)
    assert decision.proposal is not None, decision
    return decision.proposal


def _ready(outcome: object) -> Proposal:
    assert isinstance(outcome, Ready), outcome
    return outcome.proposal


# NL consumer, invoice of EUR 500 due Thu 1 October 2026, reminded on 8 October.
NL_500 = Invoice("F1", "C1", date(2026, 9, 1), date(2026, 10, 1), Decimal("500.00"))
REMINDED = (StepTaken("F1", "reminder", date(2026, 10, 8), "email", date(2026, 10, 21)),)


def test_a_fourteen_day_letter_posted_days_after_its_run_states_the_terms_of_its_send_day() -> None:
    """The run of Thu 22 October proposes the letter: posted that day it would be
    presumed received Sat 24 Oct, the last day Sat 7 Nov moved under the Atw to Mon 9
    Nov, costs from 10 Nov. Posted Tue 27 October: received Thu 29 Oct, last day
    Thu 12 Nov, costs owed from Fri 13 Nov."""
    state = _state(NL_500, consumer=True, taken=REMINDED)
    approved = _approved(state, date(2026, 10, 22))
    assert approved.step.key == "fourteen_day_letter"
    assert approved.announced is not None
    assert approved.announced.costs_from == date(2026, 11, 10)
    sent = _ready(
        at_send(approved, state, _company(date(2026, 10, 27)), POLICIES,
                on=date(2026, 10, 27), channel=StepChannel.LETTER)
    )  # fmt: skip
    assert sent.announced is not None
    assert sent.announced.costs_from == date(2026, 11, 13)
    assert sent.announced.costs == Decimal("75.00")  # 15 % of 500
    assert sent.deadline == date(2026, 11, 12)
    assert sent.lines[0].days_overdue == 26  # 1 October to 27 October
    assert sent.step.channel is StepChannel.LETTER


def test_a_be_first_reminder_that_goes_by_post_gets_the_postal_term() -> None:
    """Planned as e-mail; the customer has no address, so it is posted on Fri 20 Feb
    2026: the term starts on the 3rd working day (Wed 25 Feb) and its last day is 10
    March (by e-mail: 6 March)."""
    invoice = Invoice("F1", "C1", date(2026, 1, 6), date(2026, 2, 5), Decimal("400.00"))
    state = _state(invoice, country="BE", consumer=True)
    approved = _approved(state, date(2026, 2, 20))
    assert approved.step.key == "first_reminder" and approved.channel is StepChannel.EMAIL
    assert approved.deadline == date(2026, 3, 6)
    posted = _ready(
        at_send(approved, state, _company(date(2026, 2, 20)), POLICIES,
                on=date(2026, 2, 20), channel=StepChannel.LETTER)
    )  # fmt: skip
    assert posted.deadline == date(2026, 3, 10)
    assert posted.announced is not None
    assert posted.announced.costs_from == date(2026, 3, 11)


def test_interest_runs_to_the_day_it_is_sent() -> None:
    """NL business notice of default on EUR 1,000 due 27 Feb 2026 (commercial interest
    10.15 %, from 28 Feb). Run on Tue 7 April: 39 days, EUR 10.85. Sent Thu 9 April:
    41 days, 1000 x 10.15 % x 41 / 365 = EUR 11.40."""
    invoice = Invoice("F1", "C1", date(2026, 1, 28), date(2026, 2, 27), Decimal("1000.00"))
    taken = (StepTaken("F1", "formal_demand", date(2026, 3, 20), "email", date(2026, 4, 3)),)
    state = _state(invoice, taken=taken)
    approved = _approved(state, date(2026, 4, 7))
    assert approved.claim is not None and approved.claim.interest == Decimal("10.85")
    sent = _ready(
        at_send(approved, state, _company(date(2026, 4, 9)), POLICIES,
                on=date(2026, 4, 9), channel=StepChannel.LETTER)
    )  # fmt: skip
    assert sent.claim is not None
    assert sent.claim.interest == Decimal("11.40")
    assert sent.claim.costs == Decimal("150.00")  # 15 % of 1,000


def test_a_message_waits_for_a_contact_day_of_the_customer() -> None:
    """Approved on Friday 13 March; `send` on Monday 16 March (no contact day by
    default: Tuesday to Friday) keeps it for Tuesday 17 March."""
    invoice = Invoice("F1", "C1", date(2026, 2, 4), date(2026, 3, 6), Decimal("500.00"))
    state = _state(invoice)
    approved = _approved(state, date(2026, 3, 13))
    outcome = at_send(approved, state, _company(date(2026, 3, 16)), POLICIES,
                      on=date(2026, 3, 16), channel=StepChannel.EMAIL)  # fmt: skip
    assert isinstance(outcome, Waiting)
    assert outcome.until == date(2026, 3, 17)
    sent = _ready(at_send(approved, state, _company(date(2026, 3, 17)), POLICIES,
                          on=date(2026, 3, 17), channel=StepChannel.EMAIL))  # fmt: skip
    assert sent.step.key == "reminder"


INVOICE_A = Invoice("A", "C1", date(2026, 2, 4), date(2026, 3, 6), Decimal("500.00"))
INVOICE_B = Invoice("B", "C1", date(2026, 2, 4), date(2026, 3, 6), Decimal("300.00"))


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda s: replace(s, invoices=(replace(INVOICE_A, open_amount=Decimal(0)),
                                        INVOICE_B)), reason(Code.PAID_SINCE_RUN, invoice="A")),
        (lambda s: replace(s, disputes=(Dispute("A", ReasonCode.INVOICE_INCORRECT,
                                                date(2026, 3, 16)),)),
         reason(Code.DISPUTED, invoice="A", since=date(2026, 3, 16), why="invoice_incorrect")),
        (lambda s: replace(s, steps_taken=(StepTaken("A", "reminder", date(2026, 3, 16),
                                                     "email"),)),
         reason(Code.NO_LONGER_NEXT_STEP, invoice="A", step="reminder", now="formal_demand")),
    ],
)  # fmt: skip
def test_an_invoice_whose_step_is_no_longer_due_is_dropped_with_its_reason(
    change: object, why: Reason
) -> None:
    state = _state(INVOICE_A, INVOICE_B)
    approved = _approved(state, date(2026, 3, 13))
    assert [line.step_key for line in approved.lines] == ["reminder", "reminder"]
    later = change(state)  # type: ignore[operator]
    outcome = at_send(approved, later, _company(date(2026, 3, 17)), POLICIES,
                      on=date(2026, 3, 17), channel=StepChannel.EMAIL)  # fmt: skip
    assert isinstance(outcome, Ready)
    assert [(line.invoice_number, line.step_key) for line in outcome.proposal.lines][-1] == (
        "B",
        "reminder",
    )
    assert outcome.dropped == (why,)


def test_a_message_nothing_of_which_is_due_any_more_is_dropped() -> None:
    state = _state(INVOICE_A)
    approved = _approved(state, date(2026, 3, 13))
    paid = replace(state, invoices=(replace(INVOICE_A, open_amount=Decimal(0)),))
    outcome = at_send(approved, paid, _company(date(2026, 3, 17)), POLICIES,
                      on=date(2026, 3, 17), channel=StepChannel.EMAIL)  # fmt: skip
    assert outcome == Dropped((reason(Code.PAID_SINCE_RUN, invoice="A"),))
    promised = replace(state, promises=(Promise("C1", date(2026, 3, 27), date(2026, 3, 16)),))
    outcome = at_send(approved, promised, _company(date(2026, 3, 17)), POLICIES,
                      on=date(2026, 3, 17), channel=StepChannel.EMAIL)  # fmt: skip
    assert isinstance(outcome, Dropped)
    assert outcome.reasons[0].code is Code.PROMISE_IN_FORCE
    assert outcome.reasons[0].params["promised"] == date(2026, 3, 27)


def test_a_pre_due_reminder_sent_after_the_due_date_is_dropped() -> None:
    """The friendly reminder approved on Tue 3 March (due Fri 6 March) is not sent on
    Tue 10 March: its due date passed, so the reminder is the next step now."""
    state = _state(INVOICE_A)
    approved = _approved(state, date(2026, 3, 3))
    assert approved.step.key == "friendly"
    outcome = at_send(approved, state, _company(date(2026, 3, 10)), POLICIES,
                      on=date(2026, 3, 10), channel=StepChannel.EMAIL)  # fmt: skip
    assert outcome == Dropped(
        (reason(Code.NO_LONGER_NEXT_STEP, invoice="A", step="friendly", now="reminder"),)
    )
