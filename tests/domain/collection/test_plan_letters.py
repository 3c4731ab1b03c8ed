"""What a plan's letters state: the plan's reference for each plan instalment, the new
day to pay a missed one by, and which letters may be built."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.collection.ladder import Ladder, Rung
from tijdig.domain.collection.plan_letters import (
    Fallback,
    PlanLetter,
    PlanLetterKind,
    confirmation,
    missed_pay_by,
    missed_reminder,
    plan_fallback,
)
from tijdig.domain.collection.plans import PaymentPlan, PlanStatus, build_schedule
from tijdig.domain.errors import InvalidValue, RuleViolation

D = Decimal
PARTS = build_schedule(D("1000.00"), 3, date(2026, 4, 1), deposit=D("100.00"),
                       deposit_on=date(2026, 3, 25))  # fmt: skip
OFFERED = PaymentPlan("K1", "RF28PLAN1", ("F-1",), "EUR", D("1000.00"), D(0), D(0), PARTS,
                      date(2026, 3, 19), status=PlanStatus.OFFERED)  # fmt: skip
IN_FORCE = PaymentPlan("K1", "RF28PLAN1", ("F-1",), "EUR", D("1000.00"), D(0), D(0), PARTS,
                       date(2026, 3, 19), status=PlanStatus.IN_FORCE,
                       accepted_on=date(2026, 3, 20))  # fmt: skip


def test_every_plan_instalment_is_paid_by_the_plans_own_reference() -> None:
    """The reference matching books to the plan (references.plan_reference_for): one
    number for the customer, none that could name another plan."""
    letter = confirmation(IN_FORCE, 1, country="NL", fallback=Fallback.POLICY, on=date(2026, 3, 20))
    assert [part.reference for part in letter.schedule] == ["RF28PLAN1"] * len(PARTS)


@pytest.mark.parametrize(
    ("on", "country", "expected"),
    [(date(2026, 4, 2), "NL", date(2026, 4, 9)),  # Thursday: a week on
     (date(2026, 4, 20), "NL", date(2026, 4, 28)),  # Mon 27 April, King's Day: Tuesday
     (date(2026, 4, 20), "BE", date(2026, 4, 27)),  # no holiday in Belgium
     (date(2026, 5, 9), "NL", date(2026, 5, 18)),  # Saturday 16 May: Monday
     (date(2026, 5, 9), "DE", date(2026, 5, 18))],  # unknown: the Dutch calendar
)  # fmt: skip
def test_a_missed_plan_instalment_gets_a_week_ending_on_a_business_day(
    on: date, country: str, expected: date
) -> None:
    assert missed_pay_by(on, country) == expected


def test_only_a_plan_accepted_in_writing_is_confirmed() -> None:
    with pytest.raises(RuleViolation, match="not accepted in writing"):
        confirmation(OFFERED, 1, country="NL", fallback=Fallback.POLICY, on=date(2026, 3, 20))
    letter = confirmation(IN_FORCE, 1, country="NL", fallback=Fallback.AGENCY,
                          on=date(2026, 3, 20))  # fmt: skip
    assert letter.kind is PlanLetterKind.CONFIRMATION and letter.key(4) == "plan_confirmation-4-1"


def _remind(number: int, on: date, pay_by: date) -> PlanLetter:
    return missed_reminder(IN_FORCE, 1, number, country="NL", fallback=Fallback.POLICY, on=on,
                           pay_by=pay_by)  # fmt: skip


def test_a_reminder_names_a_plan_instalment_already_due_and_a_later_day() -> None:
    letter = _remind(1, date(2026, 4, 2), date(2026, 4, 9))
    assert letter.missed is not None and letter.missed.instalment.due_on == date(2026, 4, 1)
    assert letter.key(4) == "plan_missed_instalment-4-1-1"
    with pytest.raises(RuleViolation, match="is due 2026-05-01"):
        _remind(2, date(2026, 4, 2), date(2026, 4, 9))
    with pytest.raises(InvalidValue, match="no plan instalment 9"):
        _remind(9, date(2026, 4, 2), date(2026, 4, 9))
    with pytest.raises(InvalidValue, match="after the letter's date"):
        _remind(1, date(2026, 4, 2), date(2026, 4, 2))


@pytest.mark.parametrize(
    ("rungs", "broken", "named"),
    [
        ((Rung.NEW_TERM, Rung.PAYMENT_PLAN, Rung.AGENCY), 0, Fallback.PAYMENT_PLAN),  # a new plan
        ((Rung.NEW_TERM, Rung.PAYMENT_PLAN, Rung.AGENCY), 1, Fallback.AGENCY),
        ((Rung.NEW_TERM, Rung.AGENCY), 0, Fallback.AGENCY),  # no plans on it: the rung after
        ((Rung.NEW_TERM, Rung.PAYMENT_PLAN), 3, Fallback.PAYMENT_PLAN),  # past the top: the top
        ((Rung.NEW_TERM,), 0, Fallback.NEW_TERM),
    ],
)
def test_the_letters_name_the_rung_the_ladder_gives_the_plan(
    rungs: tuple[Rung, ...], broken: int, named: Fallback
) -> None:
    assert plan_fallback(Ladder(rungs), broken) is named
    assert Fallback.of(None) is Fallback.POLICY
