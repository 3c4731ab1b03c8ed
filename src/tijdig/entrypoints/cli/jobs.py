"""`tijdig worker` (do the queued background jobs) and `tijdig jobs` (list, show)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tijdig.entrypoints.cli.common import (
    CompanyOption,
    JsonOption,
    company_for,
    installation,
    print_json,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.services.background import Job

jobs_app = typer.Typer(
    help="Background jobs: queued with --background, done by `tijdig worker`.",
    invoke_without_command=True,
)


def worker(
    until_empty: Annotated[
        bool, typer.Option("--until-empty", help="Stop once no job waits (default: keep going).")
    ] = False,
) -> None:
    """Do the queued background jobs (the day's run, sending), one at a time, until stopped.
    Start as many as you like, on as many machines (PostgreSQL)."""
    from tijdig.entrypoints.background import do_queued_job, run_waiting, start_scheduler

    app = installation()
    # A worker that keeps going also starts the companies' scheduled runs (`tijdig
    # schedule`); one draining the queue (--until-empty) does not.
    if not app.queues_on_procrastinate:
        done = run_waiting(app, until_empty=until_empty, schedule=not until_empty)
        console.print(f"{done} job(s) done.")
        return
    ticking = None if until_empty else start_scheduler(app)
    try:
        app.procrastinate().work(lambda job_id: do_queued_job(app, job_id), wait=not until_empty)
    finally:
        if ticking is not None:
            ticking.set()


@jobs_app.callback()
def jobs(
    ctx: typer.Context,
    company: CompanyOption = None,
    limit: Annotated[int, typer.Option("--limit", help="How many, newest first.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """List the background jobs, newest first: state, progress, result or error."""
    from tijdig.services.background import job_json

    if ctx.invoked_subcommand is not None:
        return
    app = installation()
    ids = None if company is None else [company_for(app, company).id or 0]
    found = app.jobs().listing(ids, limit=limit)
    if as_json:
        print_json([job_json(job) for job in found])
        return
    table = Table("id", "kind", "state", "progress", "queued", "by", "outcome")
    for job in found:
        table.add_row(
            str(job.id), job.kind.value, job.state.value, _progress(job),
            _moment(job.queued_at), escape(job.queued_by), escape(_outcome(job)),
        )  # fmt: skip
    console.print(table)


@jobs_app.command("show")
def show(
    job_id: Annotated[int, typer.Argument(help="The id `--background` printed.")],
    as_json: JsonOption = False,
) -> None:
    """One job: its arguments, state, progress, times, result or error."""
    from tijdig.services.background import job, job_json

    found = job(installation().jobs(), job_id)
    if as_json:
        print_json(job_json(found))
        return
    shown = job_json(found)
    for key, value in shown.items():
        console.print(f"{key}: {escape(str(value))}")


def _moment(moment: datetime) -> str:
    from tijdig.clock import BUSINESS_TIMEZONE

    return f"{moment.astimezone(BUSINESS_TIMEZONE):%Y-%m-%d %H:%M}"


def _progress(job: Job) -> str:
    return "" if job.total is None else f"{job.done}/{job.total}"


def _outcome(job: Job) -> str:
    if job.error is not None:
        return str(job.error.get("message", ""))
    if job.result is None:
        return ""
    return ", ".join(f"{k} {v}" for k, v in job.result.items() if v not in (None, 0, False))
