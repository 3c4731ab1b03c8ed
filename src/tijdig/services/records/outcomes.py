"""What a contact brings, written in the caller's transaction: the contact log entry,
and the promise to pay and/or dispute agreed in it; and their audit entries. The use
cases in contacts.py, promises.py and tasks.py build on these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from tijdig.domain.collection.records import ContactEvent, Dispute, Promise
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.parties import Customer
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.records.disputes import audit_opened, hold_invoice
from tijdig.services.records.ports import RecordsUnitOfWork, customer_of


@dataclass(frozen=True, slots=True)
class Agreement:
    """What a contact's outcome creates: a promise to pay, a dispute (with the contact's
    reason code), or both."""

    promise_date: date | None = None
    amount: Decimal | None = None
    dispute_invoice: str | None = None

    def __post_init__(self) -> None:
        if self.amount is not None and self.promise_date is None:
            raise InvalidValue("amount", Refusal.AMOUNT_NEEDS_PROMISE)


@dataclass(frozen=True, slots=True)
class Recorded:
    event: ContactEvent
    promise: Promise | None = None
    dispute: Dispute | None = None
    customer_id: int = 0  # the customer the contact was with


def what_promised(promise: Promise) -> str:
    return "everything overdue" if promise.amount is None else f"{promise.amount:.2f}"


def make_promise(
    uow: RecordsUnitOfWork,
    company_id: int,
    customer: Customer,
    promised_date: date,
    amount: Decimal | None,
    on: date,
) -> Promise:
    """Store a promise made on `on`, in the caller's transaction."""
    if promised_date < on:
        raise RuleViolation(Refusal.PROMISE_BEFORE, promised=promised_date, day=on)
    if amount is not None and amount <= 0:
        raise InvalidValue("amount", Refusal.MORE_THAN_ZERO)
    promise = Promise(customer.number, promised_date, on, amount)
    assert customer.id is not None
    uow.promises.add(company_id, customer.id, promise)
    return promise


def write_contact(
    uow: RecordsUnitOfWork, company_id: int, event: ContactEvent, agreed: Agreement
) -> Recorded:
    """Log the contact with what was agreed in it, in the caller's transaction (no
    audit entries: the use case writes those)."""
    customer = customer_of(uow, company_id, event.customer_number)
    assert customer.id is not None
    on = event.occurred_at.date()
    promise = None
    if agreed.promise_date is not None:
        promise = make_promise(uow, company_id, customer, agreed.promise_date, agreed.amount, on)
    dispute = None
    if agreed.dispute_invoice is not None:
        if event.reason is None:
            raise InvalidValue("reason", Refusal.DISPUTE_NEEDS_REASON)
        dispute = Dispute(agreed.dispute_invoice, event.reason, on, event.outcome)
        hold_invoice(uow, company_id, dispute, customer.id)
    uow.contact_log.add(company_id, customer.id, event)
    return Recorded(event, promise, dispute, customer.id)


def audit_agreed(
    uow: RecordsUnitOfWork, company_id: int, recorded: Recorded, *, actor: str, at: datetime
) -> None:
    """The `promise.add` and `dispute.open` entries of what a contact brought."""
    if recorded.promise is not None:
        p = recorded.promise
        audit.record(uow, actor=actor, at=at, action="promise.add", company_id=company_id,
                     customer_ids=[recorded.customer_id],
                     subject=f"pay {what_promised(p)} by {p.promised_date}")  # fmt: skip
    if recorded.dispute is not None:
        audit_opened(uow, company_id, recorded.customer_id, recorded.dispute, actor=actor, at=at)
