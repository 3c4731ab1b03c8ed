"""The one loader of what the engine needs about customers on a day (`CustomerState`):
for the daily run every customer of a company with open items, for the customer page,
sending a message and its preview one customer. The same queries serve both; the
customer, when there is one, is a condition in each statement (never a load of the whole
company filtered in Python), so the page and the sender use the customer's indexes and
see exactly what the run would decide.

The run looks at 100,000 customers with a million invoices, so this is a hot path:
Core statements, plain tuples, one query per kind of record, grouped in Python. The
rules stay in the pure engine; what "open", "a promise in force" and "a dispute open"
mean is `predicates.py`'s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, func, select, true
from sqlalchemy.orm import Session

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.repositories.claims import claimed_before, unallocated_money
from tijdig.adapters.db.repositories.clauses import SqlClauses
from tijdig.adapters.db.repositories.hand_over import SqlHandOvers
from tijdig.adapters.db.repositories.hardship import SqlHardship
from tijdig.adapters.db.repositories.notes import SqlNotes
from tijdig.adapters.db.repositories.pauses import SqlPauses
from tijdig.adapters.db.repositories.plans import SqlPlans
from tijdig.adapters.db.repositories.replies import SqlReplies
from tijdig.adapters.db.schema.collection import (
    BankStatementRow,
    DisputeRow,
    PromiseRow,
    StepTakenRow,
    TaskRow,
)
from tijdig.adapters.db.schema.ledger import AllocationRow, ContactRow, CustomerRow, InvoiceRow
from tijdig.domain.collection.ladder import AgreementKind
from tijdig.domain.collection.records import (
    TASK_CHANNEL,
    Dispute,
    Promise,
    ReasonCode,
    StepTaken,
)
from tijdig.domain.invoices import EarlyPaymentDiscount, Invoice, InvoiceKind
from tijdig.domain.parties import Contact, ContactRole, Customer, CustomerKind, Language
from tijdig.engine.model import CustomerState, PaymentRecord

# How far back payment behaviour counts for "first-time" and "frequent" late payers.
HISTORY_DAYS = 365


@dataclass(frozen=True, slots=True)
class _Scope:
    """Which customers: one (by id), else all of the company's."""

    company_id: int
    customer_id: int | None

    def of(self, company_id: Any, customer_id: Any) -> ColumnElement[bool]:
        """The condition on a statement's company and customer id columns: the customer
        alone when there is one (already checked to be the company's, `_customers`), so
        the planner takes the customer's index rather than the company's."""
        if self.customer_id is None:
            return company_id == self.company_id  # type: ignore[no-any-return]
        return customer_id == self.customer_id  # type: ignore[no-any-return]

    def only(self, customer_id: Any) -> ColumnElement[bool]:
        """With the company's own condition: the customer, if there is one."""
        return true() if self.customer_id is None else customer_id == self.customer_id


def load_customer_states(
    session: Session,
    company_id: int,
    *,
    as_of: date,
    customer_id: int | None = None,
    open_only: bool = True,
    contacts: bool = False,
) -> Iterator[CustomerState]:
    """The state of every customer with open invoices or credit notes, or of the one
    customer asked for (with `open_only=False` also when nothing of theirs is open).
    `contacts`: with the customers' contacts (a message needs them; the run does not)."""
    scope = _Scope(company_id, customer_id)
    customers = _customers(session, scope, open_only=open_only)
    if not customers:
        return
    if contacts:
        found = _contacts(session, scope)
        for cid, customer in customers.items():
            customers[cid] = replace(customer, contacts=tuple(found.get(cid, ())))
    invoices = _open_invoices(session, scope)
    steps = _steps(session, scope)
    disputes = _disputes(session, scope, as_of)
    promises = _promises(session, scope, as_of)
    plans = SqlPlans(session).in_force_by_customer(company_id, as_of, customer_id=customer_id)
    last_sent = _last_sent(session, scope)
    records = _records(session, scope, as_of)
    calls = _open_calls(session, scope)
    unallocated = unallocated_money(session, company_id, customer_id=customer_id)
    claimed, paid_steps = claimed_before(session, company_id, customer_id=customer_id)
    hardship = SqlHardship(session).active_by_customer(company_id, as_of, customer_id=customer_id)
    handed = SqlHandOvers(session).holding(company_id, as_of, customer_id=customer_id)
    notes = SqlNotes(session).holding_by_customer(company_id, as_of, customer_id=customer_id)
    pauses = SqlPauses(session).holding_by_customer(company_id, as_of, customer_id=customer_id)
    replies = SqlReplies(session).waiting_by_customer(company_id, customer_id=customer_id)
    clauses = SqlClauses(session)
    if customer_id is None:
        own_clauses = clauses.of_customers(company_id)
    else:
        clause = clauses.get(company_id, customer_id)
        own_clauses = {} if clause is None else {customer_id: clause}
    for cid, customer in customers.items():
        yield CustomerState(
            customer=customer,
            invoices=tuple(invoices.get(cid, ())),
            steps_taken=(*steps.get(cid, ()), *paid_steps.get(cid, ())),
            disputes=tuple(disputes.get(cid, ())),
            promises=tuple(promises.get(cid, ())),
            plans=tuple(plans.get(cid, ())),
            last_message_on=last_sent.get(cid),
            record=records.get(cid, PaymentRecord()),
            open_calls=calls.get(cid, 0),
            unallocated=tuple(unallocated.get(cid, ())),
            claimed=tuple(claimed.get(cid, ())),
            clause=own_clauses.get(cid),
            hardship=hardship.get(cid),
            hand_over=handed.get(cid),
            notes=tuple(notes.get(cid, ())),
            pauses=tuple(pauses.get(cid, ())),
            waiting_replies=tuple(replies.get(cid, ())),
        )


