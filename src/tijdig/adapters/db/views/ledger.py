"""Payments with their allocations and an invoice with what settled it, for the REST
API: a fixed number of statements per page, each bounded by the company id."""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, aliased

from tijdig.adapters.db.converters import from_minor, invoice_from_row
from tijdig.adapters.db.repositories.claims import claims_left
from tijdig.adapters.db.schema.collection import DisputeRow
from tijdig.adapters.db.schema.ledger import AllocationRow, CustomerRow, InvoiceRow, PaymentRow
from tijdig.services.read_models.ledger import (
    DisputeRecord,
    InvoiceDetail,
    InvoiceSettlement,
    PaymentPart,
    PaymentRecord,
)


def payments_by_id(conn: Connection, company_id: int, ids: list[int]) -> list[PaymentRecord]:
    """The payments with these ids (in this order) and their allocations: two queries."""
    if not ids:
        return []
    p, a, i, c = PaymentRow, AllocationRow, InvoiceRow, CustomerRow
    heads = conn.execute(
        select(p.id, c.number, p.paid_on, p.amount_minor, p.currency, p.reference,
               p.bank_transaction_id)
        .join(c, c.id == p.customer_id)
        .where(p.company_id == company_id, p.id.in_(ids))
    ).all()  # fmt: skip
    parts: dict[int, list[PaymentPart]] = {}
    query = (
        select(a.payment_id, i.number, a.allocated_on, a.amount_minor, a.costs_minor,
               a.interest_minor, i.currency)
        .join(i, i.id == a.invoice_id)
        .where(a.company_id == company_id, a.payment_id.in_(ids))
        .order_by(a.payment_id, a.id)
    )  # fmt: skip
    for pid, number, on, amount, costs, interest, cur in conn.execute(query):
        assert pid is not None  # only allocations of these payments were asked for
        parts.setdefault(pid, []).append(
            PaymentPart(number, on, from_minor(amount, cur), from_minor(costs, cur),
                        from_minor(interest, cur))
        )  # fmt: skip
    found = {
        pid: PaymentRecord(pid, number, paid, from_minor(minor, cur), cur, ref, tx,
                           tuple(parts.get(pid, ())))
        for pid, number, paid, minor, cur, ref, tx in heads
    }  # fmt: skip
    return [found[pid] for pid in ids if pid in found]


def find_invoice(
    session: Session,
    company_id: int,
    number: str,
    *,
    kind: str | None = None,
    customer_id: int | None = None,
) -> tuple[InvoiceRow, str] | None:
    """The invoice with this number, else the credit note numbered alike (of this kind, of
    this customer, when asked), with its customer's number: the one single-invoice lookup
    of the API and the workspace."""
    query = (
        select(InvoiceRow, CustomerRow.number)
        .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_id)
        .where(InvoiceRow.company_id == company_id, InvoiceRow.number == number)
        .order_by(InvoiceRow.kind.desc())  # the invoice before a credit note numbered alike
    )
    if kind is not None:
        query = query.where(InvoiceRow.kind == kind)
    if customer_id is not None:
        query = query.where(InvoiceRow.customer_id == customer_id)
    found = session.execute(query.limit(1)).first()
    return None if found is None else (found[0], found[1])


def invoice_detail(
    conn: Session, company_id: int, row: InvoiceRow, customer_number: str
) -> InvoiceDetail:
    invoice = invoice_from_row(row, customer_number)
    a, credit = AllocationRow, aliased(InvoiceRow)
    settled = conn.execute(
        select(a.allocated_on, a.amount_minor, a.costs_minor, a.interest_minor, a.payment_id,
               credit.number)
        .outerjoin(credit, credit.id == a.credit_note_id)
        .where(a.company_id == company_id, a.invoice_id == row.id)
        .order_by(a.allocated_on, a.id)
    )  # fmt: skip
    cur = row.currency
    settlements = tuple(
        InvoiceSettlement(on, from_minor(amount, cur), from_minor(costs, cur),
                          from_minor(interest, cur), pid, note)
        for on, amount, costs, interest, pid, note in settled
    )  # fmt: skip
    d = DisputeRow
    disputes = conn.execute(
        select(d.id, d.reason, d.note, d.opened_on, d.resolved_on)
        .where(d.company_id == company_id, d.invoice_id == row.id)
        .order_by(d.opened_on.desc(), d.id.desc())
    )
    claims = claims_left(conn, company_id, customer_id=row.customer_id).get(row.number)
    costs, interest = claims or (from_minor(0, cur), from_minor(0, cur))
    return InvoiceDetail(
        invoice,
        settlements,
        tuple(DisputeRecord(did, row.number, customer_number, reason, note, opened, resolved)
              for did, reason, note, opened, resolved in disputes),
        costs,
        interest,
    )  # fmt: skip
