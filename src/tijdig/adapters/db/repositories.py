"""Repositories: load and store domain values. They never commit (the unit of work does)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from tijdig.domain.invoices import Instalment, Invoice
from tijdig.domain.parties import Company, Customer

from . import converters as conv
from .rows import (
    BankAccountRow,
    CompanyRow,
    ContactRow,
    CustomerRow,
    DocumentRow,
    ImportedFileRow,
    InstalmentRow,
    InvoiceRow,
)


def _normalized_id(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


class SqlCompanies:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, company: Company) -> Company:
        row = CompanyRow(**conv.company_values(company), created_at=datetime.now(UTC))
        self.session.add(row)
        self.session.flush()
        for account in company.bank_accounts:
            self.session.add(BankAccountRow(company_id=row.id, iban=account.iban, bic=account.bic))
        self.session.flush()
        return self._load(row)

    def _load(self, row: CompanyRow) -> Company:
        accounts = self.session.scalars(
            select(BankAccountRow).where(BankAccountRow.company_id == row.id)
        ).all()
        return conv.company_from_row(row, list(accounts))

    def all(self) -> list[Company]:
        rows = self.session.scalars(select(CompanyRow).order_by(CompanyRow.code)).all()
        return [self._load(r) for r in rows]

    def by_id(self, company_id: int) -> Company | None:
        row = self.session.get(CompanyRow, company_id)
        return None if row is None else self._load(row)

    def find(self, identifier: str) -> Company | None:
        """By short code, KvK/KBO number or VAT id (spaces and dots ignored)."""
        wanted = _normalized_id(identifier)
        for row in self.session.scalars(select(CompanyRow)).all():
            keys = {row.code.upper(), _normalized_id(row.code)}
            keys |= {_normalized_id(v) for v in (row.vat_id, row.registration_number) if v}
            if wanted in keys or identifier.upper() in keys:
                return self._load(row)
        return None

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(CompanyRow)) or 0)


class SqlCustomers:
    def __init__(self, session: Session) -> None:
        self.session = session

    def ids_by_number(self, company_id: int) -> dict[str, int]:
        rows = self.session.execute(
            select(CustomerRow.number, CustomerRow.id).where(CustomerRow.company_id == company_id)
        )
        return dict(rows.all())

    def payment_terms(self, company_id: int) -> dict[str, int]:
        """Customers with a payment term of their own: number -> days."""
        rows = self.session.execute(
            select(CustomerRow.number, CustomerRow.payment_term_days).where(
                CustomerRow.company_id == company_id, CustomerRow.payment_term_days.is_not(None)
            )
        )
        return {number: days for number, days in rows if days is not None}

    def get(self, company_id: int, number: str) -> Customer | None:
        row = self.session.scalar(
            select(CustomerRow).where(
                CustomerRow.company_id == company_id, CustomerRow.number == number
            )
        )
        return None if row is None else self._load(row)

    def _load(self, row: CustomerRow) -> Customer:
        contacts = self.session.scalars(
            select(ContactRow).where(ContactRow.customer_id == row.id).order_by(ContactRow.id)
        ).all()
        parent = self.session.get(CustomerRow, row.parent_id) if row.parent_id else None
        return conv.customer_from_row(row, list(contacts), parent.number if parent else None)

    def all(self, company_id: int) -> list[Customer]:
        rows = self.session.scalars(
            select(CustomerRow)
            .where(CustomerRow.company_id == company_id)
            .order_by(CustomerRow.number)
        ).all()
        return [self._load(r) for r in rows]

    def save_many(self, company_id: int, customers: Sequence[Customer]) -> tuple[int, int, int]:
        """Insert new customers, update changed ones; (added, updated, unchanged)."""
        existing = self.ids_by_number(company_id)
        added = updated = unchanged = 0
        for customer in customers:
            values = conv.customer_values(customer, company_id)
            cid = existing.get(customer.number)
            if cid is None:
                row = CustomerRow(**values)
                self.session.add(row)
                self.session.flush()
                existing[customer.number] = cid = row.id
                added += 1
            elif self._changed(cid, customer, values):
                self.session.execute(update(CustomerRow).where(CustomerRow.id == cid), values)
                self.session.execute(delete(ContactRow).where(ContactRow.customer_id == cid))
                updated += 1
            else:
                unchanged += 1
                continue
            self._add_contacts(company_id, cid, customer)
        self._link_parents(company_id, customers, existing)
        return added, updated, unchanged

    def _changed(self, cid: int, customer: Customer, values: dict[str, object]) -> bool:
        row = self.session.get(CustomerRow, cid)
        assert row is not None
        current = self._load(row)
        return (
            current.contacts != customer.contacts
            or any(getattr(row, k) != v for k, v in values.items())
            or current.parent_number != customer.parent_number
        )

    def _add_contacts(self, company_id: int, cid: int, customer: Customer) -> None:
        for c in customer.contacts:
            self.session.add(
                ContactRow(
                    company_id=company_id,
                    customer_id=cid,
                    name=c.name,
                    role=c.role.value,
                    email=c.email,
                    phone=c.phone,
                    last_verified=c.last_verified,
                )
            )

    def _link_parents(
        self, company_id: int, customers: Sequence[Customer], ids: dict[str, int]
    ) -> None:
        for customer in customers:
            parent_id = ids.get(customer.parent_number) if customer.parent_number else None
            self.session.execute(
                update(CustomerRow).where(CustomerRow.id == ids[customer.number]),
                {"parent_id": parent_id},
            )
        self.session.flush()

    def bulk_insert(self, rows: list[dict[str, Any]]) -> None:
        """Hot path for generated data: plain dicts through one Core statement."""
        if rows:
            self.session.execute(insert(CustomerRow), rows)


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
        return row.id

    def bulk_insert(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.session.execute(insert(InvoiceRow), rows)

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
    ) -> list[Invoice]:
        query = (
            select(InvoiceRow, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_id)
            .where(InvoiceRow.company_id == company_id)
            .order_by(InvoiceRow.due_date, InvoiceRow.number, InvoiceRow.id)
        )
        if customer_id is not None:
            query = query.where(InvoiceRow.customer_id == customer_id)
        if open_only:
            query = query.where(InvoiceRow.open_minor != 0)
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

    def has_copy(self, invoice_id: int) -> bool:
        found = self.session.scalar(
            select(DocumentRow.id).where(
                DocumentRow.invoice_id == invoice_id, DocumentRow.is_invoice_copy.is_(True)
            )
        )
        return found is not None


class SqlPayments:
    def __init__(self, session: Session) -> None:
        self.session = session


class SqlImportedFiles:
    def __init__(self, session: Session) -> None:
        self.session = session

    def seen(self, company_ids: Sequence[int], kind: str, sha256: str) -> bool:
        if not company_ids:
            return False
        found = self.session.scalar(
            select(ImportedFileRow.id).where(
                or_(*(ImportedFileRow.company_id == cid for cid in company_ids)),
                ImportedFileRow.kind == kind,
                ImportedFileRow.sha256 == sha256,
            )
        )
        return found is not None

    def record(self, company_id: int, kind: str, sha256: str, filename: str, summary: str) -> None:
        self.session.add(
            ImportedFileRow(
                company_id=company_id,
                kind=kind,
                sha256=sha256,
                filename=filename,
                imported_at=datetime.now(UTC),
                summary=summary,
            )
        )
