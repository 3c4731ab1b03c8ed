"""Payment plans through the CLI: offered, accepted in writing with a file, listed; one
outside the limits waits for approval; refusals are one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from .test_cli import _loaded, _ok
from .test_cli_records import _fails

# `tijdig plan offer` makes the plan on the business day: fixed, so the days hold.
TODAY = "2026-12-07"


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.setenv("TIJDIG_AS_OF", TODAY)
    return CliRunner()


def test_a_plan_is_offered_accepted_with_a_signed_copy_and_listed(
    cli: CliRunner, tmp_path: Path
) -> None:
    _loaded(cli, tmp_path)
    out = _ok(cli, "plan", "offer", "1001", "--invoices", "2026001,2026002", "--instalments",
              "3", "--first", "2027-01-05", "--deposit", "10")  # fmt: skip
    assert "Plan 1 (7900000000000001): EUR 1310.00" in out and "is offered" in out
    assert "433.33" in out and "433.34" in out  # (1310 - 10) / 3, the cent on the last
    assert "in another plan: 2026001" in _fails(
        cli, "plan", "offer", "1001", "--invoices", "2026001", "--instalments", "2",
        "--first", "2027-01-05")  # fmt: skip
    signed = tmp_path / "getekend.pdf"
    signed.write_bytes(b"%PDF-1.7 akkoord")
    assert "is in force from 2026-12-07" in _ok(cli, "plan", "accept", "1", "--file",
                                                str(signed))  # fmt: skip
    [plan] = json.loads(_ok(cli, "plan", "list", "--json"))
    assert (plan["status"], plan["invoices"], plan["total"]) == (
        "in_force", ["2026001", "2026002"], "1310.00")  # fmt: skip
    assert [i["due"] for i in plan["instalments"]] == [
        "2027-01-05", "2027-01-05", "2027-02-05", "2027-03-05"]  # fmt: skip
    assert "0 kept, 0 broken" in _ok(cli, "plan", "judge")  # no bank statement booked
    assert "after today" in _ok(cli, "plan", "judge", "--as-of", "2027-01-08")


def test_a_plan_outside_the_limits_waits_for_approval(cli: CliRunner, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    assert "At most 2 plan instalments" in _ok(cli, "plan", "limits", "--most", "2")
    out = _ok(cli, "plan", "offer", "1001", "--invoices", "2026002", "--instalments", "4",
              "--first", "2027-01-05")  # fmt: skip
    assert "is proposed" in out
    assert "Outside the limits: 4 plan instalments: more than the 2" in out
    signed = tmp_path / "reply.eml"
    signed.write_text("Akkoord")
    assert "cannot become in_force" in _fails(cli, "plan", "accept", "1", "--way", "email",
                                              "--file", str(signed))  # fmt: skip
    assert "is offered" in _ok(cli, "plan", "approve", "1")
    assert "is cancelled" in _ok(cli, "plan", "cancel", "1", "--note", "belt terug")
    assert json.loads(_ok(cli, "plan", "list", "--status", "offered", "--json")) == []
