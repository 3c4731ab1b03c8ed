"""`tijdig schedule` shows each company's schedule and next run (read only); `tijdig
schedule set` changes it (refused days and times change nothing); the edge's tick
(what `tijdig worker` and `tijdig serve`'s runner do every minute) queues one run."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from tests.conftest import FrozenClock
from tijdig.bootstrap import bootstrap
from tijdig.config import Settings
from tijdig.entrypoints.background import schedule_tick
from tijdig.entrypoints.cli.app import app as cli_app

from .test_cli import _ok


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    runner = CliRunner()
    _ok(runner, "company", "add", "ACME", "--name", "Acme B.V.", "--kvk", "12345678")
    return runner


def _shown(cli: CliRunner) -> dict[str, object]:
    (only,) = json.loads(_ok(cli, "schedule", "--json"))
    assert isinstance(only, dict)
    return only


def test_schedule_shows_and_sets(cli: CliRunner, frozen_clock: FrozenClock) -> None:
    frozen_clock.set(datetime(2026, 12, 7, 9, 0))  # a Monday
    shown = _shown(cli)
    assert (shown["run_time"], shown["run_days"]) == ("07:30", "tue,wed,thu,fri")
    assert shown["next_run"] == "2026-12-08T07:30:00+01:00"
    assert "ACME" in _ok(cli, "schedule")
    assert "mon,sat" in _ok(cli, "schedule", "set", "--time", "06:45", "--days", "sat,mon")
    shown = _shown(cli)
    assert (shown["run_time"], shown["run_days"]) == ("06:45", "mon,sat")
    # Monday's time has passed without its run: it is due now (the next tick queues it).
    assert shown["next_run"] == "2026-12-07T09:00:00+01:00"
    _ok(cli, "schedule", "set", "--days", "sat")
    assert _shown(cli)["next_run"] == "2026-12-12T06:45:00+01:00"


def test_refused_values_change_nothing(cli: CliRunner, frozen_clock: FrozenClock) -> None:
    frozen_clock.set(datetime(2026, 12, 7, 9, 0))
    for args in (["--days", "sun"], ["--time", "7.30"], ["--days", "tue,funday"]):
        result = cli.invoke(cli_app, ["schedule", "set", *args])
        assert result.exit_code == 1, result.output
    assert _shown(cli)["run_days"] == "tue,wed,thu,fri"


def test_the_edges_tick_queues_one_run(
    cli: CliRunner, frozen_clock: FrozenClock, database_url: str
) -> None:
    app = bootstrap(Settings(database_url=database_url))
    try:
        frozen_clock.set(datetime(2026, 12, 8, 7, 29))  # Tuesday, before the time
        assert schedule_tick(app) == 0
        frozen_clock.set(datetime(2026, 12, 8, 7, 30))
        assert schedule_tick(app) == 1
        assert schedule_tick(app) == 0
        assert _shown(cli)["today_job"] is not None
        (job,) = json.loads(_ok(cli, "jobs", "--json"))
        assert (job["kind"], job["queued_by"], job["arguments"]["as_of"]) == (
            "run", "scheduler", "2026-12-08")  # fmt: skip
    finally:
        app.close()


def test_a_worker_that_schedules_does_the_run_it_queued(
    cli: CliRunner, frozen_clock: FrozenClock, database_url: str
) -> None:
    from tijdig.entrypoints.background import run_waiting

    app = bootstrap(Settings(database_url=database_url))
    try:
        frozen_clock.set(datetime(2026, 12, 10, 7, 45))  # Thursday, after the time
        assert run_waiting(app, until_empty=True) == 0  # draining alone schedules nothing
        assert run_waiting(app, until_empty=True, schedule=True) == 1
        # the run done, the day's risk scores and forecast follow it
        assert run_waiting(app, until_empty=True, schedule=True) == 2
        assert run_waiting(app, until_empty=True, schedule=True) == 0  # once a day
        jobs = {job["kind"]: job for job in json.loads(_ok(cli, "jobs", "--json"))}
        assert sorted(jobs) == ["forecast", "risk", "run"]
        assert all(job["state"] == "done" for job in jobs.values()), jobs
        assert jobs["run"]["result"]["as_of"] == "2026-12-10"
    finally:
        app.close()
