"""`tijdig privacy export|erase|retention|apply` end to end."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.entrypoints.cli.app import app as cli_app
from tijdig.services.companies.companies import add_company

from ..adapters.db.test_personal_data import EMAIL, NAME, personal_values_left, seed_debtor


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


@pytest.fixture
def acme(app: Tijdig) -> Company:
    company = add_company(
        app.uow(), Company("ACME", "Acme B.V."), validate=False, actor="test", at=datetime.now(UTC)
    )
    seed_debtor(app, company, "K100", year=2015)
    return company


def _run(cli: CliRunner, *args: str, code: int = 0, input: str | None = None) -> str:
    result = cli.invoke(cli_app, list(args), input=input)
    assert result.exit_code == code, result.output
    return result.output


def _words(text: str) -> str:
    """The text with line wrapping undone: Rich wraps at the terminal's width."""
    return " ".join(text.split())


def test_export_writes_one_json_file_with_everything(
    cli: CliRunner, app: Tijdig, acme: Company, tmp_path: Path
) -> None:
    out = tmp_path / "k100.json"
    assert "Written" in _run(cli, "privacy", "export", "K100", "--out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["customer"]["name"] == NAME and data["messages"][0]["recipient"] == EMAIL
    printed = json.loads(_run(cli, "privacy", "export", "K100"))
    assert printed["invoices"][0]["number"] == "K100-1"
    with app.uow() as uow:
        actions = list(uow.session.scalars(select(AuditRow.action)))
    assert actions.count("customer.export") == 2


def test_erase_refuses_with_the_reason_on_one_line_then_anonymises(
    cli: CliRunner, app: Tijdig, acme: Company
) -> None:
    with app.uow() as uow:
        uow.session.execute(text("UPDATE disputes SET resolved_on = NULL"))
        uow.commit()
    refused = _run(cli, "privacy", "erase", "K100", "--yes", code=1)
    assert "open dispute" in refused and refused.count("\n") == 1
    with app.uow() as uow:
        uow.session.execute(text("UPDATE disputes SET resolved_on = '2015-04-01'"))
        uow.commit()
    assert "Aborted" in _run(cli, "privacy", "erase", "K100", input="n\n", code=1)
    assert "anonymised" in _run(cli, "privacy", "erase", "K100", "--yes")
    assert personal_values_left(app) == []
    assert "already anonymised" in _run(cli, "privacy", "erase", "K100", "--yes", code=1)


def test_retention_is_shown_set_and_applied(cli: CliRunner, app: Tijdig, acme: Company) -> None:
    assert "7 years" in _words(_run(cli, "privacy", "retention"))
    assert "fiscal default" in _words(_run(cli, "privacy", "retention"))
    shorter = _words(_run(cli, "privacy", "retention", "--years", "3"))
    assert "3 years" in shorter and "art. 52" in shorter
    assert "years" in _run(cli, "privacy", "retention", "--years", "0", code=1)
    dry = _words(_run(cli, "privacy", "apply", "--dry-run"))
    assert "K100: would be anonymised" in dry
    assert personal_values_left(app)
    done = _words(_run(cli, "privacy", "apply"))
    assert "K100: anonymised" in done and "1 customer(s) anonymised" in done
    assert personal_values_left(app) == []
    assert "0 customer(s) anonymised" in _run(cli, "privacy", "apply")
