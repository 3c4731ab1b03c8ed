"""The CLI end to end: companies, imports, overviews, reports and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tijdig.entrypoints.cli.app import app

CUSTOMERS = """klantnummer;naam;soort;land;e-mail
1001;Bakkerij De Gouden Korst B.V.;zakelijk;NL;info@goudenkorst.nl
2001;Peeters BV;zakelijk;BE;boekhouding@peeters.be
"""
INVOICES = """factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl;valuta
2026001;1001;01-09-2026;01-10-2026;1.210,00;EUR
2026002;1001;01-11-2026;01-12-2026;100,00;EUR
2026003;2001;20-06-2026;20-07-2026;99,99;USD
"""
ADD_ACME = [
    "company",
    "add",
    "ACME",
    "--name",
    "Acme B.V.",
    "--kvk",
    "12345678",
    "--vat",
    "NL000099998B57",
    "--iban",
    "NL91ABNA0417164300",
    "--term",
    "30",
]


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


def _ok(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _loaded(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(CUSTOMERS)
    (tmp_path / "i.csv").write_text(INVOICES)
    _ok(cli, *ADD_ACME)
    _ok(cli, "import", "customers", str(tmp_path / "c.csv"))
    _ok(cli, "import", "invoices", str(tmp_path / "i.csv"))


def test_a_company_is_added_and_listed(cli: CliRunner) -> None:
    assert "Added company ACME" in _ok(cli, *ADD_ACME)
    [company] = json.loads(_ok(cli, "company", "list", "--json"))
    assert company["code"] == "ACME" and company["ibans"] == ["NL91ABNA0417164300"]


def test_an_invalid_iban_is_refused_in_one_line(cli: CliRunner) -> None:
    result = cli.invoke(app, ["company", "add", "BAD", "--name", "Bad", "--iban", "NL00XXXX1"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "iban" in result.output
    assert json.loads(_ok(cli, "company", "list", "--json")) == []


def test_invoices_json_lists_what_was_imported(cli: CliRunner, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    rows = json.loads(_ok(cli, "invoices", "--json"))
    assert [r["number"] for r in rows] == ["2026003", "2026001", "2026002"]
    first = rows[1]
    assert first == first | {
        "company": "ACME",
        "customer": "1001",
        "kind": "invoice",
        "currency": "EUR",
        "total": "1210.00",
        "open": "1210.00",
        "issue_date": "2026-09-01",
        "due_date": "2026-10-01",
    }
    assert len(json.loads(_ok(cli, "invoices", "--customer", "2001", "--json"))) == 1


def test_aging_and_overdue_customers(cli: CliRunner, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    report = json.loads(_ok(cli, "report", "aging", "--as-of", "2026-11-23", "--json"))
    eur, usd = report["currencies"]
    assert eur["buckets"]["31-60"] == "1210.00" and eur["buckets"]["not_due"] == "100.00"
    assert usd["buckets"]["90+"] == "99.99"
    overdue = json.loads(_ok(cli, "customers", "--overdue", "--as-of", "2026-11-23", "--json"))
    assert {(c["number"], c["currency"]) for c in overdue} == {("1001", "EUR"), ("2001", "USD")}
    csv_text = _ok(cli, "report", "aging", "--as-of", "2026-11-23", "--csv")
    assert csv_text.splitlines()[0] == "currency,not_due,1-30,31-60,61-90,90+,insolvency,total"


def test_a_customer_in_hardship_moves_to_the_insolvency_line_until_it_ends(
    cli: CliRunner, tmp_path: Path
) -> None:
    _loaded(cli, tmp_path)
    out = _ok(cli, "hardship", "set", "1001", "--kind", "wsnp", "--since", "2026-11-02",
              "--evidence", "Vonnis rechtbank Utrecht", "--as-of", "2026-11-23")  # fmt: skip
    assert "wsnp since 2026-11-02; collection paused" in out
    assert "Register the claim with the WSNP administrator." in out

    def eur(day: str) -> dict[str, object]:
        report = json.loads(_ok(cli, "report", "aging", "--as-of", day, "--json"))
        return dict(report["currencies"][0])

    shown = " ".join(_ok(cli, "customer", "1001", "--as-of", "2026-11-23").split())
    assert "In hardship: wsnp since 2026-11-02; no reminders, costs or interest" in shown
    paused = eur("2026-11-23")
    assert (paused["insolvency"], paused["insolvency_count"]) == ("1310.00", 2)
    assert paused["buckets"]["31-60"] == "0.00" and paused["total"] == "1310.00"
    assert eur("2026-11-01")["insolvency"] == "0.00"  # the day before it began
    _ok(cli, "hardship", "end", "1001", "--on", "2026-11-30", "--as-of", "2026-11-30")
    assert eur("2026-11-30")["insolvency"] == "0.00"
    [status] = json.loads(_ok(cli, "hardship", "show", "1001", "--json", "--as-of", "2026-11-30"))
    assert (status["kind"], status["ended_on"], status["active"]) == ("wsnp", "2026-11-30", False)
    refused = cli.invoke(app, ["hardship", "set", "1001", "--kind", "broke", "--since",
                               "2026-11-02", "--evidence", "x"])  # fmt: skip
    assert refused.exit_code == 1 and "'broke': one of debt_counselling, wsnp" in refused.output


def test_the_customer_file_shows_open_invoices(cli: CliRunner, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    out = _ok(cli, "customer", "1001", "--as-of", "2026-11-23")
    assert "2026001" in out and "2026002" in out and "New customer" in out


def test_a_bad_file_is_refused_with_every_problem(cli: CliRunner, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        INVOICES.replace("2026001;", "2026009;").replace("1.210,00", "veel")
        + "2026010;9999;01-09-2026;;5,00;EUR\n"
    )
    result = cli.invoke(app, ["import", "invoices", str(bad)])
    assert result.exit_code == 1
    assert "line 2, field bedrag_incl" in result.output
    assert "nothing was booked" in result.output
    assert len(json.loads(_ok(cli, "invoices", "--json"))) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["customers"], "no company yet"),
        (["customer", "42"], "no company yet"),
        (["report", "aging", "--company", "NOPE"], "no company NOPE"),
        (["import", "invoices", "/does/not/exist.csv"], "does not exist"),
    ],
)
def test_errors_are_one_clear_line(cli: CliRunner, args: list[str], message: str) -> None:
    result = cli.invoke(app, args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_several_companies_need_a_name(cli: CliRunner) -> None:
    _ok(cli, *ADD_ACME)
    _ok(cli, "company", "add", "BETA", "--name", "Beta BV", "--country", "BE")
    result = cli.invoke(app, ["customers"])
    assert result.exit_code == 1 and "ACME, BETA" in result.output
    _ok(cli, "customers", "--company", "NL000099998B57")


def test_report_dso_leaves_a_customer_in_hardship_apart(cli: CliRunner, tmp_path: Path) -> None:
    """As of 23 November over 90 days (from 26 August): 1310.00 EUR sold, 1310.00 open:
    90.0 days; the USD invoice of June is open, with no USD sales in the period: no DSO."""
    _loaded(cli, tmp_path)

    def dso(*more: str) -> dict[str, dict[str, object]]:
        out = _ok(cli, "report", "dso", "--as-of", "2026-11-23", "--json", *more)
        return {c["currency"]: c for c in json.loads(out)["currencies"]}

    assert dso()["EUR"] == {"currency": "EUR", "dso": "90.0", "receivables": "1310.00",
                            "sales": "1310.00", "insolvency": "0.00"}  # fmt: skip
    assert (dso()["USD"]["dso"], dso()["USD"]["receivables"]) == (None, "99.99")
    _ok(cli, "hardship", "set", "1001", "--kind", "bankruptcy", "--since", "2026-11-02",
        "--evidence", "Vonnis", "--as-of", "2026-11-23")  # fmt: skip
    eur = dso("--days", "120")["EUR"]
    assert (eur["dso"], eur["insolvency"], eur["sales"]) == (None, "1310.00", "0.00")
    assert "DSO (days)" in _ok(cli, "report", "dso", "--as-of", "2026-11-23")
    assert cli.invoke(app, ["report", "dso", "--days", "0"]).exit_code != 0
