"""In-memory stand-ins for the database, the mailer and the audit log, for service tests.

`FakeDatabase().uow()` gives units of work that keep their rows in dicts and behave as
`SqlUnitOfWork` does where the services can tell: nothing is kept unless committed, a
unit of work can be entered again after its block, ids come from sequences that a
rollback does not give back (as PostgreSQL's), and reads return the same values the
SQL repositories return (amounts in the currency's minor units, lists in the same
order). tests/adapters/db/test_contract_*.py run the same cases against these and
against SQLite and PostgreSQL, so the fakes cannot drift from the real repositories.

They cover the repositories of the companies, customers, invoices, imported files,
users, sessions, API tokens, installation secrets, damages clauses, a company's
settings and portal settings, and the audit log: what the companies, settings, access,
clause and receivables (invoice and e-invoice import) services use; and the collection
records' (disputes, promises, hardship statuses, the contact log, tasks and their work
lists), what the records services use. Payments and settled invoices, which the bank
booking writes, are set up with `FakeLedger`. A service that needs another repository
is tested on a real database (the `app` fixture).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from types import TracebackType
from typing import Self, TypeVar

from tijdig.domain.collection.records import (
    ContactEvent,
    Dispute,
    Promise,
    ReasonCode,
    Task,
    TaskKind,
)
from tijdig.domain.hardship import HardshipKind, HardshipStatus
from tijdig.domain.invoices import Invoice, InvoiceKind, InvoiceLine
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.money import Money
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.domain.portal import PortalSettings
from tijdig.domain.reasons import many_from_json, many_to_json
from tijdig.domain.users import AuditEntry, User
from tijdig.services.outbox import DeliveryUnknown, OutgoingMessage, Release, SendError
from tijdig.services.records.ports import (
    DuePromise,
    InvoiceRef,
    OpenDispute,
    PromiseDue,
)

# ---------------------------------------------------------------------------- the rows


def _cents(amount: Decimal, currency: str) -> Decimal:
    """An amount as the database gives it back: in the currency's minor units."""
    return Money.from_minor(Money(currency, amount).to_minor(), currency).amount


def _normalized_id(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


@dataclass
class _StoredInvoice:
    company_id: int
    customer_id: int
    invoice: Invoice  # as search() returns it, but for the customer's number
    fingerprint: str | None
    source: str


@dataclass
class _StoredUser:
    user: User
    password_hash: str
    last_sign_in: datetime | None = None


@dataclass
class _Token:
    user_id: int
    name: str
    token_hash: str
    prefix: str
    created: datetime
    revoked: datetime | None = None


@dataclass
class _StoredDispute:
    company_id: int
    invoice_id: int
    dispute: Dispute  # as stored, but for the invoice's number (read from the invoice)


@dataclass
class _StoredPromise:
    company_id: int
    customer_id: int
    promise: Promise  # as stored, but for the customer's number


@dataclass
class _StoredTask:
    company_id: int
    customer_id: int
    task: Task  # as stored, but for the customer's number
    promise_id: int | None  # the broken promise it follows up


@dataclass(frozen=True)
class _Payment:
    customer_id: int
    paid_on: date
    amount: Decimal
    currency: str


@dataclass
class _Tables:
    """What one committed state of the fake database holds, by table."""

    companies: dict[int, Company] = field(default_factory=dict)
    customers: dict[int, tuple[int, Customer]] = field(default_factory=dict)  # id: company
    invoices: dict[int, _StoredInvoice] = field(default_factory=dict)
    invoice_lines: dict[int, tuple[InvoiceLine, ...]] = field(default_factory=dict)
    copies: dict[int, bytes] = field(default_factory=dict)  # invoice id: its PDF copy
    imported_files: set[tuple[int, str, str]] = field(default_factory=set)
    audit: list[AuditEntry] = field(default_factory=list)
    users: dict[int, _StoredUser] = field(default_factory=dict)
    web_sessions: dict[str, tuple[int, str, datetime]] = field(default_factory=dict)
    api_tokens: dict[int, _Token] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    clauses: dict[tuple[int, int | None], DamagesClause] = field(default_factory=dict)
    portal: dict[int, PortalSettings] = field(default_factory=dict)
    disputes: dict[int, _StoredDispute] = field(default_factory=dict)
    promises: dict[int, _StoredPromise] = field(default_factory=dict)
    contact_log: dict[int, tuple[int, int, ContactEvent]] = field(default_factory=dict)
    tasks: dict[int, _StoredTask] = field(default_factory=dict)
    # id: (company, customer, status as stored but for the customer's number)
    hardship: dict[int, tuple[int, int, HardshipStatus]] = field(default_factory=dict)
    hardship_texts: dict[tuple[int, HardshipKind], str] = field(default_factory=dict)
    payments: list[_Payment] = field(default_factory=list)

    def customer_number(self, customer_id: int) -> str:
        return self.customers[customer_id][1].number

    def customer(self, customer_id: int) -> Customer:
        return self.customers[customer_id][1]


_Row = TypeVar("_Row")


class _Sequences:
    """One id sequence per table; like PostgreSQL's, a rollback does not give ids back."""

    def __init__(self) -> None:
        self._last: dict[str, int] = {}

    def next(self, table: str) -> int:
        self._last[table] = self._last.get(table, 0) + 1
        return self._last[table]

    def issued(self) -> dict[str, int]:
        """The last id each table gave out."""
        return dict(self._last)


# ------------------------------------------------------------------------ repositories


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
            key=lambda i: (i.due_date, i.number, i.id or 0),
        )
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


