"""What stands between payments and invoices: costs and interest claimed and not yet
paid (art. 6:44 BW), and money received but not (fully) allocated."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from .banking_rows import BankTransactionRow
from .collection_rows import InvoiceClaimRow
from .converters import from_minor
from .rows import AllocationRow, InvoiceRow, PaymentRow


def claims_left(
    executor: Session | Connection, company_id: int, *, customer_id: int | None = None
) -> dict[str, tuple[Decimal, Decimal]]:
    """Per invoice number: claimed costs and interest that payments have not yet met."""
    c, a, i = InvoiceClaimRow, AllocationRow, InvoiceRow
    query = (
        select(i.number, c.invoice_id, c.currency, func.sum(c.costs_minor),
               func.sum(c.interest_minor))
        .join(i, i.id == c.invoice_id)
        .where(c.company_id == company_id)
        .group_by(i.number, c.invoice_id, c.currency)
    )  # fmt: skip
    if customer_id is not None:
        query = query.where(i.customer_id == customer_id)
    claimed = executor.execute(query).all()
    if not claimed:
        return {}
    paid = {
        invoice_id: (int(costs or 0), int(interest or 0))
        for invoice_id, costs, interest in executor.execute(
            select(a.invoice_id, func.sum(a.costs_minor), func.sum(a.interest_minor))
            .where(a.invoice_id.in_([row[1] for row in claimed]))
            .group_by(a.invoice_id)
        )
    }
    left: dict[str, tuple[Decimal, Decimal]] = {}
    for number, invoice_id, currency, costs, interest in claimed:
        paid_costs, paid_interest = paid.get(invoice_id, (0, 0))
        left[number] = (
            from_minor(max(int(costs) - paid_costs, 0), currency),
            from_minor(max(int(interest) - paid_interest, 0), currency),
        )
    return left


def unallocated_money(
    executor: Session | Connection, company_id: int, *, customer_id: int | None = None
) -> dict[int, list[tuple[str, Decimal]]]:
    """Per customer id: credits of a known customer waiting for review, and the rest of
    overpayments (bank payments not allocated in full), as (currency, amount)."""
    t, p, a = BankTransactionRow, PaymentRow, AllocationRow
    waiting = (
        select(t.customer_id, t.currency, func.sum(t.amount_minor))
        .where(t.company_id == company_id, t.status == "review", t.amount_minor > 0,
               t.customer_id.is_not(None))
        .group_by(t.customer_id, t.currency)
    )  # fmt: skip
    allocated = func.coalesce(func.sum(a.amount_minor), 0)
    rest = (
        select(p.customer_id, p.currency, p.amount_minor - allocated)
        .outerjoin(a, a.payment_id == p.id)
        .where(p.company_id == company_id, p.bank_transaction_id.is_not(None))
        .group_by(p.id, p.customer_id, p.currency, p.amount_minor)
        .having(p.amount_minor > allocated)
    )
    if customer_id is not None:
        waiting = waiting.where(t.customer_id == customer_id)
        rest = rest.where(p.customer_id == customer_id)
    found: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for query in (waiting, rest):
        for customer, currency, minor in executor.execute(query):
            if customer is not None:
                found[customer].append((currency, from_minor(int(minor), currency)))
    return found