def load_customer_state(
    session: Session, company_id: int, customer_id: int, *, as_of: date
) -> CustomerState | None:
    """One customer's state with its contacts, open items or not; None if not theirs."""
    found = load_customer_states(
        session, company_id, as_of=as_of, customer_id=customer_id, open_only=False, contacts=True
    )
    return next(found, None)


def last_statement_on(session: Session, company_id: int) -> date | None:
    """The day of the company's newest bank statement (the engine's company state)."""
    s = BankStatementRow
    return session.scalar(select(func.max(s.statement_date)).where(s.company_id == company_id))


def all_customers(session: Session, company_id: int) -> dict[int, Customer]:
    """Every customer of the company by id, without contacts (the simulation's)."""
    return _customers(session, _Scope(company_id, None), open_only=False)


def _customers(session: Session, scope: _Scope, *, open_only: bool) -> dict[int, Customer]:
    c = CustomerRow
    query = (
        select(c.id, c.number, c.name, c.kind, c.country, c.language, c.payment_term_days,
               c.tolerance_days, c.contact_days, c.sales_owner, c.credit_limit_minor,
               c.credit_hold, c.vat_id, c.registration_number, c.email, c.phone, c.address,
               c.risk_class)
        .where(c.company_id == scope.company_id, scope.only(c.id))
        .order_by(c.id)
    )  # fmt: skip
    if open_only:
        has_open = select(InvoiceRow.customer_id).where(
            InvoiceRow.company_id == scope.company_id,
            p.is_open(),
            scope.only(InvoiceRow.customer_id),
        )
        query = query.where(c.id.in_(has_open))
    return {row[0]: _customer(*tuple(row)) for row in session.execute(query)}


def _contacts(session: Session, scope: _Scope) -> dict[int, list[Contact]]:
    k = ContactRow
    query = (
        select(k.customer_id, k.name, k.role, k.email, k.phone, k.last_verified)
        .where(scope.of(k.company_id, k.customer_id))
        .order_by(k.id)
    )
    found: dict[int, list[Contact]] = defaultdict(list)
    for cid, name, role, email, phone, verified in session.execute(query):
        found[cid].append(Contact(name, ContactRole(role), email, phone, verified))
    return found


def _open_invoices(session: Session, scope: _Scope) -> dict[int, list[Invoice]]:
    i = InvoiceRow
    query = (
        select(i.customer_id, i.id, i.kind, i.number, i.issue_date, i.due_date, i.currency,
               i.total_minor, i.prepaid_minor, i.open_minor, i.payment_reference,
               CustomerRow.number, i.default_from, i.net_minor, i.free_reference,
               i.description, i.discount_basis_points, i.discount_days)
        .join(CustomerRow, CustomerRow.id == i.customer_id)
        .where(i.company_id == scope.company_id, p.is_open(), scope.only(i.customer_id))
        .order_by(i.customer_id, i.due_date, i.id)
    )  # fmt: skip
    found: dict[int, list[Invoice]] = defaultdict(list)
    for row in session.execute(query):
        values = tuple(row)
        found[values[0]].append(_invoice(*values[1:]))
    return found


def _steps(session: Session, scope: _Scope) -> dict[int, list[StepTaken]]:
    s, i = StepTakenRow, InvoiceRow
    query = (
        select(i.customer_id, i.number, s.step_key, s.taken_on, s.channel, s.deadline)
        .join(i, i.id == s.invoice_id)
        .where(scope.of(s.company_id, i.customer_id), p.is_open())
        .order_by(s.taken_on, s.id)
    )
    found: dict[int, list[StepTaken]] = defaultdict(list)
    for cid, number, key, taken_on, channel, deadline in session.execute(query):
        found[cid].append(StepTaken(number, key, taken_on, channel, deadline))
    return found


def _disputes(session: Session, scope: _Scope, as_of: date) -> dict[int, list[Dispute]]:
    d, i = DisputeRow, InvoiceRow
    query = (
        select(i.customer_id, i.number, d.reason, d.opened_on, d.note, d.resolved_on)
        .join(i, i.id == d.invoice_id)
        .where(scope.of(d.company_id, i.customer_id), p.dispute_open_on(as_of))
    )
    found: dict[int, list[Dispute]] = defaultdict(list)
    for cid, number, reason, opened, note, resolved in session.execute(query):
        found[cid].append(Dispute(number, ReasonCode(reason), opened, note, resolved))
    return found


