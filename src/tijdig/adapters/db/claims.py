"""Costs and interest claimed on invoices and not yet paid (art. 6:44 BW)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from .collection_rows import InvoiceClaimRow
from .converters import from_minor
from .rows import AllocationRow, InvoiceRow


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
