"""`tijdig simulate`: a dunning policy run day by day over a past period, in memory, many
times, beside what really happened (issue 18 section 3; services/collection/simulation.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    JsonOption,
    command_context,
    later,
    parse_date,
    print_json,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.engine.simulation import Summary
    from tijdig.services.collection import simulation as service
    from tijdig.services.collection.simulation import SimulationReport
else:
    service = later("tijdig.services.collection.simulation")

LABELS = {
    "cash": "Cash received", "dso": "DSO (days, on the last day)", "email": "E-mails",
    "letter": "Letters", "sms": "Text messages", "call": "Calls", "hand_over": "Hand-overs",
}  # fmt: skip
PolicyFile = Annotated[Path, typer.Option("--policy", exists=True, dir_okay=False,
                                          help="Policy set (TOML) to simulate.")]  # fmt: skip
CompareFile = Annotated[Path | None, typer.Option("--compare", exists=True, dir_okay=False,
                        help="A second policy set, run with the same seeds.")]  # fmt: skip


def _value(name: str, value: float | None) -> str:
    if value is None:
        return "-"
    if name == "cash":
        return f"{value:,.0f}"
    if name == "dso":
        return f"{value:.1f}"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}".rstrip("0").rstrip(".")


def _interval(name: str, s: Summary) -> str:
    return "-" if s.low is None else f"{_value(name, s.low)} - {_value(name, s.high)}"


def _json(report: SimulationReport) -> dict[str, Any]:
    return {
        "from": report.start, "to": report.end, "runs": report.runs, "seed": report.seed,
        "currency": report.currency, "baseline": report.baseline, "invoices": report.invoices,
        "real": report.real,
        "policies": [{"name": r.name, "measures": {
            m: {"mean": s.mean, "low": s.low, "high": s.high} for m, s in r.summary.items()}}
            for r in report.results],
    }  # fmt: skip


def _table(report: SimulationReport) -> Table:
    columns = ["Measure", "Real"]
    for r in report.results:
        columns += [f"{escape(r.name)}: mean", "90 % interval"]
    table = Table(*columns)
    for name, text in LABELS.items():
        label = f"{text} ({report.currency})" if name == "cash" else text
        row = [label, _value(name, report.real.get(name))]
        for r in report.results:
            s = r.summary[name]
            row += [_value(name, s.mean), _interval(name, s)]
        table.add_row(*row)
    return table


def simulate(
    policy: PolicyFile,
    compare: CompareFile = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help="First day (YYYY-MM-DD); default a year before --to."),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day; default the as-of day.")
    ] = None,
    runs: Annotated[
        int, typer.Option(min=1, max=10_000, help="Runs (each with its own draws).")
    ] = 100,
    seed: Annotated[int, typer.Option(help="Same seed, same result.")] = 1,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Simulate a dunning policy over a past period, many times, beside what really
    happened. Changes nothing."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    app, target, when = command_context(company, as_of)
    last = parse_date(end, field="--to") if end is not None else when
    first = parse_date(start, field="--from") if start is not None else last - timedelta(364)
    chosen = [service.read_policy_file(policy.read_text("utf-8"), name=policy.stem)]
    if compare is not None:
        chosen.append(service.read_policy_file(compare.read_text("utf-8"), name=compare.stem))
    loaded = service.load_world(app.uow(), app.risk_uow(), app.simulation_reads,
                                app.risk_reads, app.sent_messages, target, start=first,
                                end=last)  # fmt: skip
    with Progress(*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True,
                  disable=as_json) as progress:  # fmt: skip
        task = progress.add_task("Simulating", total=runs * len(chosen))
        report = service.run_simulation(loaded, chosen, runs=runs, seed=seed,
                                        on_run=lambda _: progress.advance(task))  # fmt: skip
    if as_json:
        print_json(_json(report))
        return
    source = "the risk model" if report.baseline == "model" else "the customers' habits"
    console.print(
        f"{report.start} to {report.end}, {report.runs} runs, seed {report.seed}; "
        f"{report.invoices} invoices; payment days from {source}."
    )
    console.print(_table(report))
