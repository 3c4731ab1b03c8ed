"""What holds a customer or an invoice today, each with the reason a person reads.

- Bank first (S3-1): once a company imports bank statements, a last statement older
  than `bank_stale_working_days` working days holds everything, with a warning;
  before the first import the run only warns.
- A promise to pay in force holds the customer (S0-5); an open dispute holds only
  its invoice (S3-2), and a payment plan in force only the invoices it covers (S3-10):
  the customer's other invoices follow the policy.
- A step waits for a contact day of the customer (S3-3), for the minimum interval
  since the last message, and for the policy's minimum amount.
- A debtor in hardship (debt counselling, WSNP, bankruptcy, death ...) is held whole:
  nothing is proposed, no call planned, no costs or interest claimed.
- A customer with a hand-over case the agency has not returned is held whole: the
  agency collects, Tijdig sends nothing (S0-7). A customer already handed over (an
  approved hand-over recorded on one of its open invoices) is not proposed for a
  hand-over again: a person hands it over again, off-policy.
- Another department's internal note (an open complaint, a delivery pending, extra
  work) holds what it touches (S3-2): the whole customer, or the one invoice it names,
  until it is closed or its end date has passed.
- A pause of dunning a person set (until a date, with a reason) holds the customer
  whole, like a hardship status: nothing proposed, no call planned, until that date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from tijdig.domain.collection.internal import InternalNote
from tijdig.domain.collection.ladder import AgreementKind
from tijdig.domain.collection.policy import Policy
from tijdig.domain.money import Money
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.engine.model import CompanyState, CustomerState, Hold
from tijdig.engine.schedule import (
    InvoicePlan,
    is_contact_day,
    next_contact_day,
    working_days_after,
)

NO_BANK_IMPORT = reason(Code.NO_BANK_IMPORT)


def bank_stale(company: CompanyState, as_of: date) -> Reason | None:
    """The warning when the bank is not up to date, or None when it is."""
    if not company.has_bank_import:
        return NO_BANK_IMPORT
    last = company.last_statement_on
    days = company.settings.bank_stale_working_days
    if last is not None and working_days_after(last, days, company.company.country) >= as_of:
        return None
    if last is None:
        return reason(Code.BANK_STALE_NO_STATEMENT, days=days)
    return reason(Code.BANK_STALE, last=last, days=days)


def disputed(state: CustomerState, as_of: date) -> dict[str, Reason]:
    """Open disputes by invoice number, with the hold's reason (S3-2)."""
    return {
        d.invoice_number: reason(
            Code.DISPUTED, invoice=d.invoice_number, since=d.opened_on, why=d.reason.value
        )
        for d in state.disputes
        if d.is_open(as_of)
    }


def _note_reason(note: InternalNote) -> Reason:
    kind = {"department": note.department.value, "note_kind": note.kind.value,
            "since": note.opened_on}  # fmt: skip
    if note.invoice_number is None:
        return Reason(Code.NOTE_HOLDS_CUSTOMER, kind)
    return Reason(Code.NOTE_HOLDS_INVOICE, {"invoice": note.invoice_number, **kind})


def noted_invoices(state: CustomerState, as_of: date) -> dict[str, Reason]:
    """Invoices held by an internal note of another department (S3-2), by number."""
    held: dict[str, Reason] = {}
    for note in state.notes:
        if note.invoice_number is not None and note.holds_on(as_of):
            held.setdefault(note.invoice_number, _note_reason(note))
    return held


def note_holds(state: CustomerState, as_of: date) -> list[Hold]:
    """The whole customer held by internal notes on the customer (S3-2)."""
    return [
        Hold(state.customer.number, _note_reason(n))
        for n in state.notes
        if n.invoice_number is None and n.holds_on(as_of)
    ]


def held_invoices(state: CustomerState, as_of: date) -> dict[str, Reason]:
    """The invoices held on their own today, by number: disputed, held by an internal
    note, or covered by a payment plan in force (in that order of reasons)."""
    held = disputed(state, as_of) if state.disputes else {}
    for number, why in (noted_invoices(state, as_of) if state.notes else {}).items():
        held.setdefault(number, why)
    for plan in state.plans:
        if not plan.is_in_force(as_of):
            continue
        assert plan.accepted_on is not None
        for number in plan.invoice_numbers:
            held.setdefault(
                number,
                reason(
                    Code.PLAN_IN_FORCE,
                    invoice=number,
                    plan=plan.reference,
                    accepted=plan.accepted_on,
                ),
            )
    return held  # fmt: skip


def hardship_hold(state: CustomerState, as_of: date) -> Hold | None:
    """The hold of a customer whose hardship status is active on `as_of`."""
    status = state.hardship
    if status is None or not status.is_active(as_of):
        return None
    why = reason(Code.HARDSHIP, kind=status.kind.value, since=status.since)
    return Hold(state.customer.number, why)


