"""`tijdig promise`, `log`, `agenda` and `task`: what was said and agreed (`tijdig
dispute` is disputes.py's)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tijdig import clock
from tijdig.clock import BUSINESS_TIMEZONE
from tijdig.domain.collection.records import ContactEvent, ReasonCode
from tijdig.domain.collection.scripts import CallContact
from tijdig.domain.money import parse_amount
from tijdig.domain.reason_texts import plain
from tijdig.domain.reasons import many_to_json
from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    JsonOption,
    cli_actor,
    command_context,
    company_for,
    installation,
    later,
    parse_date,
    print_json,
)
from tijdig.entrypoints.cli.console import console
from tijdig.entrypoints.cli.timeline import timeline_panel

if TYPE_CHECKING:
    from tijdig.services.records import agenda as agenda_service
    from tijdig.services.records import contacts, disputes, outcomes, ports, promises, tasks
    from tijdig.services.records.agenda import Agenda, AgendaItem
    from tijdig.services.records.outcomes import Agreement, Recorded
    from tijdig.services.records.promises import LapsedPromise
else:
    agenda_service = later("tijdig.services.records.agenda")
    contacts = later("tijdig.services.records.contacts")
    disputes = later("tijdig.services.records.disputes")
    outcomes = later("tijdig.services.records.outcomes")
    ports = later("tijdig.services.records.ports")
    promises = later("tijdig.services.records.promises")
    tasks = later("tijdig.services.records.tasks")

promise_app = typer.Typer(help="Promises to pay.", no_args_is_help=True)
log_app = typer.Typer(help="The contact log.", no_args_is_help=True)
task_app = typer.Typer(help="Agenda tasks.", no_args_is_help=True)

REASON_HELP = f"Reason code: {', '.join(r.value for r in ReasonCode)}."
ReasonOption = Annotated[str | None, typer.Option("--reason", help=REASON_HELP)]
PromiseOption = Annotated[
    str | None, typer.Option("--promise", help="The customer promises to pay by this date.")
]
AmountOption = Annotated[
    str | None, typer.Option("--amount", help="Amount promised (default: all that is overdue).")
]
DisputeOption = Annotated[
    str | None, typer.Option("--dispute", help="Open a dispute on this invoice (needs --reason).")
]
ByOption = Annotated[str, typer.Option("--by", help="Who at our side.")]


def _moment(as_of: str | None) -> datetime:
    """Now, or the given date at the current time of day."""
    now = clock.now().astimezone(BUSINESS_TIMEZONE)
    if as_of is None:
        return now
    return datetime.combine(
        parse_date(as_of, field="--as-of"), time(now.hour, now.minute), now.tzinfo
    )


def _reason(text: str | None) -> ReasonCode | None:
    return None if text is None else ports.parse_reason(text)


def _agreement(promise: str | None, amount: str | None, dispute: str | None) -> Agreement:
    when = None if promise is None else parse_date(promise, field="--promise")
    value = None if amount is None else parse_amount(amount, field="--amount")
    return outcomes.Agreement(when, value, dispute)


@promise_app.command("add")
def promise_add(
    customer: Annotated[str, typer.Argument(help="Customer number.")],
    on: Annotated[str, typer.Option("--date", help="The date the customer will pay by.")],
    amount: AmountOption = None,
    by: ByOption = "",
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Record a promise to pay; reminders wait for it, a broken one raises a follow-up."""
    app = installation()
    target = company_for(app, company)
    promise = promises.add_promise(
        app.uow(),
        target,
        customer,
        parse_date(on, field="--date"),
        amount=None if amount is None else parse_amount(amount, field="--amount"),
        made_at=_moment(as_of),
        by=by,
        actor=cli_actor(),
        at=clock.now(),
    )
    what = "everything overdue" if promise.amount is None else f"{promise.amount:.2f}"
    console.print(f"Customer {customer} promises to pay {what} by {promise.promised_date}.")


