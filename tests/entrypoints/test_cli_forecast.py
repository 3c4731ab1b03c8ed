"""`tijdig forecast` and `tijdig forecast check`: the forecast and its check from the
command line, through the same service as the API and the workspace."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tests.entrypoints.web.conftest import seed_acme
from tests.services.read_models.test_forecast import _dispute, _pay
from tijdig.bootstrap import Tijdig
from tijdig.entrypoints.cli.app import app as cli_app
from tijdig.services.read_models.forecast import cash_forecast
from tijdig.services.risk import forecast as forecast_model

from .test_cli import _ok

COMPANY = ["--company", "ACME"]


@pytest.fixture
def cli(app: Tijdig, database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    company = seed_acme(app)
    _dispute(app, company, "F-003", date(2026, 3, 1))
    _pay(app, company, "F-001", date(2026, 3, 17), 21_000)  # Tuesday of 2026-W12
    _pay(app, company, "F-002", date(2026, 3, 30), 60_500)  # Monday of 2026-W14
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


def test_the_forecast_is_printed_as_the_service_makes_it(cli: CliRunner, app: Tijdig) -> None:
    shown = _ok(cli, "forecast", "--as-of", "2026-03-15", *COMPANY)
    assert "Cash-flow forecast on 2026-03-15 (EUR, 2 open invoices)" in shown
    assert "2026-W12" in shown and "2026-W24" in shown and "later" in shown
    assert "Apart, not in the weeks: 1 invoice(s) disputed, EUR 2,420.00" in shown
    assert ("Payment dates from the customers' habits: no risk model stored (`tijdig model "
            "train`)") in shown  # fmt: skip
    data = json.loads(_ok(cli, "forecast", "--as-of", "2026-03-15", "--json", *COMPANY))
    with app.uow() as uow:
        acme = uow.companies.find("ACME")
    assert acme is not None
    made = cash_forecast(app.forecast_data, acme, as_of=date(2026, 3, 15))
    assert (data["as_of"], data["currency"], data["invoices"]) == ("2026-03-15", "EUR", 2)
    assert data["later"]["expected"] == f"{made.later.expected:.2f}"
    assert [w["expected"] for w in data["weeks"]] == [f"{w.expected:.2f}" for w in made.weeks]
    assert data["apart"] == [{"reason": "disputed", "invoices": 1, "amount": "2420.00"}]
    assert (data["basis"], data["fallback"], data["model_id"]) == ("habits", "no_model", None)


def test_the_check_shows_what_came_in_per_week(cli: CliRunner) -> None:
    args = ["forecast", "check", "--made-on", "2026-03-15", "--as-of", "2026-04-05", *COMPANY]
    data = json.loads(_ok(cli, *args, "--json"))
    actual = [w["actual"] for w in data["weeks"][:4]]
    assert actual == ["210.00", "0.00", "605.00", None]  # W12, W13, W14; W15 not passed
    assert data["passed"] == 3 and data["without_receipts"] == 1
    shown = _ok(cli, *args)
    assert "Forecast made on 2026-03-15, checked on 2026-04-05" in shown
    assert "Weeks passed: 3;" in shown
    assert "Payment dates from the customers' habits: no risk model stored" in shown
    assert (data["basis"], data["fallback"]) == ("habits", "no_model")


def test_a_day_that_is_no_date_is_refused(cli: CliRunner) -> None:
    done = cli.invoke(cli_app, ["forecast", "check", "--made-on", "soon", *COMPANY])
    assert done.exit_code != 0
    assert "--made-on" in done.output


def test_store_keeps_one_a_day_and_the_earlier_days(cli: CliRunner, app: Tijdig) -> None:
    """`tijdig forecast` computes and stores nothing; `--store` stores the forecast made,
    in place of one made that day, beside the earlier days' (audited)."""
    _ok(cli, "forecast", "--as-of", "2026-03-15", *COMPANY)
    with app.uow() as uow:
        assert uow.session.scalar(text("SELECT count(*) FROM stored_forecasts")) == 0
    shown = _ok(cli, "forecast", "--store", "--as-of", "2026-03-15", *COMPANY)
    assert "Stored as the forecast made on 2026-03-15." in shown
    _ok(cli, "forecast", "--store", "--as-of", "2026-03-15", *COMPANY)
    data = json.loads(_ok(cli, "forecast", "--store", "--as-of", "2026-03-08", "--json",
                          *COMPANY))  # fmt: skip
    with app.uow() as uow:
        rows = uow.session.execute(text(
            "SELECT made_on, invoices FROM stored_forecasts ORDER BY made_on"
        )).all()  # fmt: skip
        audited = uow.session.scalar(
            text("SELECT count(*) FROM audit_log WHERE action = 'forecast.stored'")
        )
    assert [str(r[0]) for r in rows] == ["2026-03-08", "2026-03-15"]
    assert rows[0][1] == data["invoices"] and audited == 3
    with app.risk_uow() as uow:
        acme = uow.companies.find("ACME")
        assert acme is not None and acme.id is not None
        stored = uow.stored_forecasts.latest(acme.id, made_by_day=date(2026, 3, 20))
    made = forecast_model.cash_forecast(app.risk_uow(), app.risk_reads, app.forecast_data,
                                        acme, as_of=date(2026, 3, 15))  # fmt: skip
    assert stored is not None and stored.forecast == made  # every figure read back
    assert stored.made_by.startswith("cli")
