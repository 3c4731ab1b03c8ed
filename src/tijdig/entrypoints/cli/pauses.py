"""`tijdig customer pause NUMBER`: pause dunning of a customer until a day, with the
reason; the daily run and the sender hold the customer until then. `tijdig customer
statement NUMBER`: e-mail the customer a statement of account now (queued; `tijdig send`
sends it). `tijdig customer resume NUMBER` lifts a pause. (`tijdig customer NUMBER`
shows the customer's file: app.py routes these three here.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from tijdig import clock
from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    cli_actor,
    command_context,
    parse_date,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.services.records import pauses, statements
else:
    from tijdig.entrypoints.cli.common import later

    pauses = later("tijdig.services.records.pauses")
    statements = later("tijdig.services.records.statements")


def pause(
    number: Annotated[str, typer.Argument(help="Customer number.")],
    until: Annotated[str, typer.Option("--until", help="The day dunning resumes.")],
    why: Annotated[str, typer.Option("--reason", help="Why dunning waits (what was agreed).")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Pause dunning of a customer from today until a day, with the reason: no reminder
    and no call until then; collection resumes on that day by itself."""
    app, target, when = command_context(company, as_of)
    done = pauses.pause_dunning(
        app.uow(), target, number, until=parse_date(until, field="--until"), why=why,
        as_of=when, actor=cli_actor(), at=clock.now(),
    )  # fmt: skip
    console.print(f"Customer {number}: dunning paused from {done.since} until {done.until} "
                  f"({escape(done.reason)}).")  # fmt: skip


def resume(
    number: Annotated[str, typer.Argument(help="Customer number.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Resume dunning of a paused customer from today, before the pause's day."""
    app, target, when = command_context(company, as_of)
    pauses.lift_pause(app.uow(), target, number, as_of=when, actor=cli_actor(), at=clock.now())
    console.print(f"Customer {number}: dunning resumes on {when}.")


def statement(
    number: Annotated[str, typer.Argument(help="Customer number.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """E-mail the customer a statement of account now: every open invoice and credit
    note, in their language. Queued once a day; `tijdig send` sends it."""
    app, target, when = command_context(company, as_of)
    sent = statements.send_statement(app.uow(), app.statement_letters(), target, number,
                                     as_of=when, actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"Customer {number}: statement of {when} queued for {sent.recipient} "
                  f"(outbox {sent.outbox_id}).")  # fmt: skip
