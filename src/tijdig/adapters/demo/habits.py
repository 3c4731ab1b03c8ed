"""Payment habits: how a demo customer settles each invoice.

Dates are proleptic ordinals (`date.toordinal()`) and amounts integer minor units, so
the million-invoice hot path does plain integer arithmetic. A settlement is a list of
events `(day, amount, is_credit)`: a payment, or a credit note that settles part of the
invoice. Events after the as-of date are dropped by the caller; what they would have
settled stays open.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum

Event = tuple[int, int, bool]  # (ordinal day, amount in minor units, is a credit note)


class Habit(StrEnum):
    ON_TIME = "on_time"
    OWN_TERM = "own_term"  # pays on its own, longer term (S3-4)
    AFTER_REMINDER = "after_reminder"
    CHRONIC = "chronically_late"
    DISPUTES = "disputes"
    DEFAULTS = "defaults"  # stops paying at some point


BUSINESS_MIX: tuple[tuple[Habit, int], ...] = (
    (Habit.ON_TIME, 38), (Habit.OWN_TERM, 15), (Habit.AFTER_REMINDER, 22),
    (Habit.CHRONIC, 10), (Habit.DISPUTES, 8), (Habit.DEFAULTS, 7),
)  # fmt: skip
CONSUMER_MIX: tuple[tuple[Habit, int], ...] = (
    (Habit.ON_TIME, 50), (Habit.AFTER_REMINDER, 30), (Habit.CHRONIC, 10),
    (Habit.DISPUTES, 4), (Habit.DEFAULTS, 6),
)  # fmt: skip
PARTIAL_SHARE = 0.05  # invoices paid in two parts
CREDIT_SHARE = 0.02  # invoices partly credited (returns, price corrections)
DISPUTE_SHARE = 0.2  # of a disputing customer's invoices


@dataclass(frozen=True, slots=True)
class Payer:
    """What drives one customer's payments."""

    habit: Habit
    own_term: int = 0  # days after the issue date, for OWN_TERM
    default_from: int | None = None  # ordinal day from which nothing is paid any more


def between(rng: random.Random, low: int, high: int) -> int:
    """A whole number from `low` to `high` inclusive; `randint` is several times slower."""
    return low + int(rng.random() * (high - low + 1))


def pick_habit(rng: random.Random, *, consumer: bool) -> Habit:
    mix = CONSUMER_MIX if consumer else BUSINESS_MIX
    return rng.choices([h for h, _ in mix], weights=[w for _, w in mix])[0]


def settlement(rng: random.Random, payer: Payer, issue: int, due: int, payable: int) -> list[Event]:
    """The events that settle an invoice, in date order, before the as-of cut."""
    if payer.habit is Habit.DISPUTES and rng.random() < DISPUTE_SHARE:
        events = _disputed(rng, due, payable)
    else:
        events = _ordinary(rng, payer, issue, due, payable)
    if payer.default_from is not None:
        return [e for e in events if e[0] < payer.default_from]
    return events


def pay_day(rng: random.Random, payer: Payer, issue: int, due: int) -> int:
    """When this payer pays an invoice in full; never before the day after issue."""
    habit = payer.habit
    if habit is Habit.ON_TIME:
        day = due + between(rng, -12, 1)
    elif habit is Habit.OWN_TERM:
        day = issue + payer.own_term + between(rng, -3, 2)
    elif habit is Habit.AFTER_REMINDER:
        day = due + (between(rng, 10, 20) if rng.random() < 0.75 else between(rng, -3, 4))
    elif habit is Habit.CHRONIC:
        day = due + between(rng, 30, 90)
    elif habit is Habit.DISPUTES:
        day = due + between(rng, -2, 15)
    else:
        day = due + between(rng, 5, 40)
    return max(day, issue + 1)


def _ordinary(rng: random.Random, payer: Payer, issue: int, due: int, payable: int) -> list[Event]:
    events: list[Event] = []
    if rng.random() < CREDIT_SHARE:
        credit = payable * between(rng, 10, 50) // 100
        events.append((issue + between(rng, 3, 20), credit, True))
        payable -= credit
    day = max(pay_day(rng, payer, issue, due), events[0][0] if events else 0)
    if rng.random() < PARTIAL_SHARE:
        first = payable * between(rng, 30, 70) // 100
        events.append((day, first, False))
        events.append((day + between(rng, 10, 45), payable - first, False))
    else:
        events.append((day, payable, False))
    return events


def _disputed(rng: random.Random, due: int, payable: int) -> list[Event]:
    """Long open, then credited in full, credited in part and paid, or paid very late."""
    roll = rng.random()
    if roll < 0.4:
        return [(due + between(rng, 30, 150), payable, True)]
    if roll < 0.7:
        credit = payable * between(rng, 20, 60) // 100
        day = due + between(rng, 20, 120)
        return [(day, credit, True), (day + between(rng, 5, 30), payable - credit, False)]
    return [(due + between(rng, 60, 200), payable, False)]
