"""Background jobs through the CLI (issue 14): `tijdig run --background` and `tijdig send
--background` queue jobs; `tijdig worker --until-empty` does them (procrastinate's worker
on PostgreSQL, the job records polled on SQLite); `tijdig jobs` shows their state,
progress and result. Sending goes over real SMTP (aiosmtpd on loopback), and counts
are taken at the server. A job done again has its effect once; a failing job keeps its
error. On SQLite the runner `tijdig serve` starts, a child process, does them too."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tests.adapters.mail.server import Hold, RecordingHandler, smtp_server
from tests.conftest import FrozenClock
from tests.snapshot import Tables, changed
from tijdig import clock
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.entrypoints.background import do_job, start_runner
from tijdig.entrypoints.cli.app import app as cli_app

from .test_cli import _ok
from .test_cli_serve import serving

CUSTOMERS = """klantnummer;naam;soort;land;taal;e-mail;adres
K1;Jan Jansen;particulier;NL;nl;jan@jansen.example;Dorpsstraat 5, 3811 BA Amersfoort
K2;Bakkerij De Ster B.V.;zakelijk;NL;nl;ap@dester.example;Markt 1, 3511 AA Utrecht
K3;Garage Noord B.V.;zakelijk;NL;nl;admin@noord.example;Noordweg 3, 9711 AA Groningen
"""
INVOICES = """factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl
R1;K1;16-10-2026;15-11-2026;121,00
R2;K2;02-10-2026;01-11-2026;500,00
R3;K3;29-09-2026;29-10-2026;1.250,00
"""


def _loaded(cli: CliRunner, tmp_path: Path) -> None:
    _ok(cli, "company", "add", "ACME", "--name", "Acme B.V.", "--kvk", "12345678",
        "--iban", "NL91ABNA0417164300", "--email", "debiteuren@acme.example",
        "--address", "Dorpsstraat 1, 3512 AB Utrecht")  # fmt: skip
    (tmp_path / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    (tmp_path / "invoices.csv").write_text(INVOICES, encoding="utf-8")
    _ok(cli, "import", "customers", str(tmp_path / "customers.csv"))
    _ok(cli, "import", "invoices", str(tmp_path / "invoices.csv"))


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
    """Tuesday 8 December 2026, 10:00 in Amsterdam: a contact day, within the sending hours."""
    monkeypatch.setenv("TIJDIG_DATABASE_URL", database_url)
    monkeypatch.setenv("TIJDIG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TIJDIG_SMTP_PORT", str(smtp[1]))
    monkeypatch.setenv("TIJDIG_MAIL_FROM", "debiteuren@acme.example")
    monkeypatch.setenv("TIJDIG_LETTERS_DIR", str(tmp_path / "letters"))
    monkeypatch.setenv("TIJDIG_SMS_LOG", str(tmp_path / "sms.log"))
    frozen_clock.set(datetime(2026, 12, 8, 10, 0))
    return CliRunner()


@pytest.fixture
def installation(cli: CliRunner, database_url: str) -> Iterator[Tijdig]:
    found = bootstrap(Settings(database_url=database_url))
    yield found
    found.close()


def _queued(output: str) -> int:
    found = re.search(r"Job (\d+) queued", output)
    assert found, output
    return int(found.group(1))


def _job(cli: CliRunner, job_id: int) -> dict[str, object]:
    shown: dict[str, object] = json.loads(_ok(cli, "jobs", "show", str(job_id), "--json"))
    return shown


def _count(app: Tijdig, table: str) -> int:
    with app.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _procrastinate(app: Tijdig) -> list[tuple[str, str, object]]:
    with app.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT task_name, status, args FROM procrastinate_jobs ORDER BY id")
        )
        return [(name, str(status), args) for name, status, args in rows]


def _runner_died(app: Tijdig, job_id: int) -> None:
    """The job's runner stopped after the work and before its record said so: running,
    its heartbeat two minutes old."""
    lapsed = datetime.now(UTC) - timedelta(minutes=2)
    with app.engine.begin() as connection:
        connection.execute(
            text("UPDATE background_jobs SET state = 'running', result = NULL, "
                 "finished_at = NULL, heartbeat_at = :lapsed WHERE id = :id"),
            {"lapsed": lapsed, "id": job_id},
        )  # fmt: skip
    if app.queues_on_procrastinate:  # and procrastinate gives the job to a worker again
        with app.engine.begin() as connection:
            connection.execute(text("UPDATE procrastinate_jobs SET status = 'todo'"))


def test_a_run_and_a_send_are_queued_and_done_by_a_worker(
    cli: CliRunner, installation: Tijdig, smtp: tuple[RecordingHandler, int], tmp_path: Path
) -> None:
    _loaded(cli, tmp_path)
    run_job = _queued(_ok(cli, "run", "--background"))
    assert _job(cli, run_job)["state"] == "queued"
    assert _count(installation, "runs") == 0  # nothing done yet
    worked = _ok(cli, "worker", "--until-empty")
    if installation.queues_on_procrastinate:  # procrastinate's worker did it
        assert _procrastinate(installation) == [("tijdig.job", "succeeded", {"job_id": run_job})]
    else:
        assert "1 job(s) done" in worked
    ran = _job(cli, run_job)
    assert ran["state"] == "done", ran
    assert ran["progress"] == {"done": 1, "total": 1}
    result = ran["result"]
    assert isinstance(result, dict) and result["again"] is False and result["proposals"] >= 1
    assert result["as_of"] == "2026-12-08" and _count(installation, "runs") == 1

    _ok(cli, "run", "approve", "--all")
    send_job = _queued(_ok(cli, "send", "--background"))
    assert not smtp[0].accepted  # queued, not sent
    _ok(cli, "worker", "--until-empty")
    sent = _job(cli, send_job)
    assert sent["state"] == "done", sent
    counts = sent["result"]
    assert isinstance(counts, dict)
    assert counts["sent"] == len(smtp[0].accepted) >= 1 and counts["failed"] == 0
    assert sent["progress"] == {"done": counts["sent"], "total": counts["sent"]}
    assert sent["queued_by"] == ran["queued_by"] and str(sent["queued_by"]).startswith("cli")

    listed = json.loads(_ok(cli, "jobs", "--json"))
    assert [(j["id"], j["kind"], j["state"]) for j in listed] == [
        (send_job, "send", "done"), (run_job, "run", "done"),
    ]  # fmt: skip


def test_a_job_done_again_has_its_effect_once(
    cli: CliRunner, installation: Tijdig, smtp: tuple[RecordingHandler, int], tmp_path: Path
) -> None:
    _loaded(cli, tmp_path)
    run_job = _queued(_ok(cli, "run", "--background"))
    _ok(cli, "worker", "--until-empty")
    first = _job(cli, run_job)["result"]
    assert isinstance(first, dict)
    _runner_died(installation, run_job)
    _ok(cli, "worker", "--until-empty")
    again = _job(cli, run_job)
    assert again["state"] == "done" and again["attempts"] == 2
    assert again["result"] == {"run_id": first["run_id"], "as_of": "2026-12-08", "again": True}
    assert _count(installation, "runs") == 1  # the run was made once

    _ok(cli, "run", "approve", "--all")
    send_job = _queued(_ok(cli, "send", "--background"))
    _ok(cli, "worker", "--until-empty")
    once = len(smtp[0].accepted)
    assert once >= 1
    _runner_died(installation, send_job)
    _ok(cli, "worker", "--until-empty")
    resent = _job(cli, send_job)
    assert resent["state"] == "done" and resent["attempts"] == 2
    assert isinstance(resent["result"], dict) and resent["result"]["sent"] == 0
    assert len(smtp[0].accepted) == once  # every message went once
    _ok(cli, "worker", "--until-empty")  # a job done is not done again
    assert _job(cli, send_job)["attempts"] == 2 and len(smtp[0].accepted) == once


def test_a_failing_job_keeps_its_error(
    cli: CliRunner, installation: Tijdig, smtp: tuple[RecordingHandler, int], tmp_path: Path
) -> None:
    """Sending as of another day is a rehearsal, refused with a real mail server."""
    _loaded(cli, tmp_path)
    _ok(cli, "run")
    _ok(cli, "run", "approve", "--all")
    job_id = _queued(_ok(cli, "send", "--as-of", "2026-12-09", "--background"))
    _ok(cli, "worker", "--until-empty")
    failed = _job(cli, job_id)
    assert failed["state"] == "failed" and failed["result"] is None
    error = failed["error"]
    assert isinstance(error, dict) and error["code"] == "not_today"
    assert error["params"] == {"day": "2026-12-09", "today": "2026-12-08"}
    assert not smtp[0].accepted
    assert "not_today" not in _ok(cli, "jobs")  # the list says it in words
    assert "failed" in _ok(cli, "jobs")


def test_reading_jobs_writes_nothing(cli: CliRunner, installation: Tijdig, tmp_path: Path) -> None:
    _loaded(cli, tmp_path)
    job_id = _queued(_ok(cli, "run", "--background"))
    tables = Tables(installation.engine)
    before = tables.snapshot()
    _ok(cli, "jobs")
    _ok(cli, "jobs", "show", str(job_id))
    assert changed(before, tables.snapshot()) == []


def test_an_unknown_job_is_not_found(cli: CliRunner) -> None:
    result = cli.invoke(cli_app, ["jobs", "show", "42"])
    assert result.exit_code == 1 and "job" in result.output and "42" in result.output


def test_serves_runner_process_does_the_queued_jobs(
    cli: CliRunner, installation: Tijdig, database_url: str, tmp_path: Path
) -> None:
    """SQLite: the child process `tijdig serve` starts (spawned: the test's frozen clock
    stays here; the child reads the real one)."""
    if installation.queues_on_procrastinate:
        pytest.skip("on PostgreSQL procrastinate's workers do the jobs")
    _loaded(cli, tmp_path)
    first = _queued(_ok(cli, "run", "--background"))
    second = _queued(_ok(cli, "run", "--as-of", "2026-12-31", "--background"))
    runner = start_runner(Settings(database_url=database_url), until_empty=True)
    runner.join(timeout=120)
    assert runner.exitcode == 0
    assert [_job(cli, i)["state"] for i in (first, second)] == ["done", "done"]
    assert _count(installation, "runs") == 2


def test_background_sending_keeps_the_sending_hours(
    cli: CliRunner,
    installation: Tijdig,
    smtp: tuple[RecordingHandler, int],
    frozen_clock: FrozenClock,
    database_url: str,
    tmp_path: Path,
) -> None:
    """Queued on Tuesday at 19:59, taken by the worker at 20:00: nothing goes out, and the
    job waits, queued again for Wednesday 07:00 (on PostgreSQL, procrastinate holds it
    until then); no worker takes it before; at 07:00 it sends."""
    _loaded(cli, tmp_path)
    _ok(cli, "run")
    _ok(cli, "run", "approve", "--all")
    frozen_clock.set(datetime(2026, 12, 8, 19, 59))
    job_id = _queued(_ok(cli, "send", "--background"))
    frozen_clock.set(datetime(2026, 12, 8, 20, 0))
    _ok(cli, "worker", "--until-empty")
    waiting = _job(cli, job_id)
    assert waiting["state"] == "queued" and not smtp[0].accepted
    assert waiting["not_before"] == "2026-12-09T06:00:00+00:00"  # 07:00 in Amsterdam
    result = waiting["result"]
    assert isinstance(result, dict) and result["sent"] == 0
    assert result["closed_until"] == "2026-12-09T07:00:00+01:00"
    frozen_clock.set(datetime(2026, 12, 9, 6, 59))
    _ok(cli, "worker", "--until-empty")
    assert _job(cli, job_id)["state"] == "queued"
    frozen_clock.set(datetime(2026, 12, 9, 7, 0))
    if database_url.startswith("postgresql"):
        # procrastinate schedules by the database's own clock (it is December 2026 for
        # real): its job is there for 07:00; the worker's own function does it now.
        with installation.engine.connect() as connection:
            scheduled = connection.execute(text(
                "SELECT scheduled_at FROM procrastinate_jobs WHERE status = 'todo' "
                "AND (args->>'job_id')::int = :id"), {"id": job_id}).scalars().all()  # fmt: skip
        assert scheduled == [datetime(2026, 12, 9, 6, 0, tzinfo=UTC)]
        do_job(installation, job_id)
    else:
        _ok(cli, "worker", "--until-empty")
    done = _job(cli, job_id)
    assert done["state"] == "done" and done["not_before"] is None
    assert isinstance(done["result"], dict) and done["result"]["sent"] == len(smtp[0].accepted) > 0


def test_two_workers_do_each_job_once(
    cli: CliRunner, installation: Tijdig, database_url: str, tmp_path: Path
) -> None:
    """Two workers at once, each its own process: `tijdig worker` twice on PostgreSQL,
    two of serve's runners on SQLite. Each job is done once; nothing is left."""
    _loaded(cli, tmp_path)
    days = ("2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11")
    job_ids = [_queued(_ok(cli, "run", "--as-of", day, "--background")) for day in days]
    if installation.queues_on_procrastinate:
        worker = [str(Path(sys.executable).with_name("tijdig")), "worker", "--until-empty"]
        workers = [subprocess.Popen(worker, env={**os.environ}) for _ in range(2)]
        assert [w.wait(timeout=180) for w in workers] == [0, 0]
    else:
        runners = [start_runner(Settings(database_url=database_url), until_empty=True)
                   for _ in range(2)]  # fmt: skip
        for runner in runners:
            runner.join(timeout=180)
        assert [r.exitcode for r in runners] == [0, 0]
    shown = [_job(cli, i) for i in job_ids]
    assert [(j["state"], j["attempts"]) for j in shown] == [("done", 1)] * len(days)
    results = [j["result"] for j in shown]
    assert [r["as_of"] for r in results if isinstance(r, dict)] == list(days)
    assert _count(installation, "runs") == len(days)


