"""`tijdig sepa` end to end: mandates, announcing a collection, its pre-notification sent
by `tijdig send` over real SMTP, the pain.008 export, and refused dates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import typer
from lxml import etree
from typer.testing import CliRunner

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tests.conftest import FrozenClock
from tests.services.direct_debit.sepa_data import body
from tijdig import clock
from tijdig.domain.debit_collections import earliest_notified_date
from tijdig.domain.mandates import is_target2_day
from tijdig.entrypoints.cli.app import TijdigGroup, app
from tijdig.entrypoints.cli.sepa import sepa_app

CUSTOMERS = """klantnummer;naam;soort;land;e-mail
1001;Bakkerij De Gouden Korst B.V.;zakelijk;NL;ap@goudenkorst.nl
2001;Peeters BV;zakelijk;BE;boekhouding@peeters.be
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
def smtp() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def cli(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    smtp: tuple[RecordingHandler, int],
) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.setenv("TIJDIG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TIJDIG_SMTP_PORT", str(smtp[1]))
    runner = CliRunner()
    (tmp_path / "c.csv").write_text(CUSTOMERS)
    (tmp_path / "i.csv").write_text(INVOICES)
    for args in (
        [
            "company",
            "add",
            "ACME",
            "--name",
            "Acme B.V.",
            "--iban",
            "NL91ABNA0417164300",
            "--email",
            "debiteuren@acme.nl",
        ],
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


def _said(cli: CliRunner, *args: str) -> str:
    """What a command printed, as words (Rich wraps at the terminal's width)."""
    return " ".join(_sepa(cli, *args).split())


def _add_mandate(cli: CliRunner) -> str:
    return _said(
        cli, "mandate", "add", "1001", "--reference", "MND-1001", "--signed", "02-01-2026",
        "--scheme", "core", "--iban", "NL69 INGB 0123 4567 89",
    )  # fmt: skip


def test_a_mandate_is_added_set_and_listed(cli: CliRunner) -> None:
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
        "one_off": False,
        "final": False,
        "pre_notification_days": 14,
        "completed_on": None,
    }
    assert "MND-1001" in _sepa(cli, "mandate", "list")
    printed = _said(cli, "mandate", "set", "MND-1001", "--last", "--pre-notification-days", "5")
    assert "(the last); pre-notification 5 calendar days ahead" in printed
    [mandate] = json.loads(_sepa(cli, "mandate", "list", "--json"))
    assert (mandate["final"], mandate["pre_notification_days"]) == (True, 5)


def _previous_target2_day(day: date) -> str:
    before = day - timedelta(days=1)
    while not is_target2_day(before):
        before -= timedelta(days=1)
    return str(before)


def test_a_collection_is_announced_sent_and_exported_as_pain008(
    cli: CliRunner, smtp: tuple[RecordingHandler, int], tmp_path: Path, frozen_clock: FrozenClock
) -> None:
    """A real mail server sends as of now: the clock is Tuesday 8 December 2026, 10:00."""
    frozen_clock.set(datetime(2026, 12, 8, 10, 0))
    _add_mandate(cli)
    on = earliest_notified_date(clock.today(), 14)
    printed = _said(cli, "notify", "--date", str(on), "--creditor-id", CREDITOR_ID)
    assert f"Announced 1 collection(s), EUR 1,310.00, on {on}" in printed
    assert "MND-1001 customer 1001: EUR 1,310.00 for 2026001, 2026002" in printed
    sent = cli.invoke(app, ["send"])
    assert sent.exit_code == 0, sent.output
    [mail] = smtp[0].accepted
    assert str(mail["To"]) == "ap@goudenkorst.nl"
    text = body(mail)
    assert "MND-1001" in text and CREDITOR_ID in text and "€ 1.310,00" in text
    [listed] = json.loads(_sepa(cli, "collections", "--json"))
    assert (listed["status"], listed["notice"], listed["amount"]) == ("planned", "sent", "1310.00")
    out = tmp_path / "dd.xml"
    printed = _said(
        cli, "export", "--date", str(on), "--as-of", _previous_target2_day(on),
        "--creditor-id", CREDITOR_ID, "--out", str(out),
    )  # fmt: skip
    assert f"Wrote 1 debit(s), EUR 1,310.00, due {on} (CORE)" in printed
    assert "FRST: 1 debit(s), EUR 1,310.00" in printed
    root_element = etree.fromstring(out.read_bytes())
    assert len(root_element.xpath("//*[local-name()='EndToEndId']/text()")) == 1
    assert root_element.xpath("//*[local-name()='Ustrd']/text()") == ["2026001 2026002"]
    [mandate] = json.loads(_sepa(cli, "mandate", "list", "--json"))
    assert mandate["sequence"] == "RCUR" and mandate["first_collected_on"] == str(on)


def test_a_date_within_the_notice_period_is_named_and_nothing_is_collected(
    cli: CliRunner, tmp_path: Path
) -> None:
    _add_mandate(cli)
    printed = _said(cli, "notify", "--date", "2026-12-31", "--as-of", "2026-12-18",
                    "--creditor-id", CREDITOR_ID)  # fmt: skip
    assert "Announced 0 collection(s)" in printed
    assert (
        "not announced: mandate MND-1001 of customer 1001: the debtor must be told 14 calendar "
        "days ahead, so the first collection date possible now is 2027-01-04"
    ) in printed
    out = tmp_path / "dd.xml"
    printed = _said(
        cli, "export", "--date", "2026-12-31", "--as-of", "2026-12-30",
        "--creditor-id", CREDITOR_ID, "--out", str(out),
    )  # fmt: skip
    assert "Nothing to collect on 2026-12-31; no file written." in printed
    assert not out.exists()


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
