"""The repository of internal notes (S3-2): other departments' complaints, pending
deliveries and extra work on a customer or an invoice. It never commits. The run's
load (`holding_by_customer`) reads only the notes that can still hold on the day: not
closed by then and not past their end date, through `ix_internal_notes_open`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, and_, or_, select, update
from sqlalchemy.orm import Session, aliased

from tijdig.adapters.db.schema.collection import InternalNoteRow
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow
from tijdig.domain.collection.internal import Department, InternalNote, NoteKind

_Row = tuple[InternalNoteRow, str, str | None]


def _note(row: InternalNoteRow, customer: str, invoice: str | None) -> InternalNote:
    return InternalNote(
        customer, Department(row.department), NoteKind(row.kind), row.text, row.opened_on,
        invoice, row.until, row.closed_on, row.id,
    )  # fmt: skip


def holding_on(as_of: date) -> ColumnElement[bool]:
    """A note that holds on `as_of`: opened by then, not closed, its end not passed."""
    n = InternalNoteRow
    return and_(
        n.opened_on <= as_of,
        or_(n.closed_on.is_(None), n.closed_on > as_of),
        or_(n.until.is_(None), n.until >= as_of),
    )


class SqlNotes:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _query(self, company_id: int) -> Select[InternalNoteRow, str, str]:
        n, invoice = InternalNoteRow, aliased(InvoiceRow)
        return (
            select(n, CustomerRow.number, invoice.number)
            .join(CustomerRow, CustomerRow.id == n.customer_id)
            .outerjoin(invoice, invoice.id == n.invoice_id)
            .where(n.company_id == company_id)
        )

    def add(
        self, company_id: int, customer_id: int, invoice_id: int | None, note: InternalNote,
        *, by: str,
    ) -> int:  # fmt: skip
        row = InternalNoteRow(
            company_id=company_id, customer_id=customer_id, invoice_id=invoice_id,
            department=note.department.value, kind=note.kind.value, text=note.text,
            opened_on=note.opened_on, until=note.until, closed_on=note.closed_on, created_by=by,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id

    def get(self, company_id: int, note_id: int) -> tuple[int, InternalNote] | None:
        """The note with its customer's id."""
        found = self.session.execute(
            self._query(company_id).where(InternalNoteRow.id == note_id)
        ).first()
        if found is None:
            return None
        row, customer, invoice = found
        return row.customer_id, _note(row, customer, invoice)

    def close(self, company_id: int, note_id: int, closed_on: date) -> None:
        n = InternalNoteRow
        self.session.execute(
            update(n).where(n.company_id == company_id, n.id == note_id).values(closed_on=closed_on)
        )

    def listed(
        self, company_id: int, *, customer_id: int | None, open_on: date | None
    ) -> list[InternalNote]:
        """The company's notes (of one customer), the latest first; only those holding
        on `open_on` when it is given."""
        query = self._query(company_id)
        if customer_id is not None:
            query = query.where(InternalNoteRow.customer_id == customer_id)
        if open_on is not None:
            query = query.where(holding_on(open_on))
        query = query.order_by(InternalNoteRow.opened_on.desc(), InternalNoteRow.id.desc())
        return [_note(*row) for row in self.session.execute(query)]

    def holding_by_customer(
        self, company_id: int, as_of: date, *, customer_id: int | None = None
    ) -> dict[int, list[InternalNote]]:
        """The notes holding on `as_of`, by customer id (one customer's when given): one
        query for the run, reading only rows that can still hold."""
        query = self._query(company_id).where(holding_on(as_of))
        if customer_id is not None:
            query = query.where(InternalNoteRow.customer_id == customer_id)
        found: dict[int, list[InternalNote]] = {}
        for row, customer, invoice in self.session.execute(query.order_by(InternalNoteRow.id)):
            found.setdefault(row.customer_id, []).append(_note(row, customer, invoice))
        return found
