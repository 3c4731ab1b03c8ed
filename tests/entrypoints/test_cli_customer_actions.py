"""`tijdig customer pause`, `resume`, `statement` and `tijdig task add`: the customer
page's pause, statement and next action from the command line, through the same
services; `tijdig customer NUMBER` still shows the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tijdig.bootstrap import bootstrap
from tijdig.config import Settings
from tijdig.entrypoints.cli.app import app
from tijdig.services.records import pauses
from tijdig.services.records.agenda import customer_activity

from .test_cli import _loaded, _ok


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


def test_a_pause_and_a_next_action_from_the_command_line(
    cli: CliRunner, tmp_path: Path, database_url: str
) -> None:
    _loaded(cli, tmp_path)
    out = _ok(cli, "customer", "pause", "1001", "--until", "2027-01-04", "--reason",
              "Director away", "--as-of", "2026-12-31")  # fmt: skip
    assert "dunning paused from 2026-12-31 until 2027-01-04 (Director away)" in out
    refused = cli.invoke(app, ["customer", "pause", "1001", "--until", "2026-12-31",
                               "--reason", "x", "--as-of", "2026-12-31"])  # fmt: skip
    assert refused.exit_code == 1 and "must be after 2026-12-31" in refused.output
    assert "2026001" in _ok(cli, "customer", "1001", "--as-of", "2026-11-23")  # the file
    resumed = _ok(cli, "customer", "resume", "1001", "--as-of", "2027-01-02")
    assert "dunning resumes on 2027-01-02" in resumed
    again = cli.invoke(app, ["customer", "resume", "1001", "--as-of", "2027-01-02"])
    assert again.exit_code == 1 and "is not paused on 2027-01-02" in again.output
    planned = _ok(cli, "task", "add", "1001", "--on", "2027-01-04", "--title", "Call back",
                  "--as-of", "2026-12-31")  # fmt: skip
    assert "for 2027-01-04: Call back" in planned
    late = cli.invoke(app, ["task", "add", "1001", "--on", "2026-12-30", "--title", "x",
                            "--as-of", "2026-12-31"])  # fmt: skip
    assert late.exit_code == 1 and "is before today" in late.output
    sent = _ok(cli, "customer", "statement", "1001", "--as-of", "2026-12-31")
    assert "statement of 2026-12-31 queued for info@goudenkorst.nl" in sent
    installation = bootstrap(Settings(database_url=database_url), migrate_schema=False)
    try:
        with installation.uow() as uow:
            company = uow.companies.find("ACME")
        assert company is not None
        [pause] = pauses.pauses_of(installation.uow(), company, "1001")
        assert (pause.since, pause.until, pause.lifted_on) == (
            date(2026, 12, 31), date(2027, 1, 4), date(2027, 1, 2))  # fmt: skip
        activity = customer_activity(installation.uow(), company, "1001", as_of=date(2026, 12, 31))
        assert [t.title for _id, t in activity.tasks] == ["Call back"]
    finally:
        installation.close()
