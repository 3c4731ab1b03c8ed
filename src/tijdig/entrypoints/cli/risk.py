"""`tijdig model`: train the late-payment risk model and store it, show its quality,
score the open invoices (with the stored model, or by the rules without one, saying so),
write the customers' risk classes for the policy segments. `tijdig risk`: one customer's
open invoices with their risk and reasons; the risk's suggestions, accepted or dismissed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tijdig import clock
from tijdig.domain.risk import InvoiceRisk, Suggestion, SuggestionStatus
from tijdig.domain.risk_texts import say_direction, say_reason
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
    from tijdig.services.risk import model, scoring, suggestions
else:
    model = later("tijdig.services.risk.model")
    scoring = later("tijdig.services.risk.scoring")
    suggestions = later("tijdig.services.risk.suggestions")

model_app = typer.Typer(help="The late-payment risk model: train and store it, show its "
                        "quality, score the open invoices.", no_args_is_help=True)  # fmt: skip
risk_app = typer.Typer(help="A customer's risk of late payment with its reasons; the risk's "
                       "suggestions, accepted or dismissed.", no_args_is_help=True)  # fmt: skip


@model_app.command("train")
def train(
    late_days: Annotated[int | None, typer.Option(
        "--late-days", help="N: the model predicts payment more than N days late (default: "
        "the company's setting, 30 unless changed).")] = None,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:  # fmt: skip
    """Train on the invoices whose outcome was known by the cut-off, measure on the 3
    months after it, and store the model with its quality."""
    app, target, when = command_context(company, as_of)
    stored = model.train_model(app.risk_uow(), app.risk_reads, target, as_of=when,
                               late_days=late_days, actor=cli_actor(), at=clock.now())  # fmt: skip
    if as_json:
        print_json({"model": stored.info.id, **stored.figures})
        return
    console.print(f"Risk model {stored.info.id} stored (scikit-learn "
                  f"{stored.info.sklearn_version}, N = {stored.info.late_days} days).")  # fmt: skip
    _print_quality(stored.figures)


def _print_quality(figures: dict[str, Any]) -> None:
    counts = figures["counts"]
    console.print(f"Trained on {counts['train']} invoices known by {figures['cutoff']}; tested "
                  f"on {counts['test']} scored until {figures['test_until']} "
                  f"({counts['left_out_unknown']} left out: outcome not known yet).")  # fmt: skip
    table = Table("hold-out", "rows", "model", "AUC", "Brier")
    for part in ("at_issue", "all_stages"):
        got = figures.get(part, {})
        for name in ("boosted", "logistic", "late_last_time"):
            if name in got:
                table.add_row(part, str(got["rows"]), name, f"{got[name]['auc']:.3f}",
                              f"{got[name]['brier']:.4f}")  # fmt: skip
    console.print(table)
    if "payment_interval_coverage" in figures:
        console.print(
            f"Payment day inside its 80 % interval: "
            f"{figures['payment_interval_coverage']:.0%} of the paid test invoices."
        )


@model_app.command("show")
def show(company: CompanyOption = None, as_json: JsonOption = False) -> None:
    """The stored model: when and by whom trained, its scikit-learn version, its quality."""
    app, target, _ = command_context(company, None)
    stored = model.latest_model(app.risk_uow(), target)
    if stored is None:
        console.print("No risk model stored: scores come from the rules "
                      "(`tijdig model train`).")  # fmt: skip
        return
    if as_json:
        print_json({"model": stored.info.id, "trained_at": stored.info.trained_at.isoformat(),
                    "trained_by": stored.info.trained_by, **stored.figures})  # fmt: skip
        return
    info = stored.info
    console.print(f"Risk model {info.id}: trained {info.trained_at:%Y-%m-%d %H:%M} by "
                  f"{escape(info.trained_by)} on data until {info.as_of}, scikit-learn "
                  f"{info.sklearn_version}, N = {info.late_days} days.")  # fmt: skip
    _print_quality(stored.figures)


def _source(scores: scoring.Scores) -> str:
    if scores.source == "model":
        return f"the stored model {scores.model_id}"
    if scores.why_rules is not None:
        return f"the rules ({scores.why_rules})"
    return "the rules: no model stored (`tijdig model train`)"


def risk_json(item: InvoiceRisk) -> dict[str, Any]:
    return {
        "invoice": item.invoice, "customer": item.customer,
        "due_date": item.due_date.isoformat(), "risk_class": str(item.risk_class),
        "probability": item.probability,
        "expected_payment": item.expected.isoformat() if item.expected else None,
        "interval_80": [item.earliest.isoformat(), item.latest.isoformat()]
        if item.earliest and item.latest else None,
        "reasons": [{"feature": r.feature, "direction": "raises" if r.raises else "lowers",
                     "value": r.value, "text": say_reason(r)} for r in item.reasons],
    }  # fmt: skip


def _print_scores(scores: scoring.Scores, limit: int | None) -> None:
    console.print(f"Scored by {_source(scores)}; late means more than {scores.late_days} "
                  "days late.")  # fmt: skip
    table = Table("invoice", "customer", "due", "risk", "p(late)", "expected (80 %)",
                  "reasons")  # fmt: skip
    for item in scores.invoices[:limit]:
        when = "" if item.expected is None else f"{item.expected} ({item.earliest}–{item.latest})"
        said = "; ".join(f"{say_reason(r)} ({say_direction(r)})" for r in item.reasons)
        p = "" if item.probability is None else f"{item.probability:.0%}"
        table.add_row(item.invoice, item.customer, str(item.due_date), str(item.risk_class),
                      p, when, escape(said))  # fmt: skip
    console.print(table)


@model_app.command("score")
def score(
    top: Annotated[int, typer.Option("--top", help="Show the riskiest this many.")] = 20,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Score every open invoice; show the riskiest, each with its top 3 reasons."""
    app, target, when = command_context(company, as_of)
    scores = scoring.score(app.risk_uow(), app.risk_reads, target, as_of=when, reasons_for=top)
    if as_json:
        print_json({"source": str(scores.source), "model": scores.model_id,
                    "why_rules": None if scores.why_rules is None else str(scores.why_rules),
                    "scored": len(scores.invoices),
                    "invoices": [risk_json(i) for i in scores.invoices[:top]]})  # fmt: skip
        return
    console.print(f"{len(scores.invoices)} open invoices scored.")
    _print_scores(scores, top)


