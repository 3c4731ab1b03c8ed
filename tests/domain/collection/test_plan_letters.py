"""What a plan's letters state: a structured reference per plan instalment by the
creditor's country, the new day to pay a missed one by, and which letters may be built."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.collection.plan_letters import (
    Fallback,
    PlanLetter,
    PlanLetterKind,
    confirmation,
    instalment_reference,
    missed_pay_by,
    missed_reminder,
)
from tijdig.domain.collection.plans import PaymentPlan, PlanStatus, build_schedule
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.references import KENMERK, OGM, RF, ReferenceStandard, detect, reference_for

D = Decimal
PARTS = build_schedule(D("1000.00"), 3, date(2026, 4, 1), deposit=D("100.00"),
                       deposit_on=date(2026, 3, 25))  # fmt: skip
OFFERED = PaymentPlan("K1", "RF28PLAN1", ("F-1",), "EUR", D("1000.00"), D(0), D(0), PARTS,
                      date(2026, 3, 19), status=PlanStatus.OFFERED)  # fmt: skip
IN_FORCE = PaymentPlan("K1", "RF28PLAN1", ("F-1",), "EUR", D("1000.00"), D(0), D(0), PARTS,
                       date(2026, 3, 19), status=PlanStatus.IN_FORCE,
                       accepted_on=date(2026, 3, 20))  # fmt: skip


@pytest.mark.parametrize(
    ("country", "plan_id", "number", "expected", "standard"),
    [("NL", 1, 0, "1900000000000100", KENMERK),  # 9, the plan, two digits for the number
     ("NL", 1, 1, "1900000000000101", KENMERK),
     ("NL", 123456789012, 12, "4912345678901212", KENMERK),  # the longest that fits
     ("NL", 1234567890123, 1, "RF44P1234567890123T1", RF),  # too long for a kenmerk
     ("BE", 1, 1, "900000010119", OGM),  # 9000000101 mod 97 = 19
     ("BE", 12, 3, "900000120354", OGM),  # 9000001203 mod 97 = 54
     ("BE", 12345678, 1, "RF19P12345678T1", RF),
     ("DE", 7, 2, "RF66P7T2", RF)],  # no national scheme known (ISO 7064 mod 97-10 by hand)
)  # fmt: skip
def test_each_plan_instalment_has_a_reference_of_the_creditors_country(
    country: str, plan_id: int, number: int, expected: str, standard: ReferenceStandard
) -> None:
    found = instalment_reference(country, plan_id, number)
    assert found == expected
    assert standard.is_valid(found)
    assert detect(standard.format(found)) == (standard.scheme, found)


def test_references_stay_apart_per_plan_instalment_and_from_plain_invoice_numbers() -> None:
    seen = {instalment_reference("NL", plan, n) for plan in range(1, 60) for n in range(13)}
    assert len(seen) == 59 * 13
    invoices = {reference_for("NL", str(number)) for number in range(1, 20_000)}
    assert not seen & invoices
    ogm = {instalment_reference("BE", plan, n) for plan in range(1, 60) for n in range(13)}
    assert not ogm & {reference_for("BE", str(number)) for number in range(1, 20_000)}


def test_a_plan_instalment_number_must_fit_the_reference() -> None:
    with pytest.raises(InvalidValue):
        instalment_reference("NL", 1, 100)
    with pytest.raises(InvalidValue):
        instalment_reference("NL", 0, 1)


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
    assert [p.reference[-4:] for p in letter.schedule] == ["0100", "0101", "0102", "0103"]


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
