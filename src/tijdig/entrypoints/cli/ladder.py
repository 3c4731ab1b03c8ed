"""`tijdig ladder`: the company's escalation ladder (plan B), shown or set, and the
fallback a person chooses for one agreement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tijdig import clock
from tijdig.domain.collection.ladder import AgreementKind, Ladder, Rung, parse_rungs
from tijdig.domain.errors import InvalidValue
from tijdig.entrypoints.cli.common import (
    CompanyOption,
    JsonOption,
    cli_actor,
    command_context,
    later,
    print_json,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.services.ladder import fallbacks
else:
    fallbacks = later("tijdig.services.ladder.fallbacks")

ladder_app = typer.Typer(help="Plan B: the escalation ladder, and the fallback of an agreement.",
                         no_args_is_help=True)  # fmt: skip
RUNGS = ", ".join(Rung)


def _said(ladder: Ladder) -> dict[str, object]:
    return {"rungs": list(ladder.rungs), "name_agency_after": ladder.name_agency_after,
            "new_term_days": ladder.new_term_days}  # fmt: skip


def _print(ladder: Ladder, as_json: bool) -> None:
    if as_json:
        print_json(_said(ladder))
        return
    console.print(f"Ladder: {' → '.join(ladder.rungs)}; a plain reminder names the agency "
                  f"after {ladder.name_agency_after} broken agreement(s); a new term runs "
                  f"{ladder.new_term_days} days.")  # fmt: skip


@ladder_app.command("show")
def show(company: CompanyOption = None, as_json: JsonOption = False) -> None:
    """Show the company's ladder (the default until one is set)."""
    app, target, _ = command_context(company, None)
    _print(fallbacks.show_ladder(app.uow(), target), as_json)


@ladder_app.command("set")
def set_ladder(
    rungs: Annotated[
        str | None, typer.Option("--rungs", help=f"Rungs, weakest first, comma-separated: {RUNGS}.")
    ] = None,
    name_agency_after: Annotated[
        int | None,
        typer.Option(
            "--name-agency-after",
            help="Broken agreements after which a plain reminder names the agency.",
        ),
    ] = None,
    new_term_days: Annotated[
        int | None, typer.Option("--new-term-days", help="How many days a new term runs.")
    ] = None,
    company: CompanyOption = None,
    as_json: JsonOption = False,
) -> None:
    """Set the company's ladder; the options not given stay as they are."""
    app, target, _ = command_context(company, None)
    now = fallbacks.show_ladder(app.uow(), target)
    ladder = Ladder(
        now.rungs if rungs is None else parse_rungs(rungs),
        now.name_agency_after if name_agency_after is None else name_agency_after,
        now.new_term_days if new_term_days is None else new_term_days,
    )
    _print(fallbacks.set_ladder(app.uow(), target, ladder, actor=cli_actor(), at=clock.now()),
           as_json)  # fmt: skip


@ladder_app.command("fallback")
def choose(
    agreement: Annotated[str, typer.Argument(help="promise, new_term or plan.")],
    agreement_id: Annotated[int, typer.Argument(help="The agreement's number.")],
    rung: Annotated[str, typer.Argument(help=f"The fallback: {RUNGS}.")],
    company: CompanyOption = None,
) -> None:
    """Choose an agreement's fallback instead of the ladder's, until it is carried out."""
    app, target, _ = command_context(company, None)
    try:
        kind, chosen = AgreementKind(agreement), Rung(rung)
    except ValueError:
        raise InvalidValue("fallback", f"{agreement} {rung}: see --help") from None
    fallbacks.choose_fallback(app.uow(), target, kind, agreement_id, chosen, actor=cli_actor(),
                              at=clock.now())  # fmt: skip
    console.print(f"The fallback of {kind} {agreement_id} is now {chosen}.")
