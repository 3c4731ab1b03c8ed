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
settings and portal settings, finding and anonymising a customer, and the audit log:
what the companies, settings, access, clause and receivables (invoice and e-invoice
import) services use; and the collection records' (disputes, promises, hardship
statuses, the contact log, tasks and their work lists), what the records services use.
Payments and settled invoices, which the bank booking writes, are set up with
`FakeLedger`. A service that needs another repository is tested on a real database (the
`app` fixture).

The repositories live by area, their rows in fakes_tables.py: fakes_parties.py (companies,
customers, invoices), fakes_access.py (users, sessions, tokens, secrets, the audit log),
fakes_records.py (the collection records, `FakeLedger`) and fakes_privacy.py. This
module puts them in one unit of work and keeps the names the tests import from it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from types import TracebackType
from typing import Self

from tests.fakes_access import FakeApiTokens, FakeAudit, FakeSecrets, FakeUsers, FakeWebSessions
from tests.fakes_history import FakeHistory
from tests.fakes_parties import (
    FakeClauses,
    FakeCompanies,
    FakeCompanySettings,
    FakeCustomers,
    FakeImportedFiles,
    FakeInvoices,
    FakePortalSettings,
)
from tests.fakes_privacy import FakePersonalData, FakePrivacySettings
from tests.fakes_records import (
    FakeContactLog,
    FakeDisputes,
    FakeHardship,
    FakeLedger,
    FakePauses,
    FakePromises,
    FakeTasks,
    FakeWorklists,
)
from tests.fakes_tables import _cents, _Payment, _Sequences, _Tables
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.users import AuditEntry
from tijdig.services.outbox import DeliveryUnknown, OutgoingMessage, Release, SendError

__all__ = [
    "FakeAudit",
    "FakeDatabase",
    "FakeInvoiceLookup",
    "FakeLedger",
    "FakeMailer",
    "FakeUnitOfWork",
    "_Payment",
    "_Sequences",
    "_Tables",
    "_cents",
]


class FakeInvoiceLookup:
    """The workspace's one-invoice lookup (`SqlWorkspace.invoice`, a read model) over the
    committed rows: the customer's invoice, else its credit note numbered alike, read
    without its lines or instalments as that view reads it."""

    def __init__(self, uow: Callable[[], FakeUnitOfWork]) -> None:
        self._uow = uow

    def invoice(self, company_id: int, customer_id: int, number: str) -> Invoice | None:
        with self._uow() as uow:
            found = [i for i in uow.invoices.search(company_id, customer_id=customer_id)
                     if i.number == number]  # fmt: skip
        found.sort(key=lambda i: i.kind is not InvoiceKind.INVOICE)
        return replace(found[0], schedule=()) if found else None


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
    personal_data: FakePersonalData
    privacy: FakePrivacySettings
    disputes: FakeDisputes
    promises: FakePromises
    hardship: FakeHardship
    pauses: FakePauses
    contact_log: FakeContactLog
    tasks: FakeTasks
    worklists: FakeWorklists
    ledger: FakeLedger
    history: FakeHistory

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
        self.personal_data = FakePersonalData(tables)
        self.privacy = FakePrivacySettings(tables)
        self.disputes = FakeDisputes(tables, ids)
        self.promises = FakePromises(tables, ids)
        self.hardship = FakeHardship(tables, ids)
        self.pauses = FakePauses(tables, ids)
        self.contact_log = FakeContactLog(tables, ids)
        self.tasks = FakeTasks(tables, ids)
        self.worklists = FakeWorklists(tables, ids)
        self.ledger = FakeLedger(tables)
        self.history = FakeHistory(tables)
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
