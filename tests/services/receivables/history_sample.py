"""A bookkeeper's 24 months of books, made by a seeded generator: a customer who paid late
in 10 of the last 12 months (and now and then before), one who always paid on time, each
with an invoice a month, some paid in two parts, and one open invoice each, not yet due."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from tijdig.domain.books import BookEntry, HistoryPayment
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Customer

LATE, PUNCTUAL = "L100", "P200"
CUSTOMERS = (Customer(LATE, "Laatbetaler B.V."), Customer(PUNCTUAL, "Stipt Installatie B.V."))
TERM = 30
OPEN_DUE_IN = 6  # days: the open invoices fall due after the as-of date


@dataclass(frozen=True, slots=True)
class Sample:
    entries: tuple[BookEntry, ...]
    late_invoices: int  # of the late customer's 24 paid invoices, how many paid late
    open_numbers: tuple[str, ...]

    def result(self) -> ImportResult[BookEntry]:
        """As a reader hands it over: line 2 onwards, one entry a line."""
        return ImportResult(self.entries, (), tuple(range(2, len(self.entries) + 2)))


def _month_start(as_of: date, back: int) -> date:
    index = as_of.year * 12 + as_of.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def books(as_of: date, *, seed: int) -> Sample:
    """24 months up to `as_of`: invoices issued so that each is paid in its own month."""
    rng = random.Random(seed)
    entries: list[BookEntry] = []
    recent_late = set(rng.sample(range(12), 10))  # of the last 12 months of payment
    late_invoices = 0
    for back in range(24, 0, -1):
        pay_month = _month_start(as_of, back - 1)  # 23 .. 0 months back: paid in that month
        for customer in (LATE, PUNCTUAL):
            late = customer == LATE and (
                back - 1 in recent_late if back <= 12 else rng.random() < 0.3
            )
            paid_on = pay_month + timedelta(days=rng.randint(0, 9))
            days_late = rng.randint(6, 20) if late else -rng.randint(0, 5)
            due = paid_on - timedelta(days=days_late)
            issued = due - timedelta(days=TERM)
            number = f"{issued.year}-{customer}-{back:02d}"
            total = Decimal(rng.randint(10_000, 500_000)) / 100
            entries.append(Invoice(number, customer, issued, due, total, open_amount=Decimal(0)))
            entries.extend(_payments(rng, number, customer, paid_on, total))
            late_invoices += late
    opened = []
    for customer in (LATE, PUNCTUAL):
        due = as_of + timedelta(days=OPEN_DUE_IN)
        number = f"{as_of.year}-{customer}-open"
        entries.append(
            Invoice(number, customer, due - timedelta(days=TERM), due, Decimal("750.00"))
        )
        opened.append(number)
    return Sample(tuple(entries), late_invoices, tuple(opened))


def _payments(
    rng: random.Random, number: str, customer: str, paid_on: date, total: Decimal
) -> list[HistoryPayment]:
    """One payment, or (one in four) a first part some days before the rest."""
    if rng.random() < 0.25:
        first = (total / 3).quantize(Decimal("0.01"))
        earlier = paid_on - timedelta(days=rng.randint(1, 5))
        return [
            HistoryPayment(number, earlier, first, customer, f"deel {number}"),
            HistoryPayment(number, paid_on, total - first, customer, f"rest {number}"),
        ]
    return [HistoryPayment(number, paid_on, total, customer, f"factuur {number}")]
