"""The forecast's model predictor (analytics/forecast_model.py) with a stand-in model: the
days to payment are counted from the day after the forecast's day, the features are those
of that day, and invoices the ledger does not hold get the fallback's dates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import cast

import numpy as np

from tijdig.analytics.forecast import OpenInvoice, Predicted
from tijdig.analytics.forecast_model import ModelPredictor
from tijdig.analytics.risk_features import FEATURES, Floats, History, empty_history
from tijdig.analytics.risk_model import RiskModel

DAY = date(2026, 5, 12)
PAST_DUE = FEATURES.index("days_past_due")


class _Stub:
    """p10, p50, p90 = 1, 2 and 3 x the days past due on the scoring day (at least 0)."""

    late_days = 30

    def days_to_pay(self, x: Floats) -> Floats:
        past = np.maximum(x[:, PAST_DUE], 0)
        return np.column_stack([past, 2 * past, 3 * past])


class _Habits:
    def predict(self, invoices: list[OpenInvoice], as_of: date) -> list[Predicted]:
        far = as_of + timedelta(days=99)
        return [Predicted(i.id, i.amount, far, far, far) for i in invoices]


def _history(dues: list[date]) -> History:
    n = len(dues)
    empty = empty_history()
    issue = np.array([d.toordinal() - 30 for d in dues], dtype=np.int64)
    return History(
        customer=np.zeros(n, dtype=np.int64), issue=issue,
        due=np.array([d.toordinal() for d in dues], dtype=np.int64),
        amount=np.full(n, 100.0), paid_on=np.full(n, 10**7, dtype=np.int64),
        step_invoice=empty.step_invoice, step_day=empty.step_day,
        dispute_invoice=empty.dispute_invoice, dispute_opened=empty.dispute_opened,
        dispute_resolved=empty.dispute_resolved, promise_customer=empty.promise_customer,
        promise_day=empty.promise_day, promise_broken=empty.promise_broken,
    )  # fmt: skip


def test_the_model_days_count_from_the_day_after_and_unknown_invoices_fall_back() -> None:
    dues = [DAY - timedelta(days=9), DAY + timedelta(days=5)]
    predictor = ModelPredictor(cast(RiskModel, _Stub()), _history(dues),
                               np.array([11, 15], dtype=np.int64), _Habits())  # fmt: skip
    invoices = [OpenInvoice(15, 1, dues[1], Decimal(1)), OpenInvoice(12, 1, DAY, Decimal(2)),
                OpenInvoice(11, 1, dues[0], Decimal(3))]  # fmt: skip
    found = predictor.predict(invoices, DAY)
    after = DAY + timedelta(days=1)  # scored on the 13th: 10 days past due for 11
    assert [q.invoice_id for q in found] == [15, 12, 11]
    assert found[0] == Predicted(15, Decimal(1), after, after, after)  # not yet due: 0 days
    assert found[1] == Predicted(12, Decimal(2), *[DAY + timedelta(days=99)] * 3)
    assert found[2] == Predicted(
        11,
        Decimal(3),
        after + timedelta(days=10),
        after + timedelta(days=20),
        after + timedelta(days=30),
    )
    assert predictor.fell_back == 1


def test_an_empty_ledger_leaves_everything_to_the_fallback() -> None:
    predictor = ModelPredictor(cast(RiskModel, _Stub()), empty_history(),
                               np.zeros(0, dtype=np.int64), _Habits())  # fmt: skip
    found = predictor.predict([OpenInvoice(1, 1, DAY, Decimal(5))], DAY)
    assert found[0].p50 == DAY + timedelta(days=99) and predictor.fell_back == 1
