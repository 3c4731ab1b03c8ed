"""The fake repositories of the companies (their settings, portal settings and damages
clauses), customers, invoices and imported files (see tests/fakes.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from tests.fakes_tables import (
    _cents,
    _normalized_id,
    _Sequences,
    _StoredInvoice,
    _Tables,
)
from tijdig.domain.invoices import Invoice, InvoiceLine
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.domain.portal import PortalSettings
from tijdig.services.read_models.common import InvoiceOrder

_SORT_KEYS: dict[str, Callable[[Invoice], tuple[object, ...]]] = {
    "due": lambda i: (i.due_date, i.number, i.id or 0),
    "number": lambda i: (i.number, i.id or 0),
    "open": lambda i: (i.outstanding, i.due_date, i.id or 0),
}


class FakeCompanies:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def add(self, company: Company, *, at: datetime) -> Company:
        stored = replace(company, id=self._ids.next("companies"))
        self._tables.companies[stored.id or 0] = stored
        return stored

    def all(self) -> list[Company]:
        return sorted(self._tables.companies.values(), key=lambda c: c.code)

    def by_id(self, company_id: int) -> Company | None:
        return self._tables.companies.get(company_id)

    def find(self, identifier: str) -> Company | None:
        wanted = _normalized_id(identifier)
        for company in sorted(self._tables.companies.values(), key=lambda c: c.id or 0):
            keys = {company.code.upper(), _normalized_id(company.code)}
            keys |= {_normalized_id(v) for v in (company.vat_id, company.registration_number) if v}
            if wanted in keys or identifier.upper() in keys:
                return company
        return None

    def find_by_name(self, name: str, *, country: str) -> Company | None:
        wanted = _normalized_id(name)
        return next(
            (c for c in self.all()
             if c.country == country and wanted and _normalized_id(c.name) == wanted),
            None,
        )  # fmt: skip

    def count(self) -> int:
        return len(self._tables.companies)


class FakeCustomers:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def _of(self, company_id: int) -> list[Customer]:
        return [c for owner, c in self._tables.customers.values() if owner == company_id]

    def ids_by_number(self, company_id: int) -> dict[str, int]:
        return {c.number: c.id or 0 for c in self._of(company_id)}

    def payment_terms(self, company_id: int) -> dict[str, int]:
        return {
            c.number: c.payment_term_days
            for c in self._of(company_id)
            if c.payment_term_days is not None
        }

    def get(self, company_id: int, number: str) -> Customer | None:
        return next((c for c in self._of(company_id) if c.number == number), None)

    def all(self, company_id: int) -> list[Customer]:
        return sorted(self._of(company_id), key=lambda c: c.number)

    def save_many(
        self, company_id: int, customers: Sequence[Customer]
    ) -> tuple[list[int], list[int], int]:
        existing = self.ids_by_number(company_id)
        added: list[int] = []
        updated: list[int] = []
        unchanged = 0
        for customer in customers:
            cid = existing.get(customer.number)
            if cid is None:
                existing[customer.number] = cid = self._ids.next("customers")
                added.append(cid)
            elif self._tables.customers[cid][1] != replace(customer, id=cid):
                updated.append(cid)
            else:
                unchanged += 1
                continue
            self._tables.customers[cid] = (company_id, self._stored(customer, cid))
        for customer in customers:  # a parent not (yet) known is no parent
            cid = existing[customer.number]
            parent = customer.parent_number if customer.parent_number in existing else None
            self._tables.customers[cid] = (
                company_id, replace(self._tables.customers[cid][1], parent_number=parent)
            )  # fmt: skip
        return added, updated, unchanged

    @staticmethod
    def _stored(customer: Customer, cid: int) -> Customer:
        limit = customer.credit_limit
        return replace(
            customer, id=cid, credit_limit=None if limit is None else _cents(limit, "EUR")
        )


class FakeInvoices:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def fingerprints(
        self, company_id: int, identities: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], str | None]:
        wanted = set(identities)
        return {
            (s.invoice.kind.value, s.invoice.number): s.fingerprint
            for s in self._tables.invoices.values()
            if s.company_id == company_id and (s.invoice.kind.value, s.invoice.number) in wanted
        }

    def add(
        self, invoice: Invoice, *, company_id: int, customer_id: int, fingerprint: str, source: str
    ) -> int:
        invoice_id = self._ids.next("invoices")
        cur = invoice.currency
        stored = replace(
            invoice, id=invoice_id, lines=(), has_pdf=False, company_code=None,
            total=_cents(invoice.total, cur), prepaid=_cents(invoice.prepaid, cur),
            open_amount=_cents(invoice.outstanding, cur),
            net_amount=None if invoice.net_amount is None else _cents(invoice.net_amount, cur),
        )  # fmt: skip
        self._tables.invoices[invoice_id] = _StoredInvoice(
            company_id, customer_id, stored, fingerprint, source
        )
        if invoice.lines:
            self._tables.invoice_lines[invoice_id] = invoice.lines
        return invoice_id

    def add_many(
        self, items: Sequence[tuple[Invoice, int, str]], *, company_id: int, source: str
    ) -> None:
        for invoice, customer_id, fingerprint in items:
            self.add(invoice, company_id=company_id, customer_id=customer_id,
                     fingerprint=fingerprint, source=source)  # fmt: skip

    def copies(self, invoice_ids: Sequence[int]) -> dict[int, bytes]:
        return {i: self._tables.copies[i] for i in invoice_ids if i in self._tables.copies}

    def lines(self, invoice_ids: Sequence[int]) -> dict[int, tuple[InvoiceLine, ...]]:
        found = self._tables.invoice_lines
        return {i: found[i] for i in sorted(set(invoice_ids)) if i in found}

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
        if is_copy:
            self._tables.copies[invoice_id] = content

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
        numbers = {cid: c.number for cid, (_, c) in self._tables.customers.items()}
        found = sorted(
            (
                replace(s.invoice, customer_number=numbers[s.customer_id])
                for s in self._tables.invoices.values()
                if s.company_id == company_id
                and customer_id in (None, s.customer_id)
                and not (open_only and s.invoice.open_amount == 0)
            ),
            key=_SORT_KEYS[order.value.lstrip("-")],
            reverse=order.value.startswith("-"),
        )
        if order is InvoiceOrder.OPEN_DESC:  # the largest first, ties by due date as SQL
            found.sort(key=lambda i: (-i.outstanding, i.due_date, i.id or 0))
        return found[offset:] if limit is None else found[offset : offset + limit]


class FakeImportedFiles:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def seen(self, company_ids: Sequence[int], kind: str, sha256: str) -> bool:
        return any((c, kind, sha256) in self._tables.imported_files for c in company_ids)

    def record(
        self, company_id: int, kind: str, sha256: str, filename: str, summary: str, *, at: datetime
    ) -> None:
        key = (company_id, kind, sha256)
        if key in self._tables.imported_files:  # the table's unique constraint
            raise ValueError(f"{kind} file {filename} is recorded already")
        self._tables.imported_files.add(key)


class FakeClauses:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def get(self, company_id: int, customer_id: int | None = None) -> DamagesClause | None:
        return self._tables.clauses.get((company_id, customer_id))

    def save(
        self, company_id: int, clause: DamagesClause, *, customer_id: int | None, at: datetime
    ) -> None:
        maximum = clause.damages_maximum
        self._tables.clauses[(company_id, customer_id)] = replace(
            clause,
            damages_minimum=_cents(clause.damages_minimum, "EUR"),
            damages_maximum=None if maximum is None else _cents(maximum, "EUR"),
        )

    def remove(self, company_id: int, *, customer_id: int | None) -> bool:
        return self._tables.clauses.pop((company_id, customer_id), None) is not None


class FakeCompanySettings:
    """A company's details and bank accounts, changed in place (the companies' rows)."""

    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def update(self, company: Company) -> None:
        assert company.id is not None
        stored = self._tables.companies[company.id]
        self._tables.companies[company.id] = replace(
            company, code=stored.code, bank_accounts=stored.bank_accounts
        )

    def account_owner(self, iban: str) -> int | None:
        return next(
            (c.id for c in sorted(self._tables.companies.values(), key=lambda c: c.id or 0)
             if any(a.iban == iban for a in c.bank_accounts)),
            None,
        )  # fmt: skip

    def add_account(self, company_id: int, iban: str, bic: str | None) -> None:
        company = self._tables.companies[company_id]
        accounts = (*company.bank_accounts, BankAccount(iban, bic))
        self._tables.companies[company_id] = replace(company, bank_accounts=accounts)

    def remove_account(self, company_id: int, iban: str) -> bool:
        company = self._tables.companies[company_id]
        kept = tuple(a for a in company.bank_accounts if a.iban != iban)
        self._tables.companies[company_id] = replace(company, bank_accounts=kept)
        return len(kept) < len(company.bank_accounts)


class FakePortalSettings:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def get(self, company_id: int) -> PortalSettings:
        return self._tables.portal.get(company_id, PortalSettings())

    def save(self, company_id: int, settings: PortalSettings, at: datetime) -> None:
        self._tables.portal[company_id] = settings