class FakeAudit:
    """The audit log: every entry a use case records, in order (`entries`)."""

    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    @property
    def entries(self) -> list[AuditEntry]:
        return list(self._tables.audit)

    def add(self, entry: AuditEntry) -> None:
        self.add_many([entry])

    def add_many(self, entries: Sequence[AuditEntry]) -> None:
        self._tables.audit.extend(
            replace(e, subject=e.subject[:200], id=self._ids.next("audit_log")) for e in entries
        )

    def _newest_first(self, entries: Iterable[AuditEntry]) -> list[AuditEntry]:
        return sorted(entries, key=lambda e: (e.at, e.id or 0), reverse=True)

    def for_customer(self, company_id: int, customer_id: int, limit: int = 200) -> list[AuditEntry]:
        mine = (e for e in self._tables.audit
                if e.company_id == company_id and e.customer_id == customer_id)  # fmt: skip
        return self._newest_first(mine)[:limit]

    def for_company(self, company_id: int, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
        mine = (e for e in self._tables.audit if e.company_id == company_id)
        return self._newest_first(mine)[offset : offset + limit]


class FakeUsers:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def add(self, user: User, password_hash: str, *, at: datetime) -> User:
        stored = replace(user, id=self._ids.next("users"))
        self._tables.users[stored.id or 0] = _StoredUser(stored, password_hash)
        return stored

    def by_id(self, user_id: int) -> User | None:
        found = self._tables.users.get(user_id)
        return None if found is None else found.user

    def by_username(self, username: str) -> User | None:
        return next(
            (s.user for s in self._tables.users.values() if s.user.username == username), None
        )

    def all(self) -> list[User]:
        return sorted((s.user for s in self._tables.users.values()), key=lambda u: u.username)

    def password_hash(self, user_id: int) -> str | None:
        found = self._tables.users.get(user_id)
        return None if found is None else found.password_hash

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        if user_id in self._tables.users:
            self._tables.users[user_id].password_hash = password_hash

    def update(self, user: User) -> None:
        assert user.id is not None
        self._tables.users[user.id].user = user

    def signed_in(self, user_id: int, at: datetime) -> None:
        if user_id in self._tables.users:
            self._tables.users[user_id].last_sign_in = at

    def grant(self, user_id: int, company_ids: Iterable[int]) -> None:
        stored = self._tables.users[user_id]
        stored.user = replace(stored.user, company_ids=stored.user.company_ids | set(company_ids))


class FakeWebSessions:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def add(
        self, user_id: int, token_hash: str, csrf_token: str, *, at: datetime, expires: datetime
    ) -> None:
        self._tables.web_sessions[token_hash] = (user_id, csrf_token, expires)

    def find(self, token_hash: str, *, now: datetime) -> tuple[int, str] | None:
        found = self._tables.web_sessions.get(token_hash)
        if found is None or found[2] <= now:
            return None
        return found[0], found[1]

    def end(self, token_hash: str) -> None:
        self._tables.web_sessions.pop(token_hash, None)

    def end_all(self, user_id: int) -> None:
        for token_hash, (owner, _csrf, _expires) in list(self._tables.web_sessions.items()):
            if owner == user_id:
                del self._tables.web_sessions[token_hash]

    def purge_expired(self, now: datetime) -> int:
        expired = [
            h for h, (_u, _c, expires) in self._tables.web_sessions.items() if expires <= now
        ]
        for token_hash in expired:
            del self._tables.web_sessions[token_hash]
        return len(expired)


class FakeApiTokens:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def add(self, user_id: int, name: str, token_hash: str, prefix: str, *, at: datetime) -> int:
        token_id = self._ids.next("api_tokens")
        self._tables.api_tokens[token_id] = _Token(user_id, name, token_hash, prefix, at)
        return token_id

    def user_for(self, token_hash: str) -> int | None:
        return next(
            (t.user_id for t in self._tables.api_tokens.values()
             if t.token_hash == token_hash and t.revoked is None),
            None,
        )  # fmt: skip

    def of_user(self, user_id: int) -> list[tuple[int, str, str, datetime, datetime | None]]:
        return [
            (token_id, t.name, t.prefix, t.created, t.revoked)
            for token_id, t in sorted(self._tables.api_tokens.items())
            if t.user_id == user_id
        ]

    def revoke(self, user_id: int, token_id: int, at: datetime) -> bool:
        token = self._tables.api_tokens.get(token_id)
        if token is None or token.user_id != user_id or token.revoked is not None:
            return False
        token.revoked = at
        return True


class FakeSecrets:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def get(self, name: str) -> str | None:
        return self._tables.secrets.get(name)

    def add(self, name: str, value: str, at: datetime) -> None:
        if name in self._tables.secrets:  # the table's primary key
            raise ValueError(f"secret {name} exists already")
        self._tables.secrets[name] = value


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


# ------------------------------------------------------------ the collection records


def _dispute_open_on(dispute: Dispute, as_of: date) -> bool:
    """predicates.dispute_open_on: opened by `as_of`, not resolved by then."""
    return dispute.opened_on <= as_of and (
        dispute.resolved_on is None or dispute.resolved_on > as_of
    )


class FakeDisputes:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def _of(self, company_id: int) -> list[tuple[int, _StoredDispute, _StoredInvoice]]:
        """The company's disputes with their invoices, by id."""
        return [
            (dispute_id, d, self._tables.invoices[d.invoice_id])
            for dispute_id, d in sorted(self._tables.disputes.items())
            if d.company_id == company_id
        ]

    @staticmethod
    def _read(stored: _StoredDispute, invoice: _StoredInvoice) -> Dispute:
        return replace(stored.dispute, invoice_number=invoice.invoice.number)

    def invoices_numbered(self, company_id: int, number: str) -> list[InvoiceRef]:
        found = [
            InvoiceRef(invoice_id, s.customer_id, self._tables.customer_number(s.customer_id),
                       s.invoice.kind.value)
            for invoice_id, s in sorted(self._tables.invoices.items())
            if s.company_id == company_id and s.invoice.number == number
        ]  # fmt: skip
        return sorted(found, key=lambda r: r.kind, reverse=True)  # the invoice first

    def open(self, company_id: int, invoice_id: int, dispute: Dispute) -> int:
        dispute_id = self._ids.next("disputes")
        self._tables.disputes[dispute_id] = _StoredDispute(company_id, invoice_id, dispute)
        return dispute_id

    def resolve(self, company_id: int, invoice_id: int, resolved_on: date) -> int:
        unresolved = [
            d for d in self._tables.disputes.values()
            if d.company_id == company_id and d.invoice_id == invoice_id
            and d.dispute.resolved_on is None
        ]  # fmt: skip
        for stored in unresolved:
            stored.dispute = replace(stored.dispute, resolved_on=resolved_on)
        return len(unresolved)

    def open_for(self, company_id: int, invoice_ids: Sequence[int]) -> dict[int, Dispute]:
        wanted = set(invoice_ids)
        return {
            d.invoice_id: self._read(d, invoice)
            for _id, d, invoice in self._of(company_id)
            if d.invoice_id in wanted and d.dispute.resolved_on is None
        }

    def open_by_customer(self, company_id: int, as_of: date) -> dict[int, list[Dispute]]:
        result: dict[int, list[Dispute]] = {}
        for _id, d, invoice in self._of(company_id):
            if _dispute_open_on(d.dispute, as_of):
                result.setdefault(invoice.customer_id, []).append(self._read(d, invoice))
        return result

    def for_customer(self, company_id: int, customer_id: int) -> list[Dispute]:
        mine = [
            (dispute_id, self._read(d, invoice))
            for dispute_id, d, invoice in self._of(company_id)
            if invoice.customer_id == customer_id
        ]
        # newest opened first, then by id: the SQL's ORDER BY opened_on DESC, id
        mine.sort(key=lambda found: found[0])
        mine.sort(key=lambda found: found[1].opened_on, reverse=True)
        return [dispute for _id, dispute in mine]


class FakePromises:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def _of(self, company_id: int) -> list[tuple[int, _StoredPromise]]:
        return [
            (promise_id, p)
            for promise_id, p in sorted(self._tables.promises.items())
            if p.company_id == company_id
        ]

    def _read(self, stored: _StoredPromise) -> Promise:
        return replace(
            stored.promise, customer_number=self._tables.customer_number(stored.customer_id)
        )

    def add(self, company_id: int, customer_id: int, promise: Promise) -> int:
        promise_id = self._ids.next("promises")
        amount = promise.amount
        stored = replace(
            promise, amount=None if amount is None else _cents(amount, promise.currency)
        )
        self._tables.promises[promise_id] = _StoredPromise(company_id, customer_id, stored)
        return promise_id

    def in_force_by_customer(self, company_id: int, as_of: date) -> dict[int, list[Promise]]:
        result: dict[int, list[Promise]] = {}
        for _id, p in self._of(company_id):
            promise = p.promise
            if promise.kept is None and promise.made_on <= as_of <= promise.promised_date:
                result.setdefault(p.customer_id, []).append(self._read(p))
        return result

    def due_unkept(self, company_id: int, as_of: date) -> list[DuePromise]:
        followed_up = {t.promise_id for t in self._tables.tasks.values()}
        due = [
            self._due(promise_id, p)
            for promise_id, p in self._of(company_id)
            if p.promise.kept is None
            and p.promise.promised_date < as_of
            and promise_id not in followed_up
        ]
        return sorted(due, key=lambda d: (d.promise.promised_date, d.promise_id))

    def _due(self, promise_id: int, stored: _StoredPromise) -> DuePromise:
        promise, customer = stored.promise, self._tables.customer(stored.customer_id)
        paid = sum(
            (pay.amount for pay in self._tables.payments
             if pay.customer_id == stored.customer_id and pay.currency == promise.currency
             and promise.made_on <= pay.paid_on <= promise.promised_date),
            Decimal(0),
        )  # fmt: skip
        still_open = sum(
            (s.invoice.outstanding for s in self._tables.invoices.values()
             if s.customer_id == stored.customer_id and s.invoice.currency == promise.currency
             and s.invoice.kind is InvoiceKind.INVOICE and s.invoice.due_date < promise.made_on),
            Decimal(0),
        )  # fmt: skip
        return DuePromise(
            promise_id=promise_id,
            customer_id=stored.customer_id,
            country=customer.country,
            language=customer.language.value,
            promise=self._read(stored),
            paid=_cents(paid, promise.currency),
            still_open=_cents(still_open, promise.currency),
        )

    def _mark(self, company_id: int, promise_id: int, kept: bool) -> None:
        stored = self._tables.promises.get(promise_id)
        if stored is not None and stored.company_id == company_id:
            stored.promise = replace(stored.promise, kept=kept)

    def mark_kept(self, company_id: int, promise_id: int) -> None:
        self._mark(company_id, promise_id, True)

    def mark_broken(self, company_id: int, promise_id: int) -> None:
        self._mark(company_id, promise_id, False)

    def for_customer(self, company_id: int, customer_id: int, limit: int = 20) -> list[Promise]:
        mine = [(i, p) for i, p in self._of(company_id) if p.customer_id == customer_id]
        mine.sort(key=lambda found: (found[1].promise.made_on, found[0]), reverse=True)
        return [self._read(p) for _id, p in mine[:limit]]


class FakeContactLog:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def add(self, company_id: int, customer_id: int, event: ContactEvent) -> int:
        event_id = self._ids.next("contact_events")
        stored = replace(event, occurred_at=event.occurred_at.astimezone(UTC))
        self._tables.contact_log[event_id] = (company_id, customer_id, stored)
        return event_id

    def timeline(self, company_id: int, customer_id: int, limit: int = 50) -> list[ContactEvent]:
        mine = [
            (event.occurred_at, event_id, event)
            for event_id, (owner, customer, event) in self._tables.contact_log.items()
            if owner == company_id and customer == customer_id
        ]
        mine.sort(key=lambda found: found[:2], reverse=True)  # newest first
        number = self._tables.customer_number(customer_id)
        return [replace(event, customer_number=number) for _at, _id, event in mine[:limit]]


class FakeHardship:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def _read(self, customer_id: int, status: HardshipStatus) -> HardshipStatus:
        return replace(status, customer_number=self._tables.customer_number(customer_id))

    def add(self, company_id: int, customer_id: int, status: HardshipStatus) -> int:
        status_id = self._ids.next("hardship_statuses")
        self._tables.hardship[status_id] = (company_id, customer_id, status)
        return status_id

    def end(self, company_id: int, status_id: int, ended_on: date) -> None:
        found = self._tables.hardship.get(status_id)
        if found is not None and found[0] == company_id:
            self._tables.hardship[status_id] = (*found[:2], replace(found[2], ended_on=ended_on))

    def for_customer(self, company_id: int, customer_id: int) -> list[tuple[int, HardshipStatus]]:
        mine = [
            (status_id, self._read(customer, status))
            for status_id, (owner, customer, status) in self._tables.hardship.items()
            if owner == company_id and customer == customer_id
        ]
        return sorted(mine, key=lambda found: (found[1].since, found[0]), reverse=True)

    def active_by_customer(
        self, company_id: int, as_of: date, *, customer_id: int | None = None
    ) -> dict[int, HardshipStatus]:
        active = sorted(
            ((status.since, status_id, customer, status)
             for status_id, (owner, customer, status) in self._tables.hardship.items()
             if owner == company_id and status.is_active(as_of)
             and customer_id in (None, customer)),
            key=lambda found: found[:2],
        )  # fmt: skip
        return {customer: self._read(customer, status) for _s, _i, customer, status in active}

    def task_texts(self, company_id: int) -> dict[HardshipKind, str]:
        texts = self._tables.hardship_texts.items()
        return {kind: text for (owner, kind), text in texts if owner == company_id}

    def save_task_text(self, company_id: int, kind: HardshipKind, text: str | None) -> None:
        self._tables.hardship_texts.pop((company_id, kind), None)
        if text is not None:
            self._tables.hardship_texts[(company_id, kind)] = text


def _task_as_stored(task: Task) -> Task:
    """The task as the SQL gives it back: its reasons through their JSON column."""
    return replace(task, reasons=many_from_json(json.loads(json.dumps(many_to_json(task.reasons)))))


class FakeTasks:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def _of(self, company_id: int) -> list[tuple[int, _StoredTask]]:
        return [
            (task_id, t)
            for task_id, t in sorted(self._tables.tasks.items())
            if t.company_id == company_id
        ]

    def read(self, stored: _StoredTask) -> Task:
        return replace(
            stored.task, customer_number=self._tables.customer_number(stored.customer_id)
        )

    def add(
        self, company_id: int, customer_id: int, task: Task, *, promise_id: int | None = None
    ) -> int:
        task_id = self._ids.next("tasks")
        self._tables.tasks[task_id] = _StoredTask(
            company_id, customer_id, _task_as_stored(task), promise_id
        )
        return task_id

    def get(self, company_id: int, task_id: int) -> Task | None:
        stored = self._tables.tasks.get(task_id)
        if stored is None or stored.company_id != company_id:
            return None
        return self.read(stored)

    def complete(self, company_id: int, task_id: int, outcome: str, done_on: date) -> None:
        stored = self._tables.tasks.get(task_id)
        if stored is not None and stored.company_id == company_id:
            stored.task = replace(stored.task, done_on=done_on, outcome=outcome)

    def open_calls_by_customer(self, company_id: int) -> dict[int, int]:
        counts: dict[int, int] = {}
        for _id, t in self._of(company_id):
            if t.task.done_on is None and t.task.kind is TaskKind.CALL:
                counts[t.customer_id] = counts.get(t.customer_id, 0) + 1
        return counts

    def open_for_customer(self, company_id: int, customer_id: int) -> list[tuple[int, Task]]:
        mine = [
            (task_id, self.read(t))
            for task_id, t in self._of(company_id)
            if t.customer_id == customer_id and t.task.done_on is None
        ]
        return sorted(mine, key=lambda found: (found[1].due_on, found[0]))


class FakeWorklists:
    """The work lists, each filtered and ordered as its one SQL query is."""

    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables = tables
        self._tasks = FakeTasks(tables, ids)

    def agenda(
        self, company_id: int, as_of: date, *, offset: int, limit: int | None
    ) -> tuple[dict[str, int], list[tuple[int, Task]]]:
        due = [
            (task_id, self._tasks.read(t))
            for task_id, t in sorted(self._tables.tasks.items())
            if t.company_id == company_id and t.task.done_on is None and t.task.due_on <= as_of
        ]
        counts: dict[str, int] = {}
        for _id, task in due:
            counts[task.kind.value] = counts.get(task.kind.value, 0) + 1
        due.sort(key=lambda found: (found[1].due_on, found[0]))
        return counts, _page(due, offset, limit)

    def task_customer(self, company_id: int, task_id: int) -> int | None:
        stored = self._tables.tasks.get(task_id)
        return None if stored is None or stored.company_id != company_id else stored.customer_id

    def promises_due(
        self, company_id: int, *, start: date, end: date, limit: int | None
    ) -> tuple[int, list[PromiseDue]]:
        found = sorted(
            (
                (p.promise.promised_date, promise_id, p)
                for promise_id, p in self._tables.promises.items()
                if p.company_id == company_id and p.promise.kept is None
                and start <= p.promise.promised_date <= end
            ),
            key=lambda due: due[:2],
        )  # fmt: skip
        return len(found), [self._promise_due(p) for _day, _id, p in _page(found, 0, limit)]

    def _promise_due(self, stored: _StoredPromise) -> PromiseDue:
        customer = self._tables.customer(stored.customer_id)
        promise = replace(stored.promise, customer_number=customer.number)
        return PromiseDue(customer.number, customer.name, promise)

    def _open_dispute(self, dispute_id: int, stored: _StoredDispute) -> OpenDispute:
        invoice = self._tables.invoices[stored.invoice_id]
        customer, d = self._tables.customer(invoice.customer_id), stored.dispute
        return OpenDispute(
            id=dispute_id, invoice_number=invoice.invoice.number, customer_id=invoice.customer_id,
            customer_number=customer.number, customer_name=customer.name, reason=d.reason,
            note=d.note, opened_on=d.opened_on, resolved_on=d.resolved_on,
            open_amount=invoice.invoice.outstanding, currency=invoice.invoice.currency,
        )  # fmt: skip

    def open_disputes(
        self, company_id: int, *, reason: ReasonCode | None, offset: int, limit: int
    ) -> tuple[int, list[OpenDispute]]:
        found = sorted(
            (
                (d.dispute.opened_on, dispute_id, d)
                for dispute_id, d in self._tables.disputes.items()
                if d.company_id == company_id and d.dispute.resolved_on is None
                and reason in (None, d.dispute.reason)
            ),
            key=lambda open_: open_[:2],
        )  # fmt: skip
        page = _page(found, offset, limit)
        return len(found), [self._open_dispute(dispute_id, d) for _on, dispute_id, d in page]

    def dispute(self, company_id: int, dispute_id: int) -> OpenDispute | None:
        stored = self._tables.disputes.get(dispute_id)
        if stored is None or stored.company_id != company_id:
            return None
        return self._open_dispute(dispute_id, stored)


def _page(rows: list[_Row], offset: int, limit: int | None) -> list[_Row]:
    return rows[offset:] if limit is None else rows[offset : offset + limit]


class FakeLedger:
    """What the bank booking writes and the records read (not a repository of the
    services'): payments, and invoices settled. For setting up a test."""

    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def pay(self, customer_id: int, paid_on: date, amount: Decimal, currency: str = "EUR") -> None:
        self._tables.payments.append(
            _Payment(customer_id, paid_on, _cents(amount, currency), currency)
        )

    def settle(self, company_id: int, *numbers: str) -> None:
        """Nothing left open on the company's invoices (and credit notes) so numbered."""
        for stored in self._tables.invoices.values():
            if stored.company_id == company_id and stored.invoice.number in numbers:
                stored.invoice = replace(stored.invoice, open_amount=Decimal(0))


# ---------------------------------------------------------------- the unit of work


class FakeDatabase:
    """The committed rows, shared by the units of work made from it (`uow()`)."""

    def __init__(self) -> None:
        self.tables = _Tables()
        self.ids = _Sequences()

    def uow(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)

    @property
    def audit_entries(self) -> list[AuditEntry]:
        """Every committed audit entry, oldest first."""
        return list(self.tables.audit)

    def snapshot(self) -> tuple[_Tables, dict[str, int]]:
        """Every committed row and the last id each table gave out: what a use case that
        changes nothing leaves as it was (an id given out shows a row added, even one
        that a fake keeps less of than its table does)."""
        return copy.deepcopy(self.tables), self.ids.issued()


class FakeUnitOfWork:
    """`with uow: ...; uow.commit()`; anything not committed is forgotten on leaving."""

    companies: FakeCompanies
    customers: FakeCustomers
    invoices: FakeInvoices
    imported_files: FakeImportedFiles
    audit: FakeAudit
    users: FakeUsers
    web_sessions: FakeWebSessions
    api_tokens: FakeApiTokens
    secrets: FakeSecrets
    clauses: FakeClauses
    company_settings: FakeCompanySettings
    portal: FakePortalSettings
    disputes: FakeDisputes
    promises: FakePromises
    hardship: FakeHardship
    contact_log: FakeContactLog
    tasks: FakeTasks
    worklists: FakeWorklists
    ledger: FakeLedger

    def __init__(self, database: FakeDatabase) -> None:
        self._database = database
        self._tables: _Tables | None = None

    def __enter__(self) -> Self:
        tables = self._tables = copy.deepcopy(self._database.tables)
        ids = self._database.ids
        self.companies = FakeCompanies(tables, ids)
        self.customers = FakeCustomers(tables, ids)
        self.invoices = FakeInvoices(tables, ids)
        self.imported_files = FakeImportedFiles(tables)
        self.audit = FakeAudit(tables, ids)
        self.users = FakeUsers(tables, ids)
        self.web_sessions = FakeWebSessions(tables)
        self.api_tokens = FakeApiTokens(tables, ids)
        self.secrets = FakeSecrets(tables)
        self.clauses = FakeClauses(tables)
        self.company_settings = FakeCompanySettings(tables)
        self.portal = FakePortalSettings(tables)
        self.disputes = FakeDisputes(tables, ids)
        self.promises = FakePromises(tables, ids)
        self.hardship = FakeHardship(tables, ids)
        self.contact_log = FakeContactLog(tables, ids)
        self.tasks = FakeTasks(tables, ids)
        self.worklists = FakeWorklists(tables, ids)
        self.ledger = FakeLedger(tables)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._tables = None

    def commit(self) -> None:
        if self._tables is None:
            raise RuntimeError("the unit of work is used outside its `with` block")
        self._database.tables = copy.deepcopy(self._tables)


# -------------------------------------------------------------------------- the mailer


class FakeMailer:
    """Hands every message over and keeps it (`sent`); fails as scripted, one failure per
    call (a DeliveryUnknown after the release, as when the server never answers)."""

    def __init__(self, *failures: SendError) -> None:
        self.failures = list(failures)
        self.sent: list[OutgoingMessage] = []

    @property
    def delivered(self) -> list[str]:
        """The keys of the messages released, in order."""
        return [message.key for message in self.sent]

    def send(self, message: OutgoingMessage, *, release: Release) -> None:
        failure = self.failures.pop(0) if self.failures else None
        if failure is not None and not isinstance(failure, DeliveryUnknown):
            raise failure
        release()
        self.sent.append(message)
        if failure is not None:
            raise failure
