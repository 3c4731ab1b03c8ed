"""The risk model's features (analytics/risk_features.py): hand-computed on a small ledger,
and free of leakage: the features of day D are identical whether or not the input holds
what happened from D on."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from tests.analytics.second_generator import generate
from tijdig.analytics.risk_features import FEATURES, NEVER, History, features

D = date(2025, 6, 1).toordinal()


def _history() -> History:
    """Customer 0: three invoices paid (5 days late, on time, 40 days late), a fourth
    overdue and open, the fifth scored; customer 1: one invoice, paid very late."""
    issue = np.array([D - 200, D - 150, D - 120, D - 60, D - 10, D - 300])
    due = issue + 30
    paid = np.array([due[0] + 5, due[1] - 2, due[2] + 40, NEVER, NEVER, due[5] + 90])
    return History(
        customer=np.array([0, 0, 0, 0, 0, 1]), issue=issue, due=due,
        amount=np.array([100.0, 400.0, 250.0, 1000.0, 800.0, 50.0]), paid_on=paid,
        step_invoice=np.array([3, 3, 4]), step_day=np.array([D - 20, D - 5, D]),
        dispute_invoice=np.array([2]), dispute_opened=np.array([D - 100]),
        dispute_resolved=np.array([D - 90]),
        promise_customer=np.array([0, 0]), promise_day=np.array([D - 3, D + 3]),
        promise_broken=np.array([True, True]),
    )  # fmt: skip


def test_the_features_of_a_small_ledger_by_hand() -> None:
    [row] = features(_history(), np.array([4]), np.array([D]), late_days=30)
    got = dict(zip(FEATURES, row.tolist(), strict=True))
    usual = np.exp(np.mean(np.log([100.0, 400.0, 250.0, 1000.0])))  # issued before D
    assert got["days_past_due"] == 10 - 30  # issued 10 days ago, term 30
    assert got["term_days"] == 30
    assert got["log_amount"] == pytest.approx(np.log10(800))
    assert got["amount_ratio"] == pytest.approx(800 / usual, rel=1e-5)
    assert got["history_count"] == 3  # the fourth is open, the fifth is this one
    assert got["share_late"] == pytest.approx(2 / 3)
    assert got["average_days_late"] == pytest.approx((5 + 0 + 40) / 3)
    assert got["late_last_time"] == 1  # the last paid (40 days late) > N = 30
    assert got["overdue_open"] == 1  # the fourth: due 30 days ago, open
    assert got["broken_promises"] == 1  # the promise of D + 3 has not broken yet
    assert got["disputes"] == 1
    assert got["invoice_disputed"] == 0  # the dispute was on invoice 2, resolved
    assert got["steps_so_far"] == 0  # the step of day D itself is not known before D
    assert got["customer_age_days"] == 200
    [later] = features(_history(), np.array([4]), np.array([D + 1]), late_days=30)
    assert later[FEATURES.index("steps_so_far")] == 1
    [other] = features(_history(), np.array([5]), np.array([D - 300]), late_days=30)
    assert np.isnan(other[FEATURES.index("share_late")])  # no history: unknown, not 0
    assert np.isnan(other[FEATURES.index("late_last_time")])


@pytest.mark.parametrize("months", [9, 14, 22, 29])
def test_no_leakage_the_features_of_day_d_ignore_what_came_after(months: int) -> None:
    """Day D varies over the generated 30 months; every invoice issued by D is scored."""
    ledger = generate(customers=150, seed=months).history
    day = date(2024, 1, 1).toordinal() + months * 30
    scored = np.flatnonzero(ledger.issue <= day)
    days = np.full(len(scored), day)
    full = features(ledger, scored, days, late_days=30)
    known = ledger.before(day)
    assert known.size == len(scored) < ledger.size
    alone = features(known, np.arange(known.size), days, late_days=30)
    assert np.array_equal(full, alone, equal_nan=True)
    # And the check can fail: a payment made on D itself would change them.
    moved = ledger.paid_on.copy()
    open_on_d = scored[(ledger.paid_on[scored] >= day) & (ledger.due[scored] < day)]
    moved[open_on_d] = day - 1
    changed = History(**{**ledger.__dict__, "paid_on": moved})
    assert not np.array_equal(features(changed, scored, days, late_days=30), full,
                              equal_nan=True)  # fmt: skip
