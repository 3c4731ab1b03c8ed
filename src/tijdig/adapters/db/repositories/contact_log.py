"""The contact log and the agenda's tasks of each company's customers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.schema.collection import ContactEventRow, TaskRow
from tijdig.adapters.db.schema.ledger import CustomerRow
from tijdig.domain.collection.records import (
    ContactEvent,
    ContactKind,
    ReasonCode,
    Task,
    TaskKind,
)
from tijdig.domain.reasons import (
    many_from_json,
    many_to_json,
    written_from_text,
    written_to_text,
)

CHUNK = 500  # ids per IN (...) list


def _utc(moment: datetime) -> datetime:
    """Stored in UTC: SQLite drops the offset, so every moment is kept in one zone."""
    return moment.astimezone(UTC)


def _event(row: ContactEventRow, number: str) -> ContactEvent:
    return ContactEvent(
        customer_number=number,
        kind=ContactKind(row.kind),
        occurred_at=_utc(row.occurred_at),
        summary=written_from_text(row.summary),
        by=row.by,
        with_whom=row.with_whom,
        outcome=row.outcome,
        reason=None if row.reason is None else ReasonCode(row.reason),
        next_step=row.next_step,
    )


def task_from_row(row: TaskRow, number: str) -> Task:
    return Task(
        customer_number=number,
        kind=TaskKind(row.kind),
        due_on=row.due_on,
        title=written_from_text(row.title),
        script=row.script,
        contact_role=row.contact_role,
        assignee=row.assignee,
        done_on=row.done_on,
        outcome=row.outcome,
        reasons=many_from_json(json.loads(row.reasons or "[]")),
    )


class SqlContactLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, company_id: int, customer_id: int, event: ContactEvent) -> int:
        row = ContactEventRow(
            company_id=company_id,
            customer_id=customer_id,
            kind=event.kind.value,
            occurred_at=_utc(event.occurred_at),
            summary=written_to_text(event.summary),
            by=event.by,
            with_whom=event.with_whom,
            outcome=event.outcome,
            reason=None if event.reason is None else event.reason.value,
            next_step=event.next_step,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def timeline(self, company_id: int, customer_id: int, limit: int = 50) -> list[ContactEvent]:
        """The customer's contacts, newest first."""
        query = (
            select(ContactEventRow, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == ContactEventRow.customer_id)
            .where(
                ContactEventRow.company_id == company_id, ContactEventRow.customer_id == customer_id
            )
            .order_by(ContactEventRow.occurred_at.desc(), ContactEventRow.id.desc())
            .limit(limit)
        )
        return [_event(row, number) for row, number in self.session.execute(query)]


class SqlTasks:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _query(self, company_id: int) -> Select[TaskRow, str]:
        return (
            select(TaskRow, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == TaskRow.customer_id)
            .where(TaskRow.company_id == company_id)
        )

    def add(
        self, company_id: int, customer_id: int, task: Task, *, promise_id: int | None = None
    ) -> int:
        row = TaskRow(
            company_id=company_id,
            customer_id=customer_id,
            kind=task.kind.value,
            due_on=task.due_on,
            title=written_to_text(task.title),
            script=task.script,
            contact_role=task.contact_role,
            assignee=task.assignee,
            done_on=task.done_on,
            outcome=task.outcome,
            reasons=json.dumps(many_to_json(task.reasons)),
            promise_id=promise_id,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def get(self, company_id: int, task_id: int) -> Task | None:
        found = self.session.execute(self._query(company_id).where(TaskRow.id == task_id)).first()
        return None if found is None else task_from_row(found[0], found[1])

    def complete(self, company_id: int, task_id: int, outcome: str, done_on: date) -> None:
        self.session.execute(
            update(TaskRow)
            .where(TaskRow.company_id == company_id, TaskRow.id == task_id)
            .values(done_on=done_on, outcome=outcome)
        )

    def reschedule(self, company_id: int, task_id: int, due_on: date) -> None:
        self.session.execute(
            update(TaskRow)
            .where(TaskRow.company_id == company_id, TaskRow.id == task_id)
            .values(due_on=due_on)
        )

    def open_calls_by_customer(self, company_id: int) -> dict[int, int]:
        """Call tasks not yet done, by customer id: one query for the daily run."""
        query = (
            select(TaskRow.customer_id, func.count())
            .where(
                TaskRow.company_id == company_id,
                TaskRow.done_on.is_(None),
                TaskRow.kind == TaskKind.CALL.value,
            )
            .group_by(TaskRow.customer_id)
        )
        return {customer_id: int(n) for customer_id, n in self.session.execute(query)}

    def open_for_customer(self, company_id: int, customer_id: int) -> list[tuple[int, Task]]:
        query = self._query(company_id).where(
            TaskRow.customer_id == customer_id, TaskRow.done_on.is_(None)
        )
        rows = self.session.execute(query.order_by(TaskRow.due_on, TaskRow.id))
        return [(row.id, task_from_row(row, number)) for row, number in rows]