def pause_hold(state: CustomerState, as_of: date) -> Hold | None:
    """The hold of a customer whose dunning a person paused, on a day the pause holds
    (the one that lasts longest, when there are more)."""
    pauses = [p for p in state.pauses if p.holds_on(as_of)]
    if not pauses:
        return None
    pause = max(pauses, key=lambda p: (p.until, p.since))
    why = reason(Code.DUNNING_PAUSED, since=pause.since, until=pause.until, why=pause.reason)
    return Hold(state.customer.number, why)


def reply_hold(state: CustomerState, company: CompanyState, as_of: date) -> Hold | None:
    """The hold of a customer whose reply waits for a person (issue 19): what it says
    (a payment, a promise) counts only once a person confirms it, but meanwhile no next
    message crosses it, for at most the company's working days (the oldest reply first)."""
    days, country = company.settings.reply_hold_working_days, company.company.country
    waiting = [r for r in state.waiting_replies if r.holds_on(as_of, days, country)]
    if not waiting:
        return None
    first = min(waiting, key=lambda r: (r.received_on, r.mail_id))
    why = reason(Code.REPLY_WAITING, received=first.received_on, message=first.mail_id,
                 until=first.holds_until(days, country))  # fmt: skip
    return Hold(state.customer.number, why)


def hand_over_hold(state: CustomerState) -> Hold | None:
    """The hold of a customer whose hand-over case stops dunning (not returned)."""
    case = state.hand_over
    if case is None or not case.stops_dunning:
        return None
    why = reason(Code.HANDED_OVER, since=case.opened_on, case=case.reference)
    return Hold(state.customer.number, why)


def customer_holds(
    state: CustomerState, company: CompanyState, policy: Policy, *, as_of: date
) -> list[Hold]:
    """Everything that holds the whole customer today."""
    number, customer = state.customer.number, state.customer
    holds = promise_holds(state, as_of) + note_holds(state, as_of)
    stale = bank_stale(company, as_of)
    if stale is not None and company.has_bank_import:
        holds.append(Hold(number, stale))
    if not is_contact_day(as_of, customer):
        holds.append(Hold(number, contact_day_wait(state, as_of)))  # S3-3
    return holds + interval_holds(state, policy, as_of)


def contact_day_wait(state: CustomerState, as_of: date) -> Reason:
    """Why nothing goes on `as_of`, not a contact day, and when it may."""
    later = next_contact_day(as_of, state.customer)
    if later is None:
        return reason(Code.NO_CONTACT_DAY, day=as_of)
    return reason(Code.NOT_CONTACT_DAY, day=as_of, next=later)


def promise_holds(state: CustomerState, as_of: date) -> list[Hold]:
    """A promise to pay in force, or a new term, holds the customer (S0-5)."""
    return [
        Hold(
            state.customer.number,
            reason(
                Code.NEW_TERM_IN_FORCE if p.kind is AgreementKind.NEW_TERM
                else Code.PROMISE_IN_FORCE,
                promised=p.promised_date, made=p.made_on,
            ),
        )
        for p in state.promises
        if p.is_in_force(as_of)
    ]  # fmt: skip


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
            reason(Code.MIN_INTERVAL, last=last, next=may_go, days=policy.min_interval_days),
        )
    ]


def amount_hold(number: str, totals: Mapping[str, Decimal], policy: Policy) -> Hold | None:
    """A hold when no currency's net total reaches the policy's minimum amount."""
    if any(total >= policy.min_amount for total in totals.values()):
        return None
    shown = tuple(Money(cur, total) for cur, total in sorted(totals.items()))
    return Hold(number, reason(Code.BELOW_MINIMUM, totals=shown, minimum=policy.min_amount))


def unallocated_check(
    state: CustomerState, totals: Mapping[str, Decimal]
) -> tuple[Hold | None, dict[str, Decimal], list[Reason]]:
    """Net money received but not yet allocated against the open totals.

    When it covers everything open in a currency, the customer has probably paid and
    the bank should be settled first (S3-1): a hold. Otherwise the totals are reduced
    and the reasons say by how much. Returns (hold, net totals, reasons)."""
    received: dict[str, Decimal] = {}
    for currency, amount in state.unallocated:
        received[currency] = received.get(currency, Decimal(0)) + amount
    net = dict(totals)
    notes: list[Reason] = []
    for currency, amount in received.items():
        if currency not in net or amount <= 0:
            continue
        if amount >= net[currency] > 0:
            covers = reason(Code.UNALLOCATED_COVERS, received=Money(currency, amount),
                            open=Money(currency, net[currency]))  # fmt: skip
            return Hold(state.customer.number, covers), net, notes
        net[currency] -= amount
        notes.append(reason(Code.UNALLOCATED_NETTED, received=Money(currency, amount)))
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
        Hold(number, reason(Code.ALREADY_HANDED_OVER, invoice=p.invoice.number,
                            on=first.taken_on, first=first.invoice_number), p.invoice.number)
        for p in due
        if p.step is not None and p.step.hand_over
    ]  # fmt: skip
    return [p for p in due if p.step is None or not p.step.hand_over], holds
