"""`tijdig import history FILE...`: payments from our CSV booked once, the customer file
shows them, a bad line refuses the file in one line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.entrypoints.cli_import import booked, ok, run

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
    ok(runner, "company", "add", "ACME", "--name", "Acme B.V.", "--country", "NL")
    ok(runner, "import", "customers", str(tmp_path / "c.csv"))
    ok(runner, "import", "invoices", str(tmp_path / "i.csv"))
    return runner


def test_history_books_once_and_closes_the_paid_invoice(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "betalingen.csv"
    path.write_text(PAYMENTS, encoding="utf-8")
    out = ok(cli, "import", "history", str(path))
    assert "2 payment(s) and 0 set-off(s) booked, 0 booked before" in out
    assert set(booked(cli, "--open")) == {"2026002"}  # 2026001 is paid in full
    assert "imported before, skipped" in ok(cli, "import", "history", str(path))


def test_a_bad_line_refuses_the_file_in_one_line(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "fout.csv"
    path.write_text(PAYMENTS + "2026009;02-10-2026;10,00;onbekend\n", encoding="utf-8")
    result = run(cli, "import", "history", str(path))
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    assert "fout.csv, line 4, field invoice" in line and "2026009" in line
    assert set(booked(cli, "--open")) == {"2026001", "2026002"}  # nothing of the file booked
