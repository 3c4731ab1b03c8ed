"""`tijdig note`: other departments' internal notes (S3-2). An open complaint, a
delivery pending or extra work holds the customer (or the one invoice named) until the
note is closed or its end date passes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tijdig import clock
from tijdig.domain.collection.internal import (
    Department,
    InternalNote,
    NoteKind,
    parse_department,
    parse_note_kind,
)
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
    from tijdig.services.records import notes
else:
    notes = later("tijdig.services.records.notes")

note_app = typer.Typer(
    help="Internal notes of other departments: they hold the reminders.", no_args_is_help=True
)

DEPARTMENT_HELP = f"Whose note: {', '.join(d.value for d in Department)}."
KIND_HELP = f"What it is: {', '.join(k.value for k in NoteKind)}."


def note_json(note: InternalNote) -> dict[str, Any]:
    return {
        "id": note.id, "customer": note.customer_number, "invoice": note.invoice_number,
        "department": note.department.value, "kind": note.kind.value, "text": note.text,
        "opened_on": note.opened_on, "until": note.until, "closed_on": note.closed_on,
    }  # fmt: skip


@note_app.command("add")
def note_add(
    customer: Annotated[str, typer.Argument(help="Customer number.")],
    department: Annotated[str, typer.Option("--department", help=DEPARTMENT_HELP)],
    kind: Annotated[str, typer.Option("--kind", help=KIND_HELP)],
    text: Annotated[str, typer.Option("--text", help="What it is about.")],
    invoice: Annotated[
        str | None, typer.Option("--invoice", help="Only this invoice (else the customer).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="The last day it holds (else until closed).")
    ] = None,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Register a note on a customer or one invoice: the run holds it from today."""
    app, target, when = command_context(company, as_of)
    note = notes.add_note(
        app.uow(), target, customer, department=parse_department(department),
        kind=parse_note_kind(kind), text=text, invoice_number=invoice,
        until=None if until is None else parse_date(until, field="--until"), as_of=when,
        actor=cli_actor(), at=clock.now(),
    )  # fmt: skip
    held = f"invoice {invoice}" if invoice else f"customer {customer}"
    ends = f" until {note.until}" if note.until else " until it is closed"
    console.print(f"Note {note.id}: {note.department.value} {note.kind.value}; "
                  f"{held} is held{ends}.")  # fmt: skip


@note_app.command("close")
def note_close(
    note_id: Annotated[int, typer.Argument(help="The note's id.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Close a note: from today it holds nothing."""
    app, target, when = command_context(company, as_of)
    note = notes.close_note(app.uow(), target, note_id, as_of=when, actor=cli_actor(),
                            at=clock.now())  # fmt: skip
    console.print(f"Note {note_id} is closed as of {note.closed_on}.")


@note_app.command("list")
def note_list(
    customer: Annotated[
        str | None, typer.Option("--customer", help="Only this customer's notes.")
    ] = None,
    all_notes: Annotated[bool, typer.Option("--all", help="Closed and ended notes too.")] = False,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """The notes holding today (with `--all`, every note), the latest first."""
    app, target, when = command_context(company, as_of)
    found = notes.list_notes(app.uow(), target, customer_number=customer,
                             holding_on=None if all_notes else when)  # fmt: skip
    if as_json:
        print_json([note_json(n) for n in found])
        return
    table = Table("id", "customer", "invoice", "department", "kind", "since", "until", "closed",
                  "text", title="Internal notes")  # fmt: skip
    for n in found:
        table.add_row(str(n.id), n.customer_number, n.invoice_number or "—", n.department.value,
                      n.kind.value, str(n.opened_on), str(n.until or "—"),
                      str(n.closed_on or "—"), escape(n.text))  # fmt: skip
    console.print(table)
