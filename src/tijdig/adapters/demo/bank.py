"""Bank statements for the demo's latest payments: which days, which entries, balances.

With `DemoSpec.bank_days` > 0 the ledger holds back the EUR payments dated in the last
that many days up to the as-of date (`Held`): their invoices stay open and the money
arrives here instead, as the entries of one statement per bank business day (empty
days included, as a bank sends them) on the company's account, which starts at
EUR 25,000.00. A payment made on a weekend or a TARGET holiday is booked on the next
business day; one that would be booked after the as-of date is still underway and
appears nowhere (its invoice stays open). `noise.py` makes the entries look like a
real bank file's, and `review_cases.py` makes a handful need a person; `camt.py`
writes them as CAMT.053. Pure and deterministic.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tijdig.adapters.demo import noise, review_cases
from tijdig.adapters.demo.noise import Entry, Held, Party
from tijdig.domain.calendar import easter_sunday

OPENING_BALANCE = 2_500_000  # minor units, on the morning of the first statement day
_FIXED_CLOSED = frozenset({(1, 1), (5, 1), (12, 25), (12, 26)})


@dataclass(frozen=True, slots=True)
class Statement:
    """One day's statement: its entries in booking order, balances in minor units."""

    day: date
    opening: int
    entries: tuple[Entry, ...]

    @property
    def closing(self) -> int:
        return self.opening + sum(e.amount for e in self.entries)

    @property
    def sequence(self) -> int:
        """The electronic sequence number: year (two digits) and day of the year."""
        return self.day.year % 100 * 1000 + self.day.timetuple().tm_yday


@dataclass(frozen=True, slots=True)
class BankBook:
    """The statements of one account (the company's first), oldest first."""

    iban: str
    bic: str
    statements: tuple[Statement, ...]


def bank_open(day: date) -> bool:
    """A TARGET business day: no weekend, New Year, Good Friday, Easter Monday, 1 May,
    Christmas or Boxing Day (Dutch banks book on King's Day and Ascension Day)."""
    if day.weekday() >= 5 or (day.month, day.day) in _FIXED_CLOSED:
        return False
    easter = easter_sunday(day.year)
    return day not in (easter - timedelta(days=2), easter + timedelta(days=1))


def statement_days(as_of: date, bank_days: int) -> list[int]:
    """The business days (ordinals) in the last `bank_days` days up to `as_of`."""
    last = as_of.toordinal()
    return [d for d in range(last - bank_days + 1, last + 1) if bank_open(date.fromordinal(d))]


def booking_days(as_of: date, bank_days: int) -> dict[int, int | None]:
    """Each day of the window (ordinal) -> the day its payments are booked, or None
    when that is after `as_of` (the money is still underway)."""
    open_days = statement_days(as_of, bank_days)
    booking: dict[int, int | None] = {}
    for day in range(as_of.toordinal() - bank_days + 1, as_of.toordinal() + 1):
        booking[day] = next((d for d in open_days if d >= day), None)
    return booking


def plan_bank(
    seed: int,
    as_of: date,
    bank_days: int,
    account: tuple[str, str],
    held: Sequence[Held],
    party: Callable[[int], Party],
) -> BankBook:
    """The statements for the held payments, with the noise of a real bank file."""
    rng = random.Random(f"tijdig-demo-bank:{seed}:{as_of.isoformat()}:{bank_days}")
    days = statement_days(as_of, bank_days)
    entries = review_cases.credits(rng, noise.transfers(rng, held), party)
    entries += noise.costs(rng, days)
    return BankBook(*account, _statements(days, entries))


def _statements(days: list[int], entries: list[Entry]) -> tuple[Statement, ...]:
    """Entries by booking day, each with a unique bank reference; balances chained."""
    by_day: dict[int, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.booked):  # stable: credits, then costs
        by_day[entry.booked].append(entry)
    if set(by_day) - set(days):
        raise ValueError("an entry is booked on a day without a statement")
    statements: list[Statement] = []
    balance = OPENING_BALANCE
    for day in days:
        when = date.fromordinal(day)
        dated = tuple(
            replace(e, bank_ref=f"DEMO{when:%y%m%d}{n:06d}")
            for n, e in enumerate(by_day.get(day, []), 1)
        )
        statements.append(Statement(when, balance, dated))
        balance = statements[-1].closing
    return tuple(statements)
