"""The repository of a dispute's case (S3-2): its owner and deadline, the invoice lines
it concerns, its outcome and what that links, and the ledger items an outcome books (a
credit note stored as an imported one is, set off against the invoice by an
allocation; a corrected invoice). It never commits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Select, insert, select, update
from sqlalchemy.orm import Session, aliased

from tijdig.adapters.db import predicates as p
from tijdig.adapters.db.converters import from_minor, to_minor
from tijdig.adapters.db.schema.collection import DisputeLineRow, DisputeRow
from tijdig.adapters.db.schema.ledger import (
    AllocationRow,
    CustomerRow,
    InvoiceLineRow,
    InvoiceRow,
)
from tijdig.domain.collection.internal import Department, OutcomeKind
from tijdig.domain.collection.records import ReasonCode
from tijdig.services.records.case_ports import Closing, DisputeCase, LedgerItem, LineRef

SOURCE = "dispute"  # how a booked item came to be (InvoiceRow.source)


def _item_query() -> Select[int, int, str, str, str, str, int, date]:
    i = InvoiceRow
    return select(
        i.id, i.customer_id, CustomerRow.number, i.kind, i.number, i.currency, i.open_minor,
        i.due_date,
    ).join(CustomerRow, CustomerRow.id == i.customer_id)  # fmt: skip


def _item(
    item_id: int, customer_id: int, customer: str, kind: str, number: str, currency: str,
    open_minor: int, due: date,
) -> LedgerItem:  # fmt: skip
    return LedgerItem(item_id, customer_id, customer, kind, number, currency,
                      from_minor(open_minor, currency), due)  # fmt: skip


def _line(line_id: int, seq: int, name: str, amount: str | None) -> LineRef:
    return LineRef(line_id, seq, name, None if amount is None else Decimal(amount))


class SqlDisputeCases:
    def __init__(self, session: Session) -> None:
        self.session = session

    def invoice_lines(self, invoice_id: int) -> list[LineRef]:
        n = InvoiceLineRow
        rows = self.session.execute(
            select(n.id, n.seq, n.name, n.amount).where(n.invoice_id == invoice_id).order_by(n.seq)
        )
        return [_line(*row) for row in rows]

    def set_owner(
        self, dispute_id: int, department: Department | None, owner: str | None,
        deadline: date | None, task_id: int | None,
    ) -> None:  # fmt: skip
        self.session.execute(
            update(DisputeRow).where(DisputeRow.id == dispute_id).values(
                department=None if department is None else department.value, owner=owner,
                deadline=deadline, task_id=task_id,
            )
        )  # fmt: skip

    def add_lines(self, dispute_id: int, line_ids: list[int]) -> None:
        if line_ids:
            rows = [{"dispute_id": dispute_id, "line_id": line} for line in line_ids]
            self.session.execute(insert(DisputeLineRow), rows)

    def open_dispute_id(self, company_id: int, invoice_id: int) -> int | None:
        d = DisputeRow
        return self.session.scalar(
            select(d.id).where(d.company_id == company_id, d.invoice_id == invoice_id,
                               p.dispute_unresolved()).order_by(d.id.desc()).limit(1)
        )  # fmt: skip

    def case(self, company_id: int, dispute_id: int) -> DisputeCase | None:
        return self.cases(company_id, [dispute_id]).get(dispute_id)

    def cases(self, company_id: int, dispute_ids: list[int]) -> dict[int, DisputeCase]:
        """The disputes' cases by id (one query for the disputes, one for their lines)."""
        if not dispute_ids:
            return {}
        d, i = DisputeRow, InvoiceRow
        credit, replacement = aliased(InvoiceRow), aliased(InvoiceRow)
        query = (
            select(d, i.id, i.customer_id, CustomerRow.number, i.kind, i.number, i.currency,
                   i.open_minor, i.due_date, credit.number, replacement.number)
            .join(i, i.id == d.invoice_id)
            .join(CustomerRow, CustomerRow.id == i.customer_id)
            .outerjoin(credit, credit.id == d.credit_note_id)
            .outerjoin(replacement, replacement.id == d.replacement_id)
            .where(d.company_id == company_id, d.id.in_(dispute_ids))
        )  # fmt: skip
        lines = self._lines(dispute_ids)
        found: dict[int, DisputeCase] = {}
        for row, *invoice, credit_number, replacement_number in self.session.execute(query):
            found[row.id] = DisputeCase(
                id=row.id, invoice=_item(*invoice), reason=ReasonCode(row.reason),
                note=row.note, opened_on=row.opened_on, resolved_on=row.resolved_on,
                department=None if row.department is None else Department(row.department),
                owner=row.owner, deadline=row.deadline, task_id=row.task_id,
                lines=tuple(lines.get(row.id, ())),
                outcome=None if row.outcome is None else OutcomeKind(row.outcome),
                explanation=row.explanation, credit_note=credit_number,
                replacement=replacement_number, plan_id=row.plan_id,
            )  # fmt: skip
        return found

    def of_invoices(self, company_id: int, invoice_ids: list[int]) -> list[DisputeCase]:
        """Every dispute of these invoices, open or closed, the first opened first."""
        if not invoice_ids:
            return []
        d = DisputeRow
        ids = list(self.session.scalars(
            select(d.id).where(d.company_id == company_id, d.invoice_id.in_(invoice_ids))
            .order_by(d.opened_on, d.id)
        ))  # fmt: skip
        found = self.cases(company_id, ids)
        return [found[i] for i in ids]

    def _lines(self, dispute_ids: list[int]) -> dict[int, list[LineRef]]:
        n, dl = InvoiceLineRow, DisputeLineRow
        rows = self.session.execute(
            select(dl.dispute_id, n.id, n.seq, n.name, n.amount)
            .join(n, n.id == dl.line_id)
            .where(dl.dispute_id.in_(dispute_ids))
            .order_by(n.seq)
        )
        found: dict[int, list[LineRef]] = {}
        for dispute_id, line_id, seq, name, amount in rows:
            found.setdefault(dispute_id, []).append(_line(line_id, seq, name, amount))
        return found

    def item(self, company_id: int, kind: str, number: str) -> LedgerItem | None:
        i = InvoiceRow
        row = self.session.execute(
            _item_query().where(i.company_id == company_id, i.kind == kind, i.number == number)
        ).first()
        return None if row is None else _item(*row)

    def book(
        self, company_id: int, customer_id: int, *, kind: str, number: str, issued: date,
        due: date, amount: Decimal, currency: str,
    ) -> int:  # fmt: skip
        """An invoice or credit note recorded by hand, stored as an imported one is."""
        minor = to_minor(amount, currency)
        row = InvoiceRow(
            company_id=company_id, customer_id=customer_id, kind=kind, number=number,
            issue_date=issued, due_date=due, currency=currency, total_minor=minor,
            prepaid_minor=0, open_minor=minor, source=SOURCE,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id

    def set_off(
        self, company_id: int, invoice_id: int, credit_note_id: int, amount: Decimal, on: date
    ) -> None:
        """Settle `amount` of the invoice with the credit note: an allocation, and both
        open amounts lowered by it."""
        currency = self.session.scalar(
            select(InvoiceRow.currency).where(InvoiceRow.id == invoice_id)
        )
        assert currency is not None
        minor = to_minor(amount, currency)
        self.session.add(AllocationRow(company_id=company_id, invoice_id=invoice_id,
                                       credit_note_id=credit_note_id, amount_minor=minor,
                                       allocated_on=on))  # fmt: skip
        for item_id in (invoice_id, credit_note_id):
            self.session.execute(
                update(InvoiceRow).where(InvoiceRow.id == item_id)
                .values(open_minor=InvoiceRow.open_minor - minor)
            )  # fmt: skip
        self.session.flush()

    def close(self, company_id: int, dispute_id: int, closing: Closing) -> None:
        self.session.execute(
            update(DisputeRow)
            .where(DisputeRow.company_id == company_id, DisputeRow.id == dispute_id)
            .values(
                resolved_on=closing.on, outcome=closing.outcome.value,
                explanation=closing.explanation, credit_note_id=closing.credit_note_id,
                replacement_id=closing.replacement_id, plan_id=closing.plan_id,
                outbox_id=closing.outbox_id,
            )
        )  # fmt: skip