@log_app.command("add")
def log_add(
    customer: Annotated[str, typer.Argument(help="Customer number.")],
    kind: Annotated[str, typer.Option("--kind", help="call, personal_email, visit or note.")],
    summary: Annotated[str, typer.Option("--summary", help="What was said or written.")],
    with_whom: Annotated[str, typer.Option("--with", help="Who at the customer.")] = "",
    outcome: Annotated[str, typer.Option("--outcome", help="What came out of it.")] = "",
    reason: ReasonOption = None,
    next_step: Annotated[str, typer.Option("--next-step", help="The agreed next step.")] = "",
    by: ByOption = "",
    promise: PromiseOption = None,
    amount: AmountOption = None,
    dispute: DisputeOption = None,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Log a call, personal e-mail, visit or note; it may record a promise or a dispute."""
    app = installation()
    target = company_for(app, company)
    event = ContactEvent(
        customer_number=customer,
        kind=contacts.loggable_kind(kind),
        occurred_at=_moment(as_of),
        summary=summary,
        by=by,
        with_whom=with_whom,
        outcome=outcome,
        reason=_reason(reason),
        next_step=next_step,
    )
    done = contacts.log_contact(
        app.uow(), target, event, agreed=_agreement(promise, amount, dispute),
        actor=cli_actor(), at=clock.now(),
    )  # fmt: skip
    _print_recorded(f"Logged the {kind.replace('_', ' ')} with customer {customer}.", done)


def _print_recorded(headline: str, done: Recorded) -> None:
    console.print(headline)
    if done.promise is not None:
        console.print(f"Promise to pay by {done.promise.promised_date} recorded.")
    if done.dispute is not None:
        console.print(f"Invoice {done.dispute.invoice_number} is disputed and held.")


@log_app.command("show")
def log_show(
    customer: Annotated[str, typer.Argument(help="Customer number.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """The customer's contacts, agreements, disputes and open tasks as a timeline."""
    app, target, when = command_context(company, as_of)
    activity = agenda_service.customer_activity(app.uow(), target, customer, as_of=when)
    console.print(
        timeline_panel(activity.events, activity.tasks, activity.promises, activity.disputes)
    )


def agenda(
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    json_: JsonOption = False,
    scripts: Annotated[bool, typer.Option("--scripts", help="Print each call's script.")] = False,
) -> None:
    """The day's calls and overdue follow-ups, and the promises lapsed and not kept that
    await the run's judgement (`tijdig run` raises their follow-ups). Changes nothing."""
    app, target, when = command_context(company, as_of)
    result = agenda_service.agenda(app.uow(), target, as_of=when)
    if json_:
        print_json([_item_json(i) for i in result.items] + [_lapsed_json(p, when)
                                                            for p in result.lapsed])  # fmt: skip
        return
    console.print(_agenda_table(result))
    for item in result.items if scripts else ():
        if item.script:
            console.print(f"\n[bold]#{item.task_id} {escape(item.customer_name)}[/]")
            console.print(item.script, markup=False, highlight=False)


def _item_json(item: AgendaItem) -> dict[str, Any]:
    t, c = item.task, item.contact
    return {
        "id": item.task_id,
        "kind": t.kind.value,
        "customer": t.customer_number,
        "customer_name": item.customer_name,
        "due_on": t.due_on,
        "days_overdue": item.days_overdue,
        "title": plain(t.title),
        "reasons": many_to_json(t.reasons),  # why the engine planned it: codes and values
        "contact": None if c is None else {"name": c.name, "role": c.role, "phone": c.phone},
        "script": item.script,
    }


def _lapsed_json(lapsed: LapsedPromise, as_of: date) -> dict[str, Any]:
    """A lapsed promise as the follow-up the next run raises (no id until then)."""
    t, c, p = lapsed.follow_up, lapsed.contact, lapsed.promise
    return {
        "id": None,
        "kind": "lapsed_promise",
        "customer": t.customer_number,
        "customer_name": lapsed.customer_name,
        "due_on": t.due_on,
        "days_overdue": max(0, (as_of - t.due_on).days),
        "title": plain(t.title),
        "reasons": many_to_json(t.reasons),  # why the engine planned it: codes and values
        "contact": None if c is None else {"name": c.name, "role": c.role, "phone": c.phone},
        "script": t.script,
        "promised_date": p.promised_date,
        "amount": p.amount,
        "currency": p.currency,
    }


def _contact(contact: CallContact | None) -> str:
    return "" if contact is None else f"{contact.name} ({contact.role}) {contact.phone}"


def _agenda_table(result: Agenda) -> Table:
    table = Table(
        "id", "due", "late", "kind", "customer", "call", "what", title=f"Agenda for {result.as_of}"
    )
    for i in result.items:
        table.add_row(
            str(i.task_id),
            str(i.task.due_on),
            str(i.days_overdue or ""),
            i.task.kind.value,
            escape(f"{i.task.customer_number} {i.customer_name}"),
            escape(_contact(i.contact)),
            escape(plain(i.task.title)),
        )
    for lapsed in result.lapsed:
        t, p = lapsed.follow_up, lapsed.promise
        table.add_row(
            "-",
            str(t.due_on),
            str(max(0, (result.as_of - t.due_on).days) or ""),
            "lapsed promise",
            escape(f"{t.customer_number} {lapsed.customer_name}"),
            escape(_contact(lapsed.contact)),
            escape(f"Promise to pay by {p.promised_date} lapsed, not yet judged: "
                   "`tijdig run` raises its follow-up"),
        )  # fmt: skip
    if not result.items and not result.lapsed:
        table.caption = "Nothing due."
    return table


@task_app.command("add")
def task_add(
    customer: Annotated[str, typer.Argument(help="Customer number.")],
    on: Annotated[str, typer.Option("--on", help="The day of the next action.")],
    title: Annotated[str, typer.Option("--title", help="What is to be done.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Set a customer's next action for a day: a task in the agenda."""
    app, target, when = command_context(company, as_of)
    task_id, task = tasks.add_task(app.uow(), target, customer, title=title,
                                   due_on=parse_date(on, field="--on"), as_of=when,
                                   actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"Task {task_id} for {task.due_on}: {escape(str(task.title))}")


@task_app.command("done")
def task_done(
    task_id: Annotated[int, typer.Argument(help="Task id, as the agenda shows it.")],
    outcome: Annotated[str, typer.Option("--outcome", help="What came out of it.")],
    reason: ReasonOption = None,
    by: ByOption = "",
    promise: PromiseOption = None,
    amount: AmountOption = None,
    dispute: DisputeOption = None,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Close a task with its outcome; it may record a promise or a dispute."""
    app = installation()
    target = company_for(app, company)
    outcome_ = tasks.CallOutcome(outcome, _reason(reason), _agreement(promise, amount, dispute))
    done = tasks.complete_task(
        app.uow(),
        target,
        task_id,
        outcome_,
        done_at=_moment(as_of),
        by=by,
        actor=cli_actor(),
        at=clock.now(),
    )
    _print_recorded(f"Task {task_id} is done.", done)


@task_app.command("call-back")
def task_call_back(
    task_id: Annotated[int, typer.Argument(help="Task id, as the agenda shows it.")],
    on: Annotated[str, typer.Option("--on", help="Call back on this date (YYYY-MM-DD).")],
    note: Annotated[str, typer.Option("--note", help="What happened (voicemail...).")] = "",
    by: ByOption = "",
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Not reached: log the attempt and keep the task open, due again on --on."""
    app = installation()
    day = parse_date(on, field="--on")
    tasks.call_back(app.uow(), company_for(app, company), task_id, day, note=note,
                    done_at=_moment(as_of), by=by, actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"Task {task_id}: not reached, call back on {day}.")
