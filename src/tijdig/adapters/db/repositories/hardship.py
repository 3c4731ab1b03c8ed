"""The repository of debtors' hardship statuses and each company's own task texts.
It never commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.schema.collection import HardshipStatusRow, HardshipTaskTextRow
from tijdig.adapters.db.schema.ledger import CustomerRow
from tijdig.domain.hardship import HardshipKind, HardshipStatus


def status_from_row(row: HardshipStatusRow, number: str) -> HardshipStatus:
    return HardshipStatus(
        number, HardshipKind(row.kind), row.since, row.evidence, row.evidence_file, row.ended_on
    )


class SqlHardship:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, company_id: int, customer_id: int, status: HardshipStatus) -> int:
        row = HardshipStatusRow(
            company_id=company_id,
            customer_id=customer_id,
            kind=status.kind.value,
            since=status.since,
            evidence=status.evidence,
            evidence_file=status.evidence_file,
            ended_on=status.ended_on,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def end(self, company_id: int, status_id: int, ended_on: date) -> None:
        self.session.execute(
            update(HardshipStatusRow)
            .where(HardshipStatusRow.company_id == company_id, HardshipStatusRow.id == status_id)
            .values(ended_on=ended_on)
        )

    def for_customer(self, company_id: int, customer_id: int) -> list[tuple[int, HardshipStatus]]:
        """The customer's statuses, ended ones too: the latest begun first."""
        h = HardshipStatusRow
        rows = self.session.execute(
            select(h, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == h.customer_id)
            .where(h.company_id == company_id, h.customer_id == customer_id)
            .order_by(h.since.desc(), h.id.desc())
        )
        return [(row.id, status_from_row(row, number)) for row, number in rows]

    def active_by_customer(
        self, company_id: int, as_of: date, *, customer_id: int | None = None
    ) -> dict[int, HardshipStatus]:
        """The status active on `as_of` per customer (the latest begun, should two be);
        of one customer only when `customer_id` is given."""
        h = HardshipStatusRow
        query = (
            select(h, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == h.customer_id)
            .where(h.company_id == company_id, p.hardship_active_on(as_of))
            .order_by(h.since, h.id)
        )
        if customer_id is not None:
            query = query.where(h.customer_id == customer_id)
        rows = self.session.execute(query)
        return {row.customer_id: status_from_row(row, number) for row, number in rows}

    def task_texts(self, company_id: int) -> dict[HardshipKind, str]:
        t = HardshipTaskTextRow
        rows = self.session.execute(select(t.kind, t.text).where(t.company_id == company_id))
        return {HardshipKind(kind): text for kind, text in rows}

    def save_task_text(self, company_id: int, kind: HardshipKind, text: str | None) -> None:
        """The company's own text for the kind's task; None: back to the default."""
        t = HardshipTaskTextRow
        self.session.execute(delete(t).where(t.company_id == company_id, t.kind == kind.value))
        if text is not None:
            self.session.add(HardshipTaskTextRow(company_id=company_id, kind=kind.value, text=text))
            self.session.flush()
