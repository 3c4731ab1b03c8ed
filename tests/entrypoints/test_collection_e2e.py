"""End to end: demo data -> run -> approve -> send over real SMTP -> contact log and agenda
updated -> a second send sends nothing, and the next run does not repeat the step."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from datetime import date
from email.message import Message
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tests.conftest import FrozenClock
from tijdig.adapters.db.schema.collection import ContactEventRow, StepTakenRow
from tijdig.config import Settings
from tijdig.entrypoints.cli.app import app
from tijdig.entrypoints.web.app import create_app

with warnings.catch_warnings():
    warnings.filterwarnings(
        "ignore", message="Using `httpx` with `starlette.testclient` is deprecated"
    )
    from fastapi.testclient import TestClient

AS_OF = "2026-11-24"  # a Tuesday: a contact day by default
WEEK_LATER = "2026-12-01"
# The link in a message: http://127.0.0.1:8000/portal/<signed token> (settings.link_url).
PORTAL_LINK = re.compile(r"https?://[^/\s]+(/portal/[A-Za-z0-9_.\-]+)")


@pytest.fixture
def smtp() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def cli(
    database_url: str,
    smtp: tuple[RecordingHandler, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    frozen_clock: FrozenClock,
) -> CliRunner:
    # The real mail server sends as of today: today is the run's day, 10:00.
    frozen_clock.set(date.fromisoformat(AS_OF))
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.setenv("TIJDIG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TIJDIG_SMTP_PORT", str(smtp[1]))
    monkeypatch.setenv("TIJDIG_LETTERS_DIR", str(tmp_path / "letters"))
    monkeypatch.setenv("TIJDIG_SMS_LOG", str(tmp_path / "sms.log"))
    return CliRunner()


def _ok(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _json(cli: CliRunner, *args: str) -> dict[str, object]:
    return json.loads(_ok(cli, *args))  # type: ignore[no-any-return]


def _count(database_url: str, table: type) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(table)) or 0)
    finally:
        engine.dispose()


def test_run_approve_send_log_agenda_and_never_twice(
    cli: CliRunner, smtp: tuple[RecordingHandler, int], database_url: str, tmp_path: Path
) -> None:
    handler, _ = smtp
    # big enough that the day's run, after the demo's history, has mails and a letter
    _ok(cli, "demo-data", "--customers", "80", "--invoices", "1200", "--as-of", AS_OF)
    run = _json(cli, "run", "--as-of", AS_OF, "--json")
    items = run["items"]
    assert isinstance(items, list)
    messages = [i for i in items if i["kind"] == "message"]
    calls = [i for i in items if i["kind"] == "call"]
    assert messages, "the demo data has overdue customers"
    assert all(i["summary"] for i in items), "every proposal and hold says why"

    _ok(cli, "run", "approve", "--all")
    logged = _count(database_url, ContactEventRow)  # the demo's history logged some
    out = _ok(cli, "send")
    by_mail = [m for m in messages if m["channel"] == "email"]
    letters = list((tmp_path / "letters").glob("run-item-*"))
    assert len(handler.accepted) + len(letters) == len(messages)
    assert sorted(handler.keys) == sorted(f"run-item-{m['id']}-20261124" for m in by_mail)
    assert f"Sent: {len(messages)};" in out

    # Every sent message is in the contact log and moved its invoices a step on.
    assert _count(database_url, ContactEventRow) - logged == len(messages)
    assert _count(database_url, StepTakenRow) >= len(messages)
    # Calls are planned on Wednesdays (S3-3): a week on, every approved call is due.
    agenda = json.loads(_ok(cli, "agenda", "--as-of", WEEK_LATER, "--json"))
    assert len([task for task in agenda if task["kind"] == "call"]) == len(calls)
    assert all("Klopt de factuur" in task["script"] or "invoice" in task["script"]
               for task in agenda if task["kind"] == "call")  # fmt: skip

    # A second send sends nothing; the next run does not repeat what was just sent.
    assert "Sent: 0;" in _ok(cli, "send")
    assert len(handler.accepted) == len(by_mail)
    again = _json(cli, "run", "--as-of", AS_OF, "--json")
    sent_to = {m["customer"] for m in messages}
    repeated = [i for i in again["items"]  # type: ignore[union-attr]
                if i["kind"] == "message" and i["customer"] in sent_to]  # fmt: skip
    assert repeated == []


def test_a_mail_server_that_refuses_loses_nothing(
    cli: CliRunner, smtp: tuple[RecordingHandler, int]
) -> None:
    handler, _ = smtp
    _ok(cli, "demo-data", "--customers", "80", "--invoices", "1200", "--as-of", AS_OF)
    _ok(cli, "run", "--as-of", AS_OF)
    _ok(cli, "run", "approve", "--all")
    handler.rcpt_replies = ["451 try again later"]
    first = cli.invoke(app, ["send"])
    assert "retrying later: 1" in first.output
    assert first.exit_code == 0, first.output
    assert handler.accepted, "the other messages went"


def test_preview_renders_any_step_without_sending(
    cli: CliRunner, smtp: tuple[RecordingHandler, int], tmp_path: Path
) -> None:
    handler, _ = smtp
    _ok(cli, "demo-data", "--customers", "400", "--invoices", "6000", "--as-of", AS_OF)
    overdue = json.loads(_ok(cli, "customers", "--overdue", "--as-of", AS_OF, "--json"))
    consumer = next(c for c in overdue if c["kind"] == "consumer" and c["country"] == "NL")
    out = _ok(cli, "preview", "fourteen_day_letter", "--customer", consumer["number"],
              "--as-of", AS_OF, "--out", str(tmp_path / "p"))  # fmt: skip
    assert "Betaal binnen veertien dagen" in out
    text = (tmp_path / "p" / "message.txt").read_text(encoding="utf-8")
    assert "binnen veertien dagen na de dag waarop u deze brief heeft ontvangen" in text
    assert (tmp_path / "p" / "letter.pdf").read_bytes().startswith(b"%PDF")
    assert handler.accepted == []
    wrong = cli.invoke(app, ["preview", "nope", "--customer", consumer["number"]])
    assert wrong.exit_code == 1 and "its steps: friendly, reminder" in wrong.output


def _plain_text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def test_every_e_mail_carries_a_portal_link_that_opens_the_customers_page(
    cli: CliRunner, smtp: tuple[RecordingHandler, int], database_url: str
) -> None:
    handler, _ = smtp
    _ok(cli, "demo-data", "--customers", "40", "--invoices", "600", "--as-of", AS_OF)
    _ok(cli, "run", "--as-of", AS_OF)
    _ok(cli, "run", "approve", "--all")
    _ok(cli, "send")
    assert handler.accepted
    links = [PORTAL_LINK.search(_plain_text(m)) for m in handler.accepted]
    assert all(links), "every e-mail has the customer's portal link"
    with TestClient(create_app(Settings(database_url=database_url))) as web:
        for found in links:
            assert found is not None
            page = web.get(found.group(1))
            assert page.status_code == 200
            assert "IBAN" in page.text
        tampered = web.get(links[0].group(1)[:-3] + "xyz")  # type: ignore[union-attr]
        assert tampered.status_code == 404
