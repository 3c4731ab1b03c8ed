"""Segment rules choose the policy; claims follow the legal order (S4-1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.collection.policy import (
    Basis,
    LegalNotice,
    Policy,
    PolicySet,
    SegmentRule,
    Step,
    StepChannel,
)
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.errors import RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import Customer, CustomerKind
from tijdig.engine.claims import announced_claim, legal_claim, term_costs_from
from tijdig.engine.segments import choose_policy

STEP = Step("r", Basis.AFTER_DUE, 7, StepChannel.EMAIL, "reminder")
SET = PolicySet(
    tuple(Policy(code, code, (STEP,)) for code in ("big", "risky", "receipt", "rest")),
    (
        SegmentRule("big", min_amount=Decimal(10000)),
        SegmentRule("risky", risk_class="high", kind=CustomerKind.BUSINESS),
        SegmentRule("receipt", payable_on_receipt=True),
        SegmentRule("rest", country="NL"),
    ),
)


@pytest.mark.parametrize(
    ("customer", "total", "expected"),
    [
        (Customer("C", "K"), Decimal(10000), "big"),
        (Customer("C", "K", risk_class="high"), Decimal(5), "risky"),
        (Customer("C", "K", risk_class="high", kind=CustomerKind.CONSUMER), Decimal(5), "rest"),
        (Customer("C", "K", payment_term_days=0), Decimal(5), "receipt"),
        (Customer("C", "K"), Decimal(5), "rest"),
    ],
)
def test_the_first_matching_rule_chooses(customer: Customer, total: Decimal, expected: str) -> None:
    assert choose_policy(customer, SET, open_total=total).code == expected


def test_no_matching_rule_is_refused_and_no_rules_means_one_policy() -> None:
    with pytest.raises(RuleViolation, match="no segment rule matches customer C"):
        choose_policy(Customer("C", "K", country="BE"), SET)
    assert choose_policy(Customer("C", "K"), PolicySet(SET.policies)).code == "big"


@pytest.mark.parametrize(
    ("kind", "country", "expected"),
    [
        (CustomerKind.BUSINESS, "NL", "nl_business"),
        (CustomerKind.CONSUMER, "NL", "nl_consumer"),
        (CustomerKind.BUSINESS, "BE", "be_business"),
        (CustomerKind.CONSUMER, "BE", "be_consumer"),
        (CustomerKind.CONSUMER, "FR", "other"),
    ],
)
def test_the_default_rules(kind: CustomerKind, country: str, expected: str) -> None:
    customer = Customer("C", "K", kind=kind, country=country)
    assert choose_policy(customer, default_policy_set()).code == expected


F1 = Invoice("F1", "C", date(2026, 1, 1), date(2026, 2, 10), Decimal(500))
F2 = Invoice("F2", "C", date(2026, 1, 1), date(2026, 2, 10), Decimal(3000))
USD = Invoice("U1", "C", date(2026, 1, 1), date(2026, 2, 10), Decimal(500), currency="USD")


@pytest.mark.parametrize(
    ("law", "consumer", "terms", "costs", "interest"),
    [
        ("NL", False, {}, Decimal("500.00"), Decimal("36.98")),  # 75 + 425; 10.15 % per invoice
        ("NL", True, {}, Decimal(0), Decimal("14.57")),  # no letter: no costs
        ("NL", True, {"F1": date(2026, 3, 20)}, Decimal("75.00"), Decimal("14.57")),
        ("NL", True, {"F1": date(2026, 3, 21)}, Decimal(0), Decimal("14.57")),  # term runs
        ("NL", True, {"F1": date(2026, 3, 1), "F2": date(2026, 3, 1)}, Decimal("475.00"), None),
        ("BE", False, {}, Decimal("80.00"), None),  # EUR 40 per invoice
        ("BE", True, {"F1": date(2026, 3, 19)}, Decimal("65.00"), Decimal("0.29")),
        # Without a clause in the consumer's contract, nothing (Book XIX WER).
        ("BE", True, {"F1": date(2026, 3, 19)}, Decimal(0), Decimal(0)),
        (None, False, {}, Decimal(0), Decimal(0)),
    ],
)
def test_costs_and_interest_only_when_the_law_allows(
    law: str | None,
    consumer: bool,
    terms: dict[str, date],
    costs: Decimal,
    interest: Decimal | None,
) -> None:
    clause = None
    if law == "BE" and consumer and costs:  # a clause at the Book XIX maximum, 10.5 %
        clause = DamagesClause("artikel 7", "schadebeding", Decimal("10.5"), legal_scale=True)
    claim = legal_claim(
        [F1, F2, USD],
        law=law,
        consumer=consumer,
        as_of=date(2026, 3, 20),
        costs_from=terms,
        clause=clause,
    )
    assert claim.costs == costs
    if interest is not None:
        assert claim.interest == interest
    if law:
        assert any("U1: USD, no statutory figure" in note for note in claim.explanation)


def test_the_14_day_letters_term_counts_from_its_day_and_channel() -> None:
    policy = default_policy_set().policy("nl_consumer")
    posted = [StepTaken("F1", "fourteen_day_letter", date(2026, 3, 3), "letter")]
    mailed = [StepTaken("F1", "fourteen_day_letter", date(2026, 3, 3), "email")]
    assert term_costs_from("NL", policy, posted, consumer=True) == date(2026, 3, 20)
    assert term_costs_from("NL", policy, mailed, consumer=True) == date(2026, 3, 18)
    assert term_costs_from("NL", policy, posted, consumer=False) is None
    assert term_costs_from("NL", policy, [], consumer=True) is None


def test_a_14_day_letter_announces_the_exact_costs_and_their_day() -> None:
    claim = announced_claim(
        [F1], law="NL", consumer=True, as_of=date(2026, 3, 3), channel=StepChannel.LETTER,
        notice=LegalNotice.NL_FOURTEEN_DAY_LETTER, vat_uplift=True,
    )  # fmt: skip
    assert (claim.costs, claim.costs_from) == (Decimal("90.75"), date(2026, 3, 20))
