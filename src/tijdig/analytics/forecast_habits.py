"""The forecast's default payment-date predictor: each customer's habit (issue 17 §3).

A paid invoice's delay is the days from its due date to the day its last money came in,
signed (paying early counts: it moves money into an earlier week). For an open invoice on
`as_of`, with e = as_of - due date (negative before the due date):
  1. the pool is the customer's delays when it has at least `MIN_HISTORY` paid invoices,
     else every customer's of the company (the company-wide distribution);
  2. the invoice is still open on `as_of`, so its delay is more than e: the pool keeps
     the delays d > e (the delay conditioned on not having paid yet);
  3. too few left (under `MIN_CONDITIONED`): the company's delays d > e; still too few
     (older than nearly everything ever paid): p10, p50, p90 = as_of + `STALE_DAYS`;
  4. p10, p50, p90 = due date + the 10th, 50th, 90th percentile of the pool, rounded half
     up to whole days (linear interpolation between order statistics, as habits.quantile).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from tijdig.analytics.forecast import OpenInvoice, Predicted

MIN_HISTORY = 5
MIN_CONDITIONED = 3
# An invoice older than the company's history: rarely paid soon, sometimes in months,
# often never; its money is put mostly beyond the 13 weeks.
STALE_DAYS = (14, 60, 180)
SHARES = (0.1, 0.5, 0.9)


def quantile_sorted(values: Sequence[int], share: float) -> float:
    """h = (n - 1) x share; x_floor(h) + (h - floor(h)) x (x_floor(h)+1 - x_floor(h))."""
    h = (len(values) - 1) * share
    low = int(h)
    high = min(low + 1, len(values) - 1)
    return values[low] + (h - low) * (values[high] - values[low])


def _after(pool: Sequence[int], elapsed: int) -> Sequence[int]:
    return pool[bisect_right(pool, elapsed) :]


def _days(pool: Sequence[int]) -> tuple[int, int, int]:
    """The pool's p10, p50, p90, rounded half up to whole days."""
    p10, p50, p90 = (math.floor(quantile_sorted(pool, s) + 0.5) for s in SHARES)
    return p10, p50, p90


@dataclass(slots=True)
class HabitPredictor:
    """`delays`: per customer id, the delays of its invoices paid by `as_of`."""

    delays: Mapping[int, Sequence[int]]
    _own: dict[int, list[int]] = field(init=False)
    _company: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self._own = {c: sorted(d) for c, d in self.delays.items()}
        self._company = sorted(d for ds in self.delays.values() for d in ds)

    def pool(self, customer_id: int, elapsed: int) -> Sequence[int] | None:
        """Steps 1-3 of the module docstring: the delays to take the percentiles of."""
        own = self._own.get(customer_id, [])
        base = own if len(own) >= MIN_HISTORY else self._company
        left = _after(base, elapsed)
        if len(left) < MIN_CONDITIONED and base is not self._company:
            left = _after(self._company, elapsed)
        return left if len(left) >= MIN_CONDITIONED else None

    def predict(self, invoices: Sequence[OpenInvoice], as_of: date) -> list[Predicted]:
        found = []
        cache: dict[tuple[int, int], tuple[int, int, int] | None] = {}
        for invoice in invoices:
            elapsed = (as_of - invoice.due_date).days
            key = (invoice.customer_id, elapsed)
            if key not in cache:
                left = self.pool(*key)
                cache[key] = None if left is None else _days(left)
            days = cache[key]
            if days is None:
                p10, p50, p90 = (as_of + timedelta(days=d) for d in STALE_DAYS)
            else:
                p10, p50, p90 = (invoice.due_date + timedelta(days=d) for d in days)
            found.append(Predicted(invoice.id, invoice.amount, p10, p50, p90))
        return found
