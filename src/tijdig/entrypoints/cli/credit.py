"""`tijdig credit`: a customer's credit status (ok or hold, with the reasons), holds by
hand, the company's rules, and the refresh that announces changes; `tijdig webhooks`:
the URLs that hear of each change, their delivery and its log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from tijdig import clock
from tijdig.domain.credit import CreditRules, CreditStatus
from tijdig.domain.reason_texts import say
from tijdig.domain.reasons import params_to_json
from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    JsonOption,
    cli_actor,
    command_context,
    company_for,
    installation,
    later,
    print_json,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.services.credit import status as credit
    from tijdig.services.credit import webhooks as hooks
else:
    credit = later("tijdig.services.credit.status")
    hooks = later("tijdig.services.credit.webhooks")


class ShowByDefault(TyperGroup):
    """`tijdig credit 1001` is `tijdig credit show 1001`: a first word that is no command
    is a customer number."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["show", *args]
        return super().parse_args(ctx, args)


credit_app = typer.Typer(
    cls=ShowByDefault,
    help="Credit status: ok or hold (deliveries stopped), with the reasons.",
    no_args_is_help=True,
)
webhooks_app = typer.Typer(
    help="Webhook URLs that hear of each change of a customer's credit status.",
    no_args_is_help=True,
)
CustomerArgument = Annotated[str, typer.Argument(help="Customer number.")]


def status_json(number: str, status: CreditStatus) -> dict[str, Any]:
    return {
        "customer": number, "status": status.state.value,
        "reasons": [{"code": r.code.value, "params": params_to_json(r.params), "text": say(r)}
                    for r in status.reasons],
    }  # fmt: skip


def _print_status(number: str, status: CreditStatus) -> None:
    colour = "red" if status.reasons else "green"
    console.print(f"Customer {escape(number)}: [bold {colour}]{status.state.value}[/]")
    for r in status.reasons:
        console.print(f"  - {escape(say(r))}")


