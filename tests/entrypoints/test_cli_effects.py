"""`tijdig effects` and `tijdig experiment variant | start | status | choose` from the
command line, through the same services: the table, its JSON, a refusal said plainly."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.entrypoints.web.conftest import seed_acme
from tests.services.collection.effects_db import add_sent
from tijdig.adapters.render.shipped import ShippedTemplateFiles
from tijdig.bootstrap import Tijdig
from tijdig.entrypoints.cli.app import app as cli_app

from .test_cli import _ok

AS_OF = ["--as-of", "2026-03-15", "--company", "ACME"]


@pytest.fixture
def cli(app: Tijdig, database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    company = seed_acme(app)
    add_sent(app, company, "C001", "T1", sent_on=date(2026, 2, 2), paid_after=3)
    add_sent(app, company, "C001", "T2", sent_on=date(2026, 2, 3), channel="letter")
    add_sent(app, company, "C001", "T3", sent_on=date(2026, 3, 10), paid_after=1)
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


def test_the_effect_table_is_shown_and_given_as_json(cli: CliRunner) -> None:
    shown = _ok(cli, "effects", "--by", "channel", *AS_OF)
    assert "2 messages judged on 2026-03-15; 1 sent in the last 14 days left out" in shown
    assert "100% (21%-100%)" in shown  # Wilson 1/1: 0.206549-1
    data = json.loads(_ok(cli, "effects", "--by", "channel", "--json", *AS_OF))
    assert (data["counted"], data["too_recent"], data["by"]) == (2, 1, ["channel"])
    rows = {r["channel"]: r for r in data["rows"]}
    assert rows["email"]["paid_7"] == {"paid": 1, "share": 1.0, "low": 0.2065, "high": 1.0}
    assert rows["letter"]["paid_14"]["paid"] == 0
    assert rows["letter"]["band"] == "under_500" and rows["letter"]["stage"] == "2"


def test_an_unknown_dimension_is_refused_plainly(cli: CliRunner) -> None:
    result = cli.invoke(cli_app, ["effects", "--by", "colour", *AS_OF])
    assert result.exit_code != 0
    assert "'colour': one of step, template" in result.output


def test_an_experiment_is_started_shown_and_not_chosen_before_its_verdict(
    cli: CliRunner, tmp_path: Path
) -> None:
    text = (
        ShippedTemplateFiles()
        .text("nl", "formal_demand")
        .replace(
            "{% block intro %}\n", "{% block intro %}\nWij verzoeken u dringend te betalen.\n", 1
        )
    )
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    stored = _ok(cli, "experiment", "variant", "formal_demand", "--variant", "B", "--file",
                 str(tmp_path / "b.txt"), "--customer", "C001", *AS_OF)  # fmt: skip
    assert "Variant B of formal_demand (nl) stored." in stored
    started = _ok(cli, "experiment", "start", "formal_demand", "--effect", "0.1", *AS_OF)
    assert "A, B, 388 messages each." in started
    data = json.loads(_ok(cli, "experiment", "status", "--json", *AS_OF))
    assert [(s["verdict"], s["needed"]) for s in data] == [("waiting", 388)]
    refused = cli.invoke(cli_app, ["experiment", "choose", str(data[0]["id"]), "--variant",
                                   "B", *AS_OF])  # fmt: skip
    assert refused.exit_code != 0
    assert "no verdict yet: each variant needs 388 messages" in refused.output
