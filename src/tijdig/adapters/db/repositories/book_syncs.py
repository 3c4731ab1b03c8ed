"""The repository of syncs with the books (services/receivables/sync.py): each export
synced, the last export's snapshot per source, the invoices as a sync reconciles them,
and their closures as paid outside Tijdig. It never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import from_minor, to_minor
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow
from tijdig.adapters.db.schema.syncs import BookExportItemRow, BookSyncRow, InvoiceClosureRow
from tijdig.domain.export_diff import ExportItem, Key
from tijdig.services.receivables.sync_ports import InvoiceUpdate, StoredItem, SyncRecord

BATCH = 3000  # rows per bulk insert: within PostgreSQL's 65,535 bound parameters
CHUNK = 500  # numbers per IN list


class SqlBookSyncs:
    def __init__(self, session: Session) -> None:
        self.session = session

    def snapshot(self, company_id: int, source: str) -> dict[Key, ExportItem]:
        e = BookExportItemRow
        rows = self.session.execute(
            select(e.kind, e.number, e.customer_number, e.issue_date, e.due_date, e.currency,
                   e.total_minor, e.open_minor)
            .where(e.company_id == company_id, e.source == source)
        )  # fmt: skip
        found: dict[Key, ExportItem] = {}
        for kind, number, customer, issued, due, currency, total, open_ in rows:
            found[(kind, number)] = ExportItem(
                kind, number, customer, issued, due, currency, from_minor(total, currency),
                from_minor(open_, currency),
            )  # fmt: skip
        return found

    def last_exported_on(self, company_id: int, source: str) -> date | None:
        s = BookSyncRow
        return self.session.scalar(
            select(func.max(s.exported_on)).where(s.company_id == company_id, s.source == source)
        )

    def stored(self, company_id: int, keys: Sequence[Key]) -> dict[Key, StoredItem]:
        wanted = set(keys)
        numbers = sorted({number for _, number in wanted})
        i = InvoiceRow
        found: dict[Key, StoredItem] = {}
        for start in range(0, len(numbers), CHUNK):
            rows = self.session.execute(
                select(i.kind, i.number, i.id, i.customer_id, CustomerRow.number, i.issue_date,
                       i.due_date, i.currency, i.total_minor, i.prepaid_minor, i.open_minor)
                .join(CustomerRow, CustomerRow.id == i.customer_id)
                .where(i.company_id == company_id, i.number.in_(numbers[start : start + CHUNK]))
            )  # fmt: skip
            for kind, number, *rest in rows:
                if (kind, number) in wanted:
                    found[(kind, number)] = _stored(*rest)
        return found

    def add_sync(self, company_id: int, record: SyncRecord) -> int:
        row = BookSyncRow(
            company_id=company_id, source=record.source, exported_on=record.exported_on,
            synced_at=record.at, synced_by=record.by[:100], filename=record.filename,
            items=record.items, new=record.new, changed=record.changed, gone=record.gone,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row.id

    def replace_snapshot(self, company_id: int, source: str, items: Sequence[ExportItem]) -> None:
        e = BookExportItemRow
        self.session.execute(delete(e).where(e.company_id == company_id, e.source == source))
        for start in range(0, len(items), BATCH):
            rows = [
                {"company_id": company_id, "source": source, "kind": item.kind,
                 "number": item.number, "customer_number": item.customer_number,
                 "issue_date": item.issue_date, "due_date": item.due_date,
                 "currency": item.currency, "total_minor": to_minor(item.total, item.currency),
                 "open_minor": to_minor(item.open_amount, item.currency),
                 "fingerprint": item.fingerprint}
                for item in items[start : start + BATCH]
            ]  # fmt: skip
            self.session.execute(insert(e), rows)

    def update_invoice(self, company_id: int, change: InvoiceUpdate) -> None:
        cur = change.currency
        self.session.execute(
            update(InvoiceRow)
            .where(InvoiceRow.company_id == company_id, InvoiceRow.id == change.invoice_id)
            .values(customer_id=change.customer_id, issue_date=change.issue_date,
                    due_date=change.due_date, total_minor=to_minor(change.total, cur),
                    open_minor=to_minor(change.open_amount, cur),
                    fingerprint=change.fingerprint)
        )  # fmt: skip

    def close(
        self, company_id: int, invoice_id: int, *, amount: Decimal, currency: str, on: date,
        reason: str, sync_id: int,
    ) -> None:  # fmt: skip
        minor = to_minor(amount, currency)
        self.session.add(InvoiceClosureRow(company_id=company_id, invoice_id=invoice_id,
                                           sync_id=sync_id, reason=reason, closed_on=on,
                                           amount_minor=minor))  # fmt: skip
        self.session.execute(
            update(InvoiceRow)
            .where(InvoiceRow.company_id == company_id, InvoiceRow.id == invoice_id)
            .values(open_minor=InvoiceRow.open_minor - minor)
        )
        self.session.flush()


def _stored(
    invoice_id: int, customer_id: int, customer: str, issued: date, due: date, currency: str,
    total: int, prepaid: int, open_: int,
) -> StoredItem:  # fmt: skip
    return StoredItem(invoice_id=invoice_id, customer_id=customer_id, customer_number=customer,
                      issue_date=issued, due_date=due, currency=currency,
                      total=from_minor(total, currency), prepaid=from_minor(prepaid, currency),
                      open_amount=from_minor(open_, currency))  # fmt: skip
