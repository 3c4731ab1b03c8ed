"""`tijdig plan`: payment plans offered, approved, accepted in writing, cancelled, listed;
and the company's limits for plans offered without approval."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from tijdig import clock
from tijdig.domain.collection.plans import (
    AcceptanceWay,
    Frequency,
    PaymentPlan,
    PlanLimits,
    PlanStatus,
    WrittenAcceptance,
)
from tijdig.domain.errors import InvalidValue
from tijdig.domain.money import parse_amount
from tijdig.domain.reason_texts import say
from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    JsonOption,
    cli_actor,
    command_context,
    judged_line,
    later,
    parse_date,
    print_json,
    today,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.services.plans import judging, limits, plans
else:
    judging = later("tijdig.services.plans.judging")
    limits = later("tijdig.services.plans.limits")
    plans = later("tijdig.services.plans.plans")

plan_app = typer.Typer(help="Payment plans: offered, accepted in writing, in force.",
                       no_args_is_help=True)  # fmt: skip
PlanId = Annotated[int, typer.Argument(help="The plan's number (`tijdig plan list`).")]
FILE_WAYS = {"signed": AcceptanceWay.SIGNED_COPY, "email": AcceptanceWay.EMAIL_REPLY}


def _show(plan: PaymentPlan) -> None:
    table = Table("", "due", "amount")
    for part in plan.instalments:
        table.add_row("deposit" if part.is_deposit else str(part.number), str(part.due_on),
                      f"{part.amount:.2f}")  # fmt: skip
    console.print(table)


@plan_app.command("offer")
def offer(
    customer: Annotated[str, typer.Argument(help="Customer number.")],
    invoices: Annotated[str, typer.Option("--invoices", help="Invoice numbers, comma-separated.")],
    count: Annotated[int, typer.Option("--instalments", help="How many plan instalments.")],
    first: Annotated[str, typer.Option("--first", help="The first plan instalment's day.")],
    weekly: Annotated[bool, typer.Option("--weekly", help="Weekly, not monthly.")] = False,
    deposit: Annotated[str | None, typer.Option("--deposit", help="A deposit first.")] = None,
    deposit_on: Annotated[
        str | None, typer.Option("--deposit-on", help="The deposit's day (default: --first).")
    ] = None,
    company: CompanyOption = None,
) -> None:
    """Offer a plan over the invoices, with the costs and interest already owed on them;
    outside the company's limits it waits for a person's approval (a task)."""
    app, target, _ = command_context(company, None)
    terms = plans.PlanTerms(
        tuple(n.strip() for n in invoices.split(",") if n.strip()), count,
        parse_date(first, field="--first"), Frequency.WEEKLY if weekly else Frequency.MONTHLY,
        None if deposit is None else parse_amount(deposit, field="--deposit"),
        None if deposit_on is None else parse_date(deposit_on, field="--deposit-on"),
    )  # fmt: skip
    done = plans.offer_plan(app.uow(), target, customer, terms, on=clock.today(),
                            actor=cli_actor(), at=clock.now())  # fmt: skip
    p = done.plan
    console.print(
        f"Plan {done.plan_id} ({p.reference}): {p.currency} {p.total:.2f} "
        f"(costs {p.costs:.2f}, interest {p.interest:.2f}) is {p.status.value}."
    )
    _show(p)  # fmt: skip
    for why in done.outside_limits:
        console.print(f"Outside the limits: {say(why)}")


@plan_app.command("approve")
def approve(plan_id: PlanId, company: CompanyOption = None) -> None:
    """Approve a plan outside the limits: it is offered to the customer."""
    app, target, _ = command_context(company, None)
    plan = plans.approve_plan(app.uow(), target, plan_id, actor=cli_actor(), at=clock.now())
    console.print(f"Plan {plan_id} ({plan.reference}) is offered.")


@plan_app.command("accept")
def accept(
    plan_id: PlanId,
    file: Annotated[
        Path,
        typer.Option(
            "--file", help="The signed copy or e-mail reply.", exists=True, dir_okay=False
        ),
    ],
    way: Annotated[str, typer.Option("--way", help="signed or email.")] = "signed",
    on: Annotated[str | None, typer.Option("--on", help="The day it was accepted.")] = None,
    company: CompanyOption = None,
) -> None:
    """Record the customer's written acceptance, kept as a file: the plan is in force."""
    app, target, _ = command_context(company, None)
    if way not in FILE_WAYS:
        raise InvalidValue("--way", "signed or email")
    day = clock.today() if on is None else parse_date(on, field="--on")
    accepted_at = clock.moment_on(day)
    mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    evidence = WrittenAcceptance(FILE_WAYS[way], accepted_at, filename=file.name,
                                 mime_type=mime, content=file.read_bytes())  # fmt: skip
    plan = plans.accept_plan(app.uow(), target, plan_id, evidence, letters=app.plan_letters(),
                             on=day, actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(
        f"Plan {plan_id} ({plan.reference}) is in force from {plan.accepted_on}; "
        "its confirmation is queued (tijdig send sends it)."
    )


@plan_app.command("cancel")
def cancel(
    plan_id: PlanId,
    note: Annotated[str, typer.Option("--note", help="Why.")] = "",
    company: CompanyOption = None,
) -> None:
    """Cancel a plan: its invoices follow the policy again."""
    app, target, _ = command_context(company, None)
    plans.cancel_plan(app.uow(), target, plan_id, note=note, actor=cli_actor(), at=clock.now())
    console.print(f"Plan {plan_id} is cancelled.")


@plan_app.command("list")
def list_plans(
    customer: Annotated[str | None, typer.Option("--customer", help="One customer's.")] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="proposed, offered, in_force, kept, broken or cancelled."),
    ] = None,
    company: CompanyOption = None,
    as_json: JsonOption = False,
) -> None:
    """The company's payment plans, oldest first."""
    app, target, _ = command_context(company, None)
    found = plans.plans_of(app.uow(), target, customer_number=customer,
                           status=None if status is None else _status(status))  # fmt: skip
    if as_json:
        print_json(
            [
                {
                    "id": s.plan_id,
                    "reference": s.plan.reference,
                    "customer": s.plan.customer_number,
                    "status": s.plan.status.value,
                    "invoices": list(s.plan.invoice_numbers),
                    "total": s.plan.total,
                    "instalments": [
                        {"number": i.number, "due": i.due_on, "amount": i.amount}
                        for i in s.plan.instalments
                    ],
                }
                for s in found
            ]
        )
        return  # fmt: skip
    table = Table("plan", "reference", "customer", "status", "invoices", "total", "last due")
    for s in found:
        p = s.plan
        table.add_row(str(s.plan_id), p.reference, p.customer_number, p.status.value,
                      ", ".join(p.invoice_numbers), f"{p.currency} {p.total:.2f}",
                      str(p.last_day))  # fmt: skip
    console.print(table)


