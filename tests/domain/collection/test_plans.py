"""Payment plans: the schedule, the company's limits, the life of a plan, what it may
include by the law of the claim, and when a plan instalment counts as missed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tijdig.domain.collection.plan_rules import (
    ClaimedOnInvoices,
    MissedInstalment,
    Reminded,
    is_paid,
    missed_instalment,
    owed_claims,
)
from tijdig.domain.collection.plans import (
    Frequency,
    IllegalPlanTransition,
    PaymentPlan,
    PlanInstalment,
    PlanLimits,
    PlanStatus,
    add_months,
    build_schedule,
    check_transition,
    initial_status,
    limit_reasons,
)
from tijdig.domain.errors import InvalidValue
from tijdig.domain.legal import law_for, law_of_claim
from tijdig.domain.money import Money
from tijdig.domain.reasons import Code, reason

D = Decimal
MADE = date(2026, 3, 2)


def plan(total: str = "1000.00", count: int = 4, *, first: date = date(2026, 3, 16),
         deposit: str | None = None, **changes: object) -> PaymentPlan:  # fmt: skip
    parts = build_schedule(D(total), count, first, deposit=D(deposit) if deposit else None)
    fields: dict[str, object] = {
        "customer_number": "C1", "reference": "PL-1", "invoice_numbers": ("F-1", "F-2"),
        "currency": "EUR", "principal": D(total), "costs": D(0), "interest": D(0),
        "instalments": parts, "made_on": MADE,
    }  # fmt: skip
    fields.update(changes)
    return PaymentPlan(**fields)  # type: ignore[arg-type]


def test_a_total_is_split_equally_with_the_remainder_on_the_last() -> None:
    parts = build_schedule(D("100.00"), 3, date(2026, 1, 31))
    assert [(p.number, p.due_on, p.amount) for p in parts] == [
        (1, date(2026, 1, 31), D("33.33")),
        (2, date(2026, 2, 28), D("33.33")),
        (3, date(2026, 3, 31), D("33.34")),
    ]


def test_a_deposit_comes_first_and_the_rest_is_split() -> None:
    parts = build_schedule(D("1000.00"), 3, date(2026, 4, 1), deposit=D("100.00"),
                           deposit_on=date(2026, 3, 20), frequency=Frequency.WEEKLY)  # fmt: skip
    assert [(p.number, p.due_on, p.amount, p.is_deposit) for p in parts] == [
        (0, date(2026, 3, 20), D("100.00"), True),
        (1, date(2026, 4, 1), D("300.00"), False),
        (2, date(2026, 4, 8), D("300.00"), False),
        (3, date(2026, 4, 15), D("300.00"), False),
    ]


@pytest.mark.parametrize(
    ("total", "count", "deposit", "field"),
    [("0.00", 1, None, "total"), ("10.005", 1, None, "total"), ("0.02", 3, None, "instalments"),
     ("100.00", 0, None, "instalments"), ("100.00", 2, "100.00", "deposit")],
)  # fmt: skip
def test_a_schedule_that_cannot_be_is_refused(
    total: str, count: int, deposit: str | None, field: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        build_schedule(D(total), count, MADE, deposit=D(deposit) if deposit else None)
    assert refused.value.field == field


amounts = st.decimals(min_value=D("1.00"), max_value=D("250000"), places=2)


@given(amounts, st.integers(1, 36), st.dates(date(2024, 1, 1), date(2030, 12, 31)),
       st.sampled_from(Frequency), st.integers(0, 50))  # fmt: skip
def test_a_schedule_adds_up_to_the_cent_in_order(
    total: Decimal, count: int, first: date, frequency: Frequency, share: int
) -> None:
    deposit = (total * share / 100).quantize(D("0.01")) if share > 0 else None
    if deposit is not None and not 0 < deposit < total:
        deposit = None
    if (total - (deposit or 0)) / count < D("0.01"):
        return
    parts = build_schedule(total, count, first, frequency=frequency, deposit=deposit)
    assert sum(p.amount for p in parts) == total
    assert all(p.amount == p.amount.quantize(D("0.01")) for p in parts)
    days = [p.due_on for p in parts]
    assert days == sorted(days)
    assert len({p.due_on for p in parts if not p.is_deposit}) == count
    plain = [p.amount for p in parts if not p.is_deposit]
    assert max(plain) - min(plain) < D("0.01") * count  # equal but for the remainder
    limits = PlanLimits(max_instalments=count, min_instalment=min(plain), max_months=36)
    made = PaymentPlan("C1", "PL-1", ("F-1",), "EUR", total, D(0), D(0), parts, first)
    assert limit_reasons(made, limits) == ()


def test_a_plan_within_the_limits_is_offered_at_once() -> None:
    inside = plan()
    assert limit_reasons(inside, PlanLimits()) == ()
    assert initial_status(limit_reasons(inside, PlanLimits())) is PlanStatus.OFFERED


def test_every_limit_a_plan_passes_is_said() -> None:
    limits = PlanLimits(max_instalments=3, min_instalment=D("300"), max_months=2,
                        deposit_required=True)  # fmt: skip
    outside = plan("1000.00", 4)
    assert limit_reasons(outside, limits) == (
        reason(Code.PLAN_TOO_MANY_INSTALMENTS, count=4, most=3),
        reason(Code.PLAN_INSTALMENT_TOO_SMALL, amount=Money("EUR", D("250.00")),
               least=Money("EUR", D("300"))),
        reason(Code.PLAN_TOO_LONG, last=date(2026, 6, 16), latest=date(2026, 5, 2), months=2),
        reason(Code.PLAN_DEPOSIT_REQUIRED),
    )  # fmt: skip
    assert initial_status(limit_reasons(outside, limits)) is PlanStatus.PROPOSED


def test_the_deposit_is_not_held_to_the_smallest_instalment() -> None:
    limits = PlanLimits(min_instalment=D("200"), deposit_required=True)
    assert limit_reasons(plan("1000.00", 4, deposit="50.00"), limits) == ()


def test_a_plan_must_add_up_and_fall_in_order() -> None:
    with pytest.raises(InvalidValue, match="add up"):
        plan(costs=D("40.00"))
    early = (PlanInstalment(1, date(2026, 3, 1), D("1000.00")),)
    with pytest.raises(InvalidValue, match="in order"):
        plan(instalments=early)
    with pytest.raises(InvalidValue, match="twice"):
        plan(invoice_numbers=("F-1", "F-1"))


@pytest.mark.parametrize(
    ("current", "wanted", "allowed"),
    [(PlanStatus.PROPOSED, PlanStatus.OFFERED, True),
     (PlanStatus.PROPOSED, PlanStatus.IN_FORCE, False),
     (PlanStatus.OFFERED, PlanStatus.IN_FORCE, True),
     (PlanStatus.IN_FORCE, PlanStatus.BROKEN, True),
     (PlanStatus.IN_FORCE, PlanStatus.OFFERED, False),
     (PlanStatus.KEPT, PlanStatus.CANCELLED, False),
     (PlanStatus.CANCELLED, PlanStatus.OFFERED, False)],
)  # fmt: skip
def test_a_plan_moves_only_as_the_table_allows(
    current: PlanStatus, wanted: PlanStatus, allowed: bool
) -> None:
    if allowed:
        check_transition(current, wanted)
    else:
        with pytest.raises(IllegalPlanTransition):
            check_transition(current, wanted)


def test_a_plan_is_in_force_only_once_accepted() -> None:
    assert not plan(status=PlanStatus.OFFERED).is_in_force(date(2026, 3, 10))
    accepted = plan(status=PlanStatus.IN_FORCE, accepted_on=date(2026, 3, 5))
    assert not accepted.is_in_force(date(2026, 3, 4))
    assert accepted.is_in_force(date(2026, 3, 5))


CLAIMED = ClaimedOnInvoices(costs=D("75.00"), interest=D("12.40"))
NOTHING = ClaimedOnInvoices()
NL, BE = law_for("NL"), law_for("BE")


@pytest.mark.parametrize(
    ("law", "consumer", "costs_from", "clause", "owed"),
    [(NL, False, None, False, CLAIMED),
     (BE, False, None, False, CLAIMED),
     (NL, True, None, False, ClaimedOnInvoices(D(0), D("12.40"))),  # no 14-day letter yet
     (NL, True, date(2026, 3, 3), False, ClaimedOnInvoices(D(0), D("12.40"))),  # term runs
     (NL, True, date(2026, 3, 2), False, CLAIMED),  # the term ended the day before
     (BE, True, date(2026, 3, 2), False, NOTHING),  # no valid clause
     (BE, True, date(2026, 3, 3), True, NOTHING),  # the first reminder's term runs
     (BE, True, date(2026, 3, 2), True, CLAIMED),
     (None, False, None, False, NOTHING)],
)  # fmt: skip
def test_a_plan_includes_costs_and_interest_only_where_owed(
    law: object, consumer: bool, costs_from: date | None, clause: bool, owed: ClaimedOnInvoices
) -> None:
    found = owed_claims(law, CLAIMED, consumer=consumer, costs_from=costs_from,  # type: ignore[arg-type]
                        on=MADE, valid_clause=clause)  # fmt: skip
    assert found == owed


def test_the_plan_states_the_dutch_order_of_payment_and_no_belgian_one() -> None:
    assert law_of_claim("NL").PLAN_PAYMENT_ORDER  # type: ignore[union-attr]
    assert law_of_claim("BE").PLAN_PAYMENT_ORDER == ""  # type: ignore[union-attr]


# Thu 2026-04-02: the next working day is Tue 04-07 in NL (Good Friday and Easter
# Monday), Fri 04-03 in BE (Easter Monday only).
def easter_plan() -> PaymentPlan:
    parts = build_schedule(D("300.00"), 3, date(2026, 4, 2))
    return plan("300.00", 3, instalments=parts)


@pytest.mark.parametrize(
    ("country", "last_statement", "missed"),
    [("NL", date(2026, 4, 3), None),  # Good Friday: no statement counts yet
     ("NL", date(2026, 4, 6), None),
     ("NL", date(2026, 4, 7), (date(2026, 4, 7), date(2026, 4, 8))),
     ("BE", date(2026, 4, 2), None),
     ("BE", date(2026, 4, 3), (date(2026, 4, 3), date(2026, 4, 7))),
     ("NL", None, None)],
)  # fmt: skip
def test_an_instalment_counts_as_missed_once_the_next_working_days_statement_is_booked(
    country: str, last_statement: date | None, missed: tuple[date, date] | None
) -> None:
    found = missed_instalment(easter_plan(), [], last_statement_on=last_statement,
                              country=country)  # fmt: skip
    if missed is None:
        assert found is None
    else:
        assert found is not None
        assert (found.counted_on, found.call_on) == missed
        assert (found.instalment.number, found.short) == (1, D("100.00"))


def test_a_payment_booked_by_the_next_working_day_keeps_the_instalment() -> None:
    paid_late = [(date(2026, 4, 8), D("100.00"))]
    on_time = [(date(2026, 4, 7), D("100.00"))]
    on = date(2026, 4, 20)
    assert missed_instalment(easter_plan(), on_time, last_statement_on=on, country="NL") is None
    late = missed_instalment(easter_plan(), paid_late, last_statement_on=on, country="NL")
    assert late is not None and late.instalment.number == 1
    short = missed_instalment(easter_plan(), [(date(2026, 4, 2), D("150.00"))],
                              last_statement_on=date(2026, 5, 4), country="NL")  # fmt: skip
    assert short is not None and (short.instalment.number, short.short) == (2, D("50.00"))


def test_a_reminded_instalment_is_judged_by_its_new_day_and_then_breaks_the_plan() -> None:
    """Plan instalment 1 (Thu 04-02) reminded to be paid by Fri 04-10: judged once the
    statement of Mon 04-13 is booked; paid by then, the plan goes on to the next one."""
    reminded = Reminded(1, date(2026, 4, 10))

    def judged(payments: list[tuple[date, D]], last: date) -> MissedInstalment | None:
        return missed_instalment(easter_plan(), payments, last_statement_on=last,
                                 country="NL", reminded=reminded)  # fmt: skip

    assert judged([], date(2026, 4, 10)) is None  # Monday's statement not booked yet
    broken = judged([(date(2026, 4, 14), D("100.00"))], date(2026, 4, 13))
    assert broken is not None and broken.after_reminder
    assert (broken.instalment.number, broken.counted_on) == (1, date(2026, 4, 13))
    paid = [(date(2026, 4, 13), D("100.00"))]
    assert judged(paid, date(2026, 4, 30)) is None
    second = judged(paid, date(2026, 5, 4))  # instalment 2 (Sat 05-02), counted Mon 05-04
    assert second is not None and not second.after_reminder
    assert second.instalment.number == 2


def test_a_plan_is_paid_once_the_payments_reach_its_total() -> None:
    assert not is_paid(easter_plan(), [(date(2026, 4, 2), D("299.99"))])
    assert is_paid(easter_plan(), [(date(2026, 4, 2), D("200")), (date(2026, 5, 4), D("100"))])


def test_months_are_added_to_the_last_day_of_a_shorter_month() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
