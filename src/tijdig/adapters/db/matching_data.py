"""What matching reads (new bank lines, open items, customers, learned IBANs, recent
matched credits) and what booking a decision writes (payments, allocations, open
amounts, learned IBANs, the line's status). Core statements: this runs per import."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from tijdig.domain.banking import BankTransaction
from tijdig.domain.invoices import EarlyPaymentDiscount
from tijdig.matching.model import Allocation, OpenItem, PaidCredit

from .banking_rows import BankTransactionRow, CustomerIbanRow
from .converters import from_minor, to_minor
from .rows import AllocationRow, CustomerRow, InvoiceRow, PaymentRow

RETURN_WINDOW_DAYS = 120  # how far back a return or reversal can undo a payment


class SqlMatching:
    def __init__(self, session: Session) -> None:
        self.session = session

    def new_lines(self, company_id: int) -> list[tuple[int, BankTransaction]]:
        t = BankTransactionRow
        query = (
            select(t)
            .where(t.company_id == company_id, t.status == "new")
            .order_by(t.booking_date, t.id)
        )
        return [(row.id, _transaction(row)) for row in self.session.scalars(query)]

    def open_items(self, company_id: int) -> list[OpenItem]:
        i = InvoiceRow
        query = (
            select(i.number, CustomerRow.number, i.currency, i.open_minor, i.issue_date,
                   i.due_date, i.payment_reference, i.discount_basis_points, i.discount_days)
            .join(CustomerRow, CustomerRow.id == i.customer_id)
            .where(i.company_id == company_id, i.kind == "invoice", i.open_minor > 0)
        )  # fmt: skip
        found: list[Any] = [tuple(row) for row in self.session.execute(query)]
        return [_item(*row) for row in found]

    def customers(self, company_id: int) -> list[tuple[str, str, str | None]]:
        """(number, name, parent number) of every customer."""
        parent = CustomerRow.__table__.alias("parent")
        query = (
            select(CustomerRow.number, CustomerRow.name, parent.c.number)
            .outerjoin(parent, parent.c.id == CustomerRow.parent_id)
            .where(CustomerRow.company_id == company_id)
        )
        return [(n, name, p) for n, name, p in self.session.execute(query)]

    def ibans(self, company_id: int) -> list[tuple[str, str]]:
        query = (
            select(CustomerIbanRow.iban, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == CustomerIbanRow.customer_id)
            .where(CustomerIbanRow.company_id == company_id)
        )
        return [(iban, number) for iban, number in self.session.execute(query)]

    def paid_credits(self, company_id: int, *, since: date) -> list[PaidCredit]:
        """Credits matched since `since`, with what they settled (for returns)."""
        t, a, i = BankTransactionRow, AllocationRow, InvoiceRow
        query = (
            select(t.payment_id, CustomerRow.number, t.amount_minor, t.currency, t.booking_date,
                   t.end_to_end_id, t.bank_reference, t.counterparty_iban, i.number,
                   a.amount_minor)
            .join(CustomerRow, CustomerRow.id == t.customer_id)
            .join(a, a.payment_id == t.payment_id)
            .join(i, i.id == a.invoice_id)
            .where(t.company_id == company_id, t.status == "matched", t.booking_date >= since)
        )  # fmt: skip
        grouped: dict[int | None, list[Any]] = defaultdict(list)
        for row in self.session.execute(query):
            grouped[row[0]].append(row)
        return [_paid(rows) for rows in grouped.values()]

    def ids(self, company_id: int) -> tuple[dict[str, int], dict[str, int]]:
        """Invoice ids by number and customer ids by number."""
        invoices = self.session.execute(
            select(InvoiceRow.number, InvoiceRow.id).where(
                InvoiceRow.company_id == company_id, InvoiceRow.kind == "invoice"
            )
        )
        customers = self.session.execute(
            select(CustomerRow.number, CustomerRow.id).where(CustomerRow.company_id == company_id)
        )
        return dict(invoices.all()), dict(customers.all())

    def add_payment(
        self, company_id: int, customer_id: int, tx: BankTransaction, reference: str | None
    ) -> int:
        return int(
            self.session.execute(
                insert(PaymentRow).returning(PaymentRow.id),
                {"company_id": company_id, "customer_id": customer_id,
                 "paid_on": tx.booking_date, "amount_minor": to_minor(tx.amount, tx.currency),
                 "currency": tx.currency, "reference": reference},
            ).scalar_one()
        )  # fmt: skip

    def add_allocations(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self.session.execute(insert(AllocationRow), rows)

    def change_open(self, changes: Sequence[tuple[int, int]]) -> None:
        """Add `delta` minor units to the open amount of each (invoice id, delta)."""
        if not changes:
            return
        table = InvoiceRow.__table__
        assert isinstance(table, Table)
        statement = (
            update(table)
            .where(table.c.id == bindparam("invoice"))
            .values(open_minor=table.c.open_minor + bindparam("delta"))
        )
        self.session.execute(statement, [{"invoice": i, "delta": d} for i, d in changes])

    def learn_iban(self, company_id: int, customer_id: int, iban: str, day: date) -> None:
        row = self.session.scalar(
            select(CustomerIbanRow).where(
                CustomerIbanRow.company_id == company_id,
                CustomerIbanRow.customer_id == customer_id,
                CustomerIbanRow.iban == iban,
            )
        )
        if row is None:
            self.session.add(CustomerIbanRow(company_id=company_id, customer_id=customer_id,
                                             iban=iban, times_seen=1, last_seen=day))  # fmt: skip
        else:
            row.times_seen += 1
            row.last_seen = max(row.last_seen, day)
        self.session.flush()

    def set_line(self, line_id: int, values: dict[str, Any]) -> None:
        self.session.execute(
            update(BankTransactionRow).where(BankTransactionRow.id == line_id).values(**values)
        )

    def review_lines(self, company_id: int) -> list[tuple[int, BankTransaction, str, list[Any]]]:
        t = BankTransactionRow
        query = (
            select(t).where(t.company_id == company_id, t.status == "review")
            .order_by(t.booking_date, t.id)
        )  # fmt: skip
        return [(r.id, _transaction(r), r.reasons, json.loads(r.suggestions))
                for r in self.session.scalars(query)]  # fmt: skip

    def unmatched_from(
        self, company_id: int, ibans: Sequence[str], name: str
    ) -> list[tuple[int, BankTransaction, str]]:
        t = BankTransactionRow
        who = t.counterparty_iban.in_(ibans) | t.counterparty_name.ilike(f"%{name}%")
        query = (
            select(t).where(t.company_id == company_id, t.status == "review", who)
            .order_by(t.booking_date.desc())
        )  # fmt: skip
        return [(r.id, _transaction(r), r.status) for r in self.session.scalars(query)]


def history_since(as_of: date) -> date:
    return as_of - timedelta(days=RETURN_WINDOW_DAYS)


def _transaction(row: BankTransactionRow) -> BankTransaction:
    return BankTransaction(
        booking_date=row.booking_date, amount=from_minor(row.amount_minor, row.currency),
        currency=row.currency, value_date=row.value_date,
        counterparty_name=row.counterparty_name, counterparty_iban=row.counterparty_iban,
        structured_reference=row.structured_reference, remittance=row.remittance,
        bank_reference=row.bank_reference, end_to_end_id=row.end_to_end_id,
        return_reason=row.return_reason, is_reversal=row.is_reversal,
    )  # fmt: skip


def _item(
    number: str,
    customer: str,
    currency: str,
    open_minor: int,
    issued: date,
    due: date,
    reference: str | None,
    basis_points: int | None,
    days: int | None,
) -> OpenItem:
    discount = None
    if basis_points is not None and days is not None:
        discount = EarlyPaymentDiscount(Decimal(basis_points) / 100, days)
    return OpenItem(number, customer, currency, from_minor(open_minor, currency), issued, due,
                    reference, discount)  # fmt: skip


def _paid(rows: list[Any]) -> PaidCredit:
    first = rows[0]
    _, customer, minor, currency, day, e2e, bank_ref, iban = first[:8]
    allocations = tuple(
        Allocation(number, from_minor(a, currency), to_principal=from_minor(a, currency))
        for *_, number, a in rows
    )
    return PaidCredit(customer, from_minor(minor, currency), day, allocations, e2e, bank_ref,
                      iban)  # fmt: skip