def _frozen_worker(settings: Settings, moment: str) -> None:
    """A worker process of its own on the test's moment (spawned: it gets no frozen
    clock from the test otherwise): serve's runner on SQLite, `tijdig worker` on
    PostgreSQL."""
    from tijdig import clock
    from tijdig.entrypoints.background import do_queued_job, run_waiting

    fixed = datetime.fromisoformat(moment)
    clock.now = lambda: fixed
    app = bootstrap(settings, migrate_schema=False)
    if not app.queues_on_procrastinate:
        run_waiting(app, until_empty=False)
        return
    app.procrastinate().work(lambda job_id: do_queued_job(app, job_id), wait=True)


def test_a_worker_killed_while_sending_sends_nothing_twice(
    cli: CliRunner,
    installation: Tijdig,
    smtp: tuple[RecordingHandler, int],
    frozen_clock: FrozenClock,
    tmp_path: Path,
) -> None:
    """The worker is killed once the mail server took message 2 and before its answer was
    recorded. Once the worker's heartbeat lapses another one takes the job up: message 3
    goes, message 2 is reported unconfirmed (for `tijdig settle`), none goes twice."""
    handler = smtp[0]
    _loaded(cli, tmp_path)
    _ok(cli, "run")
    _ok(cli, "run", "approve", "--all")
    job_id = _queued(_ok(cli, "send", "--background"))
    handler.hold = Hold("data", 2)
    moment = datetime(2026, 12, 8, 10, 0, tzinfo=clock.BUSINESS_TIMEZONE).isoformat()
    worker = multiprocessing.get_context("spawn").Process(
        target=_frozen_worker, args=(Settings(), moment), daemon=True
    )
    worker.start()
    try:
        assert handler.hold.reached.wait(timeout=60), "the worker never reached message 2"
    finally:
        worker.kill()
        worker.join(timeout=10)
        handler.hold.release.set()
    assert _job(cli, job_id)["state"] == "running" and len(handler.accepted) == 2
    if installation.queues_on_procrastinate:  # its worker stopped beating five minutes ago
        with installation.engine.begin() as connection:
            stalled = "SET last_heartbeat = now() - interval '5 minutes'"
            connection.execute(text(f"UPDATE procrastinate_workers {stalled}"))
    frozen_clock.set(datetime(2026, 12, 8, 10, 5))  # the job's heartbeat has lapsed
    _ok(cli, "worker", "--until-empty")
    done = _job(cli, job_id)
    assert done["state"] == "done" and done["attempts"] == 2
    result = done["result"]
    assert isinstance(result, dict) and (result["sent"], result["unconfirmed"]) == (1, 1)
    assert Counter(handler.keys) == dict.fromkeys(handler.keys, 1) and len(handler.keys) == 3


