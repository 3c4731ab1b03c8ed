"""Aging of open receivables in buckets of days past due, per currency.

The open items of customers in hardship (debt counselling, WSNP, bankruptcy, death:
domain/hardship.py) are not in the buckets: they are on an insolvency line of their
own, counted in the total (nothing is written off) but not in what is overdue, since
they are not collected while the status lasts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

NOT_DUE = "not_due"
BUCKETS: tuple[str, ...] = (NOT_DUE, "1-30", "31-60", "61-90", "90+")
BUCKET_LABELS = {
    NOT_DUE: "not yet due",
    "1-30": "1-30 days",
    "31-60": "31-60 days",
    "61-90": "61-90 days",
    "90+": "over 90 days",
}


def bucket_of(due_date: date, as_of: date) -> str:
    """Days past due are as-of minus the due date; on the due date itself it is not yet due."""
    days = (as_of - due_date).days
    if days <= 0:
        return NOT_DUE
    if days <= 30:
        return "1-30"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "90+"


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An open amount: positive for an invoice, negative for an unsettled credit; or the
    sum of `count` such amounts with the same due date and currency (summed in SQL).
    `insolvent`: of a customer whose hardship status is active on the report's day."""

    due_date: date
    currency: str
    amount: Decimal
    count: int = 1
    insolvent: bool = False


@dataclass(slots=True)
class Aging:
    """Open amounts of one currency, per bucket, and on the insolvency line."""

    currency: str
    buckets: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(BUCKETS, Decimal(0)))
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))
    insolvency: Decimal = Decimal(0)
    insolvency_count: int = 0

    @property
    def total(self) -> Decimal:
        """Everything open, the insolvency line included."""
        return sum(self.buckets.values(), Decimal(0)) + self.insolvency

    @property
    def overdue(self) -> Decimal:
        """Open and past due in the buckets: the insolvency line is not collected."""
        return sum((self.buckets[b] for b in BUCKETS if b != NOT_DUE), Decimal(0))


def age(items: Iterable[OpenItem], *, as_of: date) -> list[Aging]:
    """Aging per currency, currencies in alphabetical order (EUR amounts are never mixed)."""
    per_currency: dict[str, Aging] = {}
    for item in items:
        aging = per_currency.setdefault(item.currency, Aging(item.currency))
        if item.insolvent:
            aging.insolvency += item.amount
            aging.insolvency_count += item.count
            continue
        bucket = bucket_of(item.due_date, as_of)
        aging.buckets[bucket] += item.amount
        aging.counts[bucket] += item.count
    return [per_currency[c] for c in sorted(per_currency)]
