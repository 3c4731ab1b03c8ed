"""What holds a customer or an invoice today, each with the reason a person reads.

- Bank first (S3-1): once a company imports bank statements, a last statement older
  than `bank_stale_working_days` working days holds everything, with a warning;
  before the first import the run only warns.
- A promise to pay in force holds the customer (S0-5); an open dispute holds only
  its invoice (S3-2).
- A step waits for a contact day of the customer (S3-3), for the minimum interval
  since the last message, and for the policy's minimum amount.
- A customer already handed over (an approved hand-over recorded on one of its open
  invoices) is not proposed for a hand-over again (S0-7).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from tijdig.domain.collection.policy import Policy
from tijdig.engine.model import CompanyState, CustomerState, Hold
from tijdig.engine.schedule import (
    InvoicePlan,
    is_contact_day,
    next_contact_day,
    working_days_after,
)

NO_BANK_IMPORT = (
    "no bank statement imported yet: payments may be missing; import the bank first (S3-1)"
)


def bank_stale(company: CompanyState, as_of: date) -> str | None:
    """The warning when the bank is not up to date, or None when it is."""
    if not company.has_bank_import:
        return NO_BANK_IMPORT
    last = company.last_statement_on
    days = company.settings.bank_stale_working_days
    if last is not None and working_days_after(last, days, company.company.country) >= as_of:
        return None
    return (
        f"bank first (S3-1): the last bank statement ({last or 'none'}) is older than "
        f"{days} working days; import the bank before approaching customers"
    )


def disputed(state: CustomerState, as_of: date) -> dict[str, str]:
    """Open disputes by invoice number, with the hold's reason."""
    return {
        d.invoice_number: f"disputed since {d.opened_on} ({d.reason.value}): held (S3-2)"
        for d in state.disputes
        if d.is_open(as_of)
    }


def customer_holds(
    state: CustomerState, company: CompanyState, policy: Policy, *, as_of: date
) -> list[Hold]:
    """Everything that holds the whole customer today."""
    number, customer = state.customer.number, state.customer
    holds = promise_holds(state, as_of)
    stale = bank_stale(company, as_of)
    if stale is not None and company.has_bank_import:
        holds.append(Hold(number, stale))
    if not is_contact_day(as_of, customer):
        later = next_contact_day(as_of, customer)
        when = f"next is {later}" if later else "the customer has no usable contact day"
        holds.append(Hold(number, f"waiting for contact day: {as_of} is not one; {when} (S3-3)"))
    return holds + interval_holds(state, policy, as_of)


def promise_holds(state: CustomerState, as_of: date) -> list[Hold]:
    """A promise to pay in force holds the customer (S0-5)."""
    return [
        Hold(
            state.customer.number,
            f"promise to pay by {p.promised_date} (made {p.made_on}) in force (S0-5)",
        )
        for p in state.promises
        if p.is_in_force(as_of)
    ]


def interval_holds(state: CustomerState, policy: Policy, as_of: date) -> list[Hold]:
    """The minimum interval since the last message to the customer."""
    last = state.last_message_on
    if last is None:
        return []
    may_go = last + timedelta(days=policy.min_interval_days)
    if may_go <= as_of:
        return []
    return [
        Hold(
            state.customer.number,
            f"last message on {last}; the next may go on {may_go} "
            f"(at least {policy.min_interval_days} days between messages)",
        )
    ]


def amount_hold(number: str, totals: Mapping[str, Decimal], policy: Policy) -> Hold | None:
    """A hold when no currency's net total reaches the policy's minimum amount."""
    if any(total >= policy.min_amount for total in totals.values()):
        return None
    shown = ", ".join(f"{cur} {total}" for cur, total in sorted(totals.items()))
    return Hold(
        number,
        f"net total {shown} (invoices less open credit notes) is below the minimum "
        f"{policy.min_amount}",
    )


def unallocated_check(
    state: CustomerState, totals: Mapping[str, Decimal]
) -> tuple[Hold | None, dict[str, Decimal], list[str]]:
    """Net money received but not yet allocated against the open totals.

    When it covers everything open in a currency, the customer has probably paid and
    the bank should be settled first (S3-1): a hold. Otherwise the totals are reduced
    and the reasons say by how much. Returns (hold, net totals, reasons)."""
    received: dict[str, Decimal] = {}
    for currency, amount in state.unallocated:
        received[currency] = received.get(currency, Decimal(0)) + amount
    net = dict(totals)
    notes: list[str] = []
    for currency, amount in received.items():
        if currency not in net or amount <= 0:
            continue
        if amount >= net[currency] > 0:
            return (Hold(state.customer.number,
                         f"{currency} {amount} received but not yet allocated covers the "
                         f"open {currency} {net[currency]}: settle the bank first (S3-1)"),
                    net, notes)  # fmt: skip
        net[currency] -= amount
        notes.append(f"{currency} {amount} received but not yet allocated is netted")
    return None, net, notes


def handed_over(
    state: CustomerState, policy: Policy, due: list[InvoicePlan]
) -> tuple[list[InvoicePlan], list[Hold]]:
    """The plans left once hand-overs of a customer already handed over are held."""
    keys = {step.key for step in policy.steps if step.hand_over}
    done = [t for t in state.steps_taken if t.step_key in keys]
    if not done:
        return due, []
    first = min(done, key=lambda t: (t.taken_on, t.invoice_number))
    number = state.customer.number
    holds = [
        Hold(number, f"{p.invoice.number}: the customer was handed over on {first.taken_on} "
                     f"({first.invoice_number}); add this invoice to that file, not a new "
                     "hand-over", p.invoice.number)
        for p in due
        if p.step is not None and p.step.hand_over
    ]  # fmt: skip
    return [p for p in due if p.step is None or not p.step.hand_over], holds
