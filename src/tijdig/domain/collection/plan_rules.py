"""What a payment plan may include, and when a plan instalment counts as missed.

- `owed_claims`: the costs and interest already claimed on the covered invoices go into
  a plan only where they are owed, by the law of the claim (never a country branch
  here): a business customer owes what was claimed; a consumer owes costs only once the
  law's term notice (NL 14-day letter, BE first reminder) has run out, and, where the
  law gives costs and interest only by a contract clause (BE), only with a valid one.
- `missed_instalment`: a plan instalment counts as missed once the bank statement of
  the working day after its day is booked and the payments to the plan dated up to that
  day do not reach what was due by then; the call follows on the next working day, and
  a reminder gives a new day to pay by. Once reminded (`Reminded`), that plan instalment
  (and any later one due before it) is judged by the reminder's day instead: missed
  again once the statement of the working day after it is booked, and then the plan is
  broken (`MissedInstalment.after_reminder`). Plan instalments before the one reminded
  were judged already and are not judged again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tijdig.domain.calendar import next_business_day
from tijdig.domain.collection.plans import PaymentPlan, PlanInstalment
from tijdig.domain.legal.law import Law

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class ClaimedOnInvoices:
    """Costs and interest claimed on the invoices a plan covers and not yet paid."""

    costs: Decimal = ZERO
    interest: Decimal = ZERO


def owed_claims(
    law: Law | None,
    claimed: ClaimedOnInvoices,
    *,
    consumer: bool,
    costs_from: date | None,
    on: date,
    valid_clause: bool = False,
) -> ClaimedOnInvoices:
    """What of `claimed` a plan made on `on` includes. `costs_from` is the day after the
    term of the law's consumer term notice (None: none was sent). No law: nothing."""
    if law is None:
        return ClaimedOnInvoices()
    if not consumer:
        return claimed
    if law.CONSUMER_CLAIMS_BY_CLAUSE and not valid_clause:
        return ClaimedOnInvoices()
    after_term = costs_from is not None and costs_from <= on
    costs = claimed.costs if after_term else ZERO
    interest = claimed.interest if after_term or not law.CONSUMER_INTEREST_AFTER_TERM else ZERO
    return ClaimedOnInvoices(costs, interest)


@dataclass(frozen=True, slots=True)
class MissedInstalment:
    instalment: PlanInstalment
    counted_on: date  # the working day whose statement showed it unpaid
    call_on: date  # the next working day: the call task's day
    short: Decimal  # what was due by then and not paid
    after_reminder: bool = False  # missed again past its reminder's day: the plan breaks


@dataclass(frozen=True, slots=True)
class Reminded:
    """The plan instalment last reminded as missed, and the new day to pay it by."""

    number: int
    pay_by: date


def missed_instalment(
    plan: PaymentPlan,
    payments: Sequence[tuple[date, Decimal]],
    *,
    last_statement_on: date | None,
    country: str,
    reminded: Reminded | None = None,
) -> MissedInstalment | None:
    """The first plan instalment missed by this module's rule, or None. `payments` are
    those booked to the plan, each with its day; `last_statement_on` the day of the
    newest bank statement booked (None: none yet, so nothing can count as missed);
    `reminded` the plan instalment reminded already, if any."""
    if last_statement_on is None:
        return None
    due, after = ZERO, False
    for part in plan.instalments:
        due += part.amount
        day = part.due_on
        if reminded is not None:
            if part.number == reminded.number:
                after = True
            elif not after:
                continue  # before the one reminded: judged already
            day = max(day, reminded.pay_by)
        counted_on = next_business_day(day, country)
        if counted_on > last_statement_on:
            return None
        paid = sum((amount for paid_on, amount in payments if paid_on <= counted_on), ZERO)
        if paid < due:
            call_on = next_business_day(counted_on, country)
            again = reminded is not None and part.number == reminded.number
            return MissedInstalment(part, counted_on, call_on, due - paid, again)
    return None


def is_paid(plan: PaymentPlan, payments: Sequence[tuple[date, Decimal]]) -> bool:
    """Whether the payments booked to the plan reach its total."""
    return sum((amount for _, amount in payments), ZERO) >= plan.total
