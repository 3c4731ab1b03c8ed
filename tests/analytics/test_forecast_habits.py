"""The habits predictor's percentiles by hand (analytics/forecast_habits.py)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tijdig.analytics.forecast import OpenInvoice
from tijdig.analytics.forecast_habits import STALE_DAYS, HabitPredictor, quantile_sorted

DUE = date(2026, 4, 10)


def _one(predictor: HabitPredictor, customer: int, as_of: date) -> tuple[int, int, int]:
    [p] = predictor.predict([OpenInvoice(1, customer, DUE, Decimal(50))], as_of)
    assert p.amount == Decimal(50)
    return (p.p10 - DUE).days, (p.p50 - DUE).days, (p.p90 - DUE).days


def test_quantile_interpolates_between_order_statistics() -> None:
    # n = 5: h = 4 x 0.1 = 0.4 -> 0 + 0.4 x (2 - 0) = 0.8; h = 2 -> 5; h = 3.6 -> 9 + 0.6 x 11
    values = [0, 2, 5, 9, 20]
    assert quantile_sorted(values, 0.1) == 0.8
    assert quantile_sorted(values, 0.5) == 5
    assert quantile_sorted(values, 0.9) == pytest.approx(15.6)


def test_a_customer_with_history_is_predicted_from_its_own_delays() -> None:
    # own delays -3, 0, 2, 4, 10 (not yet due on as_of: all count):
    # p10: h = 0.4 -> -3 + 0.4 x 3 = -1.8 -> -2; p50 = 2; p90: h = 3.6 -> 4 + 0.6 x 6 = 7.6 -> 8
    predictor = HabitPredictor({1: [4, -3, 10, 0, 2], 2: [30] * 20})
    assert _one(predictor, 1, DUE - timedelta(days=20)) == (-2, 2, 8)


def test_little_history_falls_back_to_the_company() -> None:
    # customer 3 has 4 paid invoices (< 5): the pool is all 4 + 5 = 9 delays
    # 0,0,0,0,1,2,3,4,5: p10 h = 0.8 -> 0; p50 h = 4 -> 1; p90 h = 7.2 -> 4 + 0.2 = 4.2 -> 4
    predictor = HabitPredictor({3: [0, 0, 0, 0], 4: [1, 2, 3, 4, 5]})
    assert _one(predictor, 3, DUE - timedelta(days=1)) == (0, 1, 4)
    assert _one(predictor, 99, DUE - timedelta(days=1)) == (0, 1, 4)  # no history at all


def test_an_overdue_invoice_is_conditioned_on_not_having_paid() -> None:
    # 15 days overdue: of 1, 3, 5, 8, 16, 20, 30, 45 only 16, 20, 30, 45 remain;
    # p10: h = 0.3 -> 16 + 0.3 x 4 = 17.2 -> 17; p50: h = 1.5 -> 25; p90: h = 2.7 -> 40.5 -> 41
    predictor = HabitPredictor({1: [1, 3, 5, 8, 16, 20, 30, 45]})
    assert _one(predictor, 1, DUE + timedelta(days=15)) == (17, 25, 41)
    # on the due date: still unpaid, so a delay of 0 or less is gone; all eight are > 0
    assert _one(predictor, 1, DUE)[1] == round(quantile_sorted([1, 3, 5, 8, 16, 20, 30, 45], 0.5))


def test_too_few_left_after_conditioning_uses_the_company_then_the_stale_rule() -> None:
    own = [1, 2, 3, 4, 40]
    others = [50, 60, 70, 80]
    predictor = HabitPredictor({1: own, 2: others})
    # 35 days late: own keeps [40] (1 < 3); the company keeps 40, 50, 60, 70, 80
    assert _one(predictor, 1, DUE + timedelta(days=35)) == (44, 60, 76)
    # 75 days late: the company keeps [80]: stale, counted from as_of
    as_of = DUE + timedelta(days=75)
    [p] = predictor.predict([OpenInvoice(1, 1, DUE, Decimal(1))], as_of)
    assert (p.p10, p.p50, p.p90) == tuple(as_of + timedelta(days=d) for d in STALE_DAYS)
