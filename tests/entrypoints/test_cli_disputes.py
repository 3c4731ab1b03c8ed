"""Disputes and internal notes end to end through the CLI on the real database (S3-2):
a dispute holds its invoice, and only that one, until its outcome, and each outcome
has its effect (a credit note lowers what is open, a corrected invoice replaces the
original, a rejection's explanation goes over real SMTP, a plan is linked); an internal
note holds the customer or one invoice, and releases it once closed or past its end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tests.conftest import FrozenClock
from tests.services.direct_debit.sepa_data import body
from tijdig.entrypoints.cli.app import app

from .disputes_world import CREDIT_NOTES, einvoice
from .test_cli import _loaded, _ok

# Wednesdays (contact days), all before today (Monday 11 January 2027)
BEFORE, AFTER = "2026-11-25", "2026-12-02"


@pytest.fixture
def smtp() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def cli(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    smtp: tuple[RecordingHandler, int],
    frozen_clock: FrozenClock,
    tmp_path: Path,
) -> CliRunner:
    """Acme with its customers, invoices, e-invoice 2026050 (two lines) and user anna."""
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.setenv("TIJDIG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TIJDIG_SMTP_PORT", str(smtp[1]))
    monkeypatch.setenv("TIJDIG_MAIL_FROM", "debiteuren@acme.example")
    frozen_clock.set(datetime(2027, 1, 11, 10, 0))
    runner = CliRunner()
    _loaded(runner, tmp_path)
    _ok(runner, "import", "invoices", str(einvoice(tmp_path)))
    _ok(runner, "user", "add", "anna", "--company", "ACME", "--password", "Sterk-wachtwoord-42")
    return runner


def _fails(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(app, list(args))
    assert result.exit_code == 1, result.output
    return " ".join(result.output.split())


def _run(cli: CliRunner, day: str) -> tuple[dict[str, list[str]], list[str]]:
    """The run of `day`: the invoices proposed per customer, and the holds' texts."""
    items = json.loads(_ok(cli, "run", "--as-of", day, "--json"))["items"]
    proposed = {i["customer"]: [line["invoice"] for line in i["detail"]["lines"]]
                for i in items if i["kind"] == "message"}  # fmt: skip
    return proposed, [i["summary"] for i in items if i["kind"] == "hold"]


def _invoices(cli: CliRunner) -> dict[str, dict[str, Any]]:
    return {i["number"]: i for i in json.loads(_ok(cli, "invoices", "--json"))}


def _dispute(cli: CliRunner, *extra: str) -> None:
    _ok(cli, "dispute", "add", "2026050", "--reason", "dissatisfied", "--as-of", "2026-11-23",
        *extra)  # fmt: skip


def test_a_dispute_holds_its_invoice_only_until_a_credit_note_lowers_what_is_open(
    cli: CliRunner,
) -> None:
    out = _ok(cli, "dispute", "add", "2026050", "--reason", "dissatisfied", "--department",
              "sales", "--owner", "anna", "--deadline", "2026-12-14", "--line", "2",
              "--as-of", "2026-11-23")  # fmt: skip
    assert "Lines 2: EUR 200.00 disputed." in out and "Task for anna: decide by 2026-12-14" in out
    shown = json.loads(_ok(cli, "dispute", "show", "2026050", "--json"))
    assert shown["lines"] == [{"line": 2, "name": "Installatie", "amount": "200.00"}]
    assert (shown["department"], shown["owner"], shown["disputed_amount"]) == (
        "sales", "anna", "200.00")  # fmt: skip
    [task] = json.loads(_ok(cli, "agenda", "--as-of", "2026-12-14", "--json"))
    assert task["title"] == "Dispute on invoice 2026050 (Sales): decide by today"

    proposed, holds = _run(cli, BEFORE)
    assert "2026050" not in proposed["1001"] and "2026001" in proposed["1001"]
    assert any(h.startswith("2026050: disputed since 2026-11-23") for h in holds), holds

    out = _ok(cli, "dispute", "outcome", "2026050", "--kind", "credit_note", "--amount", "200",
              "--as-of", "2026-11-26")  # fmt: skip
    assert "Credit note 2026050-C1 is set off against it." in out
    invoices = _invoices(cli)
    assert invoices["2026050"]["open"] == "1010.00"
    assert (invoices["2026050-C1"]["kind"], invoices["2026050-C1"]["open"]) == (
        "credit_note", "0.00")  # fmt: skip
    proposed, _ = _run(cli, AFTER)
    assert "2026050" in proposed["1001"]  # collection resumes
    assert json.loads(_ok(cli, "agenda", "--as-of", "2026-12-14", "--json")) == []  # done
    assert "Dispute on invoice 2026050 closed: credit note" in _ok(cli, "log", "show", "1001")
    closed = json.loads(_ok(cli, "dispute", "show", "2026050", "--id", "1", "--json"))
    assert (closed["outcome"], closed["resolved_on"], closed["credit_note"]) == (
        "credit_note", "2026-11-26", "2026050-C1")  # fmt: skip
    assert "invoice 2026050 has no open dispute" in _fails(
        cli, "dispute", "outcome", "2026050", "--kind", "rejected", "--explanation", "x"
    )


