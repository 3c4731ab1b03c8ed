"""`tijdig risk score`: every open invoice scored and stored (what the dashboard's risk
figure reads), by the rules when no model is stored, saying so."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.entrypoints.web.conftest import seed_acme
from tijdig.bootstrap import Tijdig
from tijdig.services.companies.companies import resolve_company
from tijdig.services.risk import scoring

from .test_cli import _ok


@pytest.fixture
def cli(app: Tijdig, database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    seed_acme(app)
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


@pytest.mark.parametrize("day", ["2026-03-15", "2026-06-30"])
def test_risk_score_stores_the_scores_the_dashboard_reads(
    cli: CliRunner, app: Tijdig, day: str
) -> None:
    said = _ok(cli, "risk", "score", "--as-of", day, "--company", "ACME")
    assert "open invoices scored by the rules" in said and "stored" in said
    company = resolve_company(app.uow(), "ACME")
    figure = scoring.risk_figure(app.risk_uow(), company)
    assert figure is not None and figure.scored_on.isoformat() == day
