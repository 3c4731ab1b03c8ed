"""The forecast's payment dates from the risk model (issue 17 §3 with §2): each open
invoice's p10, p50, p90 are the model's quantile regressions of the days to payment.

A forecast made on D counts the invoices still open at the end of D, so each is scored on
D + 1 (its features: what happened before D + 1, that is by the end of D; the model's
training rows are likewise invoices still open at the start of their scoring day):
  p10, p50, p90 = D + 1 + the model's 0.1, 0.5, 0.9 quantiles of the days to payment.
An invoice the model's ledger does not hold (closed since without any allocation, so
left out of it) gets the `fallback` predictor's dates (the habits): `fell_back` counts
them.

Leakage is the caller's to rule out: the model must have been trained as of D or before
(services/risk/forecast.py refuses a later one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from tijdig.analytics.forecast import OpenInvoice, PaymentDatePredictor, Predicted
from tijdig.analytics.risk_features import History, Ints, day_number, features
from tijdig.analytics.risk_model import RiskModel


@dataclass(slots=True)
class ModelPredictor:
    """`invoice_id`: per index of `history`, the invoice's id (ascending)."""

    model: RiskModel
    history: History
    invoice_id: Ints
    fallback: PaymentDatePredictor
    fell_back: int = field(default=0, init=False)

    def predict(self, invoices: Sequence[OpenInvoice], as_of: date) -> list[Predicted]:
        ids = np.array([i.id for i in invoices], dtype=np.int64)
        at = np.searchsorted(self.invoice_id, ids)
        known = np.zeros(len(ids), dtype=np.bool_)
        if len(self.invoice_id):
            last = len(self.invoice_id) - 1
            known = (at <= last) & (self.invoice_id[np.minimum(at, last)] == ids)
        scored_on = as_of + timedelta(days=1)
        rows = at[known]
        found: dict[int, Predicted] = {}
        if len(rows):
            x = features(self.history, rows, np.full(len(rows), day_number(scored_on)),
                         late_days=self.model.late_days)  # fmt: skip
            days = self.model.days_to_pay(x)
            chosen = [i for i, k in zip(invoices, known.tolist(), strict=True) if k]
            for invoice, (d10, d50, d90) in zip(chosen, days.tolist(), strict=True):
                p10, p50, p90 = (scored_on + timedelta(days=int(d)) for d in (d10, d50, d90))
                found[invoice.id] = Predicted(invoice.id, invoice.amount, p10, p50, p90)
        others = [i for i, k in zip(invoices, known.tolist(), strict=True) if not k]
        self.fell_back = len(others)
        if others:
            found.update((q.invoice_id, q) for q in self.fallback.predict(others, as_of))
        return [found[i.id] for i in invoices]
