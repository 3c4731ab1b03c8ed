"""Disputes, promises, the contact log, the agenda and tasks through the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner

from tests.snapshot import Tables, changed
from tijdig import clock
from tijdig.bootstrap import bootstrap
from tijdig.clock import BUSINESS_TIMEZONE
from tijdig.config import Settings
from tijdig.entrypoints.cli.app import app
from tijdig.entrypoints.cli.console import console

from .test_cli import _loaded, _ok


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


def _fails(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(app, list(args))
    assert result.exit_code == 1, result.output
    assert result.output.count("\n") == 1, result.output
    return result.output


def test_a_dispute_is_added_and_resolved(cli: CliRunner, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    out = _ok(cli, "dispute", "add", "2026001", "--reason", "dissatisfied", "--note", "oven")
    assert "2026001 is disputed" in out
    assert "disputed already" in _fails(cli, "dispute", "add", "2026001", "--reason", "other")
    assert "resolved" in _ok(cli, "dispute", "resolve", "2026001")
    assert "no open dispute" in _fails(cli, "dispute", "resolve", "2026001")


def test_an_unknown_reason_code_is_one_line_listing_the_codes(
    cli: CliRunner, tmp_path: Path
) -> None:
    _loaded(cli, tmp_path)
    out = _fails(cli, "dispute", "add", "2026001", "--reason", "boos")
    assert "invoice_incorrect" in out and "wants_other_date" in out
    assert "no invoice" in _fails(cli, "dispute", "add", "X1", "--reason", "other")


def test_a_call_with_a_promise_shows_in_the_timeline_and_the_broken_promise_on_the_agenda(
    cli: CliRunner, tmp_path: Path
) -> None:
    _loaded(cli, tmp_path)
    made = "2026-11-23"
    out = _ok(
        cli, "log", "add", "1001", "--kind", "call", "--summary", "Called about 2026001",
        "--with", "Anna", "--outcome", "pays Friday", "--reason", "cash_flow",
        "--promise", "2026-11-27", "--amount", "1.210,00", "--as-of", made,
    )  # fmt: skip
    assert "Promise to pay by 2026-11-27 recorded" in out
    shown = _ok(cli, "log", "show", "1001", "--as-of", made)
    assert "Called about 2026001" in shown and "1210.00 by 2026-11-27" in shown
    assert json.loads(_ok(cli, "agenda", "--as-of", "2026-11-27", "--json")) == []
    [lapsed] = json.loads(_ok(cli, "agenda", "--as-of", "2026-11-30", "--json"))
    assert lapsed["kind"] == "lapsed_promise" and lapsed["id"] is None  # not judged yet
    assert lapsed["promised_date"] == "2026-11-27" and lapsed["due_on"] == "2026-11-30"
    assert "1 follow-up(s) raised" in _ok(cli, "run", "--as-of", "2026-11-30")
    [task] = json.loads(_ok(cli, "agenda", "--as-of", "2026-11-30", "--json"))
    assert task["kind"] == "follow_up" and task["due_on"] == "2026-11-30"
    assert "not kept" in task["title"] and "Klopt de factuur" in task["script"]
    assert len(json.loads(_ok(cli, "agenda", "--as-of", "2026-12-01", "--json"))) == 1
    table = _ok(cli, "agenda", "--as-of", "2026-12-01", "--scripts")
    assert "follow_up" in table and "Klopt de factuur" in table
    done = _ok(cli, "task", "done", str(task["id"]), "--outcome", "paid tomorrow",
               "--promise", "2026-12-02", "--as-of", "2026-12-01")  # fmt: skip
    assert "Task" in done and "2026-12-02" in done
    assert json.loads(_ok(cli, "agenda", "--as-of", "2026-12-01", "--json")) == []
    assert "not kept" in _ok(cli, "log", "show", "1001", "--as-of", "2026-12-01")


def test_a_call_not_answered_moves_the_task_to_the_day_to_call_back(
    cli: CliRunner, tmp_path: Path
) -> None:
    """The same service as the agenda page's "not reached" (test_agenda_day.py)."""
    _loaded(cli, tmp_path)
    _ok(cli, "promise", "add", "1001", "--date", "2026-11-27", "--as-of", "2026-11-23")
    _ok(cli, "run", "--as-of", "2026-11-30")  # the promise not kept: a follow-up
    [task] = json.loads(_ok(cli, "agenda", "--as-of", "2026-11-30", "--json"))
    moved = _ok(cli, "task", "call-back", str(task["id"]), "--on", "2026-12-31",
                "--note", "voicemail", "--as-of", "2026-11-30")  # fmt: skip
    assert "call back on 2026-12-31" in moved
    assert json.loads(_ok(cli, "agenda", "--as-of", "2026-12-30", "--json")) == []
    [again] = json.loads(_ok(cli, "agenda", "--as-of", "2026-12-31", "--json"))
    assert again["id"] == task["id"] and again["due_on"] == "2026-12-31"
    assert "Not reached" in _ok(cli, "log", "show", "1001", "--as-of", "2026-12-31")
    refused = _fails(cli, "task", "call-back", str(task["id"]), "--on", "2026-11-30",
                     "--as-of", "2026-11-30")  # fmt: skip
    assert "before 2026-12-01" in refused


