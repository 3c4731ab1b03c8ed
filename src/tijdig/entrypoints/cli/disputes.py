"""`tijdig dispute`: disputed invoices, each held (alone) until its outcome (S3-2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from tijdig import clock
from tijdig.domain.collection.internal import (
    Department,
    OutcomeKind,
    parse_department,
    parse_outcome,
)
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.money import parse_amount
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
    from tijdig.services.records import dispute_cases, disputes, ports
    from tijdig.services.records.case_ports import DisputeCase
else:
    dispute_cases = later("tijdig.services.records.dispute_cases")
    disputes = later("tijdig.services.records.disputes")
    ports = later("tijdig.services.records.ports")

dispute_app = typer.Typer(help="Disputed invoices: held until their outcome.", no_args_is_help=True)

REASON_HELP = f"Reason code: {', '.join(r.value for r in ReasonCode)}."
DEPARTMENT_HELP = f"The department that owns it: {', '.join(d.value for d in Department)}."
OUTCOME_HELP = f"The outcome: {', '.join(o.value for o in OutcomeKind)}."
InvoiceArgument = Annotated[str, typer.Argument(help="Invoice number.")]


def case_json(case: DisputeCase) -> dict[str, Any]:
    """A dispute as `--json` prints it."""
    return {
        "id": case.id, "invoice": case.invoice.number, "customer": case.invoice.customer_number,
        "reason": case.reason.value, "note": case.note, "opened_on": case.opened_on,
        "resolved_on": case.resolved_on,
        "department": None if case.department is None else case.department.value,
        "owner": case.owner, "deadline": case.deadline, "currency": case.invoice.currency,
        "open_amount": case.invoice.open_amount,
        "lines": [{"line": line.seq, "name": line.name, "amount": line.amount}
                  for line in case.lines],
        "disputed_amount": case.disputed_amount,
        "outcome": None if case.outcome is None else case.outcome.value,
        "explanation": case.explanation, "credit_note": case.credit_note,
        "corrected_invoice": case.replacement, "plan_id": case.plan_id,
    }  # fmt: skip


@dispute_app.command("add")
def dispute_add(
    invoice: InvoiceArgument,
    reason: Annotated[str, typer.Option("--reason", help=REASON_HELP)],
    note: Annotated[str, typer.Option("--note", help="What the customer says.")] = "",
    department: Annotated[str | None, typer.Option("--department", help=DEPARTMENT_HELP)] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="The user who decides it (optional).")
    ] = None,
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="Decide by this day: a task in the agenda.")
    ] = None,
    lines: Annotated[
        list[int] | None,
        typer.Option("--line", help="A disputed line's number on the invoice (repeat it)."),
    ] = None,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Hold one invoice (as a whole) while the customer disputes it, or some of its lines."""
    app, target, when = command_context(company, as_of)
    code = ports.parse_reason(reason)
    ownership = dispute_cases.Ownership(
        department=None if department is None else parse_department(department), owner=owner,
        deadline=None if deadline is None else parse_date(deadline, field="--deadline"),
        lines=tuple(lines or ()),
    )  # fmt: skip
    case = dispute_cases.open_case(app.uow(), target, invoice, code, note=note,
                                   ownership=ownership, as_of=when, actor=cli_actor(),
                                   at=clock.now())  # fmt: skip
    console.print(f"Invoice {case.invoice.number} is disputed ({code.value}) and held "
                  f"(dispute {case.id}).")  # fmt: skip
    if case.lines:
        said = ", ".join(str(line.seq) for line in case.lines)
        console.print(f"Lines {said}: {case.invoice.currency} {case.disputed_amount} disputed.")
    if case.deadline is not None:
        console.print(f"Task for {case.owner or case.department}: decide by {case.deadline}.")


@dispute_app.command("resolve")
def dispute_resolve(
    invoice: InvoiceArgument,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Resolve the invoice's dispute without an outcome: collection of it resumes."""
    app, target, when = command_context(company, as_of)
    disputes.resolve_dispute(
        app.uow(), target, invoice, as_of=when, actor=cli_actor(), at=clock.now()
    )
    console.print(f"The dispute on invoice {invoice} is resolved as of {when}.")


@dispute_app.command("outcome")
def dispute_outcome(
    invoice: InvoiceArgument,
    kind: Annotated[str, typer.Option("--kind", help=OUTCOME_HELP)],
    number: Annotated[
        str | None,
        typer.Option("--number", help="The credit note's or the corrected invoice's number."),
    ] = None,
    amount: Annotated[
        str | None, typer.Option("--amount", help="Its amount, to record one not imported.")
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", help="The corrected invoice's due date.")
    ] = None,
    explanation: Annotated[
        str, typer.Option("--explanation", help="Why it is rejected: sent to the customer.")
    ] = "",
    plan: Annotated[int | None, typer.Option("--plan", help="The payment plan's id.")] = None,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Close the invoice's dispute with its outcome: a credit note, a corrected invoice,
    rejected (with the explanation to the customer), or a payment plan."""
    app, target, when = command_context(company, as_of)
    outcome = dispute_cases.Outcome(
        parse_outcome(kind), number=number,
        amount=None if amount is None else parse_amount(amount, field="--amount"),
        due_on=None if due is None else parse_date(due, field="--due"),
        explanation=explanation, plan_id=plan,
    )  # fmt: skip
    case = dispute_cases.close_case(app.uow(), app.dispute_letters(), target, outcome,
                                    invoice_number=invoice, as_of=when, actor=cli_actor(),
                                    at=clock.now())  # fmt: skip
    console.print(f"The dispute on invoice {invoice} is closed as of {when}: {kind}.")
    if case.credit_note:
        console.print(f"Credit note {case.credit_note} is set off against it.")
    if case.replacement:
        console.print(f"Invoice {case.replacement} replaces it.")
    if case.outcome is OutcomeKind.REJECTED:
        console.print("The explanation is queued for the customer (`tijdig send` sends it).")


@dispute_app.command("show")
def dispute_show(
    invoice: InvoiceArgument,
    dispute_id: Annotated[
        int | None, typer.Option("--id", help="The dispute's id (else the open one).")
    ] = None,
    company: CompanyOption = None,
    as_json: JsonOption = False,
) -> None:
    """A dispute: owner, deadline, lines, outcome."""
    app, target, _when = command_context(company, None)
    case = dispute_cases.find_case(app.uow(), target, dispute_id=dispute_id,
                                   invoice_number=None if dispute_id else invoice)  # fmt: skip
    data = case_json(case)
    if as_json:
        print_json(data)
        return
    for key, value in data.items():
        if value not in (None, "", []):
            console.print(f"{key}: {escape(str(value))}")
