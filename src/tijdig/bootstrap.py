"""The composition root: the one place that wires settings, adapters and services.

`Tijdig` builds every adapter the entry points use: the units of work, the read views
(balances, reports, the API's lists, the workspace's queries), the renderers (the
message composer, invoice copies, pre-notifications, the portal's payment blocks), the
mailer, SMS and printer, the files' readers, the pain.008 writer and portal links. The
entry points get them from it and never import `tijdig.adapters` themselves (an
import-linter contract in pyproject.toml). What an installation keeps between requests
(the passwords hasher, the run counts, renderers kept warm per thread) lives on its
`Tijdig`, not in modules: two installations in one process share nothing.

Adapters that are slow to import (typst, lxml, the workspace's queries) are imported
when first asked for, so a command or page that does not use them does not load them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from tijdig import clock
from tijdig.adapters.db.company_outbox import CompanyUnitOfWork
from tijdig.adapters.db.engine import make_engine, migrate, refresh_statistics
from tijdig.adapters.db.jobs import SqlJobs
from tijdig.adapters.db.repositories.runs import InfoCounts
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.adapters.db.views.balances import SqlBalances
from tijdig.adapters.db.views.day_totals import DayTotals
from tijdig.adapters.db.views.effects import SqlSentMessages
from tijdig.adapters.db.views.forecast import SqlForecastData
from tijdig.adapters.db.views.habits import SqlPaidHistory
from tijdig.adapters.db.views.reports import SqlReports
from tijdig.adapters.importers import bank as bank_files
from tijdig.adapters.importers import csv_customers, csv_invoices, safe_xml, ubl
from tijdig.adapters.mail import MailSettings, make_mailer
from tijdig.adapters.mail.letters import FolderPrinter
from tijdig.adapters.render.composer import RenderComposer
from tijdig.adapters.render.formatting import Formats, locale_for
from tijdig.adapters.render.pre_notification import PreNotificationRenderer
from tijdig.adapters.render.shipped import ShippedTemplateFiles
from tijdig.adapters.security.links import PortalKey, PortalLinks
from tijdig.adapters.security.passwords import Argon2Passwords, argon2_passwords
from tijdig.adapters.sms import LoggingSms
from tijdig.config import Settings
from tijdig.domain.banking import BankStatement
from tijdig.domain.books import BookEntry
from tijdig.domain.einvoice import UblDocument
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice
from tijdig.domain.mailbox import MailboxSettings
from tijdig.domain.parties import Company, Customer
from tijdig.services.access.users import installation_secret
from tijdig.services.collection.delivery import RetryPolicy
from tijdig.services.mailbox.addressing import ReturnAddresses
from tijdig.services.mailbox.personal import Copies
from tijdig.services.outbox import Mailer
from tijdig.services.portal import portal_url

if TYPE_CHECKING:
    from tijdig.adapters.db.risk import SqlRiskReads, SqlRiskUnitOfWork
    from tijdig.adapters.db.uploads import SqlUploads
    from tijdig.adapters.db.views.api_lists import SqlApiQueries
    from tijdig.adapters.db.views.customer_money import SqlCustomerMoney
    from tijdig.adapters.db.views.kpis import SqlKpis
    from tijdig.adapters.db.views.lists import SqlLists
    from tijdig.adapters.db.views.simulation import SqlSimulationReads
    from tijdig.adapters.db.views.workspace import SqlWorkspace
    from tijdig.adapters.mail.imap import ImapReader
    from tijdig.adapters.queue import PollingQueue, ProcrastinateQueue
    from tijdig.adapters.render.dispute_letters import DisputeLetterRenderer
    from tijdig.adapters.render.hand_over_file import HandOverFiles
    from tijdig.adapters.render.invoice_copy import TypstInvoiceCopies
    from tijdig.adapters.render.plan_letters import PlanLetterRenderer
    from tijdig.adapters.render.portal_page import PortalDrawing
    from tijdig.adapters.render.statements import StatementRenderer
    from tijdig.adapters.security.secrets import FernetCipher
    from tijdig.services.bank.matching import MatchAll
    from tijdig.services.collection.messages import Composer
    from tijdig.services.collection.send import Mailroom
    from tijdig.services.credit.ports import WebhookSender
    from tijdig.services.direct_debit.direct_debit import BatchWriter
    from tijdig.services.hand_over.agency import AgencyRow
    from tijdig.services.mailbox.fetch import MailAccess


@dataclass
class Tijdig:
    """A running installation: its settings and database, and every adapter its entry
    points use (one per process, made by `bootstrap`)."""

    settings: Settings
    engine: Engine
    _portal_secret: str | None = field(default=None, repr=False)
    # One hasher per installation: argon2's parameters, and the hash an unknown user
    # name is checked against (services/access/users.authenticate), are made once.
    _passwords: Argon2Passwords = field(default_factory=Argon2Passwords, repr=False)
    # The counts of each run's holds and warnings, which never change: read once per run
    # by the run review pages, whichever unit of work asks.
    _info_counts: InfoCounts = field(default_factory=InfoCounts, repr=False)
    # The sales and payments per day the dashboard counts DSO back over, kept up to date
    # from the rows added since (adapters/db/views/day_totals.py).
    _day_totals: DayTotals = field(default_factory=DayTotals, repr=False)
    # Renderers kept warm per worker thread (typst and the templates are not shared
    # between threads): `invoice_copies`, `preview_composer`.
    _per_thread: threading.local = field(default_factory=threading.local, repr=False)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, info_counts=self._info_counts)

    def company_uow(self, company_id: int) -> Callable[[], CompanyUnitOfWork]:
        """Units of work whose outbox is one company's: sending for it sends only its own."""
        return partial(CompanyUnitOfWork, self.engine, company_id, info_counts=self._info_counts)

    def risk_uow(self) -> SqlRiskUnitOfWork:
        """The unit of work of the risk use cases (services/risk): the risk's tables too."""
        from tijdig.adapters.db.risk import SqlRiskUnitOfWork

        return SqlRiskUnitOfWork(self.engine, info_counts=self._info_counts)

    @property
    def risk_reads(self) -> SqlRiskReads:
        """A company's ledger as arrays for the risk model, in a few bulk queries."""
        from tijdig.adapters.db.risk import SqlRiskReads

        return SqlRiskReads(self.engine)

    def import_uow(self) -> SqlUnitOfWork:
        """The unit of work of the imports a background job does (services/uploads.py)."""
        return self.uow()

    def uploads(self) -> SqlUploads:
        """Files uploaded for import jobs (services/uploads.py)."""
        from tijdig.adapters.db.uploads import SqlUploads

        return SqlUploads(self.engine)

    def jobs(self) -> SqlJobs:
        """The background jobs' records (services/background.py)."""
        return SqlJobs(self.engine)

    @property
    def queues_on_procrastinate(self) -> bool:
        """PostgreSQL: jobs go to procrastinate and `tijdig worker`s; SQLite: `tijdig
        serve`'s runner process polls the job records."""
        return self.engine.dialect.name == "postgresql"

    def job_queue(self) -> ProcrastinateQueue | PollingQueue:
        """Where a queued job's id goes (adapters/queue.py)."""
        from tijdig.adapters.queue import PollingQueue

        return self.procrastinate() if self.queues_on_procrastinate else PollingQueue()

    def procrastinate(self) -> ProcrastinateQueue:
        """procrastinate's queue and workers on this installation's PostgreSQL database."""
        from tijdig.adapters.queue import ProcrastinateQueue

        return ProcrastinateQueue(self.engine)

    def check_database(self) -> None:
        """A trivial query; raises the database's error (SQLAlchemyError) when it does
        not answer."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def refresh_statistics(self) -> None:
        """Let the database plan with the current row counts (after a bulk load)."""
        refresh_statistics(self.engine)

    @property
    def reports(self) -> SqlReports:
        return SqlReports(self.engine)

    @property
    def paid_history(self) -> SqlPaidHistory:
        """The paid invoices customers' habits are learned from (issue 17)."""
        return SqlPaidHistory(self.engine)

    @property
    def forecast_data(self) -> SqlForecastData:
        """The open invoices and paid delays known on a day: the cash-flow forecast's."""
        return SqlForecastData(self.engine)

    @property
    def simulation_reads(self) -> SqlSimulationReads:
        """The ledger the strategy simulation loads once (issue 18 section 3)."""
        from tijdig.adapters.db.views.simulation import SqlSimulationReads

        return SqlSimulationReads(self.engine)

    @property
    def sent_messages(self) -> SqlSentMessages:
        """The messages sent and their invoices' settlement, for the effects (issue 18)."""
        return SqlSentMessages(self.engine)

    @property
    def balances(self) -> SqlBalances:
        """What each customer owes, and how much overdue (CLI, API and workspace alike)."""
        return SqlBalances(self.engine)

    @property
    def api_queries(self) -> SqlApiQueries:
        """The REST API's lists and single records (invoices, payments, disputes, runs)."""
        from tijdig.adapters.db.views.api_lists import SqlApiQueries

        return SqlApiQueries(self.engine)

    @property
    def lists(self) -> SqlLists:
        """The workspace's sortable invoice list and its export."""
        from tijdig.adapters.db.views.lists import SqlLists

        return SqlLists(self.engine)

    @property
    def kpis(self) -> SqlKpis:
        """The dashboard's key figures' queries (services/read_models/dashboard.py)."""
        from tijdig.adapters.db.views.kpis import SqlKpis

        return SqlKpis(self.engine, self._day_totals)

    @property
    def customer_money(self) -> SqlCustomerMoney:
        """Lines waiting in the bank review from a customer's known accounts."""
        from tijdig.adapters.db.views.customer_money import SqlCustomerMoney

        return SqlCustomerMoney(self.engine)

    @property
    def workspace(self) -> SqlWorkspace:
        """The workspace's reads: the dashboard's queues, a customer's state, an invoice."""
        from tijdig.adapters.db.views.workspace import SqlWorkspace

        return SqlWorkspace(self.engine)

    def read_customers(self, path: Path) -> ImportResult[Customer]:
        return csv_customers.extract(path, max_bytes=self.settings.max_import_bytes)

    def read_payments(self, path: Path) -> ImportResult[BookEntry]:
        """Payment history: our payments CSV, or the same columns in an Excel workbook."""
        from tijdig.adapters.importers import csv_payments, xlsx_payments

        # A workbook is a zip file; its header is checked as it is read (reading it
        # once: `identify` would read the whole sheet for its first row).
        reader = xlsx_payments if xlsx_payments.is_workbook(path) else csv_payments
        read = reader.extract(path, max_bytes=self.settings.max_import_bytes)
        entries: tuple[BookEntry, ...] = read.items
        return ImportResult(entries, read.issues, read.lines)

    def invoice_reader(self, company: Company) -> Callable[[Path], ImportResult[Invoice]]:
        """Reads invoice CSV files; a missing due date is the issue date plus the
        customer's own term, else the company's."""
        assert company.id is not None
        with self.uow() as uow:
            terms = uow.customers.payment_terms(company.id)
        return partial(
            csv_invoices.extract, default_term_days=company.payment_term_days,
            payment_terms=terms, max_bytes=self.settings.max_import_bytes,
        )  # fmt: skip

    def books_format(self, path: Path) -> str | None:
        """The accounting package whose export the file is (by its columns), else None."""
        from tijdig.adapters.importers.books import registry

        found = registry.recognise(path)
        return None if found is None else found.name

    def books_formats(self) -> tuple[str, ...]:
        """The `--format` names of the accounting packages' exports."""
        from tijdig.adapters.importers.books import registry

        return tuple(registry.FORMATS)

    def books_reader(
        self, company: Company, format_name: str | None = None
    ) -> Callable[[Path], ImportResult[BookEntry]]:
        """Reads an accounting package's export (as `format_name`, else as recognised)
        into book entries; an export without due dates gets the company's term."""
        from tijdig.adapters.importers.books import registry

        return partial(
            registry.read, format_name=format_name, default_term_days=company.payment_term_days,
            max_bytes=self.settings.max_import_bytes,
        )  # fmt: skip

    def read_einvoice(self, path: Path) -> ImportResult[UblDocument]:
        return ubl.extract(path, max_bytes=self.settings.max_import_bytes)

    def read_statement(self, path: Path) -> ImportResult[BankStatement]:
        return bank_files.extract(path, max_bytes=self.settings.max_import_bytes)

    def read_statements(self, paths: Sequence[Path]) -> list[ImportResult[BankStatement]]:
        """Every file, in the order given; many large ones are read by worker processes."""
        return bank_files.extract_all(paths, max_bytes=self.settings.max_import_bytes)

    def match_all(self) -> MatchAll:
        """How a large import's bank lines are decided: in two processes where the
        platform forks and there are two cores, else in turn."""
        from tijdig.adapters.parallel_matching import best_match_all

        return best_match_all()

    def is_xml(self, path: Path) -> bool:
        """A UBL e-invoice, or any other file that starts as XML: the e-invoice reader
        takes it and refuses what is not a safe UBL Invoice or CreditNote (hostile XML
        included) with the reason; it is never read as CSV."""
        return ubl.identify(path) or safe_xml.looks_like_xml(path)

    def composer(self) -> RenderComposer:
        return RenderComposer(portal_link=self._portal_link_maker(), own_wording=self._wording)

    def shipped_templates(self) -> ShippedTemplateFiles:
        """The message templates as shipped, which a company may word itself."""
        return ShippedTemplateFiles()

    def _wording(self, company_id: int, language: str, template: str) -> str | None:
        """The company's own wording of a template, read for each message: an edit
        counts from the next message on, in every thread's composer."""
        with self.uow() as uow:
            return uow.template_texts.get(company_id, language, template)

    def preview_composer(self) -> Composer:
        """This thread's composer, kept for the next preview (it keeps compiled templates
        and is not thread-safe): compiling them for every preview would cost ~0.1 s."""
        found: Composer | None = getattr(self._per_thread, "composer", None)
        if found is None:
            found = self._per_thread.composer = self.composer()
        return found

    def invoice_copies(self) -> TypstInvoiceCopies:
        """This thread's invoice copy renderer: the typst compiler is kept warm between
        copies, and not shared between threads."""
        from tijdig.adapters.render.invoice_copy import TypstInvoiceCopies

        found: TypstInvoiceCopies | None = getattr(self._per_thread, "copies", None)
        if found is None:
            found = self._per_thread.copies = TypstInvoiceCopies()
        return found

    def plan_letters(self) -> PlanLetterRenderer:
        """This thread's renderer of payment plan letters (services/plans/letters.py):
        its templates and typst compiler are kept warm, and not shared between threads."""
        from tijdig.adapters.render.plan_letters import PlanLetterRenderer

        found: PlanLetterRenderer | None = getattr(self._per_thread, "plan_letters", None)
        if found is None:
            found = self._per_thread.plan_letters = PlanLetterRenderer()
        return found

    def hand_over_files(self) -> HandOverFiles:
        """This thread's writer of hand-over files (a ZIP with its summary PDF): its
        typst compiler is kept warm, and not shared between threads."""
        from tijdig.adapters.render.hand_over_file import HandOverFiles

        found: HandOverFiles | None = getattr(self._per_thread, "hand_over_files", None)
        if found is None:
            found = self._per_thread.hand_over_files = HandOverFiles()
        return found

    def read_agency_file(self, path: Path) -> ImportResult[AgencyRow]:
        """The collection agency's status file (docs/formats.md)."""
        from tijdig.adapters.importers import agency_status

        return agency_status.extract(path, max_bytes=self.settings.max_import_bytes)

    def open_hand_over(
        self,
        company: Company,
        customer_number: str,
        *,
        step: str,
        actor: str,
        at: datetime,
        as_of: date,
    ) -> object:
        """The case an approved hand-over step opens when it is carried out (the
        mailroom's `hand_over`)."""
        from tijdig.services.hand_over.cases import open_from_step

        return open_from_step(self.uow, self.hand_over_files(), self.invoice_copies(), company,
                              customer_number, step=step, actor=actor, at=at,
                              as_of=as_of)  # fmt: skip

    def dispute_letters(self) -> DisputeLetterRenderer:
        """The renderer of a rejected dispute's explanation (services/records/dispute_cases.py)."""
        from tijdig.adapters.render.dispute_letters import DisputeLetterRenderer

        return DisputeLetterRenderer()

    def statement_letters(self) -> StatementRenderer:
        """The renderer of a statement of account (services/records/statements.py)."""
        from tijdig.adapters.render.statements import StatementRenderer

        return StatementRenderer()

    @property
    def portal_drawing(self) -> PortalDrawing:
        """The portal's payment blocks (with their EPC QR codes) and copy names."""
        from tijdig.adapters.render.portal_page import PortalDrawing

        return PortalDrawing()

    def notice_renderer(self) -> PreNotificationRenderer:
        """Renders the pre-notification of a direct debit (services.direct_debit.debit_notices)."""
        return PreNotificationRenderer()

    @property
    def debit_file_writer(self) -> BatchWriter:
        """Writes a collection date's batch as a schema-valid pain.008.001.02 file."""
        from tijdig.adapters.sepa import pain008

        return pain008.write

    def _portal_link_maker(self) -> Callable[[int, int], str | None]:
        """The customer's signed portal link for a message; None where the company turned
        its portal off. Whether it did is read once per company per composer (a send run
        composes thousands of messages), not once per message."""
        enabled: dict[int, bool] = {}

        def link(company_id: int, customer_id: int) -> str | None:
            if company_id not in enabled:
                with self.uow() as uow:
                    enabled[company_id] = uow.portal.get(company_id).enabled
            if not enabled[company_id]:
                return None
            return self.portal_url(company_id, customer_id)

        return link

    def portal_url(self, company_id: int, customer_id: int) -> str:
        """The customer's signed portal link, whether or not the company's portal is on."""
        links = self.portal_links()
        return portal_url(
            lambda c, k: links.token(PortalKey(c, k)), self.settings.link_url,
            company_id, customer_id,
        )  # fmt: skip

    def mailer(self) -> Mailer:
        """The mailer, giving each company's messages its collection mailbox's return
        addresses when it has one (services/mailbox/addressing.py)."""
        s = self.settings
        inner = make_mailer(
            MailSettings(
                mail_dir=s.mail_dir, mail_from=s.mail_from, smtp_host=s.smtp_host,
                smtp_port=s.smtp_port, smtp_starttls=s.smtp_starttls, smtp_user=s.smtp_user,
                smtp_password=s.smtp_password, smtp_timeout=s.smtp_timeout,
            )
        )  # fmt: skip
        return ReturnAddresses(inner, self._mailbox_settings, self.secret())

    def _mailbox_settings(self, company_id: int) -> MailboxSettings | None:
        with self.uow() as uow:
            found = uow.mail.mailbox(company_id)
        return None if found is None else found.settings

    def secret(self) -> str | None:
        """The configured secret key (TIJDIG_SECRET_KEY or its file), never the database's:
        it seals mailbox passwords and signs reply addresses."""
        return self.settings.configured_secret()

    def cipher(self) -> FernetCipher | None:
        """Seals mailbox passwords; None without a configured secret key."""
        from tijdig.adapters.security.secrets import FernetCipher

        secret = self.secret()
        return None if secret is None else FernetCipher(secret)

    def mail_reader(self) -> ImapReader:
        """Reads collection mailboxes over IMAP with TLS (adapters/mail/imap.py)."""
        from tijdig.adapters.mail.imap import ImapReader

        return ImapReader(ca_file=self.settings.imap_ca_file, timeout=self.settings.imap_timeout)

    def mail_access(self) -> MailAccess:
        """What `tijdig mail fetch` and the scheduler's "mail" job read mailboxes with."""
        from tijdig.services.mailbox.fetch import MailAccess

        return MailAccess(self.uow, self.mail_reader(), self.cipher(), self.secret(),
                          self.settings.mail_max_bytes)  # fmt: skip

    def webhook_sender(self) -> WebhookSender:
        """Posts webhook events: no redirects followed, a 10 s time limit."""
        from tijdig.adapters.webhooks import HttpWebhookSender

        return HttpWebhookSender()

    def mailroom(self) -> Mailroom:
        """Where messages go: the mailer, SMS and printer, how often a send is retried,
        and whether they leave the installation (a real mail server or printer)."""
        from tijdig.services.collection.send import Mailroom

        return Mailroom(self.mailer(), self.sms(), self.printer(), self.retry_policy(),
                        for_real=self.settings.delivers_for_real,
                        hand_over=self.open_hand_over)  # fmt: skip

    def sms(self) -> LoggingSms:
        return LoggingSms(self.settings.sms_log)

    def printer(self) -> FolderPrinter:
        return FolderPrinter(self.settings.letters_dir)

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(max_attempts=self.settings.send_max_attempts)

    def mail_copies(self) -> Copies:
        """What makes the invoice copies a personal e-mail attaches."""
        return Copies(self.workspace, self.invoice_copies())

    def customer_formats(self, customer: Customer) -> Formats:
        """Amounts and days as the customer reads them (a personal e-mail's template)."""
        return Formats(locale_for(customer))

    def passwords(self) -> Argon2Passwords:
        return self._passwords

    def portal_links(self) -> PortalLinks:
        """Signs and reads portal links with the configured key, else the installation's."""
        secret = self.settings.configured_secret()
        if secret is None:
            if self._portal_secret is None:
                self._portal_secret = installation_secret(self.uow(), "portal", at=clock.now())
            secret = self._portal_secret
        return PortalLinks(secret, max_age_days=self.settings.portal_link_days)

    def close(self) -> None:
        self.engine.dispose()


def bootstrap(settings: Settings | None = None, *, migrate_schema: bool = True) -> Tijdig:
    """Build the installation; the schema is brought up to date on first use, and the
    installation's portal secret made with it (unless one is configured), so that no
    read ever has to write it."""
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    secret = None
    if migrate_schema:
        migrate(engine)
        refresh_statistics(engine)
        if settings.configured_secret() is None:
            secret = installation_secret(SqlUnitOfWork(engine), "portal", at=clock.now())
    passwords = argon2_passwords(settings.password_hashing)
    return Tijdig(settings=settings, engine=engine, _portal_secret=secret, _passwords=passwords)
