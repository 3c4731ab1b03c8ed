"""The claim a hand-over file states, on days that matter (a month end, New Year's Eve,
29 February): each overdue invoice's principal, with the statutory costs and interest
the legal calculators give for it on that day (domain.legal), worked out on their own
here; an invoice not yet due is not handed over; a consumer's costs wait for the term
of the 14-day letter; a debtor in hardship is claimed nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.hardship import HardshipKind, HardshipStatus
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal import statutory_costs, statutory_interest
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.engine.hand_over import hand_over_claim
from tijdig.engine.model import CompanyState, CustomerState

D = Decimal
COMPANY = CompanyState(Company("ACME", "Acme B.V."))
BUSINESS = Customer("K1", "Bakkerij Jansen B.V.")
CONSUMER = Customer("K2", "Jan Smit", kind=CustomerKind.CONSUMER)
POLICIES = default_policy_set()


def _invoices(day: date, number: str) -> tuple[Invoice, ...]:
    return (
        Invoice("F-1", number, day - timedelta(days=90), day - timedelta(days=60), D("1210.00")),
        Invoice("F-2", number, day - timedelta(days=45), day - timedelta(days=15), D("3025.50")),
        Invoice("F-3", number, day - timedelta(days=10), day + timedelta(days=20), D("99.00")),
    )


@pytest.mark.parametrize("day", [date(2026, 1, 31), date(2026, 12, 31), date(2028, 2, 29)])
def test_each_overdue_invoice_bears_the_statutory_costs_and_interest_of_the_day(
    day: date,
) -> None:
    state = CustomerState(customer=BUSINESS, invoices=_invoices(day, "K1"))
    claim = hand_over_claim(state, COMPANY, POLICIES.policy("nl_business"), as_of=day)
    assert [line.invoice.number for line in claim.lines] == ["F-1", "F-2"]  # F-3 not yet due
    for line in claim.lines:
        invoice = line.invoice
        costs = statutory_costs(invoice.total, country="NL", consumer=False).total
        interest = statutory_interest(invoice.total, invoice.due_date + timedelta(days=1), day,
                                      country="NL", commercial=True).total  # fmt: skip
        assert (line.principal, line.costs, line.interest) == (invoice.total, costs, interest)
    assert claim.total == sum((line.total for line in claim.lines), D(0))
    assert claim.costs > 0 and claim.interest > 0 and claim.claim.law == "NL"


def test_a_consumers_costs_wait_for_the_term_of_the_fourteen_day_letter() -> None:
    day = date(2026, 12, 31)
    invoices = _invoices(day, "K2")
    policy = POLICIES.policy("nl_consumer")
    [letter] = [s.key for s in policy.steps if s.legal_notice.value == "nl_14_day_letter"]
    sent = StepTaken("F-1", letter, day - timedelta(days=5), "email")  # the term still runs
    state = CustomerState(customer=CONSUMER, invoices=invoices, steps_taken=(sent,))
    claim = hand_over_claim(state, COMPANY, policy, as_of=day)
    assert [line.costs for line in claim.lines] == [D(0), D(0)]
    long_ago = StepTaken("F-1", letter, day - timedelta(days=40), "email")
    state = CustomerState(customer=CONSUMER, invoices=invoices, steps_taken=(long_ago,))
    claim = hand_over_claim(state, COMPANY, policy, as_of=day)
    costs = statutory_costs(D("1210.00"), country="NL", consumer=True).total
    assert [line.costs for line in claim.lines] == [costs, D(0)]  # F-2 had no letter


def test_a_debtor_in_hardship_is_claimed_only_the_principal() -> None:
    day = date(2026, 12, 31)
    status = HardshipStatus("K1", HardshipKind.WSNP, day - timedelta(days=3), "vonnis")
    state = CustomerState(customer=BUSINESS, invoices=_invoices(day, "K1"), hardship=status)
    claim = hand_over_claim(state, COMPANY, POLICIES.policy("nl_business"), as_of=day)
    assert (claim.costs, claim.interest) == (D(0), D(0))
    assert claim.principal == D("4235.50")