def test_an_imported_credit_note_is_linked_by_its_number(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "cn.csv").write_text(CREDIT_NOTES)
    _ok(cli, "import", "invoices", str(tmp_path / "cn.csv"))
    _dispute(cli)
    assert "no credit note CN-9" in _fails(
        cli, "dispute", "outcome", "2026050", "--kind", "credit_note", "--number", "CN-9"
    )
    assert "needs the number of an imported credit note, or an amount" in _fails(
        cli, "dispute", "outcome", "2026050", "--kind", "credit_note"
    )
    _ok(cli, "dispute", "outcome", "2026050", "--kind", "credit_note", "--number", "CN-7",
        "--as-of", "2026-11-26")  # fmt: skip
    invoices = _invoices(cli)
    assert (invoices["2026050"]["open"], invoices["CN-7"]["open"]) == ("1060.00", "0.00")


def test_a_corrected_invoice_replaces_the_original(cli: CliRunner) -> None:
    _dispute(cli, "--department", "finance", "--line", "1", "--line", "2")
    assert "must be another invoice than 2026050" in _fails(
        cli, "dispute", "outcome", "2026050", "--kind", "corrected_invoice", "--number", "2026050"
    )
    out = _ok(cli, "dispute", "outcome", "2026050", "--kind", "corrected_invoice",
              "--number", "2026060", "--amount", "1.089,00", "--due", "2026-12-01",
              "--as-of", "2026-11-24")  # fmt: skip
    assert "Invoice 2026060 replaces it." in out
    invoices = _invoices(cli)
    assert invoices["2026050"]["open"] == "0.00"  # credited in full
    assert (invoices["2026060"]["open"], invoices["2026060"]["due_date"]) == (
        "1089.00", "2026-12-01")  # fmt: skip
    proposed, _ = _run(cli, BEFORE)
    assert "2026060" not in proposed["1001"]  # not yet due: its own due date counts
    proposed, _ = _run(cli, "2026-12-16")
    assert "2026060" in proposed["1001"] and "2026050" not in proposed["1001"]


def test_a_rejection_sends_the_explanation_over_smtp_and_collection_resumes(
    cli: CliRunner, smtp: tuple[RecordingHandler, int]
) -> None:
    _dispute(cli)
    assert "needs an explanation for the customer" in _fails(
        cli, "dispute", "outcome", "2026050", "--kind", "rejected"
    )
    explanation = "Onze monteur heeft de oven op 20 november nagekeken: hij werkt naar behoren."
    out = _ok(cli, "dispute", "outcome", "2026050", "--kind", "rejected", "--explanation",
              explanation, "--as-of", "2026-11-24")  # fmt: skip
    assert "The explanation is queued" in out
    assert "Sent: 1;" in _ok(cli, "send")
    assert "Sent: 0;" in _ok(cli, "send")
    [mail] = smtp[0].accepted
    assert str(mail["To"]) == "info@goudenkorst.nl"
    assert str(mail["Subject"]) == "Uw bezwaar tegen factuur 2026050"
    text = " ".join(body(mail).split())
    assert explanation in text and "Op 23 november 2026 maakte u bezwaar" in text
    proposed, _ = _run(cli, BEFORE)
    assert "2026050" in proposed["1001"]


