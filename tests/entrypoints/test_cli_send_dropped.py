"""`tijdig send` says why a step it no longer sends was dropped, and a posting service,
like a real mail server, only sends as of today.

Through the CLI on a real database: import, `run --as-of`, `run approve --all`, a change
between the run and the send, then `send --as-of`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FrozenClock
from tijdig.entrypoints.cli.app import app

CUSTOMERS = """klantnummer;naam;soort;land;taal;e-mail;adres
K3;Bakkerij De Ster B.V.;zakelijk;NL;nl;ap@dester.example;Markt 1, 3511 AA Utrecht
"""
INVOICES = """factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl
R1;K3;04-02-2026;06-03-2026;500,00
"""


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.delenv("TIJDIG_SMTP_HOST", raising=False)
    monkeypatch.delenv("TIJDIG_LETTERS_POSTED", raising=False)
    monkeypatch.setenv("TIJDIG_MAIL_DIR", str(tmp_path / "mail"))
    monkeypatch.setenv("TIJDIG_LETTERS_DIR", str(tmp_path / "letters"))
    monkeypatch.setenv("TIJDIG_SMS_LOG", str(tmp_path / "sms.log"))
    runner = CliRunner()
    _ok(runner, "company", "add", "ACME", "--name", "Acme B.V.", "--kvk", "12345678",
        "--iban", "NL91ABNA0417164300", "--email", "debiteuren@acme.example",
        "--address", "Dorpsstraat 1, 3512 AB Utrecht")  # fmt: skip
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    (tmp_path / "invoices.csv").write_text(INVOICES, encoding="utf-8")
    _ok(runner, "import", "customers", str(tmp_path / "customers.csv"))
    _ok(runner, "import", "invoices", str(tmp_path / "invoices.csv"))
    return runner


def _ok(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_step_disputed_after_approval_is_dropped_and_send_says_why(
    cli: CliRunner, tmp_path: Path
) -> None:
    _ok(cli, "run", "--as-of", "2026-03-13")
    _ok(cli, "run", "approve", "--all")
    _ok(cli, "dispute", "add", "R1", "--reason", "invoice_incorrect", "--as-of", "2026-03-16")
    out = _ok(cli, "send", "--as-of", "2026-03-17")
    assert "0 message(s) queued" in out and "1 not sent (no longer due)" in out
    flat = " ".join(out.split())  # the console wraps long lines at its width
    assert (
        "dropped: item 2 (K3): not sent: R1: disputed since 2026-03-16 (invoice incorrect)" in flat
    )
    assert not (tmp_path / "mail").exists() or list((tmp_path / "mail").glob("*.eml")) == []


def test_a_customer_in_hardship_since_the_approval_gets_nothing_and_send_says_why(
    cli: CliRunner, tmp_path: Path
) -> None:
    _ok(cli, "run", "--as-of", "2026-03-13")
    _ok(cli, "run", "approve", "--all")
    _ok(cli, "hardship", "set", "K3", "--kind", "debt_counselling", "--since", "2026-03-16",
        "--evidence", "Brief van de gemeente", "--as-of", "2026-03-16")  # fmt: skip
    out = _ok(cli, "send", "--as-of", "2026-03-17")
    assert "0 message(s) queued" in out and "1 not sent (no longer due)" in out
    flat = " ".join(out.split())
    assert ("not sent: Debt counselling since 2026-03-16: no reminders, costs or interest "
            "while it lasts.") in flat  # fmt: skip
    assert not (tmp_path / "mail").exists() or list((tmp_path / "mail").glob("*.eml")) == []


def test_with_letters_posted_only_today_is_sent_as(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, frozen_clock: FrozenClock
) -> None:
    _ok(cli, "run", "--as-of", "2026-03-13")
    _ok(cli, "run", "approve", "--all")
    frozen_clock.set(datetime(2026, 3, 17, 9, 30))
    monkeypatch.setenv("TIJDIG_LETTERS_POSTED", "true")
    refused = cli.invoke(app, ["send", "--as-of", "2026-03-16"])
    assert refused.exit_code == 1
    assert "--as-of 2026-03-16 is not today (2026-03-17)" in refused.output
    assert "1 message(s) queued" in _ok(cli, "send")
