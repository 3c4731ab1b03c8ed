"""`make demo` as a newcomer runs it: demo-data with ten bank days, the bank files
imported, today's run. The bank review holds a handful of real cases and the run a mix
of work, on several days (a month's last business day, a December day, 29 Feb 2028)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tijdig.adapters.db.engine import make_engine
from tijdig.entrypoints.cli.app import app

DAYS = ("2026-11-27", "2026-12-16", "2028-02-29")


@pytest.mark.parametrize("as_of", DAYS)
def test_make_demo_leaves_real_work(
    as_of: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "demo.db"
    monkeypatch.setenv("TIJDIG_DATABASE_URL", f"sqlite:///{database}")
    runner, folder = CliRunner(), tmp_path / "bank"
    made = runner.invoke(app, ["demo-data", "--reset", "--bank-days", "10", "--as-of", as_of,
                               "--bank-dir", str(folder)])  # fmt: skip
    assert made.exit_code == 0, made.output
    files = [str(p) for p in sorted(folder.glob("*.xml"))]
    imported = runner.invoke(app, ["import", "bank", *files])
    assert imported.exit_code == 0, imported.output
    ran = runner.invoke(app, ["run", "--as-of", as_of])
    assert ran.exit_code == 0, ran.output
    with make_engine(f"sqlite:///{database}").connect() as connection:
        review = connection.execute(
            text("SELECT count(*) FROM bank_transactions WHERE status = 'review'")
        ).scalar_one()
        items = connection.execute(text(
            "SELECT kind, step_key, payload FROM run_items "
            "WHERE run_id = (SELECT max(id) FROM runs)"
        )).all()  # fmt: skip
        plans = connection.execute(
            text("SELECT count(*) FROM payment_plans WHERE status = 'in_force'")
        ).scalar_one()
    assert 1 <= plans <= 20  # a few customers pay by a plan (test_demo_history.py)
    assert 3 <= review <= 8
    steps = Counter(step for kind, step, _ in items if kind == "message")
    holds = Counter(payload.split('"code": "')[1].split('"')[0]
                    for kind, _, payload in items if kind == "hold")  # fmt: skip
    assert "friendly" in steps and len(steps) >= 3, steps
    assert steps["hand_over"] <= sum(steps.values()) / 2, steps
    assert any(kind == "call" for kind, _, _ in items)
    assert len(holds) >= 3 and max(holds.values()) <= sum(holds.values()) / 2, holds
