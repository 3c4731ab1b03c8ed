"""`tijdig sepa` end to end: mandates, a pain.008 export, and a refused collection date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from lxml import etree
from typer.testing import CliRunner

from tijdig.entrypoints.cli.app import TijdigGroup, app
from tijdig.entrypoints.cli.sepa import sepa_app

CUSTOMERS = """klantnummer;naam;soort;land
1001;Bakkerij De Gouden Korst B.V.;zakelijk;NL
2001;Peeters BV;zakelijk;BE
"""
INVOICES = """factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl;valuta
2026001;1001;05-01-2026;04-02-2026;1.210,00;EUR
2026002;1001;02-02-2026;04-03-2026;100,00;EUR
2026003;2001;07-01-2026;06-02-2026;99,99;EUR
"""
CREDITOR_ID = "NL69ZZZ123456780000"

# `sepa` under the root group's error handling, whether or not app.py registers it yet.
root = typer.Typer(cls=TijdigGroup, pretty_exceptions_enable=False, add_completion=False)
root.add_typer(sepa_app, name="sepa")


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    runner = CliRunner()
    (tmp_path / "c.csv").write_text(CUSTOMERS)
    (tmp_path / "i.csv").write_text(INVOICES)
    for args in (
        ["company", "add", "ACME", "--name", "Acme B.V.", "--iban", "NL91ABNA0417164300"],
        ["import", "customers", str(tmp_path / "c.csv")],
        ["import", "invoices", str(tmp_path / "i.csv")],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    return runner


def _sepa(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(root, ["sepa", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _add_mandate(cli: CliRunner) -> str:
    return _sepa(
        cli, "mandate", "add", "1001", "--reference", "MND-1001", "--signed", "02-01-2026",
        "--scheme", "core", "--iban", "NL69 INGB 0123 4567 89",
    )  # fmt: skip


def test_a_mandate_is_added_and_listed(cli: CliRunner) -> None:
    assert "Mandate MND-1001 (CORE) of customer 1001 is recorded; next collection FRST" in (
        _add_mandate(cli)
    )
    [mandate] = json.loads(_sepa(cli, "mandate", "list", "--json"))
    assert mandate == {
        "reference": "MND-1001",
        "customer": "1001",
        "scheme": "CORE",
        "signed_on": "2026-01-02",
        "iban": "NL69INGB0123456789",
        "bic": None,
        "sequence": "FRST",
        "first_collected_on": None,
        "revoked_on": None,
    }
    assert "MND-1001" in _sepa(cli, "mandate", "list")


def test_due_invoices_are_exported_as_pain008(cli: CliRunner, tmp_path: Path) -> None:
    _add_mandate(cli)
    out = tmp_path / "dd.xml"
    printed = _sepa(
        cli, "export", "--date", "2026-02-24", "--as-of", "2026-02-20",
        "--creditor-id", CREDITOR_ID, "--out", str(out),
    )  # fmt: skip
    assert "Wrote 1 debit(s), EUR 1,210.00, due 2026-02-24 (CORE)" in printed
    assert "FRST: 1 debit(s), EUR 1,210.00" in printed
    root_element = etree.fromstring(out.read_bytes())
    assert root_element.xpath("//*[local-name()='EndToEndId']/text()") == ["B1-2026001"]
    [mandate] = json.loads(_sepa(cli, "mandate", "list", "--json"))
    assert mandate["sequence"] == "RCUR" and mandate["first_collected_on"] == "2026-02-24"

    again = _sepa(
        cli, "export", "--date", "2026-03-04", "--as-of", "2026-03-02",
        "--creditor-id", CREDITOR_ID, "--out", str(tmp_path / "dd2.xml"),
    )  # fmt: skip
    assert "RCUR: 1 debit(s), EUR 100.00" in again and "collected before: 1" in again


def test_a_collection_date_too_early_is_refused_in_one_line(cli: CliRunner, tmp_path: Path) -> None:
    _add_mandate(cli)
    out = tmp_path / "dd.xml"
    result = cli.invoke(
        root,
        ["sepa", "export", "--date", "2026-02-20", "--as-of", "2026-02-20",
         "--creditor-id", CREDITOR_ID, "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "too early" in result.output
    assert not out.exists()