def test_a_promise_is_added_for_a_future_date(cli: CliRunner, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    soon = (date.today() + timedelta(days=7)).isoformat()
    assert "promises to pay everything overdue" in _ok(
        cli, "promise", "add", "2001", "--date", soon
    )
    assert "lies before" in _fails(cli, "promise", "add", "2001", "--date", "2020-01-01")
    assert "no customer" in _fails(cli, "promise", "add", "9999", "--date", soon)


def test_log_refuses_an_unknown_kind_and_a_dispute_without_reason(
    cli: CliRunner, tmp_path: Path
) -> None:
    _loaded(cli, tmp_path)
    assert "personal_email" in _fails(cli, "log", "add", "1001", "--kind", "fax", "--summary", "x")
    out = _fails(
        cli, "log", "add", "1001", "--kind", "note", "--summary", "x", "--dispute", "2026001"
    )
    assert "reason" in out
    assert "No contacts" in _ok(cli, "log", "show", "1001")


def test_changes_made_on_the_command_line_are_in_the_audit_log(
    cli: CliRunner, tmp_path: Path, database_url: str
) -> None:
    _loaded(cli, tmp_path)
    _ok(cli, "promise", "add", "1001", "--date", "2026-12-01", "--as-of", "2026-11-02")
    _ok(cli, "dispute", "add", "2026001", "--reason", "dissatisfied", "--as-of", "2026-11-02")
    installation = bootstrap(Settings(database_url=database_url))
    with installation.uow() as uow:
        company = uow.companies.find("ACME")
        assert company is not None and company.id is not None
        customer = uow.customers.get(company.id, "1001")
        assert customer is not None and customer.id is not None
        entries = uow.audit.for_customer(company.id, customer.id)
    installation.close()
    # newest first: the changes, then the imports that brought the customer and invoices
    assert [e.action for e in entries] == [
        "dispute.open", "promise.add", "invoices.import", "customers.import"
    ]  # fmt: skip
    assert all(e.actor.startswith("cli:") for e in entries)
    assert entries[0].subject == "invoice 2026001"


@pytest.fixture
def tables(database_url: str) -> Iterator[Tables]:
    """The test database's tables, read apart from the commands' own connections."""
    engine = create_engine(Settings(database_url=database_url).database_url)
    yield Tables(engine)
    engine.dispose()


def _on(monkeypatch: pytest.MonkeyPatch, today: date) -> None:
    """The edge's clock on `today` (morning, Amsterdam), for every command."""
    moment = datetime.combine(today, time(9, 30), BUSINESS_TIMEZONE).astimezone(UTC)
    monkeypatch.setattr(clock, "now", lambda: moment)
    monkeypatch.setattr(clock, "today", lambda: today)


# Days of the week, a month's end, a year's turn: the rule must not depend on one date.
TODAYS = [date(2026, 12, 7), date(2026, 12, 31), date(2027, 1, 4), date(2027, 3, 1)]


@pytest.mark.parametrize("today", TODAYS)
def test_tijdig_agenda_shows_a_lapsed_promise_and_writes_nothing(
    cli: CliRunner, tmp_path: Path, tables: Tables, monkeypatch: pytest.MonkeyPatch, today: date
) -> None:
    _on(monkeypatch, today)
    monkeypatch.setattr(console, "width", 200)  # the table's text unwrapped, as in a pipe
    _loaded(cli, tmp_path)
    promised = today - timedelta(days=3)
    made = (promised - timedelta(days=4)).isoformat()
    _ok(cli, "promise", "add", "1001", "--date", promised.isoformat(), "--as-of", made)
    before = tables.snapshot()
    for as_of in (None, today + timedelta(days=1), date(2099, 12, 31)):
        day = [] if as_of is None else ["--as-of", as_of.isoformat()]
        [lapsed] = json.loads(_ok(cli, "agenda", "--json", *day))
        assert lapsed["kind"] == "lapsed_promise" and lapsed["promised_date"] == str(promised)
        assert "not yet judged" in _ok(cli, "agenda", "--scripts", *day)
    assert changed(before, tables.snapshot()) == []


@pytest.mark.parametrize("today", TODAYS)
def test_tijdig_run_judges_the_promises_dated_before_its_day_and_never_ahead_of_today(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: date
) -> None:
    _on(monkeypatch, today)
    _loaded(cli, tmp_path)
    made = today - timedelta(days=10)
    for customer, promised in (("1001", today - timedelta(days=1)), ("2001", today)):
        _ok(cli, "promise", "add", customer, "--date", str(promised), "--as-of", str(made))
    ahead = _ok(cli, "run", "--as-of", str(today + timedelta(days=2)))
    assert "not judged" in ahead and "after today" in ahead
    assert _follow_ups(cli, date(2099, 12, 31)) == []  # the future run judged nothing
    assert "1 follow-up(s) raised" in _ok(cli, "run", "--as-of", str(today))
    [follow_up] = _follow_ups(cli, date(2099, 12, 31))
    assert follow_up["customer"] == "1001"  # today's own promise is not yet broken
    assert "0 follow-up(s) raised" in _ok(cli, "run")  # judged once
    past = _ok(cli, "run", "--as-of", str(today - timedelta(days=5)))
    assert "0 follow-up(s) raised" in past


def _follow_ups(cli: CliRunner, as_of: date) -> list[dict[str, object]]:
    items = json.loads(_ok(cli, "agenda", "--json", "--as-of", str(as_of)))
    return [i for i in items if i["kind"] == "follow_up"]
