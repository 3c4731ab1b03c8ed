"""A linked reply that no person confirmed holds its customer's next message (coded
`reply_waiting`) from the day it was read for the company's working days (default 3) of
its business calendar, then no more (it becomes a task). Read on a Friday, at a month's
end and over the December holidays, in the Netherlands and in Belgium."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.invoices import Invoice
from tijdig.domain.mailbox import WaitingReply
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.engine.advice import advise
from tijdig.engine.at_send import Dropped, at_send
from tijdig.engine.checks import reply_hold
from tijdig.engine.model import CollectionSettings, CompanyState, CustomerState, Hold

POLICIES = default_policy_set()
INVOICE = Invoice("F1", "C1", date(2026, 9, 1), date(2026, 10, 1), Decimal("8000.00"))


def _company(day: date, country: str = "NL", days: int = 3) -> CompanyState:
    settings = CollectionSettings(reply_hold_working_days=days)
    return CompanyState(Company("acme", "Acme BV", country=country), settings,
                        has_bank_import=True, last_statement_on=day)  # fmt: skip


def _state(*waiting: WaitingReply) -> CustomerState:
    return CustomerState(Customer("C1", "Klant BV"), (INVOICE,), waiting_replies=waiting)


@pytest.mark.parametrize(
    ("received", "country", "days", "until"),
    [
        (date(2026, 10, 16), "NL", 3, date(2026, 10, 21)),  # Friday: Mon, Tue, Wed
        (date(2026, 10, 30), "NL", 3, date(2026, 11, 4)),  # month end (a Friday)
        (date(2026, 12, 31), "NL", 3, date(2027, 1, 6)),  # New Year's Day is no working day
        (date(2026, 12, 23), "NL", 3, date(2026, 12, 29)),  # Thu, (Christmas), Mon, Tue
        (date(2026, 11, 9), "NL", 3, date(2026, 11, 12)),  # Monday: Tue, Wed, Thu
        (date(2026, 11, 9), "BE", 3, date(2026, 11, 13)),  # Belgium: 11 November is none
        (date(2026, 12, 23), "NL", 1, date(2026, 12, 24)),  # the company's own setting
    ],
)  # fmt: skip
def test_a_waiting_reply_holds_for_the_working_days(
    received: date, country: str, days: int, until: date
) -> None:
    waiting = WaitingReply(7, received, "paid")
    assert waiting.holds_until(days, country) == until
    company = _company(received, country, days)
    why = reason(Code.REPLY_WAITING, received=received, message=7, until=until)
    day = received
    while day < until:
        assert reply_hold(_state(waiting), company, day) == Hold("C1", why), day
        day = date.fromordinal(day.toordinal() + 1)
    assert reply_hold(_state(waiting), company, until) is None
    assert reply_hold(_state(waiting), company, date.fromordinal(received.toordinal() - 1)) \
        is None  # fmt: skip


def test_the_run_holds_the_customer_and_proposes_after_the_hold() -> None:
    received = date(2026, 10, 16)  # Friday
    waiting = WaitingReply(7, received, "promise")
    held = advise(_state(waiting), _company(received), POLICIES, as_of=date(2026, 10, 20))
    assert held.proposal is None and held.calls == ()
    assert [h.reason.code for h in held.holds] == [Code.REPLY_WAITING]
    free = advise(_state(waiting), _company(received), POLICIES, as_of=date(2026, 10, 21))
    assert free.proposal is not None
    assert Code.REPLY_WAITING not in [h.reason.code for h in free.holds]


def test_an_approved_message_is_dropped_while_a_reply_waits() -> None:
    as_of = date(2026, 10, 20)
    approved = advise(_state(), _company(as_of), POLICIES, as_of=as_of).proposal
    assert approved is not None
    waiting = WaitingReply(9, date(2026, 10, 19), "other")
    outcome = at_send(approved, _state(waiting), _company(as_of), POLICIES, on=as_of,
                      channel=approved.channel)  # fmt: skip
    assert isinstance(outcome, Dropped)
    assert Code.REPLY_WAITING in [r.code for r in outcome.reasons]
    assert replace(waiting, received_on=date(2026, 10, 1)).holds_on(as_of, 3, "NL") is False