@credit_app.command("show")
def show(
    customer: CustomerArgument, company: CompanyOption = None, as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:  # fmt: skip
    """The customer's credit status on the day: ok, or hold with the reasons."""
    app, target, day = command_context(company, as_of)
    status = credit.customer_status(app.uow(), target, customer, as_of=day)
    history = credit.hold_history(app.uow(), target, customer)
    if as_json:
        print_json(status_json(customer, status) | {"holds_by_hand": [
            {"reason": h.hold.reason, "by": h.hold.by, "since": h.hold.since,
             "lifted_by": h.lifted_by,
             "lifted_at": h.lifted_at.isoformat() if h.lifted_at else None}
            for h in history]})  # fmt: skip
        return
    _print_status(customer, status)
    for h in history:
        lifted = (
            f"lifted by {h.lifted_by} at {h.lifted_at:%Y-%m-%d %H:%M}"
            if h.lifted_at
            else "in force"
        )
        console.print(f"  Held by hand since {h.hold.since} by {escape(h.hold.by)} "
                      f"({escape(h.hold.reason)}): {escape(lifted)}")  # fmt: skip


def _print_changes(done: credit.Refreshed) -> None:
    for change in done.changes:
        console.print(f"Customer {escape(change.customer)}: {change.before.state.value} → "
                      f"{change.after.state.value}")  # fmt: skip
    console.print(f"{done.checked} customer(s) checked, {len(done.changes)} changed, "
                  f"{done.events} webhook event(s) queued.")  # fmt: skip


@credit_app.command("hold")
def hold(
    customer: CustomerArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why the customer is held.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Put the customer on hold by hand, saying why (announced to the webhooks)."""
    app, target, day = command_context(company, as_of)
    done = credit.hold(app.uow(), target, customer, reason=reason, as_of=day, actor=cli_actor(),
                       at=clock.now())  # fmt: skip
    console.print(f"Customer {escape(customer)} held by hand.")
    _print_changes(done)


@credit_app.command("lift")
def lift(customer: CustomerArgument, company: CompanyOption = None,
         as_of: AsOfOption = None) -> None:  # fmt: skip
    """Lift the customer's hold by hand; the company's rules may still hold it."""
    app, target, day = command_context(company, as_of)
    done = credit.lift(app.uow(), target, customer, as_of=day, actor=cli_actor(), at=clock.now())
    console.print(f"Hold by hand of customer {escape(customer)} lifted.")
    _print_changes(done)


@credit_app.command("refresh")
def refresh(
    customers: Annotated[
        list[str] | None, typer.Argument(help="Customer numbers; default all.")
    ] = None,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Work every customer's status out for the day; each change is stored and queued
    for the webhooks (`tijdig webhooks deliver` sends them)."""
    app, target, day = command_context(company, as_of)
    done = credit.refresh_credit_statuses(app.uow(), target, as_of=day, actor=cli_actor(),
                                          at=clock.now(), numbers=customers or None)  # fmt: skip
    _print_changes(done)


def _rules_json(rules: CreditRules) -> dict[str, Any]:
    return {"overdue_days": rules.overdue_days, "overdue_amount": rules.overdue_amount,
            "over_limit": rules.over_limit, "broken_plan": rules.broken_plan,
            "handed_over": rules.handed_over}  # fmt: skip


OnOff = Annotated[bool | None, typer.Option(help="Hold on this rule (on) or not (off).")]


@credit_app.command("rules")
def rules(
    overdue_days: Annotated[
        int | None,
        typer.Option(help="Hold when an invoice is more than N days overdue; -1 turns it off."),
    ] = None,
    overdue_amount: Annotated[
        str | None, typer.Option(help="Hold when more than this (EUR) is overdue; 'off'.")
    ] = None,
    over_limit: Annotated[bool | None, typer.Option("--over-limit/--no-over-limit")] = None,
    broken_plan: Annotated[bool | None, typer.Option("--broken-plan/--no-broken-plan")] = None,
    handed_over: Annotated[bool | None, typer.Option("--handed-over/--no-handed-over")] = None,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the company's credit rules, or change those given (statuses follow at once)."""
    from decimal import Decimal, InvalidOperation

    from tijdig.domain.errors import InvalidValue
    from tijdig.domain.refusals import Refusal

    app, target, day = command_context(company, as_of)
    current = credit.rules(app.uow(), target)
    changes: dict[str, Any] = {}
    if overdue_days is not None:
        changes["overdue_days"] = None if overdue_days < 0 else overdue_days
    if overdue_amount is not None:
        try:
            amount = None if overdue_amount.lower() == "off" else Decimal(overdue_amount)
        except InvalidOperation:
            raise InvalidValue("--overdue-amount", Refusal.NOT_AN_AMOUNT,
                               value=overdue_amount) from None  # fmt: skip
        changes["overdue_amount"] = amount
    for name, value in (("over_limit", over_limit), ("broken_plan", broken_plan),
                        ("handed_over", handed_over)):  # fmt: skip
        if value is not None:
            changes[name] = value
    if changes:
        new = CreditRules(**{**_rules_json(current), **changes})
        done = credit.save_rules(app.uow(), target, new, as_of=day, actor=cli_actor(),
                                 at=clock.now())  # fmt: skip
        current = new
        if not as_json:
            _print_changes(done)
    if as_json:
        print_json(_rules_json(current))
    else:
        console.print(f"Credit rules of {target.code}: {current.describe()}")


@webhooks_app.command("add")
def add(url: Annotated[str, typer.Argument(help="https:// URL to post events to.")],
        company: CompanyOption = None) -> None:  # fmt: skip
    """Add a URL; its signing secret is shown once, now: keep it."""
    app = installation()
    target = company_for(app, company)
    made = hooks.add_webhook(app.uow(), target, url,
                             allow_local_http=app.settings.webhooks_allow_local_http,
                             actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"Webhook {made.webhook.id} added: {escape(made.webhook.url)}")
    console.print("Signing secret (shown once, keep it):")
    typer.echo(made.secret)


@webhooks_app.command("list")
def list_webhooks(company: CompanyOption = None, as_json: JsonOption = False) -> None:
    """The company's webhook URLs."""
    app = installation()
    found = hooks.webhooks(app.uow(), company_for(app, company))
    if as_json:
        print_json([{"id": h.id, "url": h.url, "created_by": h.created_by,
                     "created_at": h.created_at.isoformat()} for h in found])  # fmt: skip
        return
    table = Table("id", "URL", "added by", "added at")
    for h in found:
        table.add_row(
            str(h.id), escape(h.url), escape(h.created_by), f"{h.created_at:%Y-%m-%d %H:%M}"
        )
    console.print(table)


@webhooks_app.command("remove")
def remove(webhook_id: Annotated[int, typer.Argument(help="The id `webhooks list` shows.")],
           company: CompanyOption = None) -> None:  # fmt: skip
    """Remove a URL: its undelivered events are cancelled; the log stays."""
    app = installation()
    gone = hooks.remove_webhook(app.uow(), company_for(app, company), webhook_id,
                                actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"Webhook {gone.id} removed: {escape(gone.url)}")


def _attempts(attempts: Sequence[Any]) -> str:
    return ", ".join(f"#{a.number} {a.status_code or a.error or ''}".strip() for a in attempts)


@webhooks_app.command("log")
def log(company: CompanyOption = None, limit: Annotated[int, typer.Option(min=1)] = 50,
        as_json: JsonOption = False) -> None:  # fmt: skip
    """The latest events with every attempt: status code or error, next attempt."""
    app = installation()
    events = hooks.delivery_log(app.uow(), company_for(app, company), limit=limit)
    if as_json:
        print_json([
            {"event_id": e.event_id, "type": e.kind, "url": e.url, "customer": e.customer,
             "status": e.status.value,
             "next_attempt_at": e.next_attempt_at.isoformat() if e.next_attempt_at else None,
             "attempts": [{"number": a.number, "at": a.at.isoformat(),
                           "status_code": a.status_code, "error": a.error}
                          for a in e.attempts]}
            for e in events
        ])  # fmt: skip
        return
    table = Table("event", "customer", "URL", "status", "attempts", "next attempt")
    for e in events:
        following = f"{e.next_attempt_at:%Y-%m-%d %H:%M:%S}" if e.next_attempt_at else ""
        table.add_row(e.event_id[:8], escape(e.customer or ""), escape(e.url), e.status.value,
                      escape(_attempts(e.attempts)), following)  # fmt: skip
    console.print(table)


@webhooks_app.command("deliver")
def deliver(company: CompanyOption = None) -> None:
    """Send every event that is due (each company's, or one's), respecting back-off; safe
    to run while another runs."""
    app = installation()
    target = company_for(app, company) if company else None
    done = hooks.deliver(app.uow, app.webhook_sender(), now=clock.now(), clock=clock.now,
                         company=target)  # fmt: skip
    console.print(f"{done.delivered} delivered, {done.failed} failed (tried again later), "
                  f"{done.lost} taken by another run.")  # fmt: skip
