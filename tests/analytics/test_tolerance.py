"""The suggested tolerance (analytics/tolerance.py): at least 6 paid invoices, at least
90 % of them on their own, then the 90th percentile of their days late rounded up, at
most 30; the arithmetic of each case beside it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tijdig.analytics.habits import Paid, Part
from tijdig.analytics.tolerance import ToleranceSuggestion, suggest_tolerance

DUE = date(2026, 3, 2)


def _late(days: int, *, reminded: bool = False) -> Paid:
    paid_on = DUE + timedelta(days=days)
    steps = ((DUE + timedelta(days=1), "reminder"),) if reminded else ()
    return Paid(f"F{days}", DUE - timedelta(days=30), DUE, Decimal(100),
                (Part(paid_on, Decimal(100)),), steps)  # fmt: skip


# Days late 2 3 3 4 5 5 6 9, all on their own: h = 7 x 0.9 = 6.3, p90 = 6 + 0.3 x 3 = 6.9
REGULAR = [_late(d) for d in (2, 3, 3, 4, 5, 5, 6, 9)]


def test_a_regular_late_payer_gets_its_p90_rounded_up() -> None:
    assert suggest_tolerance(REGULAR, current=0) == ToleranceSuggestion(7, 8, 8, Decimal("6.9"))


@pytest.mark.parametrize(("current", "days"), [(0, 7), (5, 7), (6, 7), (7, None), (10, None)])
def test_nothing_is_suggested_that_the_customer_already_has(current: int, days: int | None) -> None:
    found = suggest_tolerance(REGULAR, current=current)
    assert (found.days if found else None) == days


def test_too_few_invoices_or_too_many_reminded_suggest_nothing() -> None:
    assert suggest_tolerance(REGULAR[:5], current=0) is None  # 5 < 6
    # One of 8 paid after a reminder: 7 / 8 = 0.875 < 0.9
    assert suggest_tolerance([*REGULAR[:7], _late(9, reminded=True)], current=0) is None
    # One of 10 after a reminder: 9 / 10 = 0.9, enough; the 9 on their own are
    # 2 3 3 4 5 5 6 1 1 -> sorted 1 1 2 3 3 4 5 5 6, h = 8 x 0.9 = 7.2: 5 + 0.2 x 1 = 5.2 -> 6
    ten = [*REGULAR[:7], _late(1), _late(1), _late(30, reminded=True)]
    assert suggest_tolerance(ten, current=0) == ToleranceSuggestion(6, 10, 9, Decimal("5.2"))


def test_on_time_payers_need_no_tolerance_and_very_late_ones_are_no_regulars() -> None:
    assert suggest_tolerance([_late(0)] * 6, current=0) is None  # p90 0
    # 0 0 0 0 0 1: h = 5 x 0.9 = 4.5: 0 + 0.5 x 1 = 0.5 -> 1 day, under 2: nothing
    assert suggest_tolerance([*[_late(0)] * 5, _late(1)], current=0) is None
    # 0 0 0 0 0 2: h = 4.5: 0 + 0.5 x 2 = 1 -> 1 day: nothing;
    # 0 0 0 0 2 2: h = 4.5: 2 + 0.5 x 0 = 2 -> 2 days
    assert suggest_tolerance([*[_late(0)] * 5, _late(2)], current=0) is None
    found = suggest_tolerance([*[_late(0)] * 4, *[_late(2)] * 2], current=0)
    assert found == ToleranceSuggestion(2, 6, 6, Decimal(2))
    # On their own but 40 days late: not within 30, so 0 of 6 count: nothing
    assert suggest_tolerance([_late(40)] * 6, current=0) is None
    # 9 of 10 within 30 (30 itself counts), one 45: h = 8 x 0.9 = 7.2 over
    # x0..x8 = 20 20 20 20 20 20 20 20 30: x7 + 0.2 x (x8 - x7) = 20 + 0.2 x 10 = 22
    nine = [*[_late(20)] * 8, _late(30), _late(45)]
    assert suggest_tolerance(nine, current=0) == ToleranceSuggestion(22, 10, 9, Decimal(22))


def test_with_its_own_longer_term_days_late_count_from_that_term() -> None:
    # Issued 30 days before the due date (term 30); the customer's own term is 40 days, so
    # it is late only after 10 more days: 2 3 3 4 5 5 6 9 late on 30 -> 0 0 0 0 0 0 0 0
    # on 40 (nothing to suggest); on its own term of 25 (shorter: ignored) the same as 30
    assert suggest_tolerance(REGULAR, current=0, own_term=40) is None
    assert suggest_tolerance(REGULAR, current=0, own_term=25) == suggest_tolerance(
        REGULAR, current=0)  # fmt: skip
    # own term 33: 0 0 0 1 2 2 3 6, h = 6.3: 3 + 0.3 x 3 = 3.9 -> 4 days
    assert suggest_tolerance(REGULAR, current=0, own_term=33) == ToleranceSuggestion(
        4, 8, 8, Decimal("3.9"))  # fmt: skip
