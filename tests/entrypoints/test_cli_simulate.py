"""`tijdig simulate` on small demo data: the table and JSON, the same seed the same
figures, and no payment on or after --from deciding anything (only "real" sees them)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from typer.testing import CliRunner

from tijdig.adapters.db.schema.ledger import AllocationRow
from tijdig.adapters.demo.loader import load_demo
from tijdig.adapters.demo.spec import DemoSpec
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.policy_toml import default_policy_set, dump_policy_set

from .test_cli import _ok

AS_OF = date(2026, 6, 30)
PERIOD = ["--from", "2026-03-02", "--to", "2026-05-31", "--as-of", AS_OF.isoformat(),
          "--company", "DEMO", "--seed", "5"]  # fmt: skip


@pytest.fixture
def cli(app: Tijdig, database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    load_demo(app.engine, DemoSpec(as_of=AS_OF, customers=25, invoices=500, seed=3))
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    return CliRunner()


@pytest.fixture
def policies(tmp_path: Path) -> tuple[Path, Path]:
    default = tmp_path / "default.toml"
    default.write_text(dump_policy_set(default_policy_set()), encoding="utf-8")
    friday = tmp_path / "no_friday.toml"
    friday.write_text(dump_policy_set(default_policy_set()) + '\n[simulation]\nname = '
                      '"no Friday"\nno_contact_days = ["fri"]\n', encoding="utf-8")  # fmt: skip
    return default, friday


def _json(cli: CliRunner, *args: str) -> dict[str, object]:
    return json.loads(_ok(cli, "simulate", "--json", *args, *PERIOD))  # type: ignore[no-any-return]


def test_the_table_shows_real_beside_each_policy(
    cli: CliRunner, policies: tuple[Path, Path]
) -> None:
    default, friday = policies
    shown = _ok(cli, "simulate", "--policy", str(default), "--compare", str(friday),
                "--runs", "3", *PERIOD)  # fmt: skip
    assert "2026-03-02 to 2026-05-31, 3 runs, seed 5" in shown
    for text in ("Cash received (EUR)", "DSO", "E-mails", "Letters", "Calls", "Real",
                 "default: mean", "no Friday: mean", "90 % interval"):  # fmt: skip
        assert text in shown


def test_the_same_seed_gives_the_same_figures_and_friday_is_kept_free(
    cli: CliRunner, policies: tuple[Path, Path]
) -> None:
    default, friday = policies
    first = _json(cli, "--policy", str(default), "--compare", str(friday), "--runs", "2")
    again = _json(cli, "--policy", str(default), "--compare", str(friday), "--runs", "2")
    assert first == again
    measures = [p["measures"] for p in first["policies"]]  # type: ignore[index,union-attr]
    assert measures[0]["email"]["mean"] > 0
    assert first["real"]["cash"] > 0  # type: ignore[index]


def test_no_payment_from_the_first_day_on_decides_anything(
    cli: CliRunner, app: Tijdig, policies: tuple[Path, Path]
) -> None:
    default, _ = policies
    before = _json(cli, "--policy", str(default), "--runs", "2")
    with app.engine.begin() as conn:  # the payments of the period never came
        later = conn.execute(select(AllocationRow.id).where(
            AllocationRow.allocated_on >= date(2026, 3, 2))).scalars().all()  # fmt: skip
        assert later
        conn.execute(delete(AllocationRow).where(AllocationRow.id.in_(later)))
    after = _json(cli, "--policy", str(default), "--runs", "2")
    assert after["policies"] == before["policies"]  # the simulation did not see them
    assert after["real"] != before["real"]  # what really happened did
    assert after["real"]["cash"] == 0  # type: ignore[index]


def test_a_period_that_ends_before_it_begins_is_refused(
    cli: CliRunner, policies: tuple[Path, Path]
) -> None:
    from tijdig.entrypoints.cli.app import app as cli_app

    result = cli.invoke(
        cli_app,
        [
            "simulate",
            "--policy",
            str(policies[0]),
            "--from",
            "2026-05-01",
            "--to",
            "2026-04-01",
            "--company",
            "DEMO",
        ],
    )
    assert result.exit_code != 0
    assert "2026-04-01 is before 2026-05-01" in result.output