def test_tijdig_serve_does_the_jobs_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real `tijdig serve`: a run queued with `--background` is done by its runner."""
    folder = tmp_path / "served"
    folder.mkdir()
    with serving(folder):
        monkeypatch.setenv("TIJDIG_DATABASE_URL", f"sqlite:///{folder / 'serve.db'}")
        cli = CliRunner()
        _loaded(cli, tmp_path)
        job_id = _queued(_ok(cli, "run", "--background"))
        deadline = time.monotonic() + 60
        while _job(cli, job_id)["state"] in ("queued", "running"):
            assert time.monotonic() < deadline, "serve's runner never did the job"
            time.sleep(0.2)
    done = _job(cli, job_id)
    assert done["state"] == "done", done
    assert isinstance(done["result"], dict) and done["result"]["customers"] == 3


def _many_loaded(cli: CliRunner, tmp_path: Path, count: int) -> None:
    """`count` customers, each with one invoice five weeks overdue: a message each."""
    _ok(cli, "company", "add", "ACME", "--name", "Acme B.V.", "--kvk", "12345678",
        "--iban", "NL91ABNA0417164300", "--email", "debiteuren@acme.example",
        "--address", "Dorpsstraat 1, 3512 AB Utrecht")  # fmt: skip
    customers = [CUSTOMERS.splitlines()[0]] + [
        f"K{i};Klant {i} B.V.;zakelijk;NL;nl;ap@klant{i}.example;Markt {i}, 3511 AA Utrecht"
        for i in range(1, count + 1)
    ]
    invoices = [INVOICES.splitlines()[0]] + [
        f"R{i};K{i};02-10-2026;01-11-2026;{100 + i},00" for i in range(1, count + 1)
    ]
    (tmp_path / "customers.csv").write_text("\n".join(customers) + "\n", encoding="utf-8")
    (tmp_path / "invoices.csv").write_text("\n".join(invoices) + "\n", encoding="utf-8")
    _ok(cli, "import", "customers", str(tmp_path / "customers.csv"))
    _ok(cli, "import", "invoices", str(tmp_path / "invoices.csv"))


def _shifted_worker(settings: Settings, moment: str, shift: Any) -> None:
    """`tijdig worker` (procrastinate's, waiting) in a process of its own, its clock at
    `moment` plus `shift` seconds: a value shared with the test, which moves it on."""
    from tijdig import clock
    from tijdig.entrypoints.background import do_queued_job

    base = datetime.fromisoformat(moment)
    clock.now = lambda: base + timedelta(seconds=shift.value)
    app = bootstrap(settings, migrate_schema=False)
    app.procrastinate().work(lambda job_id: do_queued_job(app, job_id), wait=True)


def _procrastinate_workers(app: Tijdig) -> list[int]:
    with app.engine.connect() as connection:
        rows = connection.execute(text("SELECT id FROM procrastinate_workers ORDER BY id"))
        return [int(row[0]) for row in rows]


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


@pytest.mark.parametrize("stage", ["rcpt", "data"])
def test_two_workers_one_killed_each_message_goes_once(
    stage: str,
    cli: CliRunner,
    installation: Tijdig,
    smtp: tuple[RecordingHandler, int],
    tmp_path: Path,
) -> None:
    """Two workers, 12 approved messages. Worker A takes the send job and is killed at
    message 5: before the hand-over point ("rcpt": the server has not got the message)
    or after it ("data": the server accepted it, A never heard the 250). Worker B, alive
    all along, takes the job up once A's heartbeat and the message's lease lapse: at
    the server every message is accepted once; the one in flight after the hand-over
    is reported unconfirmed (for `tijdig settle`) and not sent again."""
    if not installation.queues_on_procrastinate:
        pytest.skip("PostgreSQL: set TIJDIG_TEST_DATABASE_URL to run this test on it too")
    handler, total = smtp[0], 12
    _many_loaded(cli, tmp_path, total)
    _ok(cli, "run")
    _ok(cli, "run", "approve", "--all")
    job_id = _queued(_ok(cli, "send", "--background"))
    handler.hold = Hold(stage, 5)
    spawn = multiprocessing.get_context("spawn")
    shift = spawn.Value("d", 0.0)  # seconds past 10:00, as both workers see it
    moment = datetime(2026, 12, 8, 10, 0, tzinfo=clock.BUSINESS_TIMEZONE).isoformat()
    workers = [spawn.Process(target=_shifted_worker, args=(Settings(), moment, shift),
                             daemon=True) for _ in range(2)]  # fmt: skip
    first, second = workers
    try:
        first.start()  # A alone, so A takes the job
        assert handler.hold.reached.wait(timeout=90), "worker A never reached message 5"
        second.start()
        _wait_for(lambda: len(_procrastinate_workers(installation)) == 2, 60, "B never started")
        first.kill()
        first.join(timeout=10)
        handler.hold.release.set()
        accepted_at_kill = len(handler.accepted)
        assert accepted_at_kill == (4 if stage == "rcpt" else 5)
        assert _job(cli, job_id)["state"] == "running"
        with installation.engine.begin() as connection:  # A stopped beating 5 minutes ago
            connection.execute(
                text("UPDATE procrastinate_workers SET last_heartbeat = "
                     "now() - interval '5 minutes' WHERE id = :a"),
                {"a": _procrastinate_workers(installation)[0]},
            )  # fmt: skip
        shift.value = 11 * 60.0  # 10:11: past the job's heartbeat and the 10-minute lease
        _wait_for(lambda: _job(cli, job_id)["state"] == "done", 150, "B never finished")
    finally:
        handler.hold.release.set()
        for worker in workers:
            if worker.is_alive():
                worker.kill()
                worker.join(timeout=10)
    done = _job(cli, job_id)
    assert done["attempts"] == 2 and first.exitcode == -9
    result = done["result"]
    assert isinstance(result, dict)
    unconfirmed = 1 if stage == "data" else 0
    assert (result["sent"], result["unconfirmed"]) == (total - 4 - unconfirmed, unconfirmed)
    assert len(handler.keys) == total
    assert Counter(handler.keys) == dict.fromkeys(handler.keys, 1)  # none twice, none lost
    assert _outbox(installation) == (
        {"sent": total - 1, "unconfirmed": 1} if unconfirmed else {"sent": total}
    )
    if unconfirmed:  # the mail log shows it went: settled, and not sent again
        with installation.engine.connect() as connection:
            held = "SELECT id FROM outbox WHERE status = 'unconfirmed'"
            outbox_id = connection.execute(text(held)).scalar_one()
        _ok(cli, "settle", str(outbox_id), "--delivered")
        assert _outbox(installation) == {"sent": total} and len(handler.keys) == total


def _outbox(app: Tijdig) -> Counter[str]:
    with app.engine.connect() as connection:
        return Counter(
            str(s) for s in connection.execute(text("SELECT status FROM outbox")).scalars()
        )


def _children(pid: int) -> list[int]:
    """The processes `pid` started (Linux: /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _gone(pid: int) -> bool:
    """Ended (or a zombie no one has reaped yet)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except (FileNotFoundError, ProcessLookupError):
        return True


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_serves_runner_ends_when_serve_is_stopped_with_sigterm(tmp_path: Path) -> None:
    """systemd and docker stop a server with SIGTERM, which uvicorn passes on without
    running serve's clean-up: the runner notices its parent is gone and ends by itself."""
    with serving(tmp_path) as served:
        deadline = time.monotonic() + 30
        while not (runners := _children(served.process.pid)):
            assert time.monotonic() < deadline, "serve started no runner"
            time.sleep(0.2)
        served.process.send_signal(signal.SIGTERM)
        served.process.wait(timeout=30)  # the runner may hold serve's output open
        deadline = time.monotonic() + 15
        while not all(_gone(pid) for pid in runners):
            assert time.monotonic() < deadline, f"runner(s) {runners} outlived serve"
            time.sleep(0.2)
        served.process.communicate(timeout=10)  # its output, closed now that all have ended
