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
settings and portal settings, and the audit log: what the companies, settings, access
and clause services use. A service that needs another
repository is tested on a real database (the `app` fixture).
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from types import TracebackType
from typing import Self

from tijdig.domain.invoices import Invoice, InvoiceLine
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.money import Money
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.domain.portal import PortalSettings
from tijdig.domain.users import AuditEntry, User
from tijdig.services.outbox import DeliveryUnknown, OutgoingMessage, Release, SendError

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


class _Sequences:
    """One id sequence per table; like PostgreSQL's, a rollback does not give ids back."""

    def __init__(self) -> None:
        self._next: dict[str, itertools.count[int]] = {}

    def next(self, table: str) -> int:
        return next(self._next.setdefault(table, itertools.count(1)))


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
        self._tables.imported_files.add((company_id, kind, sha256))


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
