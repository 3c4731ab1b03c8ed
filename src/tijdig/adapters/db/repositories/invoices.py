"""The invoice repository: invoices, credit notes, their schedules, lines and files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from tijdig.adapters.db import converters as conv
from tijdig.adapters.db import predicates
from tijdig.adapters.db.schema.ledger import (
    CustomerRow,
    DocumentRow,
    InstalmentRow,
    InvoiceLineRow,
    InvoiceRow,
)
from tijdig.domain.invoices import Instalment, Invoice, InvoiceLine
from tijdig.services.read_models.common import InvoiceOrder

# Rows per bulk statement: large enough to amortise, small enough for PostgreSQL's
# limit of 65,535 bound parameters per statement (invoices have 17 columns).
BATCH = 3000


_i = InvoiceRow
# Each order ends on the id: rows that tie never swap places between two pages.
_ORDERS: dict[InvoiceOrder, tuple[Any, ...]] = {
    InvoiceOrder.DUE: (_i.due_date, _i.number, _i.id),
    InvoiceOrder.DUE_DESC: (_i.due_date.desc(), _i.number.desc(), _i.id.desc()),
    InvoiceOrder.NUMBER: (_i.number, _i.id),
    InvoiceOrder.NUMBER_DESC: (_i.number.desc(), _i.id.desc()),
    InvoiceOrder.OPEN: (_i.open_minor, _i.due_date, _i.id),
    InvoiceOrder.OPEN_DESC: (_i.open_minor.desc(), _i.due_date, _i.id),
}


class SqlInvoices:
    def __init__(self, session: Session) -> None:
        self.session = session

    def fingerprints(
        self, company_id: int, identities: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], str | None]:
        """The stored fingerprint of each (kind, number) that exists already."""
        wanted = set(identities)
        numbers = sorted({number for _, number in wanted})
        found: dict[tuple[str, str], str | None] = {}
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            rows = self.session.execute(
                select(InvoiceRow.kind, InvoiceRow.number, InvoiceRow.fingerprint).where(
                    InvoiceRow.company_id == company_id, InvoiceRow.number.in_(chunk)
                )
            )
            for kind, number, fingerprint in rows:
                if (kind, number) in wanted:
                    found[(kind, number)] = fingerprint
        return found

    def add(
        self,
        invoice: Invoice,
        *,
        company_id: int,
        customer_id: int,
        fingerprint: str,
        source: str,
    ) -> int:
        values = conv.invoice_values(invoice, company_id, customer_id)
        row = InvoiceRow(**values, fingerprint=fingerprint, source=source)
        self.session.add(row)
        self.session.flush()
        for seq, part in enumerate(invoice.schedule, start=1):
            self.session.add(
                InstalmentRow(
                    company_id=company_id,
                    invoice_id=row.id,
                    seq=seq,
                    due_date=part.due_date,
                    amount_minor=conv.to_minor(part.amount, invoice.currency),
                )
            )
        self._add_lines(company_id, {row.id: invoice.lines})
        return row.id

    def add_many(
        self, items: Sequence[tuple[Invoice, int, str]], *, company_id: int, source: str
    ) -> None:
        """Book (invoice, customer id, fingerprint) triples with Core bulk statements."""
        for start in range(0, len(items), BATCH):
            rows = [
                conv.invoice_values(invoice, company_id, customer_id)
                | {"fingerprint": fingerprint, "source": source}
                for invoice, customer_id, fingerprint in items[start : start + BATCH]
            ]
            self.session.execute(insert(InvoiceRow), rows)
        self._add_schedules(company_id, [invoice for invoice, _, _ in items if invoice.schedule])
        with_lines = [invoice for invoice, _, _ in items if invoice.lines]
        if with_lines:
            ids = self._ids(company_id, [(i.kind.value, i.number) for i in with_lines])
            self._add_lines(company_id, {ids[i.kind.value, i.number]: i.lines for i in with_lines})

    def _add_lines(self, company_id: int, lines: dict[int, tuple[InvoiceLine, ...]]) -> None:
        rows = [
            conv.invoice_line_values(line, company_id=company_id, invoice_id=invoice_id, seq=seq)
            for invoice_id, found in lines.items()
            for seq, line in enumerate(found, start=1)
        ]
        if rows:
            self.session.execute(insert(InvoiceLineRow), rows)

    def lines(self, invoice_ids: Sequence[int]) -> dict[int, tuple[InvoiceLine, ...]]:
        """The lines of each invoice that has them: read only for the few invoices a
        message or copy shows, never for lists or the daily run."""
        found: dict[int, list[InvoiceLine]] = {}
        wanted = sorted(set(invoice_ids))
        for start in range(0, len(wanted), 500):
            rows = self.session.scalars(
                select(InvoiceLineRow)
                .where(InvoiceLineRow.invoice_id.in_(wanted[start : start + 500]))
                .order_by(InvoiceLineRow.invoice_id, InvoiceLineRow.seq)
            )
            for row in rows:
                found.setdefault(row.invoice_id, []).append(conv.invoice_line_from_row(row))
        return {invoice_id: tuple(lines) for invoice_id, lines in found.items()}

    def _add_schedules(self, company_id: int, invoices: list[Invoice]) -> None:
        ids = self._ids(company_id, [(i.kind.value, i.number) for i in invoices])
        rows = [
            {
                "company_id": company_id,
                "invoice_id": ids[invoice.kind.value, invoice.number],
                "seq": seq,
                "due_date": part.due_date,
                "amount_minor": conv.to_minor(part.amount, invoice.currency),
            }
            for invoice in invoices
            for seq, part in enumerate(invoice.schedule, start=1)
        ]
        if rows:
            self.session.execute(insert(InstalmentRow), rows)

    def _ids(
        self, company_id: int, identities: list[tuple[str, str]]
    ) -> dict[tuple[str, str], int]:
        wanted = set(identities)
        numbers = sorted({number for _, number in wanted})
        found: dict[tuple[str, str], int] = {}
        for start in range(0, len(numbers), 500):
            rows = self.session.execute(
                select(InvoiceRow.kind, InvoiceRow.number, InvoiceRow.id).where(
                    InvoiceRow.company_id == company_id,
                    InvoiceRow.number.in_(numbers[start : start + 500]),
                )
            )
            found.update(((k, n), i) for k, n, i in rows if (k, n) in wanted)
        return found

    def attach(
        self,
        company_id: int,
        invoice_id: int,
        *,
        filename: str,
        mime_type: str,
        content: bytes,
        is_copy: bool,
    ) -> None:
        self.session.add(
            DocumentRow(
                company_id=company_id,
                invoice_id=invoice_id,
                filename=filename,
                mime_type=mime_type,
                content=content,
                is_invoice_copy=is_copy,
            )
        )

    def search(
        self,
        company_id: int,
        *,
        customer_id: int | None = None,
        open_only: bool = False,
        limit: int | None = None,
        offset: int = 0,
        order: InvoiceOrder = InvoiceOrder.DUE,
    ) -> list[Invoice]:
        query = (
            select(InvoiceRow, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_id)
            .where(InvoiceRow.company_id == company_id)
            .order_by(*_ORDERS[order])
        )
        if customer_id is not None:
            query = query.where(InvoiceRow.customer_id == customer_id)
        if open_only:
            query = query.where(predicates.is_open())
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        rows = self.session.execute(query).all()
        schedules = self._schedules([row.id for row, _ in rows])
        return [
            conv.invoice_from_row(row, number, schedules.get(row.id, ())) for row, number in rows
        ]

    def _schedules(self, invoice_ids: list[int]) -> dict[int, tuple[Instalment, ...]]:
        result: dict[int, list[Instalment]] = {}
        for start in range(0, len(invoice_ids), 500):
            rows = self.session.execute(
                select(InstalmentRow, InvoiceRow.currency)
                .join(InvoiceRow, InvoiceRow.id == InstalmentRow.invoice_id)
                .where(InstalmentRow.invoice_id.in_(invoice_ids[start : start + 500]))
                .order_by(InstalmentRow.invoice_id, InstalmentRow.seq)
            ).all()
            for part, currency in rows:
                result.setdefault(part.invoice_id, []).append(
                    Instalment(part.due_date, conv.from_minor(part.amount_minor, currency))
                )
        return {k: tuple(v) for k, v in result.items()}

    def copies(self, invoice_ids: Sequence[int]) -> dict[int, bytes]:
        """The stored PDF copy of each invoice that has one."""
        if not invoice_ids:
            return {}
        rows = self.session.execute(
            select(DocumentRow.invoice_id, DocumentRow.content).where(
                DocumentRow.invoice_id.in_(invoice_ids), DocumentRow.is_invoice_copy.is_(True)
            )
        )
        return dict(rows.all())

    def has_copy(self, invoice_id: int) -> bool:
        found = self.session.scalar(
            select(DocumentRow.id).where(
                DocumentRow.invoice_id == invoice_id, DocumentRow.is_invoice_copy.is_(True)
            )
        )
        return found is not None
