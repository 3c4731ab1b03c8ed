"""The unit of work: owns the transaction; rolls back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tijdig.adapters.db.repositories.bank import SqlBank
from tijdig.adapters.db.repositories.bank_review import SqlBankDecisions
from tijdig.adapters.db.repositories.bounced_notices import SqlBouncedNotices
from tijdig.adapters.db.repositories.clauses import SqlClauses
from tijdig.adapters.db.repositories.collection_settings import SqlCollectionSettings
from tijdig.adapters.db.repositories.company_settings import SqlCompanySettings
from tijdig.adapters.db.repositories.contact_log import SqlContactLog, SqlTasks
from tijdig.adapters.db.repositories.contact_quality import SqlContactQuality
from tijdig.adapters.db.repositories.credit import SqlCredit
from tijdig.adapters.db.repositories.debit_collections import SqlDebitCollections
from tijdig.adapters.db.repositories.dispute_cases import SqlDisputeCases
from tijdig.adapters.db.repositories.hand_over import SqlHandOvers
from tijdig.adapters.db.repositories.hardship import SqlHardship
from tijdig.adapters.db.repositories.invoices import SqlInvoices
from tijdig.adapters.db.repositories.ladder import SqlAgreements
from tijdig.adapters.db.repositories.mailbox import SqlMailStore
from tijdig.adapters.db.repositories.mandates import SqlDirectDebits, SqlMandates
from tijdig.adapters.db.repositories.notes import SqlNotes
from tijdig.adapters.db.repositories.outbox import SqlOutbox
from tijdig.adapters.db.repositories.parties import SqlCompanies, SqlCustomers, SqlImportedFiles
from tijdig.adapters.db.repositories.pauses import SqlPauses
from tijdig.adapters.db.repositories.plans import SqlPlans
from tijdig.adapters.db.repositories.portal import SqlPortalReads, SqlPortalSettings
from tijdig.adapters.db.repositories.privacy import SqlPersonalData
from tijdig.adapters.db.repositories.records import SqlDisputes, SqlPromises
from tijdig.adapters.db.repositories.replies import SqlReplies
from tijdig.adapters.db.repositories.run_schedules import SqlRunSchedules
from tijdig.adapters.db.repositories.runs import InfoCounts, SqlRuns
from tijdig.adapters.db.repositories.template_texts import SqlTemplateTexts
from tijdig.adapters.db.repositories.tolerances import SqlTolerances
from tijdig.adapters.db.repositories.users import (
    SqlApiTokens,
    SqlAudit,
    SqlPrivacySettings,
    SqlSecrets,
    SqlUsers,
    SqlWebSessions,
)
from tijdig.adapters.db.repositories.webhooks import SqlWebhooks
from tijdig.adapters.db.views.matching import SqlMatching
from tijdig.adapters.db.views.run_data import SqlRunData
from tijdig.adapters.db.views.worklists import SqlWorklists


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
    dispute_cases: SqlDisputeCases
    notes: SqlNotes
    pauses: SqlPauses
    promises: SqlPromises
    plans: SqlPlans
    hardship: SqlHardship
    hand_overs: SqlHandOvers
    agreements: SqlAgreements
    contact_log: SqlContactLog
    contact_quality: SqlContactQuality
    bounced_notices: SqlBouncedNotices
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
    run_schedules: SqlRunSchedules
    personal_data: SqlPersonalData
    bank_decisions: SqlBankDecisions
    company_settings: SqlCompanySettings
    portal_reads: SqlPortalReads
    credit: SqlCredit
    webhooks: SqlWebhooks
    template_texts: SqlTemplateTexts
    mail: SqlMailStore
    replies: SqlReplies
    tolerances: SqlTolerances

    def __init__(self, engine: Engine, *, info_counts: InfoCounts | None = None) -> None:
        self.engine = engine
        # What the installation keeps between units of work (bootstrap.Tijdig).
        self._info_counts = InfoCounts() if info_counts is None else info_counts
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
        self.runs = SqlRuns(session, self._info_counts)
        self.worklists = SqlWorklists(session)
        self.collection_settings = SqlCollectionSettings(session)
        self.clauses = SqlClauses(session)
        self.disputes = SqlDisputes(session)
        self.dispute_cases = SqlDisputeCases(session)
        self.notes = SqlNotes(session)
        self.pauses = SqlPauses(session)
        self.contact_quality = SqlContactQuality(session)
        self.bounced_notices = SqlBouncedNotices(session)
        self.tolerances = SqlTolerances(session)
        self.promises = SqlPromises(session)
        self.plans = SqlPlans(session)
        self.hardship = SqlHardship(session)
        self.hand_overs = SqlHandOvers(session)
        self.agreements = SqlAgreements(session)
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
        self.run_schedules = SqlRunSchedules(session)
        self.personal_data = SqlPersonalData(session)
        self.bank_decisions = SqlBankDecisions(session)
        self.company_settings = SqlCompanySettings(session)
        self.portal_reads = SqlPortalReads(session)
        self.credit = SqlCredit(session)
        self.webhooks = SqlWebhooks(session)
        self.template_texts = SqlTemplateTexts(session)
        self.mail = SqlMailStore(session)
        self.replies = SqlReplies(session)
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
