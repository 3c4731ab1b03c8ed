"""A unit of work whose outbox holds one company's messages only: sending from a
company's page sends, and reports, nothing of another company."""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc
from tijdig.adapters.db.repositories.outbox import SqlOutbox, due_for_sending
from tijdig.adapters.db.repositories.runs import InfoCounts
from tijdig.adapters.db.schema.collection import OutboxRow
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.services.outbox import OutboxEntry, OutboxStatus


class CompanyOutbox(SqlOutbox):
    """The outbox of one company: what is due and what waits for a person are its own."""

    def __init__(self, session: Session, company_id: int) -> None:
        super().__init__(session)
        self.company_id = company_id

    def due(self, *, now: datetime, limit: int | None = None) -> list[int]:
        query = (
            select(OutboxRow.id)
            .where(due_for_sending(as_utc(now)), OutboxRow.company_id == self.company_id)
            .order_by(OutboxRow.id)
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def expire(self, *, before: date, now: datetime) -> list[int]:
        return self._expire(before, now, self.company_id)

    def with_status(
        self, status: OutboxStatus, *, company_id: int | None = None, limit: int | None = None
    ) -> list[OutboxEntry]:
        return super().with_status(status, company_id=self.company_id, limit=limit)


class CompanyUnitOfWork(SqlUnitOfWork):
    """A unit of work whose outbox is one company's (see `CompanyOutbox`)."""

    outbox: CompanyOutbox

    def __init__(
        self, engine: Engine, company_id: int, *, info_counts: InfoCounts | None = None
    ) -> None:
        super().__init__(engine, info_counts=info_counts)
        self.company_id = company_id

    def __enter__(self) -> Self:
        super().__enter__()
        self.outbox = CompanyOutbox(self.session, self.company_id)
        return self