def _status(text: str) -> PlanStatus:
    try:
        return PlanStatus(text)
    except ValueError:
        raise InvalidValue("--status", ", ".join(s.value for s in PlanStatus)) from None


@plan_app.command("limits")
def set_limits(
    most: Annotated[int | None, typer.Option("--most", help="Most plan instalments.")] = None,
    least: Annotated[str | None, typer.Option("--least", help="Smallest plan instalment.")] = None,
    months: Annotated[int | None, typer.Option("--months", help="Longest duration.")] = None,
    deposit: Annotated[
        bool | None, typer.Option("--deposit/--no-deposit", help="Whether a deposit is required.")
    ] = None,
    company: CompanyOption = None,
) -> None:
    """Show the company's limits for plans offered without approval, or change them."""
    app, target, _ = command_context(company, None)
    now = limits.plan_limits(app.uow(), target)
    if (most, least, months, deposit) != (None, None, None, None):
        now = limits.set_plan_limits(app.uow(), target, PlanLimits(
            now.max_instalments if most is None else most,
            now.min_instalment if least is None else parse_amount(least, field="--least"),
            now.max_months if months is None else months,
            now.deposit_required if deposit is None else deposit,
        ), actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"At most {now.max_instalments} plan instalments of at least "
                  f"{now.min_instalment:.2f}, over at most {now.max_months} months; deposit "
                  f"{'required' if now.deposit_required else 'optional'}.")  # fmt: skip


@plan_app.command("judge")
def judge(company: CompanyOption = None, as_of: AsOfOption = None) -> None:
    """Judge the plans in force against the bank booked: a plan instalment unpaid once the
    next working day's statement is booked plans a call and queues its reminder; unpaid
    past the reminder's day, it breaks its plan (`tijdig run` does this first too)."""
    app, target, day = command_context(company, as_of)
    judged = judging.judge_plans(app.uow(), target, letters=app.plan_letters(), as_of=day,
                                 today=today(), actor=cli_actor(), at=clock.now())  # fmt: skip
    if judged is None:
        console.print(f"Nothing judged: {day} is after today ({today()}).")
        return
    console.print(judged_line(judged))
