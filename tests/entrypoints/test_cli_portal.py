"""`tijdig portal link` and `tijdig portal settings` through the CLI."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from tijdig.adapters.db.schema.ledger import CustomerRow
from tijdig.bootstrap import Tijdig
from tijdig.entrypoints.cli.app import app as cli_app

from .web.test_portal import seed


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.setenv("TIJDIG_PUBLIC_URL", "https://debiteuren.example.nl/")
    return CliRunner()


def _run(cli: CliRunner, *args: str, code: int = 0) -> tuple[str, str]:
    result = cli.invoke(cli_app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout, result.stderr


def test_the_link_is_the_customers_signed_page_on_the_public_address(
    cli: CliRunner, app: Tijdig
) -> None:
    company = seed(app)
    out, err = _run(cli, "portal", "link", "K1", "--company", "ZON")
    prefix = "https://debiteuren.example.nl/portal/"
    assert out.startswith(prefix) and out.count("\n") == 1
    key = app.portal_links().read(out.strip().removeprefix(prefix))
    with app.uow() as uow:
        customer = uow.customers.get(company.id or 0, "K1")
    assert key is not None and customer is not None
    assert (key.company_id, key.customer_id) == (company.id, customer.id)
    assert "60 days" in err


def test_without_a_public_url_the_link_follows_the_served_port(
    cli: CliRunner, app: Tijdig, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(app)
    monkeypatch.delenv("TIJDIG_PUBLIC_URL")
    monkeypatch.setenv("TIJDIG_PORT", "8101")
    out, err = _run(cli, "portal", "link", "K1", "--company", "ZON")
    assert out.startswith("http://127.0.0.1:8101/portal/")
    assert "Warning" not in err
    monkeypatch.setenv("TIJDIG_HOST", "0.0.0.0")
    out, err = _run(cli, "portal", "link", "K1", "--company", "ZON")
    assert out.startswith("http://0.0.0.0:8101/portal/")
    assert "Warning" in err and "TIJDIG_PUBLIC_URL" in err


def test_no_link_for_an_unknown_or_anonymised_customer(cli: CliRunner, app: Tijdig) -> None:
    seed(app)
    _, err = _run(cli, "portal", "link", "K9", code=1)
    assert "no customer K9" in err
    with app.uow() as uow:
        uow.session.execute(update(CustomerRow).where(CustomerRow.number == "K2")
                            .values(anonymised_at=datetime.now(UTC)))  # fmt: skip
        uow.commit()
    _, err = _run(cli, "portal", "link", "K2", code=1)
    assert "anonymised" in err


def test_settings_are_shown_changed_checked_and_audited(cli: CliRunner, app: Tijdig) -> None:
    company = seed(app)
    out, _ = _run(cli, "portal", "settings")
    assert "on; promises up to 14 days ahead" in out
    out, _ = _run(cli, "portal", "settings", "--max-promise-days", "21", "--payment-link", "",
                  "--disable")  # fmt: skip
    assert "off; promises up to 21 days ahead; payment link none" in out
    with app.uow() as uow:
        stored = uow.portal.get(company.id or 0)
        entries = uow.audit.for_company(company.id or 0)
    assert (stored.enabled, stored.max_promise_days, stored.payment_link) == (False, 21, None)
    assert entries[0].action == "portal.settings" and entries[0].actor.startswith("cli:")
    _, err = _run(cli, "portal", "link", "K1")
    assert "switched off" in err
    _, err = _run(cli, "portal", "settings", "--payment-link", "javascript:x", code=1)
    assert "payment_link" in err and err.count("\n") == 1
    _, err = _run(cli, "portal", "settings", "--max-promise-days", "400", code=1)
    assert "max_promise_days" in err
