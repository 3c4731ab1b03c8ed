"""Read models for overviews and reports: Core queries returning plain values."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from sqlalchemy import Engine, case, func, select

from tijdig.analytics.aging import OpenItem
from tijdig.analytics.behaviour import Settled
from tijdig.services.views import AppliedPayment, CustomerBalance, PaymentLine

from .claims import claims_left, unallocated_money
from .converters import from_minor
from .rows import AllocationRow, CustomerRow, InvoiceRow, PaymentRow


class SqlReports:
    """Queries that feed the dashboard, the aging report and the customer file."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def open_items(self, company_id: int) -> Iterator[OpenItem]:
        """Open amounts summed per due date and currency: a few thousand rows from the
        covering index of the open invoices instead of one per open invoice."""
        signed = case(
            (InvoiceRow.kind == "credit_note", -InvoiceRow.open_minor), else_=InvoiceRow.open_minor
        )
        query = (
            select(InvoiceRow.due_date, InvoiceRow.currency, func.sum(signed), func.count())
            .where(InvoiceRow.company_id == company_id, InvoiceRow.open_minor != 0)
            .group_by(InvoiceRow.due_date, InvoiceRow.currency)
        )
        with self.engine.connect() as conn:
            for due, currency, minor, count in conn.execute(query):
                yield OpenItem(due, currency, from_minor(int(minor), currency), int(count))

    def balances(self, company_id: int, *, as_of: date) -> list[CustomerBalance]:
        """Per customer and currency: open, overdue, count overdue, oldest overdue due date.

        Open credit notes are set against the overdue invoices first (as the customer
        would), so the overdue amount never exceeds the open balance.
        """
        is_overdue = (InvoiceRow.kind == "invoice") & (InvoiceRow.due_date < as_of)
        signed = case(
            (InvoiceRow.kind == "credit_note", -InvoiceRow.open_minor), else_=InvoiceRow.open_minor
        )
        query = (
            select(
                CustomerRow.number,
                CustomerRow.name,
                CustomerRow.kind,
                CustomerRow.country,
                InvoiceRow.currency,
                func.sum(signed),
                func.sum(case((is_overdue, InvoiceRow.open_minor), else_=0))
                + func.sum(
                    case((InvoiceRow.kind == "credit_note", -InvoiceRow.open_minor), else_=0)
                ),
                func.sum(case((is_overdue, 1), else_=0)),
                func.min(case((is_overdue, InvoiceRow.due_date), else_=None)),
                CustomerRow.credit_hold,
            )
            .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_id)
            .where(InvoiceRow.company_id == company_id, InvoiceRow.open_minor != 0)
            .group_by(CustomerRow.id, InvoiceRow.currency)
            .order_by(CustomerRow.number, InvoiceRow.currency)
        )
        with self.engine.connect() as conn:
            return [balance_from_row(*row) for row in conn.execute(query)]

    def settled(self, company_id: int, customer_id: int) -> list[Settled]:
        """Invoices paid in full, with the date of the last allocation."""
        query = (
            select(InvoiceRow.due_date, func.max(AllocationRow.allocated_on))
            .join(AllocationRow, AllocationRow.invoice_id == InvoiceRow.id)
            .where(
                InvoiceRow.company_id == company_id,
                InvoiceRow.customer_id == customer_id,
                InvoiceRow.kind == "invoice",
                InvoiceRow.open_minor == 0,
            )
            .group_by(InvoiceRow.id, InvoiceRow.due_date)
        )
        with self.engine.connect() as conn:
            return [Settled(due, paid) for due, paid in conn.execute(query)]

    def applied(
        self, company_id: int, customer_id: int, *, limit: int = 20
    ) -> list[AppliedPayment]:
        """The customer's latest payment allocations, with their costs and interest parts."""
        a, i = AllocationRow, InvoiceRow
        query = (
            select(a.allocated_on, i.number, i.currency, a.amount_minor, a.costs_minor,
                   a.interest_minor)
            .join(i, i.id == a.invoice_id)
            .where(a.company_id == company_id, i.customer_id == customer_id,
                   a.payment_id.is_not(None))
            .order_by(a.allocated_on.desc(), a.id.desc())
            .limit(limit)
        )  # fmt: skip
        with self.engine.connect() as conn:
            return [
                AppliedPayment(
                    day,
                    number,
                    cur,
                    from_minor(amount, cur),
                    from_minor(costs, cur),
                    from_minor(interest, cur),
                )
                for day, number, cur, amount, costs, interest in conn.execute(query)
            ]

    def unallocated(self, company_id: int, customer_id: int) -> list[tuple[str, Decimal]]:
        """Money from the customer not yet allocated to invoices (a credit on it)."""
        with self.engine.connect() as conn:
            found = unallocated_money(conn, company_id, customer_id=customer_id)
        return found.get(customer_id, [])

    def claims(self, company_id: int, customer_id: int) -> dict[str, tuple[Decimal, Decimal]]:
        """Costs and interest claimed and not yet paid, per open invoice number."""
        with self.engine.connect() as conn:
            return claims_left(conn, company_id, customer_id=customer_id)

    def payments(self, company_id: int, customer_id: int, *, limit: int = 20) -> list[PaymentLine]:
        query = (
            select(
                PaymentRow.paid_on,
                PaymentRow.amount_minor,
                PaymentRow.currency,
                PaymentRow.reference,
            )
            .where(PaymentRow.company_id == company_id, PaymentRow.customer_id == customer_id)
            .order_by(PaymentRow.paid_on.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [
                PaymentLine(paid, from_minor(minor, cur), cur, ref)
                for paid, minor, cur, ref in conn.execute(query)
            ]


def balance_from_row(
    number: str,
    name: str,
    kind: str,
    country: str,
    currency: str,
    total: int,
    overdue: int | None,
    count: int | None,
    oldest: date | None,
    hold: bool,
) -> CustomerBalance:
    return CustomerBalance(
        number=number,
        name=name,
        kind=kind,
        country=country,
        currency=currency,
        open_amount=from_minor(int(total), currency),
        overdue_amount=from_minor(max(0, int(overdue or 0)), currency),
        overdue_invoices=int(count or 0),
        oldest_due=oldest,
        credit_hold=bool(hold),
    )
