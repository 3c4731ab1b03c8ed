"""`tijdig run` (propose, show, approve, skip) and `tijdig policy` (export, import)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tijdig import clock
from tijdig.domain.collection.run_items import DECIDED_KINDS, RunItemKind
from tijdig.domain.reason_texts import say
from tijdig.entrypoints.cli.common import (
    AsOfOption,
    BackgroundOption,
    CompanyOption,
    JsonOption,
    cli_actor,
    command_context,
    company_for,
    installation,
    judged_line,
    later,
    print_json,
    today,
)
from tijdig.entrypoints.cli.console import console
from tijdig.entrypoints.cli.queueing import queue_background

if TYPE_CHECKING:
    from tijdig.services.announce import Announced
    from tijdig.services.collection import day as daily
    from tijdig.services.collection import payload, review
    from tijdig.services.collection import run as runs
    from tijdig.services.collection.views import RunItem, RunView
else:
    daily = later("tijdig.services.collection.day")
    runs = later("tijdig.services.collection.run")
    review = later("tijdig.services.collection.review")
    payload = later("tijdig.services.collection.payload")

run_app = typer.Typer(
    help="The daily run: what should happen next for every customer.",
    invoke_without_command=True,
)
policy_app = typer.Typer(
    help="The collection policies of a company, as TOML.", no_args_is_help=True
)

# Above this many proposals `tijdig run` prints counts per step instead of every item.
LIST_AT_MOST = 40

Ids = Annotated[list[int] | None, typer.Argument(help="Item ids (see `tijdig run show`).")]


def _now() -> datetime:
    return clock.now()


@run_app.callback()
def run(
    ctx: typer.Context,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    background: BackgroundOption = False,
) -> None:
    """Propose, per customer, one message listing its overdue invoices; say why for each."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = company
        return
    app, target, day = command_context(company, as_of)
    if background:
        queue_background(app, target, "run", as_of=day)
        return
    with console.status(f"Running the day for {target.code}…"):
        day_run = daily.run_the_day(app.uow(), target, letters=app.plan_letters(), as_of=day,
                                    actor=cli_actor(), at=_now(), today=today())  # fmt: skip
    summary, judged = day_run.run, day_run.plans
    view = runs.show_run(app.uow(), target, summary.run_id)
    if as_json:
        print_json(_view_json(view))
        return
    for warning in summary.warnings:
        console.print(f"[yellow]warning[/]: {escape(say(warning))}")
    if view.count(RunItemKind.MESSAGE) + view.count(RunItemKind.CALL) <= LIST_AT_MOST:
        _print_view(view, kinds=DECIDED_KINDS)
    else:
        _print_steps(view)
    console.print(
        f"Run {summary.run_id} as of {day}: {summary.customers} customers, "
        f"{summary.proposals} proposals ({summary.auto_approved} approved automatically), "
        f"{summary.calls} calls, {summary.fallbacks} plan B, {summary.holds} holds. "
        "Next: `tijdig run approve --all` or `tijdig run approve ID ...`, then `tijdig send`."
    )
    _print_judged(summary.follow_ups, day)
    if judged is not None and (judged.kept or judged.broken or judged.reminded):
        console.print(judged_line(judged))
    if day_run.announced is not None and day_run.announced.anything:
        console.print(f"Announced: {announced_line(day_run.announced)}")


def _print_judged(follow_ups: int | None, day: date) -> None:
    if follow_ups is None:
        console.print(f"Promises to pay not judged: {day} is after today ({today()}).")
    else:
        console.print(f"{follow_ups} follow-up(s) raised for promises not kept.")


