"""`tijdig effects`: the share of messages whose invoices were paid within 7 and 14 days,
by step, channel, weekday ... and always by stage, customer kind, country and amount
band. `tijdig experiment variant | start | status | choose`: A/B tests of templates
(issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
    print_json,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.analytics.effects import EffectRow, Share
    from tijdig.services.collection import effects as effect_service
    from tijdig.services.collection import experiments
    from tijdig.services.collection.experiments import ExperimentStatus
else:
    effect_service = later("tijdig.services.collection.effects")
    experiments = later("tijdig.services.collection.experiments")

experiment_app = typer.Typer(help="A/B tests of templates: variants, start, status, choose.",
                             no_args_is_help=True)  # fmt: skip
ByOption = Annotated[
    str | None,
    typer.Option("--by", help="Group by (comma-separated): step, template, channel, weekday, "
                 "time, variant. Stage, kind, country and amount band are always in."),
]  # fmt: skip
TemplateArgument = Annotated[str, typer.Argument(help="Template name, e.g. formal_demand.")]


def share_json(s: Share) -> dict[str, Any]:
    i = s.interval
    return {"paid": s.successes, "share": round(s.share, 4), "low": round(i.low, 4),
            "high": round(i.high, 4)}  # fmt: skip


def row_json(row: EffectRow) -> dict[str, Any]:
    return {**dict(row.key), "n": row.n, "paid_7": share_json(row.paid_7),
            "paid_14": share_json(row.paid_14)}  # fmt: skip


def _cell(s: Share) -> str:
    return f"{s.share:.0%} ({s.interval.low:.0%}-{s.interval.high:.0%})"


def effects(
    by: ByOption = None, company: CompanyOption = None, as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:  # fmt: skip
    """The response table: per cell the messages judged and the share whose invoices were
    paid within 7 and 14 days, with 95 % Wilson intervals. Changes nothing."""
    app, target, when = command_context(company, as_of)
    wanted = effect_service.parse_by(by)
    table = effect_service.effects(app.uow(), app.sent_messages, target, as_of=when, by=wanted)
    if as_json:
        print_json({"as_of": when, "by": list(table.by), "counted": table.counted,
                    "too_recent": table.too_recent,
                    "rows": [row_json(r) for r in table.rows]})  # fmt: skip
        return
    columns = [d for d, _ in table.rows[0].key] if table.rows else [*table.by]
    out = Table(*columns, "n", "Paid in 7 days", "Paid in 14 days")
    for row in table.rows:
        out.add_row(*(escape(v) for _, v in row.key), str(row.n), _cell(row.paid_7),
                    _cell(row.paid_14))  # fmt: skip
    console.print(out if table.rows else "No message old enough to judge.")
    console.print(f"{table.counted} messages judged on {when}; {table.too_recent} sent in the "
                  "last 14 days left out (too recent to know).")  # fmt: skip


@experiment_app.command("variant")
def variant(
    template: TemplateArgument,
    file: Annotated[Path, typer.Option("--file", help="The variant's text (a template).")],
    name: Annotated[str, typer.Option("--variant", help="B, C ... (A is the text in force).")],
    language: Annotated[str, typer.Option("--language", help="nl, fr, en or de.")] = "nl",
    customer: Annotated[str, typer.Option("--customer", help="Customer to check it on.")] = "",
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Store a variant of a template once it passes the letter rules (checked on a
    customer, as an edited text is)."""
    app, target, when = command_context(company, as_of)
    experiments.save_variant(app.uow, app.shipped_templates(), target, app.composer(),
                             language, template, name, file.read_text(encoding="utf-8"),
                             customer, as_of=when, actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"Variant {name} of {template} ({language}) stored.")


@experiment_app.command("start")
def start(
    template: TemplateArgument,
    effect: Annotated[float, typer.Option("--effect", help="Smallest effect worth finding, "
                                          "e.g. 0.1 for 10 points more paid in 14 days.")],
    baseline: Annotated[float, typer.Option("--baseline", help="Share paid within 14 days "
                                            "now (see `tijdig effects`).")] = 0.5,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:  # fmt: skip
    """Start an A/B test of the template's variants; the messages needed per variant are
    fixed now (α 5 % two-sided, power 80 %)."""
    app, target, when = command_context(company, as_of)
    found = experiments.start_experiment(app.uow(), target, template, baseline=baseline,
                                         smallest_effect=effect, on=when, actor=cli_actor(),
                                         at=clock.now())  # fmt: skip
    console.print(f"Experiment {found.id} on {template}: {', '.join(found.names)}, "
                  f"{found.needed} messages each.")  # fmt: skip


def status_json(s: ExperimentStatus) -> dict[str, Any]:
    e, v = s.experiment, s.verdict
    return {
        "id": e.id, "template": e.template, "variants": list(e.names), "needed": e.needed,
        "baseline": e.baseline, "smallest_effect": e.smallest_effect, "started_on": e.started_on,
        "chosen": e.chosen, "too_recent": s.too_recent,
        "arms": [{"variant": a.variant, "n": a.n, "paid_14": a.paid} for a in s.arms],
        "verdict": v.outcome.value, "best": v.best,
        "tests": [{"against": name, "z": round(t.z, 4), "p_value": round(t.p_value, 6)}
                  for name, t in v.tests],
    }  # fmt: skip


@experiment_app.command("status")
def status(
    company: CompanyOption = None, as_of: AsOfOption = None, as_json: JsonOption = False
) -> None:
    """Every experiment with its arms and verdict (none before each arm has its
    messages). Changes nothing."""
    app, target, when = command_context(company, as_of)
    found = experiments.experiment_status(app.uow(), app.sent_messages, target, as_of=when)
    if as_json:
        print_json([status_json(s) for s in found])
        return
    out = Table("Id", "Template", "Arms (paid in 14 days / judged)", "Needed", "Verdict")
    for s in found:
        arms = ", ".join(f"{a.variant} {a.paid}/{a.n}" for a in s.arms)
        verdict = s.verdict.outcome.value + (f": {s.verdict.best}" if s.verdict.best else "")
        if s.experiment.chosen:
            verdict += f" (chosen {s.experiment.chosen})"
        out.add_row(str(s.experiment.id), s.experiment.template, arms,
                    str(s.experiment.needed), verdict)  # fmt: skip
    console.print(out if found else "No experiment.")


@experiment_app.command("choose")
def choose(
    experiment: Annotated[int, typer.Argument(help="Experiment id.")],
    name: Annotated[str, typer.Option("--variant", help="The variant to keep.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """End the experiment keeping a variant: its text becomes the template's. Refused
    before the verdict, or for a variant that is not the better one."""
    app, target, when = command_context(company, as_of)
    experiments.choose_variant(app.uow, app.sent_messages, target, experiment, name,
                               as_of=when, actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"Experiment {experiment}: variant {name} kept.")
