"""The workers' edge: doing background jobs (services/background.py) with the edge's one
clock, wherever they run.

- `do_job`: one job, its record's heartbeat kept fresh (a thread beats every
  BEAT_EVERY while the work runs) so no other runner takes it up meanwhile.
- PostgreSQL: `tijdig worker` hands `do_job` to procrastinate's worker.
- SQLite: `start_runner` starts a child process (spawned, not forked, not a thread: the
  bank import forks workers of its own, and a web server's threads must not be cloned)
  that polls the job records (`run_waiting`); `tijdig serve` starts one.
- The scheduler (services/scheduler.py) ticks every TICK_EVERY in a keeping-going
  `tijdig worker` (a thread beside procrastinate's) and in `tijdig serve`'s runner.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from tijdig import clock

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from tijdig.bootstrap import Tijdig
    from tijdig.config import Settings
    from tijdig.services.background import Job

log = logging.getLogger(__name__)
BEAT_EVERY = timedelta(seconds=15)
POLL_EVERY = 1.0  # seconds between looks at the job records when none waits
TICK_EVERY = 60.0  # seconds between the scheduler's looks at the companies' schedules


def schedule_tick(app: Tijdig) -> int:
    """Queue the scheduled runs and sends due now; how many jobs were queued."""
    from tijdig.services.scheduler import tick

    return len(tick(app.uow, app.jobs(), app.job_queue(), at=clock.now()))


def start_scheduler(app: Tijdig) -> threading.Event:
    """Tick the scheduler now (before the worker looks for jobs, so a run due at start
    is among them), then in a daemon thread every TICK_EVERY; set the event returned to
    stop it. A failed tick (the database away) is retried at the next."""
    stop = threading.Event()

    def safe_tick() -> None:
        try:
            schedule_tick(app)
        except Exception:  # the next tick tries again; the worker keeps working
            log.exception("the scheduler's tick failed")

    def loop() -> None:
        while not stop.wait(TICK_EVERY):
            safe_tick()

    safe_tick()
    threading.Thread(target=loop, name="tijdig-scheduler", daemon=True).start()
    return stop


def do_job(app: Tijdig, job_id: int) -> Job | None:
    """Claim and do one job; its record afterwards (None: not claimed, e.g. done)."""
    from tijdig.services.background import Moment, run_job

    jobs = app.jobs()
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(BEAT_EVERY.total_seconds()):
            jobs.beat(job_id, at=clock.now())

    beating = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    moment = Moment(at=clock.now(), today=clock.real_today(), now=clock.now)
    beating.start()
    try:
        return run_job(app, jobs, job_id, moment)
    finally:
        stop.set()
        beating.join()


class StillRunning(Exception):
    """The job's record says another runner holds it and lives: procrastinate retries
    this task later (adapters/queue.py), and then the record's heartbeat has lapsed or
    the job is done. (procrastinate finds a dead worker sooner than the record may.)"""


def do_queued_job(app: Tijdig, job_id: int) -> None:
    """procrastinate's task (PostgreSQL): the job, unless done or failed already."""
    from tijdig.services.background import JobState

    if do_job(app, job_id) is None:
        found = app.jobs().get(job_id)
        if found is not None and found.state is JobState.RUNNING:
            raise StillRunning(f"job {job_id} is running under another worker")


def run_waiting(
    app: Tijdig, *, until_empty: bool, schedule: bool = False, parent: int | None = None
) -> int:
    """Do the jobs waiting in the records, oldest first (SQLite's runner); with
    `until_empty`, stop when none waits; with `schedule`, the scheduler ticks meanwhile;
    with `parent`, stop once that process is gone (a `tijdig serve` stopped by SIGTERM
    does not stop its runner itself). How many were done."""
    ticking = start_scheduler(app) if schedule else None
    try:
        return _run_waiting(app, until_empty=until_empty, parent=parent)
    finally:
        if ticking is not None:
            ticking.set()


def _run_waiting(app: Tijdig, *, until_empty: bool, parent: int | None) -> int:
    from tijdig.services.background import next_job

    done = 0
    while True:
        if parent is not None and os.getppid() != parent:
            return done  # orphaned: the server that started us is gone
        job_id = next_job(app.jobs(), at=clock.now())
        if job_id is None:
            if until_empty:
                return done
            time.sleep(POLL_EVERY)
            continue
        if do_job(app, job_id) is not None:
            done += 1


def runner_main(settings: Settings, until_empty: bool = False, parent: int | None = None) -> None:
    """The child process: its own installation (connections are never shared with the
    parent), then `run_waiting` for as long as its parent (`parent`, its pid) lives."""
    from tijdig.bootstrap import bootstrap

    # Started as a daemon, so that it goes with its parent; yet its jobs start processes
    # of their own (a large bank upload is read and matched in several), which a daemon
    # may not. Its parent stops it all the same, and it stops once its parent is gone.
    multiprocessing.current_process().daemon = False
    app = bootstrap(settings, migrate_schema=False)
    try:
        run_waiting(app, until_empty=until_empty, schedule=not until_empty, parent=parent)
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group
        pass
    finally:
        app.close()


def start_runner(settings: Settings, *, until_empty: bool = False) -> BaseProcess:
    """SQLite's runner: a spawned child process doing the jobs the records hold."""
    context = multiprocessing.get_context("spawn")
    process = context.Process(
        # the parent's pid from here: the child may start after its parent has gone
        target=runner_main,
        args=(settings, until_empty, os.getpid()),
        name="tijdig-jobs",
        daemon=True,
    )
    process.start()
    return process
