"""Repositories: load and store domain values. They never commit (the unit of work does).

The invoice repository lives in invoices.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db import converters as conv
from tijdig.adapters.db.repositories.contact_quality import undeliverable_of
from tijdig.adapters.db.schema.ledger import (
    BankAccountRow,
    CompanyRow,
    ContactRow,
    CustomerRow,
    ImportedFileRow,
)
from tijdig.domain.parties import Company, Customer


def _normalized_id(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


class SqlCompanies:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, company: Company, *, at: datetime) -> Company:
        row = CompanyRow(**conv.company_values(company), created_at=conv.as_utc(at))
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

    def find_by_name(self, name: str, *, country: str) -> Company | None:
        """The company of this country with this name, case, spaces and punctuation
        ignored (`Bakkerij de Vries B.V.` is `BAKKERIJ DE VRIES BV`); the first by code."""
        wanted = _normalized_id(name)
        rows = self.session.scalars(
            select(CompanyRow).where(CompanyRow.country == country).order_by(CompanyRow.code)
        ).all()
        found = next((r for r in rows if wanted and _normalized_id(r.name) == wanted), None)
        return None if found is None else self._load(found)

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
        customer = conv.customer_from_row(row, list(contacts), parent.number if parent else None)
        bounced = undeliverable_of(self.session, [row.id]).get(row.id)
        return replace(customer, undeliverable=bounced) if bounced else customer

    def all(self, company_id: int) -> list[Customer]:
        rows = self.session.scalars(
            select(CustomerRow)
            .where(CustomerRow.company_id == company_id)
            .order_by(CustomerRow.number)
        ).all()
        return [self._load(r) for r in rows]

    def save_many(
        self, company_id: int, customers: Sequence[Customer]
    ) -> tuple[list[int], list[int], int]:
        """Insert new customers, update changed ones; (ids added, ids updated, how many
        unchanged)."""
        existing = self.ids_by_number(company_id)
        added: list[int] = []
        updated: list[int] = []
        unchanged = 0
        for customer in customers:
            values = conv.customer_values(customer, company_id)
            cid = existing.get(customer.number)
            if cid is None:
                row = CustomerRow(**values)
                self.session.add(row)
                self.session.flush()
                existing[customer.number] = cid = row.id
                added.append(cid)
            elif self._changed(cid, customer, values):
                self.session.execute(update(CustomerRow).where(CustomerRow.id == cid), values)
                self.session.execute(delete(ContactRow).where(ContactRow.customer_id == cid))
                updated.append(cid)
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

    def record(
        self, company_id: int, kind: str, sha256: str, filename: str, summary: str, *, at: datetime
    ) -> None:
        self.session.add(
            ImportedFileRow(
                company_id=company_id,
                kind=kind,
                sha256=sha256,
                filename=filename,
                imported_at=conv.as_utc(at),
                summary=summary,
            )
        )
