"""Where queued jobs go (services.background.JobQueue), by database.

PostgreSQL: procrastinate. A job's id is deferred as the one task `tijdig.job`; any
number of `tijdig worker`s, on any number of machines, take them from the database
(locks and heartbeats are procrastinate's). Its schema is migration 0019's.

SQLite: nothing to hand over: the runner started by `tijdig serve` (a child process)
polls the job records themselves (`SqlJobs.claim`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

TASK_NAME = "tijdig.job"
QUEUE_NAME = "tijdig"
# A procrastinate worker that has not said it lives for this long is dead; the jobs it
# held are retried by the next worker that starts or looks (`ProcrastinateQueue.work`).
STALLED_AFTER_SECONDS = 60.0
RETRY_AFTER_SECONDS = 20

log = logging.getLogger(__name__)


def conninfo(engine: Engine) -> str:
    """libpq's URL for the engine's database: SQLAlchemy's `postgresql+psycopg://` without
    the driver, its query (a test schema's search path) kept."""
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class PollingQueue:
    """SQLite: the runner polls the job records; nothing to hand over."""

    def enqueue(self, job_id: int, *, not_before: datetime | None = None) -> None:
        """The record the service stored is the queue (with its `not_before`)."""


class ProcrastinateQueue:
    """PostgreSQL: jobs' ids deferred to procrastinate, and its workers."""

    def __init__(self, engine: Engine) -> None:
        self._conninfo = conninfo(engine)

    def enqueue(self, job_id: int, *, not_before: datetime | None = None) -> None:
        import procrastinate

        app = procrastinate.App(
            connector=procrastinate.SyncPsycopgConnector(conninfo=self._conninfo)
        )
        with app.open():
            task = app.configure_task(name=TASK_NAME, queue=QUEUE_NAME, schedule_at=not_before)
            task.defer(job_id=job_id)

    def work(self, run: Callable[[int], Any], *, wait: bool, name: str = "worker") -> None:
        """Do the queue's jobs, `run(job_id)` each, one at a time (the tasks block), until
        stopped (Ctrl-C, SIGTERM) or, without `wait`, until the queue is empty. The jobs
        of dead workers (no heartbeat for STALLED_AFTER_SECONDS) are retried first, and
        then every STALLED_AFTER_SECONDS while the worker keeps going."""
        import procrastinate

        app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=self._conninfo))

        # `run` stores a job's own failure in its record; what it raises is the database
        # gone, or the job still held by a worker that has not yet been found dead.
        retry = procrastinate.RetryStrategy(max_attempts=20, wait=RETRY_AFTER_SECONDS)

        @app.task(name=TASK_NAME, queue=QUEUE_NAME, retry=retry)
        def tijdig_job(job_id: int) -> None:
            run(job_id)

        async def main() -> None:
            async with app.open_async():
                await _retry_stalled(app)
                # A worker that keeps going keeps looking for dead workers' jobs.
                watching = asyncio.create_task(_keep_retrying_stalled(app)) if wait else None
                try:
                    await app.run_worker_async(
                        queues=[QUEUE_NAME], wait=wait, concurrency=1, name=name,
                        stalled_worker_timeout=STALLED_AFTER_SECONDS,
                        install_signal_handlers=wait,
                    )  # fmt: skip
                finally:
                    if watching is not None:
                        watching.cancel()

        asyncio.run(main())


async def _keep_retrying_stalled(app: Any) -> None:
    while True:
        await asyncio.sleep(STALLED_AFTER_SECONDS)
        await _retry_stalled(app)


async def _retry_stalled(app: Any) -> None:
    """Put the jobs of workers that stopped beating back in the queue."""
    stalled = await app.job_manager.get_stalled_jobs(
        queue=QUEUE_NAME, seconds_since_heartbeat=STALLED_AFTER_SECONDS
    )
    for job in stalled:
        log.warning("retrying job %s of a worker that stopped", job.id)
        await app.job_manager.retry_job(job)
