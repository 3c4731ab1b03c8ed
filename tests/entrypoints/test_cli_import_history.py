"""`tijdig import history FILE...`: payments from our CSV booked once, the customer file
shows them, a bad line refuses the file in one line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tijdig.entrypoints.cli.app import app

CUSTOMERS = "klantnummer;naam\n1001;Bakkerij De Gouden Korst B.V.\n"
INVOICES = """factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl
2026001;1001;01-09-2026;01-10-2026;1.210,00
2026002;1001;05-09-2026;05-10-2026;300,00
"""
PAYMENTS = """factuurnummer;betaaldatum;bedrag;omschrijving
2026001;20-10-2026;1.210,00;factuur 2026001
2026002;01-10-2026;100,00;deel
"""


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    runner = CliRunner()
    for name, text in (("c.csv", CUSTOMERS), ("i.csv", INVOICES)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    _ok(runner, "company", "add", "ACME", "--name", "Acme B.V.", "--country", "NL")
    _ok(runner, "import", "customers", str(tmp_path / "c.csv"))
    _ok(runner, "import", "invoices", str(tmp_path / "i.csv"))
    return runner


def _run(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(app, list(args))


def _ok(cli: CliRunner, *args: str) -> str:
    result = _run(cli, *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_history_books_once_and_closes_the_paid_invoice(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "betalingen.csv"
    path.write_text(PAYMENTS, encoding="utf-8")
    out = _ok(cli, "import", "history", str(path))
    assert "2 payment(s) and 0 set-off(s) booked, 0 booked before" in out
    open_now = _ok(cli, "invoices", "--open")
    assert "2026002" in open_now and "2026001" not in open_now
    assert "imported before, skipped" in _ok(cli, "import", "history", str(path))


def test_a_bad_line_refuses_the_file_in_one_line(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "fout.csv"
    path.write_text(PAYMENTS + "2026009;02-10-2026;10,00;onbekend\n", encoding="utf-8")
    result = _run(cli, "import", "history", str(path))
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    assert "fout.csv, line 4, field invoice" in line and "2026009" in line
    assert "2026001" in _ok(cli, "invoices", "--open")
