"""`tijdig mail inbox` lists the linked replies waiting for a person with what was read
in them; `tijdig mail confirm MESSAGE [--as KIND] [--date D]` confirms one through the
workspace's use cases (the promise is recorded, the reply leaves the inbox)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from tests.services.mailbox.inbox_world import PromiseRow, add_reply, count, moment, setup
from tijdig.bootstrap import Tijdig
from tijdig.entrypoints.cli.app import app as cli_app

from .test_cli import _ok


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


def test_the_inbox_and_a_confirmation_with_another_day(app: Tijdig, cli: CliRunner) -> None:
    company = setup(app)
    mail_id = add_reply(app, company, "Wij betalen de factuur op 13 november.",
                        moment(date(2026, 10, 30)))  # fmt: skip
    [listed] = json.loads(_ok(cli, "mail", "inbox", "--company", "ACME", "--json"))
    assert (listed["id"], listed["customer"], listed["suggested"]) == (mail_id, "C1", "promise")
    assert listed["promised_on"] == "2026-11-13"
    assert any("13" in r["text"] or "2026-11-13" in r["text"] for r in listed["reasons"])
    refused = cli.invoke(cli_app, ["mail", "confirm", str(mail_id), "--as", "maybe",
                                   "--company", "ACME"])  # fmt: skip
    assert refused.exit_code != 0 and "maybe" in refused.output
    out = _ok(cli, "mail", "confirm", str(mail_id), "--date", "2026-11-16", "--company", "ACME")
    assert "confirmed as promise" in out and "2026-11-16" in out
    assert count(app, PromiseRow, promised_date=date(2026, 11, 16)) == 1
    assert json.loads(_ok(cli, "mail", "inbox", "--company", "ACME", "--json")) == []


def test_the_reply_hold_is_a_company_setting(app: Tijdig, cli: CliRunner) -> None:
    company = setup(app)
    shown = " ".join(_ok(cli, "policy", "settings", "--company", "ACME").split())
    assert "an unconfirmed reply holds 3 working day(s)" in shown
    out = _ok(cli, "policy", "settings", "--reply-hold-days", "1", "--company", "ACME")
    assert "an unconfirmed reply holds 1 working day(s)" in " ".join(out.split())
    refused = cli.invoke(cli_app, ["policy", "settings", "--reply-hold-days", "21",
                                   "--company", "ACME"])  # fmt: skip
    assert refused.exit_code != 0
    assert company.id is not None
    with app.uow() as uow:
        assert uow.collection_settings.get(company.id)[0].reply_hold_working_days == 1
