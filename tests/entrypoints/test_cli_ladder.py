"""Plan B through the CLI: the ladder shown and set, a broken promise's new term proposed
by the run and carried out at approval, and a fallback chosen by a person."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from .test_cli import _loaded, _ok
from .test_cli_records import _fails


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


def test_the_ladder_is_shown_and_set(cli: CliRunner, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    assert "new_term → payment_plan → agency" in _ok(cli, "ladder", "show")
    out = _ok(cli, "ladder", "set", "--rungs", "payment_plan, agency", "--name-agency-after", "1")
    assert "payment_plan → agency" in out and "after 1 broken" in out
    shown = json.loads(_ok(cli, "ladder", "show", "--json"))
    assert shown == {"rungs": ["payment_plan", "agency"], "name_agency_after": 1,
                     "new_term_days": 14}  # fmt: skip
    assert "'lawyer': one of new_term, payment_plan, agency" in _fails(
        cli, "ladder", "set", "--rungs", "lawyer"
    )
    assert "climbs" in _fails(cli, "ladder", "set", "--rungs", "agency,new_term")


def test_a_broken_promise_gets_a_new_term_at_approval(cli: CliRunner, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    _ok(cli, "promise", "add", "1001", "--date", "2026-11-27", "--as-of", "2026-11-23")
    assert "1 plan B" in _ok(cli, "run", "--as-of", "2026-11-30")
    [item] = _fallbacks(cli)
    assert "plan B is a new term" in item["summary"]
    assert "1 item(s) approved" in _ok(cli, "run", "approve", str(item["id"]))
    assert "carried out" in _fails(cli, "ladder", "fallback", "promise", "1", "agency")
    assert "0 plan B" in _ok(cli, "run", "--as-of", "2026-12-01")


def test_a_person_chooses_a_fallback(cli: CliRunner, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    _ok(cli, "promise", "add", "1001", "--date", "2026-11-27", "--as-of", "2026-11-23")
    assert "is now agency" in _ok(cli, "ladder", "fallback", "promise", "1", "agency")
    assert "see --help" in _fails(cli, "ladder", "fallback", "promise", "1", "lawyer")
    _ok(cli, "run", "--as-of", "2026-11-30")
    [item] = _fallbacks(cli)
    assert "plan B is the hand-over" in item["summary"]


def _fallbacks(cli: CliRunner) -> list[dict[str, Any]]:
    """The plan B items of the last run, read from its JSON (the table wraps its cells to
    the terminal's width)."""
    items = json.loads(_ok(cli, "run", "show", "--json"))["items"]
    return [i for i in items if i["kind"] == "fallback"]
