"""The unit of work: owns the transaction; rolls back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .bank import SqlBank
from .bank_decisions import SqlBankDecisions
from .clauses import SqlClauses
from .collection_records import SqlDisputes, SqlPromises
from .collection_settings import SqlCollectionSettings
from .company_settings import SqlCompanySettings
from .contact_log import SqlContactLog, SqlTasks
from .debit_collections import SqlDebitCollections
from .invoices import SqlInvoices
from .mandates import SqlDirectDebits, SqlMandates
from .matching_data import SqlMatching
from .outbox import SqlOutbox
from .portal import SqlPortalReads, SqlPortalSettings
from .privacy import SqlPersonalData
from .repositories import SqlCompanies, SqlCustomers, SqlImportedFiles
from .run_data import SqlRunData
from .runs import SqlRuns
from .users import (
    SqlApiTokens,
    SqlAudit,
    SqlPrivacySettings,
    SqlSecrets,
    SqlUsers,
    SqlWebSessions,
)
from .worklists import SqlWorklists


class SqlUnitOfWork:
    """`with uow: ...; uow.commit()` — anything not committed is rolled back."""

    companies: SqlCompanies
    customers: SqlCustomers
    invoices: SqlInvoices
    imported_files: SqlImportedFiles
    run_data: SqlRunData
    runs: SqlRuns
    worklists: SqlWorklists
    collection_settings: SqlCollectionSettings
    clauses: SqlClauses
    disputes: SqlDisputes
    promises: SqlPromises
    contact_log: SqlContactLog
    tasks: SqlTasks
    outbox: SqlOutbox
    bank: SqlBank
    matching: SqlMatching
    mandates: SqlMandates
    direct_debits: SqlDirectDebits
    debit_collections: SqlDebitCollections
    users: SqlUsers
    web_sessions: SqlWebSessions
    api_tokens: SqlApiTokens
    audit: SqlAudit
    privacy: SqlPrivacySettings
    secrets: SqlSecrets
    portal: SqlPortalSettings
    personal_data: SqlPersonalData
    bank_decisions: SqlBankDecisions
    company_settings: SqlCompanySettings
    portal_reads: SqlPortalReads

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(engine, expire_on_commit=False)
        self._session: Session | None = None

    def __enter__(self) -> Self:
        session = self._factory()
        self._session = session
        self.companies = SqlCompanies(session)
        self.customers = SqlCustomers(session)
        self.invoices = SqlInvoices(session)
        self.imported_files = SqlImportedFiles(session)
        self.run_data = SqlRunData(session)
        self.runs = SqlRuns(session)
        self.worklists = SqlWorklists(session)
        self.collection_settings = SqlCollectionSettings(session)
        self.clauses = SqlClauses(session)
        self.disputes = SqlDisputes(session)
        self.promises = SqlPromises(session)
        self.contact_log = SqlContactLog(session)
        self.tasks = SqlTasks(session)
        self.outbox = SqlOutbox(session)
        self.bank = SqlBank(session)
        self.matching = SqlMatching(session)
        self.mandates = SqlMandates(session)
        self.direct_debits = SqlDirectDebits(session)
        self.debit_collections = SqlDebitCollections(session)
        self.users = SqlUsers(session)
        self.web_sessions = SqlWebSessions(session)
        self.api_tokens = SqlApiTokens(session)
        self.audit = SqlAudit(session)
        self.privacy = SqlPrivacySettings(session)
        self.secrets = SqlSecrets(session)
        self.portal = SqlPortalSettings(session)
        self.personal_data = SqlPersonalData(session)
        self.bank_decisions = SqlBankDecisions(session)
        self.company_settings = SqlCompanySettings(session)
        self.portal_reads = SqlPortalReads(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        self._session.rollback()
        self._session.close()
        self._session = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its `with` block")
        return self._session

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
