"""What the engine needs about ONE customer on one day, for the customer page.

The daily run loads every customer of a company at once (run_data.py); a page that
shows one customer's next step must not, so every query here is filtered by the
customer and uses its indexes. The values are the same as the run's, so the page
shows what the run would decide: with the costs and interest claimed before per
invoice, and a consumer's paid invoices' steps that go with them (claims.py), read by
the same query as the run's, filtered by the customer.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from tijdig.domain.collection.records import (
    TASK_CHANNEL,
    Dispute,
    Promise,
    ReasonCode,
    StepTaken,
)
from tijdig.engine.model import CustomerState, PaymentRecord

from . import converters as conv
from .claims import claimed_before, unallocated_money
from .clauses import SqlClauses
from .collection_rows import DisputeRow, PromiseRow, StepTakenRow, TaskRow
from .rows import AllocationRow, ContactRow, CustomerRow, InvoiceRow

HISTORY_DAYS = 365  # as the run: payment behaviour of the last year


def load_customer_state(
    session: Session, company_id: int, customer_id: int, *, as_of: date
) -> CustomerState | None:
    row = session.get(CustomerRow, customer_id)
    if row is None or row.company_id != company_id:
        return None
    contacts = session.scalars(
        select(ContactRow).where(ContactRow.customer_id == customer_id).order_by(ContactRow.id)
    ).all()
    customer = conv.customer_from_row(row, list(contacts), None)
    i = InvoiceRow
    invoices = [
        conv.invoice_from_row(invoice, row.number)
        for invoice in session.scalars(
            select(i)
            .where(i.customer_id == customer_id, i.company_id == company_id, i.open_minor != 0)
            .order_by(i.due_date, i.id)
        )
    ]
    claimed, paid_steps = claimed_before(session, company_id, customer_id=customer_id)
    return CustomerState(
        customer=customer,
        invoices=tuple(invoices),
        steps_taken=(*_steps(session, customer_id), *paid_steps.get(customer_id, ())),
        disputes=tuple(_disputes(session, customer_id, as_of)),
        promises=tuple(_promises(session, customer_id, row.number, as_of)),
        last_message_on=_last_message(session, customer_id),
        record=_record(session, customer_id, as_of),
        open_calls=_open_calls(session, customer_id),
        unallocated=tuple(
            unallocated_money(session, company_id, customer_id=customer_id).get(customer_id, ())
        ),
        claimed=tuple(claimed.get(customer_id, ())),
        clause=SqlClauses(session).get(company_id, customer_id),
    )


def _steps(session: Session, customer_id: int) -> list[StepTaken]:
    s, i = StepTakenRow, InvoiceRow
    query = (
        select(i.number, s.step_key, s.taken_on, s.channel, s.deadline)
        .join(i, i.id == s.invoice_id)
        .where(i.customer_id == customer_id, i.open_minor != 0)
        .order_by(s.taken_on, s.id)
    )
    return [StepTaken(*row) for row in session.execute(query)]


def _disputes(session: Session, customer_id: int, as_of: date) -> list[Dispute]:
    d, i = DisputeRow, InvoiceRow
    query = (
        select(i.number, d.reason, d.opened_on, d.note, d.resolved_on)
        .join(i, i.id == d.invoice_id)
        .where(i.customer_id == customer_id, d.opened_on <= as_of)
        .where(d.resolved_on.is_(None) | (d.resolved_on > as_of))
    )
    return [
        Dispute(number, ReasonCode(reason), opened, note, resolved)
        for number, reason, opened, note, resolved in session.execute(query)
    ]


def _promises(session: Session, customer_id: int, number: str, as_of: date) -> list[Promise]:
    p = PromiseRow
    query = select(p.promised_date, p.made_on, p.amount_minor, p.currency, p.kept).where(
        p.customer_id == customer_id, p.kept.is_(None), p.promised_date >= as_of
    )
    return [
        Promise(number, promised, made, None if minor is None else conv.from_minor(minor, cur),
                cur, kept)
        for promised, made, minor, cur, kept in session.execute(query)
    ]  # fmt: skip


def _last_message(session: Session, customer_id: int) -> date | None:
    s, i = StepTakenRow, InvoiceRow
    return session.scalar(
        select(func.max(s.taken_on))
        .join(i, i.id == s.invoice_id)
        .where(i.customer_id == customer_id, s.channel != TASK_CHANNEL)
    )


def _record(session: Session, customer_id: int, as_of: date) -> PaymentRecord:
    """Invoices paid in full in the last year, and how many of them late (as the run)."""
    a, i = AllocationRow, InvoiceRow
    last_paid = (
        select(a.invoice_id, func.max(a.allocated_on).label("paid_on"))
        .join(i, i.id == a.invoice_id)
        .where(i.customer_id == customer_id, a.allocated_on >= as_of - timedelta(HISTORY_DAYS))
        .group_by(a.invoice_id)
        .subquery()
    )
    late = func.sum(case((last_paid.c.paid_on > i.due_date, 1), else_=0))
    query = (
        select(func.count(), late)
        .select_from(i)
        .join(last_paid, last_paid.c.invoice_id == i.id)
        .where(i.customer_id == customer_id, i.kind == "invoice", i.open_minor == 0)
    )
    paid, late_count = session.execute(query).one()
    return PaymentRecord(int(paid or 0), int(late_count or 0))


def _open_calls(session: Session, customer_id: int) -> int:
    t = TaskRow
    query = select(func.count()).where(
        t.customer_id == customer_id, t.kind == "call", t.done_on.is_(None)
    )
    return int(session.scalar(query) or 0)
