"""Date tables for each scheduling rule, on the pure functions of engine/schedule.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.collection.policy import Basis, LegalNotice, Policy, Step, StepChannel
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Customer
from tijdig.domain.reasons import Code
from tijdig.engine.schedule import (
    end_of_month,
    is_contact_day,
    next_contact_day,
    plan_invoice,
    shifted_due,
    step_date,
    working_days_after,
)

CUSTOMER = Customer("C1", "Klant")
PAST = date(2026, 1, 1)
INVOICE = Invoice("F1", "C1", date(2026, 1, 28), date(2026, 2, 27), Decimal(500))


def _step(basis: Basis, days: int, notice: LegalNotice = LegalNotice.NONE) -> Step:
    return Step("s", basis, days, StepChannel.LETTER, "reminder", legal_notice=notice)


def _taken(key: str, on: date) -> StepTaken:
    return StepTaken("F1", key, on, "email")


@pytest.mark.parametrize(
    ("step", "previous", "earlier", "expected"),
    [
        (_step(Basis.BEFORE_DUE, 3), None, 0, date(2026, 2, 24)),
        (_step(Basis.BEFORE_DUE, 3), None, 4, date(2026, 2, 20)),
        (_step(Basis.AFTER_DUE, 7), None, 0, date(2026, 3, 6)),
        (_step(Basis.AFTER_ISSUE, 14), None, 0, date(2026, 2, 11)),
        (_step(Basis.AFTER_PREVIOUS, 14), _taken("a", date(2026, 3, 10)), 0, date(2026, 3, 24)),
        (_step(Basis.AFTER_PREVIOUS, 14), None, 0, date(2026, 3, 13)),
        (_step(Basis.END_OF_MONTH, 0), _taken("a", date(2026, 3, 10)), 0, date(2026, 3, 31)),
        (_step(Basis.END_OF_MONTH, 5), _taken("a", date(2026, 2, 10)), 0, date(2026, 3, 5)),
        (_step(Basis.END_OF_MONTH, 1), None, 0, date(2026, 3, 1)),
        (_step(Basis.AFTER_DUE, 0, LegalNotice.NOTICE_OF_DEFAULT), None, 0, date(2026, 2, 28)),
    ],
)
def test_a_step_falls_due_by_its_basis(
    step: Step, previous: StepTaken | None, earlier: int, expected: date
) -> None:
    assert step_date(step, INVOICE, previous, CUSTOMER, earlier=earlier) == expected


@pytest.mark.parametrize(
    ("customer", "expected"),
    [
        (CUSTOMER, date(2026, 2, 27)),
        (Customer("C1", "K", tolerance_days=5), date(2026, 3, 4)),
        (Customer("C1", "K", payment_term_days=45), date(2026, 3, 14)),
        (Customer("C1", "K", payment_term_days=14), date(2026, 2, 27)),  # shorter: ignored
        (Customer("C1", "K", payment_term_days=45, tolerance_days=2), date(2026, 3, 16)),
    ],
)
def test_the_customers_term_and_tolerance_shift_the_due_date(
    customer: Customer, expected: date
) -> None:
    assert shifted_due(INVOICE, customer) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 31), date(2026, 1, 31)),
        (date(2024, 2, 10), date(2024, 2, 29)),
        (date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_end_of_month(day: date, expected: date) -> None:
    assert end_of_month(day) == expected


@pytest.mark.parametrize(
    ("customer", "day", "expected"),
    [
        (CUSTOMER, date(2026, 3, 9), date(2026, 3, 10)),  # Monday: no
        (CUSTOMER, date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday, Easter Monday
        (Customer("C1", "K", country="BE"), date(2026, 4, 3), date(2026, 4, 3)),  # BE: no holiday
        (Customer("C1", "K", country="DE"), date(2026, 5, 14), date(2026, 5, 14)),  # weekends only
        (Customer("C1", "K", contact_days=("wed",)), date(2026, 3, 5), date(2026, 3, 11)),
        (Customer("C1", "K", contact_days=("sun",)), date(2026, 3, 5), None),
    ],
)
def test_the_next_contact_day(customer: Customer, day: date, expected: date | None) -> None:
    assert next_contact_day(day, customer) == expected
    assert is_contact_day(day, customer) is (expected == day)


@pytest.mark.parametrize(
    ("day", "country", "expected"),
    [
        (date(2026, 3, 6), "NL", date(2026, 3, 11)),
        (date(2026, 4, 2), "NL", date(2026, 4, 9)),  # Good Friday and Easter Monday
        (date(2026, 4, 2), "DE", date(2026, 4, 7)),
    ],
)
def test_working_days_after(day: date, country: str, expected: date) -> None:
    assert working_days_after(day, 3, country) == expected


LADDER = Policy(
    "p",
    "P",
    (
        Step("pre", Basis.BEFORE_DUE, 3, StepChannel.EMAIL, "reminder_friendly"),
        Step("pre2", Basis.BEFORE_DUE, 1, StepChannel.SMS, "reminder_friendly"),
        Step("one", Basis.AFTER_DUE, 7, StepChannel.EMAIL, "reminder"),
        Step("two", Basis.AFTER_PREVIOUS, 14, StepChannel.EMAIL, "formal_demand"),
    ),
)


@pytest.mark.parametrize(
    ("taken", "as_of", "key", "on", "skipped"),
    [
        ((), date(2026, 2, 20), "pre", date(2026, 2, 24), 0),
        ((), date(2026, 2, 27), "pre", date(2026, 2, 24), 0),  # late but not past due
        ((), date(2026, 2, 28), "one", date(2026, 3, 6), 2),  # both pre-due steps give way
        (("pre",), date(2026, 2, 25), "pre2", date(2026, 2, 26), 0),
        (("pre", "one"), date(2026, 3, 30), "two", date(2026, 3, 20), 0),
        (("one", "pre"), date(2026, 3, 30), "two", date(2026, 3, 20), 0),  # policy order wins
        (("one", "two"), date(2026, 3, 30), None, None, 0),
        (("gone",), date(2026, 2, 20), "pre", date(2026, 2, 24), 0),  # unknown key ignored
    ],
)
def test_the_next_step_follows_the_last_one_taken(
    taken: tuple[str, ...], as_of: date, key: str | None, on: date | None, skipped: int
) -> None:
    # Deadlines long past: this is about the order of the steps (see the deadline tests).
    records = tuple(replace(_taken(k, date(2026, 3, 6)), deadline=PAST) for k in taken)
    plan = plan_invoice(INVOICE, LADDER, records, CUSTOMER, as_of=as_of)
    assert (plan.step.key if plan.step else None, plan.on, len(plan.notes)) == (key, on, skipped)
    assert all(note.code is Code.SKIPPED_DUE_DATE_PASSED for note in plan.notes)


def test_payable_on_receipt_gets_no_pre_due_step_and_a_reminder_within_15_days() -> None:
    invoice = Invoice("F1", "C1", date(2026, 3, 2), date(2026, 3, 2), Decimal(500))
    customer = Customer("C1", "K", tolerance_days=30)
    plan = plan_invoice(invoice, LADDER, (), customer, as_of=date(2026, 3, 2))
    assert (plan.step and plan.step.key, plan.on) == ("one", date(2026, 3, 17))
    assert plan.notes[0].code is Code.SKIPPED_BEFORE_ISSUE


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        # The reminder asked payment by 20 March: the next step comes on 21 March,
        # not on the policy's own day (20 March, 14 days after it).
        (StepTaken("F1", "one", date(2026, 3, 6), "email", date(2026, 3, 20)), date(2026, 3, 21)),
        # A deadline before the policy's day changes nothing.
        (StepTaken("F1", "one", date(2026, 3, 6), "email", date(2026, 3, 13)), date(2026, 3, 20)),
        # Recorded before deadlines were stored: its message said 14 days, to 20 March.
        (StepTaken("F1", "one", date(2026, 3, 6), "email"), date(2026, 3, 21)),
    ],
)
def test_the_next_step_waits_for_the_day_after_the_stated_deadline(
    taken: StepTaken, expected: date
) -> None:
    plan = plan_invoice(INVOICE, LADDER, (taken,), CUSTOMER, as_of=date(2026, 3, 30))
    assert plan.step is not None and plan.step.key == "two"
    assert plan.on == expected
