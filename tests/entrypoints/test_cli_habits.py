"""`tijdig customer habits`, `tijdig tolerance suggestions | accept | dismiss`: the habits
and the suggested tolerance from the command line, through the same services."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from tests.entrypoints.web.conftest import seed_acme
from tests.services.records.habits_data import add_regular_late
from tijdig.bootstrap import Tijdig
from tijdig.entrypoints.cli.app import app as cli_app
from tijdig.services.records import habits

from .test_cli import _ok

AS_OF = ["--as-of", "2026-03-15", "--company", "ACME"]


@pytest.fixture
def cli(app: Tijdig, database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    company = seed_acme(app)
    add_regular_late(app, company)
    add_regular_late(app, company, "C003")
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


def test_habits_and_suggestions_are_shown_and_decided_from_the_command_line(
    cli: CliRunner, app: Tijdig
) -> None:
    shown = _ok(cli, "customer", "habits", "C001", *AS_OF)
    assert "Paid invoices: 8" in shown and "Paid on time: 0%" in shown
    assert "Days late, weighted by amount: 4.6" in shown  # (2+3+3+4+5+5+6+9) x 100 / 800
    assert "Typical delay: 4.5 days (IQR 2.25)" in shown
    assert "Suggested tolerance: 7 days (8 of 8 paid on their own, p90 6.9" in shown
    data = json.loads(_ok(cli, "customer", "habits", "C001", "--json", *AS_OF))
    assert (data["suggestion"]["days"], data["settled"]["on_own"]) == (7, 8)
    listed = _ok(cli, "tolerance", "suggestions", *AS_OF)
    assert "C001" in listed and "C003" in listed
    assert "tolerance 7 days (was 0)" in _ok(cli, "tolerance", "accept", "C001", "--days", "7",
                                             *AS_OF)  # fmt: skip
    assert "dismissed" in _ok(cli, "tolerance", "dismiss", "C003", "--days", "7", *AS_OF)
    assert "No tolerance suggested." in _ok(cli, "tolerance", "suggestions", *AS_OF)
    again = cli.invoke(cli_app, ["tolerance", "accept", "C003", "--days", "7", *AS_OF])
    assert again.exit_code == 1
    assert "habit does not suggest a tolerance of 7 days today" in again.output
    with app.uow() as uow:
        acme = uow.companies.find("ACME")
        assert acme is not None
        assert [d.decision.value for d in uow.tolerances.decided(acme.id or 0)] == [
            "dismissed", "accepted"]  # fmt: skip
    after = habits.customer_habits(app.uow(), app.paid_history, acme, "C001",
                                   as_of=date(2026, 3, 15))  # fmt: skip
    assert after.customer.tolerance_days == 7
