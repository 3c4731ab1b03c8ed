"""When the next step of each invoice falls due, and which days a customer may be contacted.

Rules (docs/dunning.md has a date table for each):
- The next step is the one after the last step taken for the invoice, in policy
  order; one step per invoice per run, so a missed run catches up step by step.
- A BEFORE_DUE step whose due date has passed (or that would fall on or before the
  issue date, as for an invoice payable on receipt) gives way to the next step;
  the skip is kept in `notes`, never silent.
- After-due steps count from the due date shifted by the customer's own (longer)
  term and tolerance days (S3-4); BEFORE_DUE steps go earlier for frequent late
  payers (S1-5); AFTER_PREVIOUS / END_OF_MONTH count from the previous step taken
  (from the shifted due date when none was taken).
- Payable on receipt (due date on the issue date): the first reminder goes at most
  15 days after the invoice date (S2-3).
- A legal notice never goes on or before the due date (art. 6:83 sub a BW).
- A step comes on the day after the deadline the previous message stated, at the
  earliest (deadline.py).
- Contact days: one of the customer's weekdays and a business day of its country
  (other countries: weekends only). No clock, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from tijdig.domain.calendar import SUPPORTED_COUNTRIES, add_business_days, is_business_day
from tijdig.domain.collection.policy import Basis, LegalNotice, Policy, Step
from tijdig.domain.collection.records import StepTaken
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import WEEKDAYS, Customer
from tijdig.domain.reasons import Code, Param, Reason, reason
from tijdig.engine.deadline import not_before_deadline

ON_RECEIPT_MAX_DAYS = 15  # S2-3
CONTACT_SEARCH_DAYS = 31


@dataclass(frozen=True, slots=True)
class InvoicePlan:
    """The next step of one invoice: its policy index and the day it falls due."""

    invoice: Invoice
    step: Step | None  # None: the ladder is finished
    index: int = -1
    on: date | None = None
    notes: tuple[Reason, ...] = ()

    def is_due(self, as_of: date) -> bool:
        return self.on is not None and self.on <= as_of


def is_working_day(day: date, country: str) -> bool:
    """A business day of NL or BE; elsewhere any day but Saturday and Sunday."""
    if country in SUPPORTED_COUNTRIES:
        return is_business_day(day, country)
    return day.weekday() < 5


@lru_cache(maxsize=1024)
def working_days_after(day: date, count: int, country: str) -> date:
    """The `count`-th working day after `day` (cached: the bank check asks it for
    every customer of a company with the same arguments)."""
    if country in SUPPORTED_COUNTRIES:
        return add_business_days(day, count, country)
    while count:
        day += timedelta(days=1)
        count -= day.weekday() < 5
    return day


def is_contact_day(day: date, customer: Customer) -> bool:
    """One of the customer's contact days, and no weekend or holiday (S3-3)."""
    return WEEKDAYS[day.weekday()] in customer.contact_days and is_working_day(
        day, customer.country
    )


def next_contact_day(day: date, customer: Customer) -> date | None:
    """The first contact day on or after `day`; None if none within a month."""
    for offset in range(CONTACT_SEARCH_DAYS):
        candidate = day + timedelta(days=offset)
        if is_contact_day(candidate, customer):
            return candidate
    return None


def end_of_month(day: date) -> date:
    following = day.replace(day=28) + timedelta(days=4)
    return following - timedelta(days=following.day)


def shifted_due(invoice: Invoice, customer: Customer) -> date:
    """The due date after-due steps count from: the customer's own term, if longer,
    plus its tolerance days (S3-4)."""
    due = invoice.due_date
    if customer.payment_term_days is not None:
        due = max(due, invoice.issue_date + timedelta(days=customer.payment_term_days))
    return due + timedelta(days=customer.tolerance_days)


def is_payable_on_receipt(invoice: Invoice) -> bool:
    return invoice.due_date <= invoice.issue_date


