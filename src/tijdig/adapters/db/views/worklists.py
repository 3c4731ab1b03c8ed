"""The work lists a page at a time (the agenda's open tasks, the promises due, the open
disputes), each page one query (plus one count); the agenda of the CLI, the API and the
workspace alike. Never commits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import from_minor
from tijdig.adapters.db.repositories.contact_log import task_from_row
from tijdig.adapters.db.repositories.records import promise_from_row
from tijdig.adapters.db.schema.collection import (
    DisputeRow,
    PromiseRow,
    RunItemRow,
    RunRow,
    TaskRow,
)
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow
from tijdig.domain.collection.records import ReasonCode, Task
from tijdig.services.read_models.lists import Sort
from tijdig.services.records.ports import ApprovedCall, OpenDispute, OverdueInvoice, PromiseDue

# Calls approved and not yet sent are looked for in the company's latest runs only: an
# older run's are superseded by the runs after it.
RECENT_RUNS = 5
CHUNK = 500  # customer numbers per IN (...) list

# the columns the dispute list sorts on (services/read_models/lists.DISPUTE_SORTS)
DISPUTE_COLUMNS: dict[str, Any] = {
    "invoice": InvoiceRow.number, "customer": CustomerRow.name, "reason": DisputeRow.reason,
    "opened": DisputeRow.opened_on, "amount": InvoiceRow.open_minor,
}  # fmt: skip


class SqlWorklists:
    def __init__(self, session: Session) -> None:
        self.session = session

    def agenda(
        self, company_id: int, as_of: date, *, offset: int, limit: int | None
    ) -> tuple[dict[str, int], list[tuple[int, Task]]]:
        """Open tasks due by `as_of` counted by kind, and one page of them, oldest first
        (the order of `tijdig agenda`); the (company, done_on, due_on) index serves both."""
        due = (
            TaskRow.company_id == company_id,
            TaskRow.done_on.is_(None),
            TaskRow.due_on <= as_of,
        )
        counts = {
            kind: int(n)
            for kind, n in self.session.execute(
                select(TaskRow.kind, func.count()).where(*due).group_by(TaskRow.kind)
            )
        }
        rows = self.session.execute(
            select(TaskRow, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == TaskRow.customer_id)
            .where(*due)
            .order_by(TaskRow.due_on, TaskRow.id)
            .offset(offset)
            .limit(limit)
        )
        return counts, [(row.id, task_from_row(row, number)) for row, number in rows]

    def upcoming(
        self, company_id: int, *, after: date, until: date, limit: int | None
    ) -> tuple[int, list[tuple[int, Task, str]]]:
        """Open tasks due after `after` up to `until`, soonest first, each with its
        customer's name; and how many there are."""
        due = (TaskRow.company_id == company_id, TaskRow.done_on.is_(None),
               TaskRow.due_on > after, TaskRow.due_on <= until)  # fmt: skip
        total = self.session.scalar(select(func.count()).select_from(TaskRow).where(*due))
        rows = self.session.execute(
            select(TaskRow, CustomerRow.number, CustomerRow.name)
            .join(CustomerRow, CustomerRow.id == TaskRow.customer_id)
            .where(*due)
            .order_by(TaskRow.due_on, TaskRow.id)
            .limit(limit)
        )
        return int(total or 0), [
            (row.id, task_from_row(row, number), name) for row, number, name in rows
        ]

    def overdue_invoices(
        self, company_id: int, customer_numbers: Sequence[str], as_of: date
    ) -> list[OverdueInvoice]:
        """The open invoices of these customers overdue on `as_of`, oldest first."""
        numbers = sorted(set(customer_numbers))
        found: list[OverdueInvoice] = []
        for start in range(0, len(numbers), CHUNK):
            rows = self.session.execute(
                select(CustomerRow.number, InvoiceRow.number, InvoiceRow.due_date,
                       InvoiceRow.open_minor, InvoiceRow.currency)
                .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_id)
                .where(InvoiceRow.company_id == company_id, p.is_open(), p.is_overdue(as_of),
                       CustomerRow.number.in_(numbers[start : start + CHUNK]))
                .order_by(InvoiceRow.due_date, InvoiceRow.number)
            )  # fmt: skip
            found += [
                OverdueInvoice(customer, number, due, from_minor(minor, currency), currency)
                for customer, number, due, minor, currency in rows
            ]
        return sorted(found, key=lambda i: (i.due_date, i.number))

    def approved_calls(self, company_id: int) -> list[ApprovedCall]:
        """Calls approved in the company's latest runs and not yet made tasks."""
        runs = (
            select(RunRow.id)
            .where(RunRow.company_id == company_id)
            .order_by(RunRow.id.desc())
            .limit(RECENT_RUNS)
            .scalar_subquery()
        )
        rows = self.session.execute(
            select(RunItemRow.run_id, RunItemRow.id, RunItemRow.payload, CustomerRow.number,
                   CustomerRow.name)
            .join(CustomerRow, CustomerRow.id == RunItemRow.customer_id)
            # `+ 0`: the runs' items by their index, not every item of the company
            # (SQLite's sampled statistics chose that: 224 ms at 1,000,000 invoices)
            .where(RunItemRow.run_id.in_(runs), RunItemRow.status == "approved",
                   RunItemRow.kind == "call", RunItemRow.company_id + 0 == company_id)
        )  # fmt: skip
        return sorted(
            (ApprovedCall(run_id, item_id, number, name, _due_on(payload))
             for run_id, item_id, payload, number, name in rows),
            key=lambda call: call.item_id,
        )  # fmt: skip

    def task_customer(self, company_id: int, task_id: int) -> int | None:
        customer_id: int | None = self.session.scalar(
            select(TaskRow.customer_id).where(
                TaskRow.company_id == company_id, TaskRow.id == task_id
            )
        )
        return customer_id

    def promises_due(
        self, company_id: int, *, start: date, end: date, limit: int | None
    ) -> tuple[int, list[PromiseDue]]:
        """Promises not yet judged whose date falls in start..end, soonest first."""
        where = (
            PromiseRow.company_id == company_id,
            p.promise_unjudged(),
            PromiseRow.promised_date >= start,
            PromiseRow.promised_date <= end,
        )
        total = self.session.scalar(select(func.count()).select_from(PromiseRow).where(*where))
        rows = self.session.execute(
            select(PromiseRow, CustomerRow.number, CustomerRow.name)
            .join(CustomerRow, CustomerRow.id == PromiseRow.customer_id)
            .where(*where)
            .order_by(PromiseRow.promised_date, PromiseRow.id)
            .limit(limit)
        )
        return int(total or 0), [
            PromiseDue(number, name, promise_from_row(row, number)) for row, number, name in rows
        ]

    def _disputes(self, company_id: int) -> Select[DisputeRow, str, int, str, int, str, str]:
        return (
            select(
                DisputeRow,
                InvoiceRow.number,
                InvoiceRow.open_minor,
                InvoiceRow.currency,
                CustomerRow.id,
                CustomerRow.number,
                CustomerRow.name,
            )
            .join(InvoiceRow, InvoiceRow.id == DisputeRow.invoice_id)
            .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_id)
            .where(DisputeRow.company_id == company_id)
        )

    def open_disputes(
        self,
        company_id: int,
        *,
        reason: ReasonCode | None,
        offset: int,
        limit: int | None,
        sort: Sort | None = None,
    ) -> tuple[int, list[OpenDispute]]:
        where = [DisputeRow.company_id == company_id, p.dispute_unresolved()]
        if reason is not None:
            where.append(DisputeRow.reason == reason.value)
        total = self.session.scalar(select(func.count()).select_from(DisputeRow).where(*where))
        column = DISPUTE_COLUMNS[sort.key if sort else "opened"]
        ordered = (column.desc(), DisputeRow.id.desc()) if sort and sort.descending else (
            column.asc(), DisputeRow.id.asc())  # fmt: skip
        query = (
            self._disputes(company_id).where(*where).order_by(*ordered).offset(offset).limit(limit)
        )
        return int(total or 0), [_dispute(*row) for row in self.session.execute(query)]

    def dispute(self, company_id: int, dispute_id: int) -> OpenDispute | None:
        found = self.session.execute(
            self._disputes(company_id).where(DisputeRow.id == dispute_id)
        ).first()
        return None if found is None else _dispute(*found)


def _due_on(payload: str) -> date:
    """The day a call item is due, from its JSON detail (CallPayload.to_json)."""
    return date.fromisoformat(json.loads(payload)["due_on"])


def _dispute(
    row: DisputeRow,
    invoice: str,
    open_minor: int,
    currency: str,
    customer_id: int,
    customer_number: str,
    customer_name: str,
) -> OpenDispute:
    return OpenDispute(
        id=row.id, invoice_number=invoice, customer_id=customer_id,
        customer_number=customer_number, customer_name=customer_name,
        reason=ReasonCode(row.reason), note=row.note, opened_on=row.opened_on,
        resolved_on=row.resolved_on, open_amount=from_minor(open_minor, currency),
        currency=currency,
    )  # fmt: skip
