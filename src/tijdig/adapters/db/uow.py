"""The unit of work: owns the transaction; rolls back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tijdig.adapters.db.repositories.bank import SqlBank
from tijdig.adapters.db.repositories.bank_review import SqlBankDecisions
from tijdig.adapters.db.repositories.book_syncs import SqlBookSyncs
from tijdig.adapters.db.repositories.bounced_notices import SqlBouncedNotices
from tijdig.adapters.db.repositories.clauses import SqlClauses
from tijdig.adapters.db.repositories.collection_settings import SqlCollectionSettings
from tijdig.adapters.db.repositories.company_settings import SqlCompanySettings
from tijdig.adapters.db.repositories.contact_log import SqlContactLog, SqlTasks
from tijdig.adapters.db.repositories.contact_quality import SqlContactQuality
from tijdig.adapters.db.repositories.credit import SqlCredit
from tijdig.adapters.db.repositories.debit_collections import SqlDebitCollections
from tijdig.adapters.db.repositories.dispute_cases import SqlDisputeCases
from tijdig.adapters.db.repositories.experiments import SqlExperiments
from tijdig.adapters.db.repositories.hand_over import SqlHandOvers
from tijdig.adapters.db.repositories.hardship import SqlHardship
from tijdig.adapters.db.repositories.history import SqlHistory
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

# The repositories that take the session alone, by attribute (annotated in the class).
_REPOSITORIES: dict[str, Any] = {
    "companies": SqlCompanies,
    "customers": SqlCustomers,
    "invoices": SqlInvoices,
    "imported_files": SqlImportedFiles,
    "run_data": SqlRunData,
    "worklists": SqlWorklists,
    "collection_settings": SqlCollectionSettings,
    "clauses": SqlClauses,
    "disputes": SqlDisputes,
    "dispute_cases": SqlDisputeCases,
    "notes": SqlNotes,
    "pauses": SqlPauses,
    "contact_quality": SqlContactQuality,
    "bounced_notices": SqlBouncedNotices,
    "tolerances": SqlTolerances,
    "promises": SqlPromises,
    "plans": SqlPlans,
    "hardship": SqlHardship,
    "hand_overs": SqlHandOvers,
    "agreements": SqlAgreements,
    "contact_log": SqlContactLog,
    "tasks": SqlTasks,
    "outbox": SqlOutbox,
    "bank": SqlBank,
    "matching": SqlMatching,
    "mandates": SqlMandates,
    "direct_debits": SqlDirectDebits,
    "debit_collections": SqlDebitCollections,
    "users": SqlUsers,
    "web_sessions": SqlWebSessions,
    "api_tokens": SqlApiTokens,
    "audit": SqlAudit,
    "privacy": SqlPrivacySettings,
    "secrets": SqlSecrets,
    "portal": SqlPortalSettings,
    "run_schedules": SqlRunSchedules,
    "personal_data": SqlPersonalData,
    "bank_decisions": SqlBankDecisions,
    "company_settings": SqlCompanySettings,
    "portal_reads": SqlPortalReads,
    "credit": SqlCredit,
    "webhooks": SqlWebhooks,
    "template_texts": SqlTemplateTexts,
    "experiments": SqlExperiments,
    "mail": SqlMailStore,
    "history": SqlHistory,
    "book_syncs": SqlBookSyncs,
    "replies": SqlReplies,
}


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
    experiments: SqlExperiments
    mail: SqlMailStore
    replies: SqlReplies
    tolerances: SqlTolerances
    history: SqlHistory
    book_syncs: SqlBookSyncs

    def __init__(self, engine: Engine, *, info_counts: InfoCounts | None = None) -> None:
        self.engine = engine
        # What the installation keeps between units of work (bootstrap.Tijdig).
        self._info_counts = InfoCounts() if info_counts is None else info_counts
        self._factory = sessionmaker(engine, expire_on_commit=False)
        self._session: Session | None = None

    def __enter__(self) -> Self:
        session = self._factory()
        self._session = session
        # every repository reads and writes in this one session (one transaction)
        for name, repository in _REPOSITORIES.items():
            setattr(self, name, repository(session))
        self.runs = SqlRuns(session, self._info_counts)
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
