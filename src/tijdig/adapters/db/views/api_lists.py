"""Core queries behind the REST API's lists: filtered and paged in SQL, each page read
with a fixed number of statements (never one per row). Every query is bounded by the
company id, so another company's rows are never found."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar, TypeVarTuple

from sqlalchemy import Engine, Select, select
from sqlalchemy.orm import Session

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.paging import count, paged
from tijdig.adapters.db.repositories.runs import latest_run_id, run_items, run_record, runs
from tijdig.adapters.db.schema.collection import DisputeRow, PromiseRow
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow, PaymentRow
from tijdig.adapters.db.views.ledger import find_invoice, invoice_detail, payments_by_id
from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus
from tijdig.services.collection.views import RunItem
from tijdig.services.read_models.common import Page, Window
from tijdig.services.read_models.ledger import (
    DisputeRecord,
    DisputeState,
    InvoiceDetail,
    PaymentRecord,
    PromiseRecord,
    PromiseState,
    RunRecord,
)

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


class SqlApiQueries:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _page(
        self,
        query: Select[*Ts],
        ordered: Select[*Ts],
        window: Window,
        record: Callable[[*Ts], T],
    ) -> Page[T]:
        """One page of `ordered`, a `record` per row, with all that `query` finds counted."""
        with self.engine.connect() as conn:
            rows = conn.execute(paged(ordered, window)).all()
            return Page(tuple(record(*row) for row in rows), count(conn, query))

    def customer_id(self, company_id: int, number: str) -> int | None:
        query = select(CustomerRow.id).where(
            CustomerRow.company_id == company_id, CustomerRow.number == number
        )
        with self.engine.connect() as conn:
            return conn.scalar(query)

    def count_invoices(self, company_id: int, *, customer_id: int | None, open_only: bool) -> int:
        query = select(InvoiceRow.id).where(InvoiceRow.company_id == company_id)
        if customer_id is not None:
            query = query.where(InvoiceRow.customer_id == customer_id)
        if open_only:
            query = query.where(p.is_open())
        with self.engine.connect() as conn:
            return count(conn, query)

    def invoice(self, company_id: int, number: str, kind: str | None) -> InvoiceDetail | None:
        with Session(self.engine) as session:
            found = find_invoice(session, company_id, number, kind=kind)
            return None if found is None else invoice_detail(session, company_id, *found)

    def payments(
        self,
        company_id: int,
        window: Window,
        *,
        customer_id: int | None,
        since: date | None,
        until: date | None,
    ) -> Page[PaymentRecord]:
        p = PaymentRow
        query = select(p.id).where(p.company_id == company_id)
        if customer_id is not None:
            query = query.where(p.customer_id == customer_id)
        if since is not None:
            query = query.where(p.paid_on >= since)
        if until is not None:
            query = query.where(p.paid_on <= until)
        with self.engine.connect() as conn:
            ids = list(conn.scalars(paged(query.order_by(p.paid_on.desc(), p.id.desc()), window)))
            return Page(tuple(payments_by_id(conn, company_id, ids)), count(conn, query))

    def payment(self, company_id: int, payment_id: int) -> PaymentRecord | None:
        with self.engine.connect() as conn:
            found = payments_by_id(conn, company_id, [payment_id])
        return found[0] if found else None

    def disputes(
        self,
        company_id: int,
        window: Window,
        *,
        customer_id: int | None,
        invoice_number: str | None,
        state: DisputeState,
    ) -> Page[DisputeRecord]:
        d, i, c = DisputeRow, InvoiceRow, CustomerRow
        query = (
            select(d.id, i.number, c.number, d.reason, d.note, d.opened_on, d.resolved_on)
            .join(i, i.id == d.invoice_id)
            .join(c, c.id == i.customer_id)
            .where(d.company_id == company_id)
        )
        if customer_id is not None:
            query = query.where(i.customer_id == customer_id)
        if invoice_number is not None:
            query = query.where(i.number == invoice_number)
        if state is DisputeState.OPEN:
            query = query.where(p.dispute_unresolved())
        elif state is DisputeState.RESOLVED:
            query = query.where(d.resolved_on.is_not(None))
        ordered = query.order_by(d.id.desc())  # the latest recorded first
        return self._page(query, ordered, window, DisputeRecord)

    def promises(
        self, company_id: int, window: Window, *, customer_id: int | None, state: PromiseState
    ) -> Page[PromiseRecord]:
        pr, c = PromiseRow, CustomerRow
        query = (
            select(
                pr.id, c.number, pr.promised_date, pr.made_on, pr.amount_minor, pr.currency, pr.kept
            )
            .join(c, c.id == pr.customer_id)
            .where(pr.company_id == company_id)
        )
        if customer_id is not None:
            query = query.where(pr.customer_id == customer_id)
        if state is not PromiseState.ALL:
            kept = {PromiseState.KEPT: True, PromiseState.BROKEN: False}.get(state)
            query = query.where(p.promise_unjudged() if kept is None else pr.kept == kept)
        ordered = query.order_by(pr.id.desc())  # the latest recorded first
        return self._page(query, ordered, window, _promise)

    def runs(self, company_id: int, window: Window) -> Page[RunRecord]:
        with self.engine.connect() as conn:
            return runs(conn, company_id, window)

    def run(self, company_id: int, run_id: int) -> RunRecord | None:
        with self.engine.connect() as conn:
            return run_record(conn, company_id, run_id)

    def latest_run_id(self, company_id: int) -> int | None:
        with self.engine.connect() as conn:
            return latest_run_id(conn, company_id)

    def run_items(
        self,
        company_id: int,
        run_id: int,
        window: Window,
        *,
        kinds: Sequence[RunItemKind],
        statuses: Sequence[RunItemStatus],
        customer_id: int | None,
    ) -> Page[RunItem]:
        with self.engine.connect() as conn:
            return run_items(
                conn, company_id, run_id, window, kinds=kinds, statuses=statuses,
                customer_id=customer_id,
            )  # fmt: skip


def _promise(
    promise_id: int, number: str, promised: date, made: date, minor: int | None, cur: str,
    kept: bool | None,
) -> PromiseRecord:  # fmt: skip
    amount = None if minor is None else from_minor(minor, cur)
    return PromiseRecord(promise_id, number, promised, made, amount, cur, kept)
