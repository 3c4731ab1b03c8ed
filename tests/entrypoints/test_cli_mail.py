"""`tijdig mail connect`, `fetch`, `unlinked` and `link` against a real Dovecot: a
password is refused without a configured key, saying why; with a key file it is stored
sealed, and the mailbox is read, once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.adapters.mail.dovecot import Dovecot, dovecot_server
from tijdig.adapters.db.engine import make_engine
from tijdig.adapters.db.schema.mailbox import MailboxRow
from tijdig.entrypoints.cli.app import app as cli_app

from .test_cli import _ok


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    with dovecot_server() as server:
        yield server


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.delenv("TIJDIG_SECRET_KEY", raising=False)
    runner = CliRunner()
    _ok(runner, "company", "add", "ACME", "--name", "Acme B.V.", "--kvk", "12345678")
    return runner


def _connect(cli: CliRunner, dovecot: Dovecot, folder: str) -> tuple[int, str]:
    result = cli.invoke(cli_app, [
        "mail", "connect", "--host", dovecot.host, "--port", str(dovecot.port),
        "--user", dovecot.user, "--address", "debiteuren@acme.nl", "--folder", folder,
        "--password-stdin",
    ], input=dovecot.password + "\n")  # fmt: skip
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def test_connect_fetch_and_link(
    cli: CliRunner, dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    database_url: str,
) -> None:  # fmt: skip
    folder = f"cli{tmp_path.name[-12:].replace('_', '')}"
    with dovecot.client() as client:
        client.create_folder(folder)
    code, said = _connect(cli, dovecot, folder)
    assert code == 1 and "TIJDIG_SECRET_KEY" in said, said
    key_file = tmp_path / "secret.key"
    key_file.write_text("a key kept in a file\n", encoding="utf-8")
    monkeypatch.setenv("TIJDIG_SECRET_KEY_FILE", str(key_file))
    monkeypatch.setenv("TIJDIG_IMAP_CA_FILE", str(dovecot.ca_file))
    code, said = _connect(cli, dovecot, folder)
    assert code == 0 and "debiteuren@acme.nl" in said, said
    engine = make_engine(database_url)
    with engine.connect() as connection:
        sealed = connection.scalar(select(MailboxRow.password_sealed))
    engine.dispose()
    assert sealed and dovecot.password not in sealed
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "x@onbekend.nl", "debiteuren@acme.nl", "?"
    message.set_content("Wat is dit?")
    dovecot.append(bytes(message), folder=folder)
    assert json.loads(_ok(cli, "mail", "fetch", "--json"))["not_linked"] == 1
    assert json.loads(_ok(cli, "mail", "fetch", "--json"))["read"] == 0
    [waiting] = json.loads(_ok(cli, "mail", "unlinked", "--json"))
    assert waiting["from"] == "x@onbekend.nl"
    result = cli.invoke(cli_app, ["mail", "link", str(waiting["id"]), "K9"])
    assert result.exit_code == 1  # no such customer
    assert json.loads(_ok(cli, "mail", "unlinked", "--json")) == [waiting]
