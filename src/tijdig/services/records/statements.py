"""Send a customer a statement of account now (issue 15): every open invoice and credit
note with its days overdue, and what is open per currency, in the customer's language.
It is queued in the outbox as the other messages are (`tijdig send`, or the background
runner, sends it), by e-mail to the customer's invoice address (a customer without one
is refused: a statement by post is not made yet). One per customer a day: a second
request that day finds it queued. It claims nothing and takes no step. Logged in the
contact log (so the timeline shows it) and audited as `customer.statement`, in one
transaction with the outbox row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.collection.statements import StatementOfAccount, statement_of
from tijdig.domain.errors import RuleViolation
from tijdig.domain.money import Money
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.collection.messages import email_of
from tijdig.services.outbox import DeliveryChannel, OutboxUnitOfWork
from tijdig.services.records.case_ports import RenderedMessage
from tijdig.services.records.ports import RecordsUnitOfWork, company_id_of, customer_of


class StatementLetters(Protocol):
    def render(
        self, statement: StatementOfAccount, *, company: Company, customer: Customer
    ) -> RenderedMessage: ...


class StatementsUnitOfWork(RecordsUnitOfWork, OutboxUnitOfWork, Protocol):
    pass


@dataclass(frozen=True, slots=True)
class StatementSent:
    outbox_id: int
    statement: StatementOfAccount
    recipient: str


def send_statement(
    uow: StatementsUnitOfWork,
    letters: StatementLetters,
    company: Company,
    customer_number: str,
    *,
    as_of: date,
    actor: str,
    at: datetime,
) -> StatementSent:
    """Queue the customer's statement of account on `as_of` (refused when nothing is
    open); the same statement asked again that day is not queued twice."""
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        invoices = uow.invoices.search(company_id, customer_id=customer.id, open_only=True)
        statement = statement_of(customer.number, invoices, on=as_of)
        if not statement.lines:
            raise RuleViolation(Refusal.STATEMENT_NOTHING_OPEN, customer=customer.number)
        recipient = email_of(customer)
        if recipient is None:
            raise RuleViolation(Refusal.STATEMENT_NO_EMAIL, customer=customer.number)
        rendered = letters.render(statement, company=company, customer=customer)
        outbox_id = uow.outbox.enqueue(
            key=statement.key(company_id), company_id=company_id, channel=DeliveryChannel.EMAIL,
            recipient=recipient, subject=rendered.subject, text=rendered.text,
            html=rendered.html, customer_id=customer.id, created_at=at,
        )  # fmt: skip
        open_now = tuple(Money(c, a) for c, a in statement.totals())
        said = reason(Code.STATEMENT_QUEUED, recipient=recipient, open=open_now)
        event = ContactEvent(customer.number, ContactKind.NOTE, at, said, by=actor)
        uow.contact_log.add(company_id, customer.id, event)
        audit.record(uow, actor=actor, at=at, action="customer.statement", company_id=company_id,
                     customer_ids=[customer.id], subject=f"customer {customer.number}",
                     details=f"outbox {outbox_id} to {recipient} on {as_of}")  # fmt: skip
        uow.commit()
    return StatementSent(outbox_id, statement, recipient)
