"""The customer's own tolerance, suggested from its habit (issue 17, S3-4): a regular
customer who pays on its own, a little late, is left alone until then.

The rule, over the customer's paid invoices (analytics/habits.py):
- at least `MIN_INVOICES` (6) of them, and
- at least `MIN_SHARE` (90 %) paid on their own within `CAP_DAYS` (30) days late: no
  reminder after the due date, no plan, no agency, and at most 30 days late (a customer
  who pays on its own but months late is no regular: the run keeps reminding it);
- then the tolerance is the 90th percentile of the days late of those invoices
  (habits.quantile), rounded up to a whole day (at most 30, as each of them is).
Days late count from the due date, or from the customer's own longer payment term, as
the engine counts the tolerance (`days_past_term`).
Nothing is suggested under `MIN_DAYS` (2: a day's tolerance changes nothing that the
run's contact days do not) or when it is not more than the tolerance the customer has.
A person accepts or dismisses the suggestion; once accepted, the engine counts after-due
steps from the due date plus that tolerance (engine/schedule.py `shifted_due`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from tijdig.analytics.habits import How, Paid, quantile, settled_how

MIN_INVOICES = 6
MIN_SHARE = Decimal("0.9")
PERCENTILE = Decimal("0.9")
CAP_DAYS = 30
MIN_DAYS = 2


@dataclass(frozen=True, slots=True)
class ToleranceSuggestion:
    """Suggest `days` of tolerance: `on_own` of `invoices` paid on their own within 30
    days late, the 90th percentile of their days late `p90` (before rounding up)."""

    days: int
    invoices: int
    on_own: int
    p90: Decimal


def days_past_term(item: Paid, own_term: int | None) -> int:
    """Days late counted as the engine counts the tolerance: from the due date, or from
    the customer's own (longer) payment term when it has one (engine/schedule.py
    `shifted_due`), never below 0."""
    due = item.due_date
    if own_term is not None:
        due = max(due, item.issue_date + timedelta(days=own_term))
    return max(0, (item.paid_on - due).days)


def suggest_tolerance(
    paid: Sequence[Paid], *, current: int, own_term: int | None = None
) -> ToleranceSuggestion | None:
    """The suggestion by the rule above; None when the habit does not call for one. With
    the customer's own payment term, days late count from it (`days_past_term`)."""
    if len(paid) < MIN_INVOICES:
        return None
    late = [(p, days_past_term(p, own_term)) for p in paid]
    own = [d for p, d in late if settled_how(p)[0] is How.ON_OWN and d <= CAP_DAYS]
    if not own or Decimal(len(own)) < MIN_SHARE * len(paid):
        return None
    p90 = quantile(own, PERCENTILE)
    days = math.ceil(p90)
    if days < MIN_DAYS or days <= current:
        return None
    return ToleranceSuggestion(days, len(paid), len(own), p90)


class Decision(StrEnum):
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class ToleranceDecision:
    """A suggestion a person decided on, kept with what it was based on. Until then a
    suggestion is computed on each read (a read writes nothing); a dismissed one is not
    shown again while the habit suggests the same days."""

    customer: str  # its number
    suggestion: ToleranceSuggestion
    decision: Decision
    made_on: date  # the day the habit was read
    by: str
    at: datetime
    previous_days: int  # the customer's tolerance before
    id: int | None = None
