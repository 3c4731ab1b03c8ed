"""An invoice payable on receipt: reminders from its invoice date, but default (costs,
interest, legal letters) only from `default_from`, 30 days after receipt."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tijdig.domain.collection.policy import Basis, LegalNotice, Step, StepChannel
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal import statutory_interest
from tijdig.domain.parties import Customer
from tijdig.engine.claims import legal_claim
from tijdig.engine.schedule import step_date

ON_RECEIPT = Invoice("F1", "C1", date(2026, 3, 2), date(2026, 3, 2), Decimal(1000),
                     default_from=date(2026, 4, 2))  # fmt: skip


def test_before_default_no_costs_or_interest_are_claimed() -> None:
    claim = legal_claim([ON_RECEIPT], law="NL", consumer=False, as_of=date(2026, 3, 20),
                        costs_from={})  # fmt: skip
    assert (claim.costs, claim.interest) == (Decimal(0), Decimal(0))
    assert "F1: not in default before 2026-04-02" in claim.explanation


def test_from_default_costs_are_owed_and_interest_runs_from_that_day() -> None:
    claim = legal_claim([ON_RECEIPT], law="NL", consumer=False, as_of=date(2026, 4, 30),
                        costs_from={})  # fmt: skip
    expected = statutory_interest(Decimal(1000), date(2026, 4, 2), date(2026, 4, 30),
                                  country="NL", commercial=True).total  # fmt: skip
    assert claim.costs == Decimal("150.00")
    assert claim.interest == expected
    assert any("from 2026-04-02 to 2026-04-30" in note for note in claim.explanation)


def test_a_reminder_goes_after_the_invoice_date_a_legal_letter_only_in_default() -> None:
    reminder = Step("r", Basis.AFTER_DUE, 7, StepChannel.EMAIL, "reminder")
    notice = Step("n", Basis.AFTER_DUE, 14, StepChannel.LETTER, "notice_of_default",
                  legal_notice=LegalNotice.NOTICE_OF_DEFAULT)  # fmt: skip
    customer = Customer("C1", "Klant")
    assert step_date(reminder, ON_RECEIPT, None, customer, earlier=0) == date(2026, 3, 9)
    assert step_date(notice, ON_RECEIPT, None, customer, earlier=0) == date(2026, 4, 2)
