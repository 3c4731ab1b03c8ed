"""`tijdig import invoices` on hostile or oversized files: one clear line, nothing booked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.entrypoints.cli_import import booked, ok, run

UBL_NS = (
    'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"'
)
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + f"]>\n<Invoice {UBL_NS}><cbc:ID>&lol9;</cbc:ID></Invoice>\n"
)
INVOICES = """factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl
2026001;1001;01-09-2026;01-10-2026;1.210,00
"""


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


def _one_line_naming(result: Result, name: str) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and "Traceback" not in result.output
    return lines[0]


def test_an_entity_bomb_is_refused_as_hostile_xml_not_read_as_csv(
    cli: CliRunner, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(BOMB)
    line = _one_line_naming(run(cli, "import", "invoices", str(bomb)), "bomb.xml")
    assert "declares entities" in line and "column" not in line
    assert json.loads(ok(cli, "company", "list", "--json")) == []


def test_xml_that_is_no_e_invoice_is_refused_as_such(cli: CliRunner, tmp_path: Path) -> None:
    camt = tmp_path / "statement.xml"
    camt.write_text('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>')
    line = _one_line_naming(run(cli, "import", "invoices", str(camt)), "statement.xml")
    assert "not a UBL 2.1 Invoice or CreditNote" in line


def test_a_csv_file_over_the_import_limit_is_refused_unread(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(cli, "company", "add", "ACME", "--name", "Acme B.V.")
    (tmp_path / "c.csv").write_text("klantnummer;naam\n1001;Bakkerij\n")
    ok(cli, "import", "customers", str(tmp_path / "c.csv"))
    big = tmp_path / "big.csv"
    big.write_text(INVOICES)
    monkeypatch.setenv("TIJDIG_MAX_IMPORT_BYTES", "40")
    line = _one_line_naming(run(cli, "import", "invoices", str(big)), "big.csv")
    assert "larger than 40 bytes" in line
    customers = tmp_path / "more.csv"
    customers.write_text("klantnummer;naam;land\n1002;Slagerij de Boer B.V.;NL\n")
    line = _one_line_naming(run(cli, "import", "customers", str(customers)), "more.csv")
    assert "larger than 40 bytes" in line
    monkeypatch.delenv("TIJDIG_MAX_IMPORT_BYTES")
    assert booked(cli) == {}
    # Nothing of either file was booked or recorded as imported: now both book in full.
    assert "customers: 1 added" in ok(cli, "import", "customers", str(customers))
    assert "invoices: 1 added" in ok(cli, "import", "invoices", str(big))


def test_the_rule_that_gave_a_due_date_is_printed(cli: CliRunner, corpus: Path) -> None:
    path = corpus / "ubl" / "cen_ubl-tc434-example7.xml"
    out = " ".join(ok(cli, "import", "invoices", str(path)).split())
    assert out.startswith(f"info: {path}, field cac:PaymentTerms/cbc:Note: due date 2013-04-10 ")
    assert "from the payment terms 'Payment within 30 days'" in out
    assert "0 warning(s)" in out
