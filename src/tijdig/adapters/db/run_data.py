"""Loading what a daily run needs, for every customer of a company, in a few queries.

The run looks at 100,000 customers with a million invoices, so this is a hot path:
Core statements, plain tuples, one query per kind of record, grouped in Python.
Only customers with open items are loaded; the rules stay in the pure engine.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from tijdig.domain.collection.records import (
    TASK_CHANNEL,
    Dispute,
    Promise,
    ReasonCode,
    StepTaken,
)
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.parties import Customer, CustomerKind, Language
from tijdig.engine.model import CustomerState, PaymentRecord

from .claims import claimed_before, unallocated_money
from .clauses import SqlClauses
from .collection_rows import (
    BankStatementRow,
    DisputeRow,
    PromiseRow,
    StepTakenRow,
    TaskRow,
)
from .converters import from_minor
from .customer_state import load_customer_state
from .rows import AllocationRow, CustomerRow, InvoiceRow

# How far back payment behaviour counts for "first-time" and "frequent" late payers.
HISTORY_DAYS = 365


class SqlRunData:
    def __init__(self, session: Session) -> None:
        self.session = session

    def last_statement_on(self, company_id: int) -> date | None:
        return self.session.scalar(
            select(func.max(BankStatementRow.statement_date)).where(
                BankStatementRow.company_id == company_id
            )
        )

    def customer_states(
        self, company_id: int, *, as_of: date, customer_number: str | None = None
    ) -> Iterator[CustomerState]:
        """The state of every customer with open invoices or credit notes (or of one)."""
        only = None if customer_number is None else CustomerRow.number == customer_number
        invoices = self._open_invoices(company_id, only)
        if not invoices:
            return
        customers = self._customers(company_id, only)
        steps = self._steps(company_id)
        disputes = self._disputes(company_id, as_of)
        promises = self._promises(company_id, as_of)
        last_sent = self._last_sent(company_id)
        records = self._records(company_id, as_of)
        calls = self._open_calls(company_id)
        unallocated = unallocated_money(self.session, company_id)
        claimed, paid_steps = claimed_before(self.session, company_id)
        clauses = SqlClauses(self.session).of_customers(company_id)
        for customer_id, items in invoices.items():
            customer = customers[customer_id]
            yield CustomerState(
                customer=customer,
                invoices=tuple(items),
                steps_taken=(*steps.get(customer_id, ()), *paid_steps.get(customer_id, ())),
                disputes=tuple(disputes.get(customer_id, ())),
                promises=tuple(promises.get(customer_id, ())),
                last_message_on=last_sent.get(customer_id),
                record=records.get(customer_id, PaymentRecord()),
                open_calls=calls.get(customer_id, 0),
                unallocated=tuple(unallocated.get(customer_id, ())),
                claimed=tuple(claimed.get(customer_id, ())),
                clause=clauses.get(customer_id),
            )

    def customer_state(
        self, company_id: int, customer_id: int, *, as_of: date
    ) -> CustomerState | None:
        """One customer's state, with its contacts, by queries filtered on the customer
        (what sending a message needs; the run loads every customer at once)."""
        return load_customer_state(self.session, company_id, customer_id, as_of=as_of)

    def _open_invoices(
        self, company_id: int, only: ColumnElement[bool] | None
    ) -> dict[int, list[Invoice]]:
        i = InvoiceRow
        query = (
            select(i.customer_id, i.id, i.kind, i.number, i.issue_date, i.due_date, i.currency,
                   i.total_minor, i.prepaid_minor, i.open_minor, i.payment_reference,
                   CustomerRow.number, i.default_from)
            .join(CustomerRow, CustomerRow.id == i.customer_id)
            .where(i.company_id == company_id, i.open_minor != 0)
            .order_by(i.customer_id, i.due_date, i.id)
        )  # fmt: skip
        if only is not None:
            query = query.where(only)
        found: dict[int, list[Invoice]] = defaultdict(list)
        for row in self.session.execute(query):
            values = tuple(row)
            found[values[0]].append(_invoice(*values[1:]))
        return found

    def _customers(self, company_id: int, only: ColumnElement[bool] | None) -> dict[int, Customer]:
        c = CustomerRow
        has_open = select(InvoiceRow.customer_id).where(
            InvoiceRow.company_id == company_id, InvoiceRow.open_minor != 0
        )
        query = select(
            c.id, c.number, c.name, c.kind, c.country, c.language, c.payment_term_days,
            c.tolerance_days, c.contact_days, c.credit_hold, c.email, c.phone, c.risk_class,
        ).where(c.company_id == company_id, c.id.in_(has_open))  # fmt: skip
        if only is not None:
            query = query.where(only)
        return {row[0]: _customer(*tuple(row)) for row in self.session.execute(query)}

    def _steps(self, company_id: int) -> dict[int, list[StepTaken]]:
        s, i = StepTakenRow, InvoiceRow
        query = (
            select(i.customer_id, i.number, s.step_key, s.taken_on, s.channel, s.deadline)
            .join(i, i.id == s.invoice_id)
            .where(s.company_id == company_id, i.open_minor != 0)
            .order_by(s.taken_on, s.id)
        )
        found: dict[int, list[StepTaken]] = defaultdict(list)
        for cid, number, key, taken_on, channel, deadline in self.session.execute(query):
            found[cid].append(StepTaken(number, key, taken_on, channel, deadline))
        return found

    def _disputes(self, company_id: int, as_of: date) -> dict[int, list[Dispute]]:
        d, i = DisputeRow, InvoiceRow
        query = (
            select(i.customer_id, i.number, d.reason, d.opened_on, d.note, d.resolved_on)
            .join(i, i.id == d.invoice_id)
            .where(d.company_id == company_id, d.opened_on <= as_of)
            .where((d.resolved_on.is_(None)) | (d.resolved_on > as_of))
        )
        found: dict[int, list[Dispute]] = defaultdict(list)
        for cid, number, reason, opened, note, resolved in self.session.execute(query):
            found[cid].append(Dispute(number, ReasonCode(reason), opened, note, resolved))
        return found

    def _promises(self, company_id: int, as_of: date) -> dict[int, list[Promise]]:
        p = PromiseRow
        query = (
            select(p.customer_id, CustomerRow.number, p.promised_date, p.made_on,
                   p.amount_minor, p.currency, p.kept)
            .join(CustomerRow, CustomerRow.id == p.customer_id)
            .where(p.company_id == company_id, p.kept.is_(None), p.promised_date >= as_of)
        )  # fmt: skip
        found: dict[int, list[Promise]] = defaultdict(list)
        for cid, number, promised, made, minor, cur, kept in self.session.execute(query):
            amount = None if minor is None else from_minor(minor, cur)
            found[cid].append(Promise(number, promised, made, amount, cur, kept))
        return found

    def _last_sent(self, company_id: int) -> dict[int, date]:
        s, i = StepTakenRow, InvoiceRow
        query = (
            select(i.customer_id, func.max(s.taken_on))
            .join(i, i.id == s.invoice_id)
            .where(s.company_id == company_id, s.channel != TASK_CHANNEL)
            .group_by(i.customer_id)
        )
        return dict(self.session.execute(query).all())

    def _records(self, company_id: int, as_of: date) -> dict[int, PaymentRecord]:
        """Invoices paid in full in the last year, and how many of them late."""
        a, i = AllocationRow, InvoiceRow
        last_paid = (
            select(a.invoice_id, func.max(a.allocated_on).label("paid_on"))
            .where(a.company_id == company_id, a.allocated_on >= as_of - timedelta(HISTORY_DAYS))
            .group_by(a.invoice_id)
            .subquery()
        )
        late = func.sum(case((last_paid.c.paid_on > i.due_date, 1), else_=0))
        query = (
            select(i.customer_id, func.count(), late)
            .join(last_paid, last_paid.c.invoice_id == i.id)
            .where(and_(i.company_id == company_id, i.kind == "invoice", i.open_minor == 0))
            .group_by(i.customer_id)
        )
        return {
            cid: PaymentRecord(int(paid), int(late_count or 0))
            for cid, paid, late_count in self.session.execute(query)
        }

    def _open_calls(self, company_id: int) -> dict[int, int]:
        t = TaskRow
        query = (
            select(t.customer_id, func.count())
            .where(t.company_id == company_id, t.kind == "call", t.done_on.is_(None))
            .group_by(t.customer_id)
        )
        return {cid: int(n) for cid, n in self.session.execute(query)}


def _invoice(
    invoice_id: int,
    kind: str,
    number: str,
    issued: date,
    due: date,
    currency: str,
    total: int,
    prepaid: int,
    open_minor: int,
    reference: str | None,
    customer_number: str,
    default_from: date | None,
) -> Invoice:
    return Invoice(
        number=number, customer_number=customer_number, issue_date=issued, due_date=due,
        total=from_minor(total, currency), kind=InvoiceKind(kind),
        prepaid=from_minor(prepaid, currency), open_amount=from_minor(open_minor, currency),
        currency=currency, payment_reference=reference, id=invoice_id,
        default_from=default_from,
    )  # fmt: skip


def _customer(
    customer_id: int,
    number: str,
    name: str,
    kind: str,
    country: str,
    language: str,
    term: int | None,
    tolerance: int,
    days: str,
    hold: bool,
    email: str | None,
    phone: str | None,
    risk: str | None,
) -> Customer:
    return Customer(
        number=number, name=name, kind=CustomerKind(kind), country=country,
        language=Language(language), payment_term_days=term, tolerance_days=tolerance,
        contact_days=tuple(d for d in days.split(",") if d), credit_hold=hold,
        email=email, phone=phone, risk_class=risk, id=customer_id,
    )  # fmt: skip
