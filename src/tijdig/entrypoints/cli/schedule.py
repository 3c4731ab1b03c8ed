"""`tijdig schedule` (each company's run schedule and its next run) and `tijdig schedule
set` (change a company's run time and run days)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tijdig import clock
from tijdig.entrypoints.cli.common import (
    CompanyOption,
    JsonOption,
    cli_actor,
    company_for,
    installation,
    print_json,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.services.scheduler import CompanySchedule

schedule_app = typer.Typer(
    help="The scheduler: each company's run time and run days, and its next run.",
    invoke_without_command=True,
)


@schedule_app.callback()
def schedule(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show each company's run schedule, whether today has its run, and the next run.
    Changes nothing."""
    from tijdig.services.scheduler import overview

    if ctx.invoked_subcommand is not None:
        return
    app = installation()
    shown = overview(app.uow, app.jobs(), at=clock.now())
    if as_json:
        print_json([_json(item) for item in shown])
        return
    table = Table("company", "run time", "run days", "sends", "today", "next run")
    for item in shown:
        table.add_row(
            escape(item.company.code), item.schedule.time_text, item.schedule.days_text,
            "yes" if item.auto_send else "no", _today(item), f"{item.next_run:%a %Y-%m-%d %H:%M}",
        )  # fmt: skip
    console.print(table)


@schedule_app.command("set")
def set_schedule(
    run_time: Annotated[
        str | None, typer.Option("--time", help="Run time, HH:MM Amsterdam time (default 07:30).")
    ] = None,
    run_days: Annotated[
        str | None,
        typer.Option("--days", help="Run days, e.g. tue,wed,thu,fri (Monday to Saturday)."),
    ] = None,
    company: CompanyOption = None,
) -> None:
    """Change the company's run time and/or run days; what is not given stays."""
    from dataclasses import replace

    from tijdig.domain.collection.run_schedule import parse_run_days, parse_run_time
    from tijdig.services.scheduler import save_schedule, schedule_of

    app = installation()
    target = company_for(app, company)
    current = schedule_of(app.uow(), target)
    changed = replace(
        current,
        run_time=current.run_time if run_time is None else parse_run_time(run_time),
        run_days=current.run_days if run_days is None else parse_run_days(run_days),
    )
    save_schedule(app.uow(), target, changed, actor=cli_actor(), at=clock.now())
    console.print(f"Schedule of {escape(target.code)}: {changed.describe()}.", highlight=False)


def _today(item: CompanySchedule) -> str:
    if item.today_job is not None:
        return f"job {item.today_job}"
    return "run made" if item.has_run_today else ""


def _json(item: CompanySchedule) -> dict[str, Any]:
    return {
        "company": item.company.code, "run_time": item.schedule.time_text,
        "run_days": item.schedule.days_text, "auto_send": item.auto_send,
        "today_job": item.today_job, "has_run_today": item.has_run_today,
        "next_run": item.next_run.isoformat(),
    }  # fmt: skip