def _promises(session: Session, scope: _Scope, as_of: date) -> dict[int, list[Promise]]:
    r = PromiseRow
    query = (
        select(r.customer_id, CustomerRow.number, r.promised_date, r.made_on,
               r.amount_minor, r.currency, r.kept, r.kind)
        .join(CustomerRow, CustomerRow.id == r.customer_id)
        .where(scope.of(r.company_id, r.customer_id), p.promise_in_force(as_of))
    )  # fmt: skip
    found: dict[int, list[Promise]] = defaultdict(list)
    for cid, number, promised, made, minor, cur, kept, kind in session.execute(query):
        amount = None if minor is None else from_minor(minor, cur)
        found[cid].append(Promise(number, promised, made, amount, cur, kept, AgreementKind(kind)))
    return found


def _last_sent(session: Session, scope: _Scope) -> dict[int, date]:
    s, i = StepTakenRow, InvoiceRow
    query = (
        select(i.customer_id, func.max(s.taken_on))
        .join(i, i.id == s.invoice_id)
        .where(scope.of(s.company_id, i.customer_id), s.channel != TASK_CHANNEL)
        .group_by(i.customer_id)
    )  # fmt: skip
    return dict(session.execute(query).all())


def _records(session: Session, scope: _Scope, as_of: date) -> dict[int, PaymentRecord]:
    """Invoices paid in full in the last year, and how many of them late."""
    a, i = AllocationRow, InvoiceRow
    paid = (
        select(a.invoice_id, func.max(a.allocated_on).label("paid_on"))
        .where(a.allocated_on >= as_of - timedelta(HISTORY_DAYS))
        .group_by(a.invoice_id)
    )
    if scope.customer_id is None:
        paid = paid.where(a.company_id == scope.company_id)
    else:  # the customer's allocations only, found through their invoices
        paid = paid.where(a.invoice_id.in_(select(i.id).where(i.customer_id == scope.customer_id)))
    last_paid = paid.subquery()
    late = func.sum(case((last_paid.c.paid_on > i.due_date, 1), else_=0))
    query = (
        select(i.customer_id, func.count(), late)
        .join(last_paid, last_paid.c.invoice_id == i.id)
        .where(scope.of(i.company_id, i.customer_id), i.kind == p.INVOICE, i.open_minor == 0)
        .group_by(i.customer_id)
    )  # fmt: skip
    return {
        cid: PaymentRecord(int(paid), int(late_count or 0))
        for cid, paid, late_count in session.execute(query)
    }


def _open_calls(session: Session, scope: _Scope) -> dict[int, int]:
    t = TaskRow
    query = (
        select(t.customer_id, func.count())
        .where(scope.of(t.company_id, t.customer_id), t.kind == "call", t.done_on.is_(None))
        .group_by(t.customer_id)
    )  # fmt: skip
    return {cid: int(n) for cid, n in session.execute(query)}


def _invoice(
    invoice_id: int, kind: str, number: str, issued: date, due: date, currency: str,
    total: int, prepaid: int, open_minor: int, reference: str | None, customer_number: str,
    default_from: date | None, net: int | None, free_reference: str | None,
    description: str | None, discount_points: int | None, discount_days: int | None,
) -> Invoice:  # fmt: skip
    discount = None
    if discount_points is not None and discount_days is not None:
        discount = EarlyPaymentDiscount(Decimal(discount_points) / 100, discount_days)
    return Invoice(
        number=number, customer_number=customer_number, issue_date=issued, due_date=due,
        total=from_minor(total, currency), kind=InvoiceKind(kind),
        net_amount=None if net is None else from_minor(net, currency),
        prepaid=from_minor(prepaid, currency), open_amount=from_minor(open_minor, currency),
        currency=currency, payment_reference=reference, free_reference=free_reference,
        description=description, discount=discount, id=invoice_id, default_from=default_from,
    )  # fmt: skip


def _customer(
    customer_id: int, number: str, name: str, kind: str, country: str, language: str,
    term: int | None, tolerance: int, days: str, sales_owner: str | None,
    credit_limit: int | None, hold: bool, vat_id: str | None, registration: str | None,
    email: str | None, phone: str | None, address: str, risk: str | None,
) -> Customer:  # fmt: skip
    return Customer(
        number=number, name=name, kind=CustomerKind(kind), country=country,
        language=Language(language), payment_term_days=term, tolerance_days=tolerance,
        contact_days=tuple(d for d in days.split(",") if d), sales_owner=sales_owner,
        credit_limit=None if credit_limit is None else from_minor(credit_limit, "EUR"),
        credit_hold=hold, vat_id=vat_id, registration_number=registration, email=email,
        phone=phone, address=address, risk_class=risk, id=customer_id,
    )  # fmt: skip
