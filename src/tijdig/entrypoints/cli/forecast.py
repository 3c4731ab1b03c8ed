"""`tijdig forecast`: expected receipts per week for the next 13 weeks with an 80 %
interval; `tijdig forecast check --made-on D`: the forecast as made on D beside what came
in (issue 17 §3). Both compute it here and change nothing, but `tijdig forecast --store`,
which stores the forecast made (what `/forecast` and `/api/v1/forecast` show: the job
"forecast" does it daily after the run)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from tijdig import clock
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
    from tijdig.analytics.forecast import Forecast, Week
    from tijdig.analytics.forecast_check import Check
    from tijdig.services.risk import forecast
else:
    forecast = later("tijdig.services.risk.forecast")

forecast_app = typer.Typer(
    help="The cash-flow forecast: expected receipts per week, with an 80 % interval.",
)


def week_json(w: Week) -> dict[str, Any]:
    return {"week": None if w.start is None else w.start.strftime("%G-W%V"), "start": w.start,
            "expected": w.expected, "low": w.low, "high": w.high}  # fmt: skip


BASIS_WORDS = {
    "model": "the risk model's predicted payment days (model {model})",
    "no_model": "the customers' habits: no risk model stored (`tijdig model train`)",
    "model_other_version": "the customers' habits: the stored risk model was written by "
                           "another scikit-learn version (train it again)",
    "model_unreadable": "the customers' habits: the stored risk model cannot be read",
    "model_trained_later": "the customers' habits: the stored risk model (model {model}) "
                           "was trained as of a later day than the forecast's",
    "not_asked": "the customers' habits",
}  # fmt: skip


def basis_line(f: Forecast) -> str:
    """Which payment dates the forecast used, and with the habits why."""
    key = f.basis.value if f.fallback is None else f.fallback.value
    return "Payment dates from " + BASIS_WORDS[key].format(model=f.model_id)


def basis_json(f: Forecast) -> dict[str, Any]:
    return {"basis": f.basis.value, "fallback": None if f.fallback is None else f.fallback.value,
            "model_id": f.model_id, "common_spread": round(f.spread, 6)}  # fmt: skip


def spread_line(f: Forecast) -> str:
    return ("Interval: customers drawn independently, each week times a common factor "
            f"whose variance grows by {f.spread:.4f} a week ahead (from the backtests of "
            "the forecasts made 13 and 26 weeks before)")  # fmt: skip


def forecast_json(f: Forecast) -> dict[str, Any]:
    """As the API's ForecastRead."""
    return {
        "as_of": f.as_of, "currency": f.currency, "invoices": f.invoices, **basis_json(f),
        "weeks": [week_json(w) for w in f.weeks], "later": week_json(f.later),
        "apart": [{"reason": a.reason.value, "invoices": a.invoices, "amount": a.amount}
                  for a in f.apart],
    }  # fmt: skip


def check_json(c: Check) -> dict[str, Any]:
    return {
        "made_on": c.forecast.as_of, "as_of": c.as_of, "currency": c.forecast.currency,
        **basis_json(c.forecast),
        "weeks": [week_json(w.week) | {"actual": w.actual, "error": w.error, "inside": w.inside}
                  for w in c.weeks],
        "passed": c.passed, "without_receipts": c.without_receipts,
        "mape_percent": c.mape, "coverage_percent": c.coverage,
    }  # fmt: skip


def _apart_lines(f: Forecast) -> list[str]:
    words = {"disputed": "disputed", "handed_over": "with the collection agency"}
    return [f"Apart, not in the weeks: {a.invoices} invoice(s) {words[a.reason.value]}, "
            f"{f.currency} {a.amount:,.2f}" for a in f.apart]  # fmt: skip


@forecast_app.callback(invoke_without_command=True)
def show(
    ctx: typer.Context,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    store: Annotated[bool, typer.Option(
        "--store", help="Store the forecast made (in place of one made that day): what "
                        "the web's /forecast shows.")] = False,
) -> None:  # fmt: skip
    """Expected receipts per ISO week for the 13 weeks after the day, with an 80 %
    interval, from each open invoice's predicted payment date."""
    if ctx.invoked_subcommand is not None:
        return
    app, target, day = command_context(company, as_of)
    if store:
        made = forecast.store_forecast(app.risk_uow(), app.risk_reads, app.forecast_data,
                                       target, as_of=day, actor=cli_actor(),
                                       at=clock.now())  # fmt: skip
    else:
        made = forecast.cash_forecast(app.risk_uow(), app.risk_reads, app.forecast_data,
                                      target, as_of=day)  # fmt: skip
    if as_json:
        print_json(forecast_json(made))
        return
    table = Table("Week", "Monday", "Expected", "80 % from", "to",
                  title=f"Cash-flow forecast on {day} ({made.currency}, {made.invoices} "
                  "open invoices)")  # fmt: skip
    for w in (*made.weeks, made.later):
        label = "later" if w.start is None else w.start.strftime("%G-W%V")
        table.add_row(label, "" if w.start is None else str(w.start), f"{w.expected:,.2f}",
                      f"{w.low:,.2f}", f"{w.high:,.2f}")  # fmt: skip
    console.print(table)
    for line in _apart_lines(made):
        console.print(line)
    console.print(basis_line(made))
    console.print(spread_line(made))
    if store:
        console.print(f"Stored as the forecast made on {day}.")


@forecast_app.command("check")
def check(
    made_on: Annotated[str, typer.Option("--made-on", help="The day the forecast was made.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """The forecast as made on --made-on (with only what was known then) beside the money
    that came in for its invoices in each week passed by --as-of: error, MAPE, coverage."""
    app, target, day = command_context(company, as_of)
    made = parse_date(made_on, field="--made-on")
    done = forecast.check_forecast(app.risk_uow(), app.risk_reads, app.forecast_data, target,
                                   made_on=made, as_of=day)  # fmt: skip
    if as_json:
        print_json(check_json(done))
        return
    table = Table("Week", "Expected", "80 % from", "to", "Actual", "Error", "Inside",
                  title=f"Forecast made on {made}, checked on {day}")  # fmt: skip
    for w in done.weeks:
        week = w.week
        assert week.start is not None  # the weeks, never the later bucket
        actual = "-" if w.actual is None else f"{w.actual:,.2f}"
        error = "" if w.error is None else f"{w.error:+,.2f}"
        inside = "" if w.inside is None else ("yes" if w.inside else "no")
        table.add_row(week.start.strftime("%G-W%V"), f"{week.expected:,.2f}",
                      f"{week.low:,.2f}", f"{week.high:,.2f}", actual, error, inside)  # fmt: skip
    console.print(table)
    mape = "-" if done.mape is None else f"{done.mape} %"
    coverage = "-" if done.coverage is None else f"{done.coverage} %"
    console.print(f"Weeks passed: {done.passed}; MAPE {mape} (weeks with money in; "
                  f"{done.without_receipts} without); inside the 80 % interval: "
                  f"{coverage}")  # fmt: skip
    console.print(basis_line(done.forecast))