@run_app.command("show")
def show(
    ctx: typer.Context,
    run_id: Annotated[int | None, typer.Argument(help="Run id; default the latest.")] = None,
    holds: Annotated[bool, typer.Option("--holds", help="Also list holds.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Show a run's proposals, calls (and holds) with their status and reasons."""
    app = installation()
    view = runs.show_run(app.uow(), company_for(app, ctx.obj), run_id)
    if as_json:
        print_json(_view_json(view))
        return
    _print_view(view, kinds=tuple(RunItemKind) if holds else DECIDED_KINDS)


@run_app.command("approve")
def approve(
    ctx: typer.Context,
    ids: Ids = None,
    approve_all: Annotated[bool, typer.Option("--all", help="Approve every proposal.")] = False,
) -> None:
    """Approve proposals and calls of the latest run; `tijdig send` carries them out."""
    if not ids and not approve_all:
        raise typer.BadParameter("name item ids or use --all")
    app = installation()
    decided = review.decide(
        app.uow(), company_for(app, ctx.obj), run_id=None, decision="approve",
        item_ids=() if approve_all else (ids or ()), every=approve_all, actor=cli_actor(),
        at=_now(),
    )  # fmt: skip
    console.print(f"{decided.moved} item(s) approved. Next: `tijdig send`.")


@run_app.command("skip")
def skip(ctx: typer.Context, ids: Ids = None) -> None:
    """Skip proposals of the latest run: nothing is sent for them."""
    if not ids:
        raise typer.BadParameter("name the item ids to skip")
    app = installation()
    decided = review.decide(
        app.uow(), company_for(app, ctx.obj), run_id=None, decision="skip", item_ids=ids,
        actor=cli_actor(), at=_now(),
    )  # fmt: skip
    console.print(f"{decided.moved} item(s) skipped.")


def _print_steps(view: RunView) -> None:
    counts = Counter((i.kind, i.step_key or "", i.channel or "") for i in view.items
                     if i.kind in DECIDED_KINDS)  # fmt: skip
    table = Table("kind", "step", "channel", "count", title=f"Run {view.id}: proposals by step")
    for (kind, step, channel), count in sorted(counts.items()):
        table.add_row(kind, step, channel, f"{count:,}")
    console.print(table)
    console.print("`tijdig run show` lists every item.")


def _print_view(view: RunView, *, kinds: tuple[RunItemKind, ...]) -> None:
    table = Table("id", "kind", "status", "customer", "step", "channel", "invoices", "why",
                  title=f"Run {view.id} ({view.company_code}) as of {view.as_of}")  # fmt: skip
    for item in view.items:
        if item.kind in kinds:
            table.add_row(*_row(item))
    console.print(table)


def _row(item: RunItem) -> tuple[str, ...]:
    found = item.payload
    lines = found.approved.lines if isinstance(found, payload.MessagePayload) else ()
    customer = f"{item.customer_number or ''} {item.customer_name or ''}".strip()
    return (str(item.id), item.kind, item.status, customer, item.step_key or "",
            item.channel or "", str(len(lines)) if lines else "", item.line)  # fmt: skip


def _view_json(view: RunView) -> dict[str, object]:
    return {
        "run": view.id,
        "company": view.company_code,
        "as_of": view.as_of,
        "items": [
            {
                "id": i.id,
                "kind": i.kind,
                "status": i.status,
                "customer": i.customer_number,
                "step": i.step_key,
                "channel": i.channel,
                "summary": i.line,
                "detail": payload.payload_to_json(i.payload),
                "auto_approved": i.auto_approved,
            }
            for i in view.items
        ],
    }


@policy_app.command("export")
def export(company: CompanyOption = None) -> None:
    """Print the company's policy set as TOML (the defaults until one is imported)."""
    from tijdig.domain.collection.policy_toml import dump_policy_set

    app = installation()
    target = company_for(app, company)
    with app.uow() as uow:
        _, policies = runs.policies_for(uow, target)
    typer.echo(dump_policy_set(policies), nl=False)


@policy_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A TOML file as `tijdig policy export` writes.")],
    company: CompanyOption = None,
) -> None:
    """Check a policy set and store it for the company; a refused file changes nothing."""
    from tijdig.domain.collection.policy_toml import load_policy_set

    app = installation()
    target = company_for(app, company)
    text = file.read_text(encoding="utf-8")
    policies = load_policy_set(text)
    runs.save_policies(app.uow(), target, text, actor=cli_actor(), at=_now())
    console.print(f"{len(policies.policies)} policies stored for {target.code}.")


@policy_app.command("settings")
def settings(
    company: CompanyOption = None,
    auto_approve: Annotated[
        bool | None,
        typer.Option(
            "--auto-approve-friendly/--no-auto-approve-friendly",
            help="Approve friendly steps automatically.",
        ),
    ] = None,
    large_amount: Annotated[
        str | None, typer.Option(help="Overdue total that also gets a call.")
    ] = None,
    bank_stale_days: Annotated[
        int | None,
        typer.Option(help="Working days after which an old bank statement holds the run."),
    ] = None,
    reply_hold_days: Annotated[
        int | None,
        typer.Option(help="Working days an unconfirmed reply holds its customer (0-20)."),
    ] = None,
) -> None:
    """Show the company's collection settings, or change the ones given."""
    from tijdig.domain.money import parse_amount

    app = installation()
    target = company_for(app, company)
    current = runs.update_settings(
        app.uow(), target, actor=cli_actor(), at=_now(), auto_approve_friendly=auto_approve,
        large_amount=None if large_amount is None else parse_amount(large_amount,
                                                                    field="--large-amount"),
        bank_stale_working_days=bank_stale_days, reply_hold_working_days=reply_hold_days,
    )  # fmt: skip
    console.print(
        f"{target.code}: friendly steps approved automatically: "
        f"{'yes' if current.auto_approve_friendly else 'no'}; call from an overdue total of "
        f"{current.large_amount}; bank statement stale after "
        f"{current.bank_stale_working_days} working day(s); an unconfirmed reply holds "
        f"{current.reply_hold_working_days} working day(s)"
    )


def announced_line(done: Announced) -> str:
    """What other systems will hear: credit status changes, direct payments."""
    parts = []
    if done.credit.changes:
        parts.append(f"credit status of {len(done.credit.changes)} customer(s) changed, "
                     f"{done.credit.events} webhook event(s) queued")  # fmt: skip
    if done.direct_payments:
        parts.append(f"{done.direct_payments} direct payment(s) after a hand-over announced")
    return "; ".join(parts) + " (`tijdig webhooks deliver`)."
