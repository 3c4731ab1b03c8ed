"""`tijdig hardship`: debtors in hardship (debt counselling, WSNP, Belgian debt
mediation or collective settlement, bankruptcy, death): collection of them pauses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tijdig import clock
from tijdig.domain.hardship import HardshipKind, parse_kind
from tijdig.domain.reason_texts import plain
from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    JsonOption,
    cli_actor,
    command_context,
    later,
    parse_date,
    print_json,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.services.records import hardship
else:
    hardship = later("tijdig.services.records.hardship")

hardship_app = typer.Typer(
    help="Debtors in hardship: no reminders, costs or interest while a status lasts.",
    no_args_is_help=True,
)

KIND_HELP = f"What the hardship is: {', '.join(k.value for k in HardshipKind)}."
CustomerArgument = Annotated[str, typer.Argument(help="Customer number.")]


@hardship_app.command("set")
def hardship_set(
    customer: CustomerArgument,
    kind: Annotated[str, typer.Option("--kind", help=KIND_HELP)],
    since: Annotated[str, typer.Option("--since", help="The day the status applies from.")],
    evidence: Annotated[
        str, typer.Option("--evidence", help="What shows it: a letter, a court ruling.")
    ],
    evidence_file: Annotated[
        str | None, typer.Option("--file", help="The reference of the stored evidence file.")
    ] = None,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Give a customer a hardship status: the run holds it, no costs or interest are
    claimed, and a task for the credit controller is put in the agenda."""
    app, target, when = command_context(company, as_of)
    done = hardship.set_hardship(
        app.uow(), target, customer, parse_kind(kind), since=parse_date(since, field="--since"),
        evidence=hardship.Evidence(evidence, evidence_file), as_of=when, actor=cli_actor(),
        at=clock.now(),
    )  # fmt: skip
    status = done.status
    console.print(f"Customer {customer}: {status.kind.value} since {status.since}; "
                  "collection paused.")  # fmt: skip
    console.print(f"Task for {done.task.due_on}: {escape(plain(done.task.title))}")


@hardship_app.command("end")
def hardship_end(
    customer: CustomerArgument,
    on: Annotated[str, typer.Option("--on", help="The day it ended: collection resumes.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """End the customer's hardship status; it stays in the history."""
    app, target, when = command_context(company, as_of)
    day = parse_date(on, field="--on")
    ended = hardship.end_hardship(app.uow(), target, customer, ended_on=day, as_of=when,
                                  actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"Customer {customer}: {ended.kind.value} since {ended.since} ended on "
                  f"{ended.ended_on}; collection resumes.")  # fmt: skip


@hardship_app.command("show")
def hardship_show(
    customer: CustomerArgument,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """The customer's hardship statuses, the latest first (ended ones too)."""
    app, target, when = command_context(company, as_of)
    history = hardship.hardship_history(app.uow(), target, customer)
    if as_json:
        print_json([
            {"kind": s.kind.value, "since": s.since, "ended_on": s.ended_on,
             "evidence": s.evidence, "evidence_file": s.evidence_file,
             "active": s.is_active(when)}
            for s in history
        ])  # fmt: skip
        return
    table = Table("kind", "since", "ended", "evidence", title=f"Customer {customer}: hardship")
    for s in history:
        evidence = s.evidence + (f" ({s.evidence_file})" if s.evidence_file else "")
        table.add_row(s.kind.value, str(s.since), str(s.ended_on or "—"), escape(evidence))
    console.print(table)


@hardship_app.command("task-text")
def hardship_task_text(
    kind: Annotated[str, typer.Argument(help=KIND_HELP)],
    text: Annotated[str, typer.Argument(help="The company's own text; empty: the default.")],
    company: CompanyOption = None,
) -> None:
    """Set the company's own text of the task a status of this kind makes."""
    app, target, _when = command_context(company, None)
    saved = hardship.set_task_text(app.uow(), target, parse_kind(kind), text,
                                   actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"The {kind} task reads: {escape(saved)}" if saved
                  else f"The {kind} task has the default text again.")  # fmt: skip
