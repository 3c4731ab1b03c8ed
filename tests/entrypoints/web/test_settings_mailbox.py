"""The collection mailbox's settings page: an administrator stores the settings (the
password sealed, never shown again); without a configured key a password is refused
with the reason, and the settings alone are kept; the page says OAuth2-only providers
are not supported."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.entrypoints.web.app_pool import web_app
from tijdig.adapters.db.schema.mailbox import MailboxRow
from tijdig.bootstrap import Tijdig
from tijdig.config import Settings
from tijdig.domain.parties import Company

from .conftest import ADMIN, add_user, csrf_of, sign_in

PAGE = "/settings/mailbox"
FORM = {"host": "imap.acme.nl", "port": "993", "tls": "starttls", "username": "debiteuren",
        "address": "debiteuren@acme.nl", "folder": "INBOX", "password": "geheim-42"}  # fmt: skip


def _signed_in(app: Tijdig, database_url: str, secret: str | None) -> Iterator[TestClient]:
    with app.uow() as uow:
        uow.companies.add(Company(code="ACME", name="Acme B.V."), at=datetime.now(UTC))
        uow.commit()
    add_user(app, ADMIN)
    settings = Settings(database_url=database_url, secret_key=secret)
    with web_app(settings) as web, TestClient(web) as client:
        sign_in(client, ADMIN)
        yield client


@pytest.fixture
def keyed(app: Tijdig, database_url: str) -> Iterator[TestClient]:
    yield from _signed_in(app, database_url, "a configured key")


@pytest.fixture
def keyless(
    app: Tijdig, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.delenv("TIJDIG_SECRET_KEY", raising=False)
    monkeypatch.delenv("TIJDIG_SECRET_KEY_FILE", raising=False)
    yield from _signed_in(app, database_url, None)


def _post(client: TestClient, form: dict[str, str]) -> Any:
    token = csrf_of(client.get(PAGE).text)
    return client.post(PAGE, data=form | {"csrf_token": token}, follow_redirects=False)


def _stored(app: Tijdig) -> tuple[str, str, str | None] | None:
    with app.engine.connect() as connection:
        row = connection.execute(
            select(MailboxRow.host, MailboxRow.tls, MailboxRow.password_sealed)
        ).first()
    return None if row is None else (row[0], row[1], row[2])


def test_an_administrator_stores_the_mailbox_with_its_password_sealed(
    keyed: TestClient, app: Tijdig
) -> None:
    page = keyed.get(PAGE)
    assert page.status_code == 200 and "Microsoft 365" in page.text
    assert _post(keyed, FORM).status_code == 303
    shown = keyed.get(PAGE)
    assert "imap.acme.nl" in shown.text and "geheim-42" not in shown.text
    stored = _stored(app)
    assert stored is not None and stored[:2] == ("imap.acme.nl", "starttls")
    assert stored[2] and "geheim-42" not in stored[2]


def test_without_a_key_a_password_is_refused_saying_why(keyless: TestClient, app: Tijdig) -> None:
    assert "TIJDIG_SECRET_KEY_FILE" in keyless.get(PAGE).text
    refused = _post(keyless, FORM)
    assert refused.status_code == 422 and "TIJDIG_SECRET_KEY" in refused.text
    assert "imap.acme.nl" in refused.text  # what was typed stays in the form
    assert _stored(app) is None
    assert _post(keyless, FORM | {"password": ""}).status_code == 303
    assert _stored(app) == ("imap.acme.nl", "starttls", None)


def test_a_port_out_of_range_is_refused(keyed: TestClient, app: Tijdig) -> None:
    refused = _post(keyed, FORM | {"port": "70000"})
    assert refused.status_code == 422 and "70000" in refused.text
    assert _stored(app) is None
