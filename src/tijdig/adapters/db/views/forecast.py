"""What the cash-flow forecast reads (analytics/forecast.py), as it was known on a day D:
Core queries that never read today's state (`open_minor`, a dispute's resolution after D)
so that a forecast made again for a past day sees what was known then.

On D an invoice (never a credit note) issued on or before D owed what it owes today
plus the money allocated to it since: payments dated after D and credit notes set off
after D (counted back from today's open amount, so an invoice the books imported as paid
without allocations stays paid). Owing more than 0 on D, it was open; owing nothing,
with a payment dated on or before D, it was paid, its delay = that last payment's day -
its due date. A dispute is open on D when opened by D and not resolved by then; a
customer is with the agency on D when a case was opened by D and not closed or returned
by then.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, and_, case, func, select

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.schema.collection import DisputeRow
from tijdig.adapters.db.schema.hand_over import HandOverCaseRow, HandOverStatusRow
from tijdig.adapters.db.schema.ledger import AllocationRow, InvoiceRow, PaymentRow
from tijdig.analytics.forecast import Apart, OpenInvoice
from tijdig.domain.hand_over import CaseStatus
from tijdig.services.read_models.forecast import Book

ENDED = (CaseStatus.CLOSED.value, CaseStatus.RETURNED.value)


def _settled_after(day: date) -> tuple[Any, Any]:
    """Per invoice: the money allocated to it after `day`, and its last payment's day on
    or before `day`."""
    a, pay = AllocationRow, PaymentRow
    later = (a.payment_id.is_not(None) & (pay.paid_on > day)) | (
        a.credit_note_id.is_not(None) & (a.allocated_on > day)
    )
    money = func.coalesce(func.sum(case((later, a.amount_minor), else_=0)), 0)
    by_then = a.payment_id.is_not(None) & (pay.paid_on <= day)
    return money, func.max(case((by_then, pay.paid_on), else_=None))


class SqlForecastData:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def book(self, company_id: int, *, as_of: date, since: date, currency: str) -> Book:
        i, a = InvoiceRow, AllocationRow
        money, last_paid = _settled_after(as_of)
        query = (
            select(i.id, i.customer_id, i.due_date, i.open_minor, money, last_paid)
            .outerjoin(a, a.invoice_id == i.id)
            .outerjoin(PaymentRow, PaymentRow.id == a.payment_id)
            .where(i.company_id == company_id, i.kind == p.INVOICE, i.currency == currency,
                   i.issue_date <= as_of)
            .group_by(i.id, i.customer_id, i.due_date, i.open_minor)
        )  # fmt: skip
        with self.engine.connect() as conn:
            disputed = set(conn.scalars(self._disputed(company_id, as_of)))
            agency = set(conn.scalars(self._with_agency(company_id, as_of)))
            rows = conn.execute(query).all()
        found: list[OpenInvoice] = []
        delays: dict[int, list[int]] = {}
        for invoice_id, customer_id, due, open_now, settled_later, paid_on in rows:
            left = int(open_now) + int(settled_later)
            if left > 0:
                apart = (Apart.DISPUTED if invoice_id in disputed
                         else Apart.HANDED_OVER if customer_id in agency else None)  # fmt: skip
                found.append(OpenInvoice(invoice_id, customer_id, due,
                                         from_minor(left, currency), apart))  # fmt: skip
            elif paid_on is not None and paid_on >= since:
                delays.setdefault(customer_id, []).append((paid_on - due).days)
        return Book(found, delays)

    @staticmethod
    def _disputed(company_id: int, day: date) -> Any:
        return select(DisputeRow.invoice_id).where(DisputeRow.company_id == company_id,
                                                   p.dispute_open_on(day))  # fmt: skip

    @staticmethod
    def _with_agency(company_id: int, day: date) -> Any:
        c, s = HandOverCaseRow, HandOverStatusRow
        ended = select(s.case_id).where(s.status.in_(ENDED), s.on_day <= day)
        return select(c.customer_id).where(c.company_id == company_id, c.opened_on <= day,
                                           c.id.not_in(ended))  # fmt: skip

    def receipts(
        self, company_id: int, invoice_ids: Collection[int], *, after: date, until: date,
        currency: str,
    ) -> dict[date, Decimal]:  # fmt: skip
        """Per Monday, the money of payments dated after `after` up to `until` allocated
        to `invoice_ids` (invoices issued on or before `after`)."""
        a, i, pay = AllocationRow, InvoiceRow, PaymentRow
        query = (
            select(a.invoice_id, pay.paid_on, a.amount_minor)
            .join(pay, pay.id == a.payment_id)
            .join(i, and_(i.id == a.invoice_id, i.issue_date <= after))
            .where(a.company_id == company_id, i.currency == currency, pay.paid_on > after,
                   pay.paid_on <= until)
        )  # fmt: skip
        wanted = set(invoice_ids)
        minor: dict[date, int] = {}
        with self.engine.connect() as conn:
            for invoice_id, paid_on, amount in conn.execute(query):
                if invoice_id in wanted:
                    monday = paid_on - timedelta(days=paid_on.weekday())
                    minor[monday] = minor.get(monday, 0) + int(amount)
        return {day: from_minor(m, currency) for day, m in sorted(minor.items())}
