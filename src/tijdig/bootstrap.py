"""The composition root: the one place that wires settings, adapters and services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import Engine

from tijdig import clock
from tijdig.adapters.db.company_outbox import CompanyUnitOfWork
from tijdig.adapters.db.engine import make_engine, migrate, refresh_statistics
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.adapters.db.views.balances import SqlBalances
from tijdig.adapters.db.views.reports import SqlReports
from tijdig.adapters.importers import bank as bank_files
from tijdig.adapters.importers import csv_customers, csv_invoices, safe_xml, ubl
from tijdig.adapters.mail import MailSettings, make_mailer
from tijdig.adapters.mail.letters import FolderPrinter
from tijdig.adapters.render.composer import RenderComposer
from tijdig.adapters.render.pre_notification import PreNotificationRenderer
from tijdig.adapters.security.links import PortalKey, PortalLinks
from tijdig.adapters.security.passwords import Argon2Passwords
from tijdig.adapters.sms import LoggingSms
from tijdig.config import Settings
from tijdig.domain.banking import BankStatement
from tijdig.domain.einvoice import UblDocument
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.services.access.users import installation_secret
from tijdig.services.collection.delivery import RetryPolicy
from tijdig.services.outbox import Mailer
from tijdig.services.portal import portal_url


@dataclass
class Tijdig:
    """A running installation: its settings, database and the readers for its files."""

    settings: Settings
    engine: Engine
    _portal_secret: str | None = field(default=None, repr=False)
    # One hasher per installation: argon2's parameters, and the dummy hash an unknown
    # user name is checked against (services/users.authenticate), are made once.
    _passwords: Argon2Passwords = field(default_factory=Argon2Passwords, repr=False)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def company_uow(self, company_id: int) -> Callable[[], CompanyUnitOfWork]:
        """Units of work whose outbox is one company's: sending for it sends only its own."""
        return partial(CompanyUnitOfWork, self.engine, company_id)

    @property
    def reports(self) -> SqlReports:
        return SqlReports(self.engine)

    @property
    def balances(self) -> SqlBalances:
        """What each customer owes, and how much overdue (CLI, API and workspace alike)."""
        return SqlBalances(self.engine)

    def read_customers(self, path: Path) -> ImportResult[Customer]:
        return csv_customers.extract(path, max_bytes=self.settings.max_import_bytes)

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

    def read_einvoice(self, path: Path) -> ImportResult[UblDocument]:
        return ubl.extract(path, max_bytes=self.settings.max_import_bytes)

    def read_statement(self, path: Path) -> ImportResult[BankStatement]:
        return bank_files.extract(path, max_bytes=self.settings.max_import_bytes)

    def is_xml(self, path: Path) -> bool:
        """A UBL e-invoice, or any other file that starts as XML: the e-invoice reader
        takes it and refuses what is not a safe UBL Invoice or CreditNote (hostile XML
        included) with the reason; it is never read as CSV."""
        return ubl.identify(path) or safe_xml.looks_like_xml(path)

    def composer(self) -> RenderComposer:
        return RenderComposer(portal_link=self._portal_link_maker())

    def notice_renderer(self) -> PreNotificationRenderer:
        """Renders the pre-notification of a direct debit (services.direct_debit.debit_notices)."""
        return PreNotificationRenderer()

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
            links = self.portal_links()
            return portal_url(
                lambda c, k: links.token(PortalKey(c, k)), self.settings.link_url,
                company_id, customer_id,
            )  # fmt: skip

        return link

    def mailer(self) -> Mailer:
        s = self.settings
        return make_mailer(
            MailSettings(
                mail_dir=s.mail_dir, mail_from=s.mail_from, smtp_host=s.smtp_host,
                smtp_port=s.smtp_port, smtp_starttls=s.smtp_starttls, smtp_user=s.smtp_user,
                smtp_password=s.smtp_password, smtp_timeout=s.smtp_timeout,
            )
        )  # fmt: skip

    def sms(self) -> LoggingSms:
        return LoggingSms(self.settings.sms_log)

    def printer(self) -> FolderPrinter:
        return FolderPrinter(self.settings.letters_dir)

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(max_attempts=self.settings.send_max_attempts)

    def passwords(self) -> Argon2Passwords:
        return self._passwords

    def portal_links(self) -> PortalLinks:
        """Signs and reads portal links with the configured key, else the installation's."""
        secret = self.settings.secret_key
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
        if settings.secret_key is None:
            secret = installation_secret(SqlUnitOfWork(engine), "portal", at=clock.now())
    return Tijdig(settings=settings, engine=engine, _portal_secret=secret)