def step_date(
    step: Step, invoice: Invoice, previous: StepTaken | None, customer: Customer, *, earlier: int
) -> date:
    """The day `step` falls due for `invoice`, from the step's basis."""
    basis, days = step.basis, timedelta(days=step.days)
    if basis is Basis.BEFORE_DUE:
        return invoice.due_date - days - timedelta(days=earlier)
    if basis is Basis.AFTER_ISSUE:
        on = invoice.issue_date + days
    elif basis is Basis.AFTER_DUE or previous is None:
        anchor = shifted_due(invoice, customer)
        on = end_of_month(anchor) + days if basis is Basis.END_OF_MONTH else anchor + days
    elif basis is Basis.AFTER_PREVIOUS:
        on = previous.taken_on + days
    else:
        on = end_of_month(previous.taken_on) + days
    if previous is None and is_payable_on_receipt(invoice):
        on = min(on, invoice.issue_date + timedelta(days=ON_RECEIPT_MAX_DAYS))
    if step.legal_notice is not LegalNotice.NONE:  # never before default began
        on = max(on, invoice.first_day_of_default)
    return on


def last_taken(policy: Policy, taken: tuple[StepTaken, ...]) -> tuple[int, StepTaken | None]:
    """The policy index of the most escalated step taken, and that record."""
    best, record = -1, None
    for item in taken:
        for index, step in enumerate(policy.steps):
            if step.key == item.step_key and index >= best:
                best, record = index, item
                break
    return best, record


def _skip_before_due(step: Step, invoice: Invoice, on: date, as_of: date) -> Reason | None:
    if as_of > invoice.due_date:
        return reason(Code.SKIPPED_DUE_DATE_PASSED, invoice=invoice.number, step=step.key,
                      due=invoice.due_date)  # fmt: skip
    if on <= invoice.issue_date:
        return reason(Code.SKIPPED_BEFORE_ISSUE, invoice=invoice.number, step=step.key)
    return None


def plan_invoice(
    invoice: Invoice,
    policy: Policy,
    taken: tuple[StepTaken, ...],
    customer: Customer,
    *,
    as_of: date,
    earlier: int = 0,
) -> InvoicePlan:
    """The next step for `invoice` and its day (see the module's rules)."""
    index, previous = last_taken(policy, taken) if taken else (-1, None)
    steps, notes = policy.steps, list[Reason]()
    while True:
        index += 1
        if index >= len(steps):
            return InvoicePlan(invoice, None, notes=tuple(notes))
        step = steps[index]
        planned = step_date(step, invoice, previous, customer, earlier=earlier)
        on = not_before_deadline(planned, previous, policy, invoice.due_date)
        if on != planned:
            notes.append(reason(Code.WAITS_FOR_DEADLINE, invoice=invoice.number,
                                step=step.key, deadline=on - timedelta(days=1)))  # fmt: skip
        skip = (
            _skip_before_due(step, invoice, on, as_of) if step.basis is Basis.BEFORE_DUE else None
        )
        if skip is None:
            if earlier and step.basis is Basis.BEFORE_DUE:
                notes.append(reason(Code.FREQUENT_LATE, invoice=invoice.number, days=earlier))
            return InvoicePlan(invoice, step, index, on, tuple(notes))
        notes.append(skip)


def describe(plan: InvoicePlan, customer: Customer) -> tuple[Reason, ...]:
    """Why the plan's step falls due on its day, and the shift of its due date if any."""
    step, invoice = plan.step, plan.invoice
    if step is None or plan.on is None:
        return (reason(Code.NO_FURTHER_STEP, invoice=invoice.number),)
    named: dict[str, Param] = {
        "invoice": invoice.number,
        "step": step.key,
        "on": plan.on,
        "days": step.days,
    }
    basis = _basis(step, invoice, named)
    shift = shifted_due(invoice, customer) - invoice.due_date
    if shift.days and step.basis is not Basis.BEFORE_DUE:
        return basis, reason(Code.DUE_SHIFTED, invoice=invoice.number, days=shift.days)
    return (basis,)


def _basis(step: Step, invoice: Invoice, named: dict[str, Param]) -> Reason:
    if step.basis is Basis.BEFORE_DUE:
        return Reason(Code.DUE_BEFORE_DUE_DATE, {**named, "due": invoice.due_date})
    if step.basis is Basis.AFTER_DUE:
        return Reason(Code.DUE_AFTER_DUE_DATE, {**named, "due": invoice.due_date})
    if step.basis is Basis.AFTER_ISSUE:
        return Reason(Code.DUE_AFTER_ISSUE, {**named, "issued": invoice.issue_date})
    if step.basis is Basis.AFTER_PREVIOUS:
        return Reason(Code.DUE_AFTER_PREVIOUS, named)
    return Reason(Code.DUE_AFTER_PREVIOUS_MONTH, named)
