"""Call tasks for a person beside a message (S0-2, S1-4, S3-3).

A call is planned when the message concerns overdue invoices and either the
overdue total reaches the company's large amount (in any one currency), or the
customer was never late before (ask what changed). One call at most, none while a
call task is still open; on the company's call weekday (Wednesday) if that is a
contact day of the customer, else on the next contact day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from tijdig.domain.money import Money
from tijdig.domain.parties import WEEKDAYS
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.engine.model import CallTask, CompanyState, CustomerState
from tijdig.engine.schedule import is_contact_day, next_contact_day


def call_day(state: CustomerState, weekday: str, as_of: date) -> date:
    """The call weekday on or after `as_of` if a contact day, else the next contact day."""
    target = WEEKDAYS.index(weekday) if weekday in WEEKDAYS else 2
    day = as_of + timedelta(days=(target - as_of.weekday()) % 7)
    if is_contact_day(day, state.customer):
        return day
    return next_contact_day(as_of, state.customer) or day


def plan_calls(
    state: CustomerState, company: CompanyState, overdue: Mapping[str, Decimal], *, as_of: date
) -> tuple[CallTask, ...]:
    """At most one call task, with every reason for it."""
    if state.open_calls > 0 or not any(total > 0 for total in overdue.values()):
        return ()
    settings, script = company.settings, "standard"
    reasons: list[Reason] = []
    large = tuple(Money(cur, total) for cur, total in sorted(overdue.items())
                  if total >= settings.large_amount)  # fmt: skip
    if large:  # S1-4
        reasons.append(reason(Code.LARGE_AMOUNT, overdue=large, threshold=settings.large_amount))
        script = "large_amount"
    if state.record.is_first_time_late:  # S0-2
        reasons.append(reason(Code.FIRST_TIME_LATE))
        script = "what_changed"
    if not reasons:
        return ()
    day = call_day(state, settings.call_weekday, as_of)
    return (CallTask(state.customer.number, tuple(reasons), day, script=script),)
