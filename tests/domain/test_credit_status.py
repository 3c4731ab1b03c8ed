"""The credit status by rule (S4-7): each rule holds on its own, with its reason and
params; the overdue-days rule flips on the day after the limit, whatever the month's
length (a month end, 29 February, the year's end); the defaults hold only over the
limit and when handed over."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tijdig.domain.credit import (
    CreditFacts,
    CreditRules,
    CreditState,
    ManualHold,
    credit_status,
)
from tijdig.domain.errors import InvalidValue
from tijdig.domain.money import Money
from tijdig.domain.reason_texts import say
from tijdig.domain.reasons import Code

OK, HOLD = CreditState.OK, CreditState.HOLD


@pytest.mark.parametrize(
    ("due", "days"),
    [
        (date(2024, 1, 31), 29),  # over 29 February (a leap year)
        (date(2023, 1, 31), 28),  # over 28 February
        (date(2024, 2, 29), 30),  # from 29 February over the end of March
        (date(2026, 11, 30), 31),  # over the year's end
        (date(2026, 12, 31), 0),  # hold from the first day overdue
    ],
)
def test_the_overdue_days_rule_flips_the_day_after_the_limit(due: date, days: int) -> None:
    rules = CreditRules(overdue_days=days, over_limit=False, handed_over=False)
    facts = CreditFacts("1001", oldest_due=due)
    last_ok = due + timedelta(days=days)
    assert credit_status(facts, rules, last_ok).state is OK
    held = credit_status(facts, rules, last_ok + timedelta(days=1))
    assert held.state is HOLD
    [why] = held.reasons
    assert why.code is Code.CREDIT_OVERDUE_DAYS
    assert why.params == {"days": days + 1, "due": due, "limit": days}


def test_each_rule_speaks_for_itself_in_order() -> None:
    facts = CreditFacts(
        "1001", credit_limit=Decimal("1000.00"), open_eur=Decimal("1210.00"),
        overdue_eur=Decimal("600.00"), oldest_due=date(2026, 1, 1),
        manual=ManualHold("Fraude vermoed", "carla", date(2026, 3, 1)), imported_hold=True,
        broken_plan="PLAN-7", broken_on=date(2026, 2, 20), handed_over_on=date(2026, 2, 25),
        handed_over_case="HO000001",
    )  # fmt: skip
    rules = CreditRules(overdue_days=30, overdue_amount=Decimal("500"), broken_plan=True)
    status = credit_status(facts, rules, date(2026, 3, 15))
    assert status.state is HOLD
    assert status.codes == (
        "credit_hold_manual", "credit_hold_imported", "credit_overdue_days",
        "credit_overdue_amount", "credit_over_limit", "credit_plan_broken",
        "credit_handed_over",
    )  # fmt: skip
    texts = [say(r) for r in status.reasons]
    assert texts[0] == "Held by hand by carla since 2026-03-01: Fraude vermoed"
    assert texts[3] == "EUR 600.00 overdue, more than the EUR 500.00 allowed"
    assert texts[4] == "EUR 1210.00 open, over the credit limit of EUR 1000.00"
    assert status.reasons[4].params["open"] == Money("EUR", Decimal("1210.00"))


def test_the_defaults_hold_over_the_limit_and_when_handed_over_only() -> None:
    rules = CreditRules()
    late = CreditFacts("1", overdue_eur=Decimal("99999"), oldest_due=date(2020, 1, 1),
                       broken_plan="P", broken_on=date(2020, 1, 1))  # fmt: skip
    assert credit_status(late, rules, date(2026, 3, 15)).state is OK
    over = CreditFacts("1", credit_limit=Decimal(100), open_eur=Decimal("100.01"))
    assert credit_status(over, rules, date(2026, 3, 15)).codes == ("credit_over_limit",)
    at_limit = CreditFacts("1", credit_limit=Decimal(100), open_eur=Decimal(100))
    assert credit_status(at_limit, rules, date(2026, 3, 15)).state is OK
    handed = CreditFacts("1", handed_over_on=date(2026, 3, 1), handed_over_case="HO000009")
    assert credit_status(handed, rules, date(2026, 3, 15)).codes == ("credit_handed_over",)
    off = CreditRules(over_limit=False, handed_over=False)
    assert credit_status(over, off, date(2026, 3, 15)).state is OK
    assert credit_status(handed, off, date(2026, 3, 15)).state is OK


def test_the_overdue_amount_must_be_exceeded() -> None:
    rules = CreditRules(overdue_amount=Decimal("500.00"))
    on_it = CreditFacts("1", overdue_eur=Decimal("500.00"))
    assert credit_status(on_it, rules, date(2026, 3, 15)).state is OK
    above = CreditFacts("1", overdue_eur=Decimal("500.01"))
    assert credit_status(above, rules, date(2026, 3, 15)).codes == ("credit_overdue_amount",)


@pytest.mark.parametrize(
    ("days", "amount", "field"),
    [
        (-1, None, "overdue_days"),
        (3651, None, "overdue_days"),
        (None, Decimal(-1), "overdue_amount"),
    ],
)
def test_rules_out_of_range_are_refused(days: int | None, amount: Decimal | None,
                                        field: str) -> None:  # fmt: skip
    with pytest.raises(InvalidValue) as refused:
        CreditRules(overdue_days=days, overdue_amount=amount)
    assert refused.value.field == field