def test_a_plan_resolves_a_dispute_only_when_it_covers_the_invoice(
    cli: CliRunner, tmp_path: Path
) -> None:
    _dispute(cli)
    signed = tmp_path / "getekend.pdf"
    signed.write_bytes(b"%PDF-1.7 akkoord")
    for invoices in ("2026001", "2026050"):
        _ok(cli, "plan", "offer", "1001", "--invoices", invoices, "--instalments", "2",
            "--first", "2027-02-05")  # fmt: skip
    _ok(cli, "plan", "accept", "1", "--file", str(signed))
    _ok(cli, "plan", "accept", "2", "--file", str(signed))
    assert "does not cover invoice 2026050" in _fails(
        cli, "dispute", "outcome", "2026050", "--kind", "plan", "--plan", "1"
    )
    _ok(cli, "dispute", "outcome", "2026050", "--kind", "plan", "--plan", "2")
    shown = json.loads(_ok(cli, "dispute", "show", "2026050", "--id", "1", "--json"))
    assert (shown["outcome"], shown["plan_id"]) == ("plan", 2)


def test_a_customer_note_holds_the_customer_until_closed(cli: CliRunner) -> None:
    out = _ok(cli, "note", "add", "1001", "--department", "delivery", "--kind",
              "pending_delivery", "--text", "Tweede oven nog niet geleverd", "--as-of",
              "2026-11-23")  # fmt: skip
    assert "Note 1: delivery pending_delivery; customer 1001 is held until it is closed." in out
    proposed, holds = _run(cli, BEFORE)
    assert "1001" not in proposed and "2001" in proposed
    assert "Delivery: delivery pending since 2026-11-23: customer held." in holds
    [listed] = json.loads(_ok(cli, "note", "list", "--as-of", BEFORE, "--json"))
    assert (listed["id"], listed["invoice"], listed["closed_on"]) == (1, None, None)
    assert "Note 1 is closed as of 2026-11-30." in _ok(cli, "note", "close", "1", "--as-of",
                                                        "2026-11-30")  # fmt: skip
    assert "was closed on 2026-11-30" in _fails(cli, "note", "close", "1")
    proposed, _ = _run(cli, AFTER)
    assert "2026001" in proposed["1001"]
    assert json.loads(_ok(cli, "note", "list", "--as-of", AFTER, "--json")) == []
    assert len(json.loads(_ok(cli, "note", "list", "--all", "--json"))) == 1


def test_an_invoice_note_holds_that_invoice_through_its_end_date(cli: CliRunner) -> None:
    out = _ok(cli, "note", "add", "1001", "--invoice", "2026001", "--department", "sales",
              "--kind", "extra_work", "--text", "Meerwerk nog te factureren", "--until",
              "2026-11-25", "--as-of", "2026-11-18")  # fmt: skip
    assert "invoice 2026001 is held until 2026-11-25" in out
    proposed, holds = _run(cli, BEFORE)  # its last day: held
    assert "2026001" not in proposed["1001"] and "2026050" in proposed["1001"]
    assert "2026001: Sales: extra work since 2026-11-18: held." in holds
    proposed, _ = _run(cli, "2026-11-26")  # the day after: released
    assert "2026001" in proposed["1001"]
    assert "belongs to customer 2001" in _fails(
        cli, "note", "add", "1001", "--invoice", "2026003", "--department", "sales", "--kind",
        "complaint", "--text", "x")  # fmt: skip
    assert "one of complaint, pending_delivery, extra_work" in _fails(
        cli, "note", "add", "1001", "--department", "sales", "--kind", "ruzie", "--text", "x"
    )
