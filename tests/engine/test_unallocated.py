"""Money received but not yet allocated is netted against what is overdue (issue: engine,
'credit notes and unallocated payments netted'); when it covers everything, the bank is
settled first (S3-1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.invoices import Invoice
from tijdig.domain.money import Money
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.engine.advice import advise
from tijdig.engine.model import CompanyState, CustomerState

AS_OF = date(2026, 11, 24)  # a Tuesday
COMPANY = CompanyState(Company("ACME", "Acme B.V."), has_bank_import=True, last_statement_on=AS_OF)


def _state(*unallocated: tuple[str, str]) -> CustomerState:
    invoice = Invoice("F1", "C1", date(2026, 10, 1), date(2026, 10, 31), Decimal("100.00"))
    return CustomerState(
        customer=Customer("C1", "Klant B.V."),
        invoices=(invoice,),
        unallocated=tuple((cur, Decimal(amount)) for cur, amount in unallocated),
    )


def test_without_unallocated_money_the_reminder_goes() -> None:
    decision = advise(_state(), COMPANY, default_policy_set(), as_of=AS_OF)
    assert decision.proposal is not None


@pytest.mark.parametrize("amount", ["100.00", "150.00"])
def test_money_that_covers_everything_holds_the_customer(amount: str) -> None:
    decision = advise(_state(("EUR", amount)), COMPANY, default_policy_set(), as_of=AS_OF)
    assert decision.proposal is None
    [hold] = decision.holds
    assert hold.reason.code is Code.UNALLOCATED_COVERS


def test_part_of_it_is_netted_and_said() -> None:
    decision = advise(_state(("EUR", "40.00")), COMPANY, default_policy_set(), as_of=AS_OF)
    assert decision.proposal is not None
    netted = reason(Code.UNALLOCATED_NETTED, received=Money("EUR", Decimal("40.00")))
    assert netted in decision.proposal.reasons


def test_what_is_left_below_the_minimum_is_held() -> None:
    decision = advise(_state(("EUR", "95.00")), COMPANY, default_policy_set(), as_of=AS_OF)
    assert decision.proposal is None
    assert decision.holds[0].reason.code is Code.BELOW_MINIMUM


def test_money_in_another_currency_is_not_netted() -> None:
    decision = advise(_state(("USD", "500.00")), COMPANY, default_policy_set(), as_of=AS_OF)
    assert decision.proposal is not None
