"""`tijdig hand-over`: hand a customer over to a collection agency, follow the case's
status, read the agency's status file, and report the payments that reached the
creditor directly. `tijdig hand-over CUSTOMER --reason ...` is `tijdig hand-over open`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from tijdig import clock
from tijdig.domain.errors import InvalidValue
from tijdig.domain.hand_over import CaseStatus, HandOverCase, Source
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
    from tijdig.services.hand_over import agency, cases, direct
else:
    agency = later("tijdig.services.hand_over.agency")
    cases = later("tijdig.services.hand_over.cases")
    direct = later("tijdig.services.hand_over.direct")


class _OpenByDefault(TyperGroup):
    """`tijdig hand-over K1 --reason ...`: a first word that is no command is a customer
    to hand over (`open`)."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:  # typer's own click types
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["open", *args]
        return super().resolve_command(ctx, args)


hand_over_app = typer.Typer(
    cls=_OpenByDefault,
    help="Hand-over to a collection agency: the case, its file and its status.",
    no_args_is_help=True,
)
STATUS_HELP = f"The case's status: {', '.join(s.value for s in CaseStatus)}."
KeyArgument = Annotated[str, typer.Argument(help="A case (HO000001) or a customer number.")]


def parse_status(text: str) -> CaseStatus:
    try:
        return CaseStatus(text.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise InvalidValue("STATUS", f"{text!r} is not a status; use one of: "
                           f"{', '.join(s.value for s in CaseStatus)}") from None  # fmt: skip


def case_json(case: HandOverCase) -> dict[str, Any]:
    return {
        "reference": case.reference, "customer": case.customer_number,
        "opened_on": case.opened_on, "status": case.status.value, "reason": case.reason,
        "off_policy": case.off_policy, "stops_dunning": case.stops_dunning,
        "history": [
            {"status": c.status.value, "on": c.on, "at": c.at, "actor": c.actor,
             "source": c.source.value, "note": c.note}
            for c in case.history
        ],
    }  # fmt: skip


@hand_over_app.command("open")
def hand_over_open(
    customer: Annotated[str, typer.Argument(help="Customer number.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the customer is handed over.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Hand the customer over today, off-policy: the case opens with its file (a ZIP),
    dunning stops and the customer's credit hold is set."""
    app, target, when = command_context(company, as_of)
    case = cases.open_case(
        app.uow(), app.hand_over_files(), app.invoice_copies(), target, customer,
        reason=reason, actor=cli_actor(), source=Source.CLI, at=clock.now(), as_of=when,
    )  # fmt: skip
    console.print(f"Customer {customer} handed over: case {case.reference} on {case.opened_on}; "
                  "dunning stopped, credit hold set.")  # fmt: skip


@hand_over_app.command("status")
def hand_over_status(
    key: KeyArgument,
    status: Annotated[str, typer.Argument(help=STATUS_HELP)],
    on: Annotated[str | None, typer.Option("--on", help="The day it holds from.")] = None,
    note: Annotated[str, typer.Option("--note", help="A note kept with the change.")] = "",
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Give a case a new status (by its reference, or the customer's latest case). A case
    returned gives the customer back to dunning; the credit hold stays."""
    app, target, when = command_context(company, as_of)
    day = when if on is None else parse_date(on, field="--on")
    case, changed = cases.change_status(
        app.uow(), target, key, parse_status(status), actor=cli_actor(), source=Source.CLI,
        at=clock.now(), on=day, note=note,
    )  # fmt: skip
    said = "is now" if changed else "was already"
    console.print(f"Case {case.reference} ({case.customer_number}) {said} {case.status.value}.")


@hand_over_app.command("show")
def hand_over_show(
    customer: Annotated[
        str | None, typer.Argument(help="Customer number; none: every case.")
    ] = None,
    company: CompanyOption = None,
    as_json: JsonOption = False,
) -> None:
    """The cases (of one customer), the latest first, with their status history."""
    app, target, _when = command_context(company, None)
    found = cases.cases_of(app.uow(), target, customer)
    if as_json:
        print_json([case_json(case) for case in found])
        return
    table = Table("case", "customer", "opened", "status", "history", title="Hand-overs")
    for case in found:
        history = "; ".join(f"{c.on} {c.status.value} ({c.source.value}, {c.actor})"
                            for c in case.history)  # fmt: skip
        table.add_row(case.reference, case.customer_number, str(case.opened_on),
                      case.status.value, escape(history))  # fmt: skip
    console.print(table)


@hand_over_app.command("file")
def hand_over_file(
    key: KeyArgument,
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to save the ZIP.")],
    company: CompanyOption = None,
) -> None:
    """Save the case's file (the ZIP written when it opened)."""
    app, target, _when = command_context(company, None)
    name, content = cases.case_file(app.uow(), target, key)
    output.write_bytes(content)
    console.print(f"{name}: {len(content)} bytes saved to {output}")


@hand_over_app.command("import")
def hand_over_import(
    file: Annotated[Path, typer.Argument(help="The agency's status file (CSV).")],
    company: CompanyOption = None,
) -> None:
    """Read the agency's status file: statuses and payments, all or nothing; reading it
    again changes nothing."""
    app, target, _when = command_context(company, None)
    done = agency.import_agency_file(app.uow(), target, app.read_agency_file(file),
                                     file=str(file), actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"{file}: {done.statuses} status(es) changed, {done.payments} payment(s) "
                  f"booked, {done.unchanged} row(s) already known.")  # fmt: skip


@hand_over_app.command("payments")
def hand_over_payments(
    output: Annotated[Path, typer.Option("-o", "--output", help="The CSV to write.")],
    since: Annotated[str | None, typer.Option("--since", help="Paid on or after.")] = None,
    company: CompanyOption = None,
) -> None:
    """Write the payments that reached the creditor directly after a hand-over, not yet
    reported, as the agency's CSV; they are marked reported."""
    app, target, _when = command_context(company, None)
    day = None if since is None else parse_date(since, field="--since")
    found = direct.report_direct_payments(app.uow(), target, since=day, actor=cli_actor(),
                                          at=clock.now())  # fmt: skip
    output.write_text(direct.as_csv(found), encoding="utf-8")
    console.print(f"{len(found)} direct payment(s) reported in {output}")