@model_app.command("classes")
def classes(company: CompanyOption = None, as_of: AsOfOption = None) -> None:
    """Write each customer's risk class (low, medium, high: their riskiest open invoice's)
    where the policy segments read it (`risk_class` in a segment rule)."""
    app, target, when = command_context(company, as_of)
    done = scoring.set_risk_classes(app.risk_uow(), app.risk_reads, target, as_of=when,
                                    actor=cli_actor(), at=clock.now())  # fmt: skip
    counts = {k: sum(1 for v in done.values() if v == k) for k in ("low", "medium", "high")}
    console.print(f"Risk classes of {len(done)} customers: " +
                  ", ".join(f"{n} {k}" for k, n in counts.items()) + ".")  # fmt: skip


@risk_app.command("score")
def store(company: CompanyOption = None, as_of: AsOfOption = None) -> None:
    """Score every open invoice and store the scores: the dashboard's risk figure and the
    list of invoices at risk show the latest stored ones (run it daily, after the import)."""
    app, target, when = command_context(company, as_of)
    done = scoring.store_scores(app.risk_uow(), app.risk_reads, target, as_of=when,
                                actor=cli_actor(), at=clock.now())  # fmt: skip
    why = "" if done.why_rules is None else f" ({done.why_rules})"
    by = f"the stored model {done.model_id}" if done.model_id is not None else f"the rules{why}"
    console.print(f"{done.scored} open invoices scored by {by} and stored: " +
                  ", ".join(f"{n} {k}" for k, n in done.by_class.items()) + ".")  # fmt: skip


@risk_app.command("customer")
def customer(
    number: Annotated[str, typer.Argument(help="Customer number.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """A customer's open invoices with their risk, expected payment day and reasons."""
    app, target, when = command_context(company, as_of)
    scores = scoring.score(app.risk_uow(), app.risk_reads, target, as_of=when, customer=number)
    if as_json:
        print_json({"source": str(scores.source), "model": scores.model_id,
                    "invoices": [risk_json(i) for i in scores.invoices]})  # fmt: skip
        return
    _print_scores(scores, None)


def _print_suggestions(items: list[Suggestion]) -> None:
    table = Table("id", "customer", "suggestion", "risk", "made on", "status", "by")
    for s in items:
        table.add_row(str(s.id), s.customer, str(s.kind), str(s.risk_class), str(s.made_on),
                      str(s.status), escape(s.decided_by or ""))  # fmt: skip
    console.print(table)


@risk_app.command("suggest")
def suggest(company: CompanyOption = None, as_of: AsOfOption = None) -> None:
    """Suggest what each customer at high risk calls for: a deposit, a lower credit limit,
    a payment plan. Each waits for a person to accept or dismiss it."""
    app, target, when = command_context(company, as_of)
    made = suggestions.propose(app.risk_uow(), app.risk_reads, target, as_of=when,
                               actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"{len(made)} new suggestions.")
    _print_suggestions(made)


@risk_app.command("suggestions")
def listed(
    status: Annotated[str | None, typer.Option("--status", help="open, accepted or "
                                               "dismissed (default: all).")] = None,
    company: CompanyOption = None,
) -> None:  # fmt: skip
    """The risk's suggestions, the latest first."""
    app, target, _ = command_context(company, None)
    wanted = None if status is None else SuggestionStatus(status)
    _print_suggestions(suggestions.listed(app.risk_uow(), target, status=wanted))


@risk_app.command("accept")
def accept(suggestion: int, company: CompanyOption = None) -> None:
    """Accept a suggestion (the act itself is yours: the limit, the plan, the deposit)."""
    app, target, _ = command_context(company, None)
    done = suggestions.accept(app.risk_uow(), target, suggestion, actor=cli_actor(),
                              at=clock.now())  # fmt: skip
    console.print(f"Suggestion {done.id} ({done.kind} for customer {done.customer}) accepted.")


@risk_app.command("dismiss")
def dismiss(suggestion: int, company: CompanyOption = None) -> None:
    """Dismiss a suggestion."""
    app, target, _ = command_context(company, None)
    done = suggestions.dismiss(app.risk_uow(), target, suggestion, actor=cli_actor(),
                               at=clock.now())  # fmt: skip
    console.print(f"Suggestion {done.id} ({done.kind} for customer {done.customer}) dismissed.")
