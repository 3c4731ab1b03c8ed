"""`tijdig mail send-personal CUSTOMER [--template NAME] [--subject S] [--body-file F]
[--reply-to MESSAGE] [--key K] [--show]`: a personal e-mail over real SMTP (aiosmtpd),
threaded with the reply it answers, once per key, refused with the reason in words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tests.services.mailbox.inbox_world import AuditRow, add_reply, count, moment, setup
from tijdig.bootstrap import Tijdig
from tijdig.entrypoints.cli.app import app as cli_app

from .test_cli import _ok

KEY = "cli-key-0123456789abcdef"


@pytest.fixture
def server() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as found:
        yield found


@pytest.fixture
def cli(
    database_url: str, server: tuple[RecordingHandler, int], monkeypatch: pytest.MonkeyPatch
) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.setenv("TIJDIG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TIJDIG_SMTP_PORT", str(server[1]))
    return CliRunner()


def test_a_follow_up_from_its_template_then_an_answer_to_a_reply(
    app: Tijdig, cli: CliRunner, server: tuple[RecordingHandler, int], tmp_path: Path
) -> None:
    handler, _ = server
    company = setup(app)
    shown = _ok(cli, "mail", "send-personal", "C1", "--template", "follow_up", "--show",
                "--company", "ACME")  # fmt: skip
    assert "To: boekhouding@klant.nl" in shown and "factuur A, vervallen op 1 juli 2026" in shown
    assert handler.received == []  # --show sends nothing
    out = json.loads(_ok(cli, "mail", "send-personal", "C1", "--template", "follow_up",
                         "--key", KEY, "--company", "ACME", "--json"))  # fmt: skip
    assert (out["status"], out["to"], out["again"]) == ("sent", "boekhouding@klant.nl", False)
    again = _ok(cli, "mail", "send-personal", "C1", "--key", KEY, "--company", "ACME")
    assert "nothing sent twice" in again and len(handler.received) == 1
    mail_id = add_reply(app, company, "Kunt u mij bellen?", moment(date(2026, 10, 16)))
    body = tmp_path / "antwoord.txt"
    body.write_text("Beste klant,\n\nIk bel u morgen om tien uur.\n\nAnna\n", encoding="utf-8")
    out = json.loads(_ok(cli, "mail", "send-personal", "C1", "--template", "free",
                         "--body-file", str(body), "--reply-to", str(mail_id), "--attach", "A",
                         "--company", "ACME", "--json"))  # fmt: skip
    assert out["status"] == "sent" and out["subject"] == "Re: Herinnering factuur A"
    answer = handler.received[-1]
    assert answer.header("In-Reply-To") == "<r1@klant.nl>"
    parsed = answer.message()
    text = parsed.get_body(("plain",))
    assert text is not None and "Ik bel u morgen om tien uur." in text.get_content()
    assert [a.get_filename() for a in parsed.iter_attachments()] == ["invoice-A.pdf"]
    assert count(app, AuditRow, action="mail.personal") == 2


def test_refused_with_the_reason_in_words(app: Tijdig, cli: CliRunner) -> None:
    setup(app)
    left = cli.invoke(cli_app, ["mail", "send-personal", "C1", "--template", "agreement",
                                "--company", "ACME"])  # fmt: skip
    assert left.exit_code != 0 and "still has a part to fill in" in left.output
    unknown = cli.invoke(cli_app, ["mail", "send-personal", "C1", "--template", "poem",
                                   "--company", "ACME"])  # fmt: skip
    assert unknown.exit_code != 0 and "follow_up" in unknown.output
    nobody = cli.invoke(cli_app, ["mail", "send-personal", "C9", "--company", "ACME"])
    assert nobody.exit_code != 0 and "C9" in nobody.output
    assert count(app, AuditRow, action="mail.personal") == 0
