"""Re-sending an invoice copy in one click, below the web (moved from the web tests):
mailed once per form to the billing address, logged on the contact log and audited;
kept queued when the mail server cannot take it yet; refused without an e-mail address
or a form key. End to end on a real database: the copy is drawn up by the installation's
renderer and goes out through its mailroom into a folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.entrypoints.web.conftest import add_customers, seed_acme
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.parties import Company, Contact, ContactRole, Customer
from tijdig.domain.reason_texts import plain
from tijdig.services.collection import invoice_copies
from tijdig.services.collection.invoice_copies import Resent

SENDER = "Acme <debiteuren@acme.nl>"
KEY = "form-key-0123456789ab"
NOW = datetime(2026, 3, 15, 10, tzinfo=UTC)
JANSEN = Customer(
    "C001", "Bakkerij Jansen", email="info@jansen.nl",
    contacts=(Contact("Eline Bos", ContactRole.ACCOUNTS_PAYABLE, "crediteuren@jansen.nl",
                      last_verified=date(2024, 1, 10)),),
)  # fmt: skip


@contextmanager
def _installation(database_url: str, folder: Path, sender: str | None) -> Iterator[Tijdig]:
    installation = bootstrap(Settings(database_url=database_url, mail_dir=folder / "mail",
                                      mail_from=sender))  # fmt: skip
    try:
        yield installation
    finally:
        installation.close()


@pytest.fixture
def mailing(database_url: str, tmp_path: Path) -> Iterator[Tijdig]:
    with _installation(database_url, tmp_path, SENDER) as installation:
        yield installation


@pytest.fixture
def acme(mailing: Tijdig) -> Company:
    company = seed_acme(mailing)
    add_customers(mailing, company, [JANSEN])  # an accounts payable contact with e-mail
    return company


def _resend(app: Tijdig, company: Company, customer: str = "C001", invoice: str = "F-001",
            key: str = KEY) -> Resent:  # fmt: skip
    return invoice_copies.resend_copy(
        app.uow, app.workspace, app.invoice_copies(), app.mailer(), company, customer, invoice,
        form_key=key, by="carla", actor="carla (web)", now=NOW, policy=app.retry_policy(),
    )  # fmt: skip


def _contact_events(app: Tijdig, company: Company) -> list[str]:
    assert company.id is not None
    with app.uow() as uow:
        customer = uow.customers.get(company.id, "C001")
        assert customer is not None and customer.id is not None
        return [plain(e.summary) for e in uow.contact_log.timeline(company.id, customer.id)]


def _audited(app: Tijdig, company: Company) -> list[tuple[str, str, str]]:
    with app.uow() as uow:
        entries = uow.audit.for_company(company.id or 0)
    return [(e.action, e.actor, e.details) for e in entries if e.action == "invoice.copy_resent"]


def test_the_copy_is_mailed_once_per_form_logged_and_audited(
    mailing: Tijdig, acme: Company, tmp_path: Path
) -> None:
    first = _resend(mailing, acme)
    assert (first.recipient, first.status.value, first.again) == (
        "crediteuren@jansen.nl", "sent", False,
    )  # fmt: skip
    again = _resend(mailing, acme)  # a double click: the same form
    assert (again.recipient, again.again) == ("crediteuren@jansen.nl", True)
    [mail] = list((tmp_path / "mail").glob("*.eml"))
    raw = mail.read_bytes()
    assert b"crediteuren@jansen.nl" in raw and b"invoice-F-001.pdf" in raw
    assert _contact_events(mailing, acme) == [
        "Copy of invoice F-001 e-mailed to crediteuren@jansen.nl."
    ]
    assert _audited(mailing, acme) == [
        ("invoice.copy_resent", "carla (web)", "to crediteuren@jansen.nl: sent")
    ]


def test_a_copy_the_mail_server_refuses_for_now_stays_queued(
    database_url: str, tmp_path: Path
) -> None:
    with _installation(database_url, tmp_path, None) as app:  # no sender address
        company = seed_acme(app)
        add_customers(app, company, [JANSEN])
        result = _resend(app, company)
        assert (result.recipient, result.status.value) == ("crediteuren@jansen.nl", "pending")
        assert result.error is not None and "no sender address" in result.error
        assert _contact_events(app, company) == []  # logged when it is sent, not before


def test_a_customer_without_an_email_address_gets_no_copy(
    mailing: Tijdig, acme: Company, tmp_path: Path
) -> None:
    with pytest.raises(RuleViolation, match="no e-mail address"):
        _resend(mailing, acme, "C002", "F-003")
    assert not (tmp_path / "mail").exists() or not any((tmp_path / "mail").iterdir())


@pytest.mark.parametrize("key", ["", "short", "x" * 24 + "!"])
def test_a_missing_or_malformed_form_key_is_refused(
    mailing: Tijdig, acme: Company, key: str
) -> None:
    with pytest.raises(InvalidValue, match="form_key"):
        _resend(mailing, acme, key=key)
    assert _audited(mailing, acme) == []
