"""`tijdig customer habits NUMBER`: a customer's payment habits, learned from its paid
invoices, and the tolerance they suggest. `tijdig tolerance suggestions | accept |
dismiss`: the suggested tolerances waiting for a person, and deciding on one (S3-4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tijdig import clock
from tijdig.domain.parties import WEEKDAYS
from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    JsonOption,
    cli_actor,
    command_context,
    later,
    print_json,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.analytics.habits import Habits, UsualDay
    from tijdig.analytics.tolerance import ToleranceSuggestion
    from tijdig.services.records import habits
    from tijdig.services.records.habits import CustomerHabits
else:
    habits = later("tijdig.services.records.habits")

tolerance_app = typer.Typer(
    help="Tolerances suggested from customers' habits: accept or dismiss them.",
    no_args_is_help=True,
)
DaysOption = Annotated[int, typer.Option("--days", help="The suggested days (as listed).")]


def usual_text(day: UsualDay | None) -> str:
    if day is None:
        return "none"
    if day.kind.value == "weekday":
        return f"{WEEKDAYS[day.value]} ({day.share:.0%} of payment days)"
    return f"day {day.value} of the month ({day.share:.0%} of payment days)"


def suggestion_json(s: ToleranceSuggestion | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"days": s.days, "invoices": s.invoices, "on_own": s.on_own, "p90": s.p90}


def habits_json(view: CustomerHabits) -> dict[str, Any]:
    """The figures as the CLI's --json prints them (the API's schema has the same names)."""
    h = view.habits
    return {
        "customer": view.customer.number, "as_of": view.as_of,
        "tolerance_days": view.customer.tolerance_days, "paid_invoices": h.paid_invoices,
        "share_on_time": h.share_on_time, "weighted_days_late": h.weighted_days_late,
        "median_days_late": h.delay.median if h.delay else None,
        "iqr_days_late": h.delay.iqr if h.delay else None,
        "usual_day": None if h.usual_day is None else {
            "kind": h.usual_day.kind.value, "value": h.usual_day.value,
            "share": h.usual_day.share},
        "trend": h.trend.trend.value, "trend_slope": h.trend.slope,
        "months": [{"month": m.month, "invoices": m.invoices,
                    "average_days_late": m.average_days_late} for m in h.trend.months],
        "first_time_late": h.first_time_late,
        "settled": {"on_own": h.settled.on_own, "by_plan": h.settled.by_plan,
                    "by_agency": h.settled.by_agency, "after_step": dict(h.settled.after_step)},
        "suggestion": suggestion_json(view.suggestion),
    }  # fmt: skip


def _lines(h: Habits) -> list[str]:
    spread = "-" if h.delay is None else f"{h.delay.median} days (IQR {h.delay.iqr})"
    steps = ", ".join(f"after {k}: {n}" for k, n in h.settled.after_step) or "after a step: 0"
    months = ", ".join(f"{m.month} {m.average_days_late}" for m in h.trend.months) or "-"
    slope = "" if h.trend.slope is None else f" (slope {h.trend.slope} days a month)"
    return [
        f"Paid invoices: {h.paid_invoices}",
        f"Paid on time: {'-' if h.share_on_time is None else f'{h.share_on_time:.0%}'}",
        f"Days late, weighted by amount: {h.weighted_days_late or '-'}",
        f"Typical delay: {spread}",
        f"Usual payment day: {usual_text(h.usual_day)}",
        f"Trend over 12 months: {h.trend.trend.value}{slope}; {months}",
        f"Settled: on their own {h.settled.on_own}, {steps}, by a plan {h.settled.by_plan}, "
        f"by the agency {h.settled.by_agency}",
    ]


def customer_habits(
    number: Annotated[str, typer.Argument(help="Customer number.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """A customer's payment habits from its paid invoices of the last two years, and
    the tolerance they suggest. Changes nothing."""
    app, target, when = command_context(company, as_of)
    view = habits.customer_habits(app.uow(), app.paid_history, target, number, as_of=when)
    if as_json:
        print_json(habits_json(view))
        return
    console.print(f"[bold]{escape(view.customer.name)}[/] ({number}), habits on {when}")
    for line in _lines(view.habits):
        console.print(escape(line))
    if view.habits.first_time_late:
        console.print("[bold red]Late for the first time: call to find out what changed.[/]")
    s = view.suggestion
    if s is not None:
        console.print(f"Suggested tolerance: {s.days} days ({s.on_own} of {s.invoices} paid on "
                      f"their own, p90 {s.p90} days late); now {view.customer.tolerance_days}. "
                      f"`tijdig tolerance accept {number} --days {s.days}`")  # fmt: skip


@tolerance_app.command("suggestions")
def suggestions(
    company: CompanyOption = None, as_of: AsOfOption = None, as_json: JsonOption = False
) -> None:
    """The tolerances customers' habits suggest, waiting for a person. Changes nothing."""
    app, target, when = command_context(company, as_of)
    waiting = habits.tolerance_suggestions(app.uow(), app.paid_history, target, as_of=when)
    if as_json:
        print_json([{"customer": w.customer, "name": w.name, "tolerance_days": w.current,
                     "suggestion": suggestion_json(w.suggestion)} for w in waiting])  # fmt: skip
        return
    table = Table("Customer", "Name", "Now", "Suggested", "Paid on own", "p90")
    for w in waiting:
        s = w.suggestion
        table.add_row(w.customer, escape(w.name), str(w.current), str(s.days),
                      f"{s.on_own} of {s.invoices}", str(s.p90))  # fmt: skip
    console.print(table if waiting else "No tolerance suggested.")


@tolerance_app.command("accept")
def accept(
    number: Annotated[str, typer.Argument(help="Customer number.")],
    days: DaysOption,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Accept the suggested tolerance: no reminder before the due date plus these days."""
    app, target, when = command_context(company, as_of)
    done = habits.accept_tolerance(app.uow(), app.paid_history, target, number, days=days,
                                   as_of=when, actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"Customer {number}: tolerance {days} days (was {done.previous_days}).")


@tolerance_app.command("dismiss")
def dismiss(
    number: Annotated[str, typer.Argument(help="Customer number.")],
    days: DaysOption,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Dismiss the suggested tolerance: it is not suggested again for the same days."""
    app, target, when = command_context(company, as_of)
    habits.dismiss_tolerance(app.uow(), app.paid_history, target, number, days=days,
                             as_of=when, actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"Customer {number}: suggested tolerance of {days} days dismissed.")
