"""Repositories of disputes and promises to pay (the contact log and tasks are in
contact_log.py). They never commit. The methods a daily run calls over a whole company
(`open_by_customer`, `in_force_by_customer`) are one query each."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, exists, func, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import from_minor, to_minor
from tijdig.adapters.db.schema.collection import DisputeRow, PromiseRow, TaskRow
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow, PaymentRow
from tijdig.domain.collection.ladder import AgreementKind, Rung
from tijdig.domain.collection.records import (
    Dispute,
    Promise,
    ReasonCode,
)
from tijdig.services.records.ports import DuePromise, InvoiceRef

CHUNK = 500  # ids per IN (...) list


def _dispute(row: DisputeRow, number: str) -> Dispute:
    return Dispute(number, ReasonCode(row.reason), row.opened_on, row.note, row.resolved_on)


def promise_from_row(row: PromiseRow, number: str) -> Promise:
    amount = None if row.amount_minor is None else from_minor(row.amount_minor, row.currency)
    fallback = None if row.fallback is None else Rung(row.fallback)
    return Promise(number, row.promised_date, row.made_on, amount, row.currency, row.kept,
                   AgreementKind(row.kind), fallback)  # fmt: skip


class SqlDisputes:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _query(self, company_id: int) -> Select[DisputeRow, str, int]:
        return (
            select(DisputeRow, InvoiceRow.number, InvoiceRow.customer_id)
            .join(InvoiceRow, InvoiceRow.id == DisputeRow.invoice_id)
            .where(DisputeRow.company_id == company_id)
        )

    def invoices_numbered(self, company_id: int, number: str) -> list[InvoiceRef]:
        """The invoice and/or credit note with this number."""
        rows = self.session.execute(
            select(InvoiceRow.id, InvoiceRow.customer_id, CustomerRow.number, InvoiceRow.kind)
            .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_id)
            .where(InvoiceRow.company_id == company_id, InvoiceRow.number == number)
            .order_by(InvoiceRow.kind.desc())  # the invoice before the credit note
        )
        return [InvoiceRef(*row) for row in rows]

    def open(self, company_id: int, invoice_id: int, dispute: Dispute) -> int:
        row = DisputeRow(
            company_id=company_id,
            invoice_id=invoice_id,
            reason=dispute.reason.value,
            note=dispute.note,
            opened_on=dispute.opened_on,
            resolved_on=dispute.resolved_on,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def resolve(self, company_id: int, invoice_id: int, resolved_on: date) -> int:
        """Resolve the invoice's unresolved disputes; how many there were."""
        result = self.session.execute(
            update(DisputeRow)
            .where(
                DisputeRow.company_id == company_id,
                DisputeRow.invoice_id == invoice_id,
                p.dispute_unresolved(),
            )
            .values(resolved_on=resolved_on)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def open_for(self, company_id: int, invoice_ids: Sequence[int]) -> dict[int, Dispute]:
        """Unresolved disputes by invoice id."""
        found: dict[int, Dispute] = {}
        for start in range(0, len(invoice_ids), CHUNK):
            query = self._query(company_id).where(
                DisputeRow.invoice_id.in_(invoice_ids[start : start + CHUNK]),
                p.dispute_unresolved(),
            )
            found.update(
                (row.invoice_id, _dispute(row, n)) for row, n, _ in self.session.execute(query)
            )
        return found

    def open_by_customer(self, company_id: int, as_of: date) -> dict[int, list[Dispute]]:
        """Disputes open on `as_of`, by customer id: one query for the daily run."""
        query = self._query(company_id).where(p.dispute_open_on(as_of))
        result: dict[int, list[Dispute]] = {}
        for row, number, customer_id in self.session.execute(query.order_by(DisputeRow.id)):
            result.setdefault(customer_id, []).append(_dispute(row, number))
        return result

    def for_customer(self, company_id: int, customer_id: int) -> list[Dispute]:
        query = self._query(company_id).where(InvoiceRow.customer_id == customer_id)
        rows = self.session.execute(query.order_by(DisputeRow.opened_on.desc(), DisputeRow.id))
        return [_dispute(row, number) for row, number, _ in rows]


class SqlPromises:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _query(self, company_id: int) -> Select[PromiseRow, str]:
        return (
            select(PromiseRow, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == PromiseRow.customer_id)
            .where(PromiseRow.company_id == company_id)
        )

    def add(self, company_id: int, customer_id: int, promise: Promise) -> int:
        amount = promise.amount
        row = PromiseRow(
            company_id=company_id,
            customer_id=customer_id,
            promised_date=promise.promised_date,
            made_on=promise.made_on,
            amount_minor=None if amount is None else to_minor(amount, promise.currency),
            currency=promise.currency,
            kept=promise.kept,
            kind=promise.kind.value,
            fallback=None if promise.fallback is None else promise.fallback.value,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def _in_force(self, company_id: int, as_of: date) -> Select[PromiseRow, str]:
        return self._query(company_id).where(p.promise_in_force(as_of), PromiseRow.made_on <= as_of)

    def in_force(self, company_id: int, customer_id: int, as_of: date) -> list[Promise]:
        query = self._in_force(company_id, as_of).where(PromiseRow.customer_id == customer_id)
        return [
            promise_from_row(row, n)
            for row, n in self.session.execute(query.order_by(PromiseRow.id))
        ]

    def in_force_by_customer(
        self, company_id: int, as_of: date, *, customers: Collection[str] | None = None
    ) -> dict[int, list[Promise]]:
        """Promises in force on `as_of`, by customer id: one query for the daily run;
        `customers`: of these customers (numbers) only, as a page of the agenda asks."""
        result: dict[int, list[Promise]] = {}
        query = self._in_force(company_id, as_of).order_by(PromiseRow.id)
        if customers is not None:
            query = query.where(CustomerRow.number.in_(sorted(customers)))
        for row, number in self.session.execute(query):
            result.setdefault(row.customer_id, []).append(promise_from_row(row, number))
        return result

    def due_unkept(self, company_id: int, as_of: date) -> list[DuePromise]:
        """Promises dated before `as_of`, not yet judged and without a follow-up task,
        each with the payments and the open amount that judge it (one query)."""
        return [_due(*row) for row in self.session.execute(_due_query(company_id, as_of))]

    def due_not_kept(
        self, company_id: int, as_of: date, *, limit: int | None = None
    ) -> tuple[int, list[DuePromise]]:
        """Of `due_unkept`, how many are not kept now, and the first `limit` of them
        (all: None) in the same order. Not kept: something is still open on the invoices
        overdue when it was made, and no amount was promised or less than it was paid
        (services.records.promises.is_kept turned round). One query: the sums that judge
        a promise are worked out once each (a materialized CTE), the count is an
        aggregate over all of them (count(*) OVER ()), only the page is read."""
        due = _judging_sums(company_id, as_of)
        not_kept = (due.c.still_open > 0) & (
            PromiseRow.amount_minor.is_(None) | (due.c.paid < PromiseRow.amount_minor)
        )
        query = (
            select(PromiseRow, CustomerRow.number, CustomerRow.country, CustomerRow.language)
            .add_columns(due.c.paid, due.c.still_open, func.count().over())
            .join(due, due.c.promise_id == PromiseRow.id)
            .join(CustomerRow, CustomerRow.id == PromiseRow.customer_id)
            .where(not_kept)
            .order_by(PromiseRow.promised_date, PromiseRow.id)
        )
        if limit == 0:  # no row to carry the count
            counted = select(func.count()).select_from(query.subquery())
            return int(self.session.scalar(counted) or 0), []
        rows = self.session.execute(query.limit(limit)).all()
        return (rows[0][-1] if rows else 0), [_due(*row[:-1]) for row in rows]

    def _mark(self, company_id: int, promise_id: int, kept: bool) -> None:
        self.session.execute(
            update(PromiseRow)
            .where(PromiseRow.company_id == company_id, PromiseRow.id == promise_id)
            .values(kept=kept)
        )

    def mark_kept(self, company_id: int, promise_id: int) -> None:
        self._mark(company_id, promise_id, True)

    def mark_broken(self, company_id: int, promise_id: int) -> None:
        self._mark(company_id, promise_id, False)

    def for_customer(self, company_id: int, customer_id: int, limit: int = 20) -> list[Promise]:
        query = self._query(company_id).where(PromiseRow.customer_id == customer_id)
        query = query.order_by(PromiseRow.made_on.desc(), PromiseRow.id.desc()).limit(limit)
        return [promise_from_row(row, number) for row, number in self.session.execute(query)]


def _due_where(company_id: int, as_of: date) -> tuple[Any, ...]:
    """A promise of the company dated before `as_of`, not yet judged, without a follow-up."""
    return (
        PromiseRow.company_id == company_id,
        p.promise_unjudged(),
        PromiseRow.promised_date < as_of,
        ~exists().where(TaskRow.promise_id == PromiseRow.id),
    )


def _due_query(company_id: int, as_of: date) -> Select[Any]:
    return (
        select(PromiseRow, CustomerRow.number, CustomerRow.country, CustomerRow.language)
        .add_columns(_paid(), _still_open())
        .join(CustomerRow, CustomerRow.id == PromiseRow.customer_id)
        .where(*_due_where(company_id, as_of))
        .order_by(PromiseRow.promised_date, PromiseRow.id)
    )


def _judging_sums(company_id: int, as_of: date) -> Any:
    """The promises `due_unkept` reads, each with what was paid and what is still open
    (in minor units, as stored), worked out once: MATERIALIZED keeps the planner from
    folding the sums into each use of them."""
    return (
        select(PromiseRow.id.label("promise_id"), _paid().label("paid"),
               _still_open().label("still_open"))
        .where(*_due_where(company_id, as_of))
        .cte("due_promises")
        .prefix_with("MATERIALIZED")
    )  # fmt: skip


def _paid() -> Any:
    """Payments of the promise's customer, dated made_on..promised_date, in its currency."""
    return (
        select(func.coalesce(func.sum(PaymentRow.amount_minor), 0))
        .where(
            PaymentRow.customer_id == PromiseRow.customer_id,
            PaymentRow.currency == PromiseRow.currency,
            PaymentRow.paid_on >= PromiseRow.made_on,
            PaymentRow.paid_on <= PromiseRow.promised_date,
        )
        .scalar_subquery()
    )


def _still_open() -> Any:
    """What is still open on the invoices that were overdue when the promise was made."""
    return (
        select(func.coalesce(func.sum(InvoiceRow.open_minor), 0))
        .where(
            InvoiceRow.customer_id == PromiseRow.customer_id,
            InvoiceRow.currency == PromiseRow.currency,
            InvoiceRow.kind == "invoice",
            InvoiceRow.due_date < PromiseRow.made_on,
        )
        .scalar_subquery()
    )


def _due(
    row: PromiseRow, number: str, country: str, language: str, paid: int, still_open: int
) -> DuePromise:
    return DuePromise(
        promise_id=row.id,
        customer_id=row.customer_id,
        country=country,
        language=language,
        promise=promise_from_row(row, number),
        paid=from_minor(int(paid), row.currency),
        still_open=from_minor(int(still_open), row.currency),
    )
