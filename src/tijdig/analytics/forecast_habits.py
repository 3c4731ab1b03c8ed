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


def quantile_sorted(values: Sequence[int], share: float, start: int = 0) -> float:
    """Of values[start:] (sorted), without copying it: with n its length,
    h = (n - 1) x share; x_floor(h) + (h - floor(h)) x (x_floor(h)+1 - x_floor(h))."""
    h = (len(values) - start - 1) * share
    low = int(h)
    high = min(low + 1, len(values) - start - 1)
    return values[start + low] + (h - low) * (values[start + high] - values[start + low])


def _days(pool: Sequence[int], start: int) -> tuple[int, int, int]:
    """The p10, p50, p90 of pool[start:], rounded half up to whole days."""
    p10, p50, p90 = (math.floor(quantile_sorted(pool, s, start) + 0.5) for s in SHARES)
    return p10, p50, p90


@dataclass(slots=True)
class HabitPredictor:
    """`delays`: per customer id, the delays of its invoices paid by `as_of`."""

    delays: Mapping[int, Sequence[int]]
    _own: dict[int, list[int]] = field(init=False)
    _company: list[int] = field(init=False)
    # p10, p50, p90 per (customer id, or -1 for the company's pool; days elapsed)
    _cache: dict[tuple[int, int], tuple[int, int, int]] = field(init=False)

    def __post_init__(self) -> None:
        self._cache = {}
        self._own = {c: sorted(d) for c, d in self.delays.items()}
        self._company = sorted(d for ds in self.delays.values() for d in ds)

    def pool(self, customer_id: int, elapsed: int) -> tuple[Sequence[int], int] | None:
        """Steps 1-3 of the module docstring: the sorted delays and where the ones
        longer than `elapsed` start (no copy: the company's are a million at scale)."""
        own = self._own.get(customer_id, [])
        base = own if len(own) >= MIN_HISTORY else self._company
        start = bisect_right(base, elapsed)
        if len(base) - start < MIN_CONDITIONED and base is not self._company:
            base, start = self._company, bisect_right(self._company, elapsed)
        return (base, start) if len(base) - start >= MIN_CONDITIONED else None

    def _quantiles(self, customer_id: int, elapsed: int) -> tuple[int, int, int] | None:
        found = self.pool(customer_id, elapsed)
        if found is None:
            return None
        base, start = found
        key = (-1 if base is self._company else customer_id, elapsed)
        if key not in self._cache:
            self._cache[key] = _days(base, start)
        return self._cache[key]

    def predict(self, invoices: Sequence[OpenInvoice], as_of: date) -> list[Predicted]:
        found = []
        for invoice in invoices:
            days = self._quantiles(invoice.customer_id, (as_of - invoice.due_date).days)
            if days is None:
                p10, p50, p90 = (as_of + timedelta(days=d) for d in STALE_DAYS)
            else:
                p10, p50, p90 = (invoice.due_date + timedelta(days=d) for d in days)
            found.append(Predicted(invoice.id, invoice.amount, p10, p50, p90))
        return found
