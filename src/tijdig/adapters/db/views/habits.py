"""The paid history habits are learned from (analytics/habits.py): Core queries, for one
customer (its page) or a whole company (the list of suggested tolerances).

An invoice counts when it is paid in full by payments (a credit note that sets it off is
no payment) and its last money came on or after `since`. Its steps are the steps taken;
it was settled by a plan when a plan accepted on or before its last payment covered it;
by the agency when a hand-over case of its customer was opened after its due date and
on or before its last payment (a case covers the customer, not single invoices).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Engine, Select, exists, func, select

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.schema.collection import StepTakenRow
from tijdig.adapters.db.schema.hand_over import HandOverCaseRow
from tijdig.adapters.db.schema.ledger import AllocationRow, InvoiceRow, PaymentRow
from tijdig.adapters.db.schema.plans import PaymentPlanRow, PlanInvoiceRow
from tijdig.analytics.habits import Paid, Part

Row = tuple[Any, ...]
K = TypeVar("K")
V = TypeVar("V")


def _paid_ids(company_id: int, customer_id: int | None, since: date) -> Select[Any]:
    """Invoices paid in full whose last payment came on or after `since`."""
    a, i = AllocationRow, InvoiceRow
    query = (
        select(a.invoice_id)
        .join(PaymentRow, PaymentRow.id == a.payment_id)
        .join(i, i.id == a.invoice_id)
        .where(a.company_id == company_id, i.kind == p.INVOICE, i.open_minor == 0)
        .group_by(a.invoice_id)
        .having(func.max(PaymentRow.paid_on) >= since)
    )
    return query if customer_id is None else query.where(i.customer_id == customer_id)


class SqlPaidHistory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def paid(
        self, company_id: int, *, since: date, customer_id: int | None = None
    ) -> dict[int, list[Paid]]:
        """The paid invoices by customer id (one customer's when given)."""
        ids = _paid_ids(company_id, customer_id, since).subquery()
        a, i = AllocationRow, InvoiceRow
        money = (
            select(i.id, i.customer_id, i.number, i.issue_date, i.due_date, i.total_minor,
                   i.currency, PaymentRow.paid_on, a.amount_minor)
            .join(a, a.invoice_id == i.id)
            .join(PaymentRow, PaymentRow.id == a.payment_id)
            .where(i.id.in_(select(ids.c.invoice_id)))
            .order_by(i.id, PaymentRow.paid_on)
        )  # fmt: skip
        steps = select(StepTakenRow.invoice_id, StepTakenRow.taken_on, StepTakenRow.step_key).where(
            StepTakenRow.invoice_id.in_(select(ids.c.invoice_id))
        )
        plans = (
            select(PlanInvoiceRow.invoice_id, PaymentPlanRow.accepted_on)
            .join(PaymentPlanRow, PaymentPlanRow.id == PlanInvoiceRow.plan_id)
            .where(PlanInvoiceRow.invoice_id.in_(select(ids.c.invoice_id)),
                   PaymentPlanRow.accepted_on.is_not(None))
        )  # fmt: skip
        cases = select(HandOverCaseRow.customer_id, HandOverCaseRow.opened_on).where(
            HandOverCaseRow.company_id == company_id
        )
        if customer_id is not None:
            cases = cases.where(HandOverCaseRow.customer_id == customer_id)
        with self.engine.connect() as conn:
            rows: list[Row] = [tuple(r) for r in conn.execute(money)]
            taken = _group((r[0], (r[1], r[2])) for r in conn.execute(steps))
            accepted = _group((r[0], r[1]) for r in conn.execute(plans) if r[1] is not None)
            opened = _group((r[0], r[1]) for r in conn.execute(cases))
        return _assemble(rows, taken, accepted, opened)

    def is_overdue(self, company_id: int, customer_id: int, *, as_of: date) -> bool:
        """Has the customer an invoice open past its due date on `as_of`?"""
        i = InvoiceRow
        query = select(
            exists().where(i.company_id == company_id, i.customer_id == customer_id,
                           p.is_open(), p.is_overdue(as_of))
        )  # fmt: skip
        with self.engine.connect() as conn:
            return bool(conn.execute(query).scalar())


def _group(pairs: Iterable[tuple[K, V]]) -> dict[K, list[V]]:
    found: dict[K, list[V]] = {}
    for key, value in pairs:
        found.setdefault(key, []).append(value)
    return found


def _assemble(
    rows: list[Row],
    taken: dict[int, list[tuple[date, str]]],
    accepted: dict[int, list[date]],
    opened: dict[int, list[date]],
) -> dict[int, list[Paid]]:
    parts: dict[int, list[Part]] = {}
    heads: dict[int, Row] = {}
    for row in rows:
        heads[row[0]] = row
        parts.setdefault(row[0], []).append(Part(row[7], from_minor(row[8], row[6])))
    found: dict[int, list[Paid]] = {}
    for invoice_id, (_, customer_id, number, issued, due, total, currency, *_rest) in heads.items():
        paid_on = max(part.on for part in parts[invoice_id])
        by_plan = any(day <= paid_on for day in accepted.get(invoice_id, ()))
        by_agency = any(due < day <= paid_on for day in opened.get(customer_id, ()))
        item = Paid(number, issued, due, from_minor(total, currency), tuple(parts[invoice_id]),
                    tuple(taken.get(invoice_id, ())), by_plan, by_agency)  # fmt: skip
        found.setdefault(customer_id, []).append(item)
    return found
