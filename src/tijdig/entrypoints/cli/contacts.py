"""`tijdig contacts`: contact data quality (S2-1). `quality` lists the customers whose
e-mail or phone is missing, invalid, bounced or not confirmed for the company's number of
months, the most overdue first; `tasks` puts the head of that list in the agenda;
`settings` sets the number of months."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tijdig import clock
from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    JsonOption,
    cli_actor,
    command_context,
    later,
    money_text,
    print_json,
)
from tijdig.entrypoints.cli.console import console
from tijdig.services.read_models.common import Window

if TYPE_CHECKING:
    from tijdig.services.contacts import quality
else:
    quality = later("tijdig.services.contacts.quality")

contacts_app = typer.Typer(
    help="Contact data quality: missing, invalid, bounced or unconfirmed e-mail and phone.",
    no_args_is_help=True,
)


@contacts_app.command("quality")
def quality_report(
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Rows per page.")] = 50,
    page: Annotated[int, typer.Option("--page", min=1, help="Which page.")] = 1,
    as_json: JsonOption = False,
) -> None:
    """The customers whose contact details need attention, the most overdue first."""
    app, target, when = command_context(company, as_of)
    window = Window(limit, (page - 1) * limit)
    report = quality.contact_quality(app.uow(), target, as_of=when, window=window)
    rows = report.page.items
    if as_json:
        print_json({"as_of": report.as_of, "confirm_months": report.confirm_months,
                    "total": report.page.total, "page": page,
                    "customers": [{"number": r.customer_number, "name": r.name,
                                   "email": r.email, "phone": r.phone,
                                   "confirmed_on": r.confirmed_on, "overdue": r.overdue,
                                   "issues": [i.value for i in r.issues]}
                                  for r in rows]})  # fmt: skip
        return
    months = report.confirm_months
    table = Table(title=f"Contact details to check on {when} "
                        f"({report.page.total}; confirmed every {months} months)")  # fmt: skip
    for column in ("Customer", "Name", "Overdue", "E-mail", "Phone", "Confirmed", "Issues"):
        table.add_column(column, justify="right" if column == "Overdue" else "left")
    for r in rows:
        table.add_row(r.customer_number, escape(r.name), money_text(r.overdue),
                      escape(r.email or "-"), escape(r.phone or "-"),
                      str(r.confirmed_on or "-"), ", ".join(i.value for i in r.issues))  # fmt: skip
    console.print(table)


@contacts_app.command("tasks")
def tasks(
    top: Annotated[
        int,
        typer.Option(
            "--top", min=1, max=1000, help="How many customers of the list, from its head."
        ),
    ] = 20,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Put a task in the agenda to check the contact details of the customers at the head
    of the list (the most overdue first), unless one is open already."""
    app, target, when = command_context(company, as_of)
    given = quality.add_quality_tasks(app.uow(), target, as_of=when, top=top,
                                      actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"{len(given)} tasks to check contact details"
                  + (f": {', '.join(given)}" if given else "") + ".")  # fmt: skip


@contacts_app.command("settings")
def settings(
    confirm_months: Annotated[
        int,
        typer.Option(
            "--confirm-months",
            help="Months after which contact details are to be confirmed again (default 12).",
        ),
    ],
    company: CompanyOption = None,
) -> None:
    """Set after how many months a customer's contact details count as not confirmed."""
    app, target, _ = command_context(company, None)
    months = quality.set_confirm_months(app.uow(), target, confirm_months, actor=cli_actor(),
                                        at=clock.now())  # fmt: skip
    console.print(f"{target.code}: contact details are confirmed every {months} months.")
