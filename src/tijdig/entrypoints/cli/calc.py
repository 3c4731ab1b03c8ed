"""`tijdig calc`: the legal calculators on the command line, with their explanation.

Thin by design: parse the typed values, call the pure calculators in
`tijdig.domain.legal`, and present the result as Rich tables or one JSON object.
Nothing heavy is imported (no database), so the command starts fast.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from tijdig.domain.calendar import check_country
from tijdig.domain.errors import InvalidValue, TijdigError
from tijdig.domain.legal import statutory_costs, statutory_interest
from tijdig.domain.legal.rates import CostsResult, InterestPeriod, InterestResult
from tijdig.domain.legal.terms import NoticeDelivery, TermResult, reminder_term
from tijdig.domain.money import parse_amount, round_half_up


class _CalcGroup(TyperGroup):
    """Refusals as one line on stderr with exit code 1, as the root app does, so
    `calc_app` behaves the same when run on its own (tests, embedding).

    Why not `click.ClickException`: Typer 0.29 vendors its own Click
    (`typer._click`), so an exception class from the installed `click` escapes
    Typer's handler as a traceback; and Typer renders its own as a Rich box.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TijdigError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(1) from None


calc_app = typer.Typer(
    cls=_CalcGroup,
    help="Legal calculators for NL and BE: collection costs, statutory interest, reminder terms.",
    no_args_is_help=True,
)

Amount = Annotated[str, typer.Argument(help="Principal, e.g. 1.234,56 or 1234.56.")]
Country = Annotated[str, typer.Option("--country", help="NL or BE.")]
Consumer = Annotated[bool, typer.Option("--consumer", help="The debtor is a consumer.")]
Business = Annotated[bool, typer.Option("--business", help="The debtor is a business.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def _country(text: str) -> str:
    return check_country(text.strip().upper())


def _is_consumer(consumer: bool, business: bool) -> bool:
    if consumer == business:
        raise InvalidValue("--consumer/--business", "give exactly one of the two")
    return consumer


def _amount(text: str) -> Decimal:
    value = parse_amount(text)
    if value < 0:
        raise InvalidValue("amount", f"{text} is negative")
    return value


def _date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(field, f"{text!r} is not a date (YYYY-MM-DD)") from None


def _money(value: Decimal) -> str:
    return f"{round_half_up(value, 2):.2f}"


def _emit_json(payload: dict[str, Any]) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False))


@calc_app.command()
def costs(
    amount: Amount,
    *,
    country: Country,
    consumer: Consumer = False,
    business: Business = False,
    vat_on_costs: Annotated[
        bool, typer.Option("--vat-on-costs", help="NL: add 21 % VAT (creditor cannot deduct VAT).")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Statutory collection costs on a principal (NL Besluit BIK; BE Book XIX / EUR 40)."""
    result = statutory_costs(
        _amount(amount),
        country=_country(country),
        consumer=_is_consumer(consumer, business),
        vat_uplift=vat_on_costs,
    )
    if as_json:
        _emit_json(costs_payload(result))
    else:
        show_costs(result)


@calc_app.command()
def interest(
    amount: Amount,
    *,
    from_: Annotated[str, typer.Option("--from", help="First day interest runs (counted).")],
    to: Annotated[str, typer.Option("--to", help="Last day interest runs (counted).")],
    country: Country,
    consumer: Consumer = False,
    business: Business = False,
    as_json: AsJson = False,
) -> None:
    """Statutory interest between two days, both counted (business = commercial rate)."""
    result = statutory_interest(
        _amount(amount),
        _date(from_, "--from"),
        _date(to, "--to"),
        country=_country(country),
        commercial=not _is_consumer(consumer, business),
    )
    if as_json:
        _emit_json(interest_payload(result))
    else:
        show_interest(result)


@calc_app.command()
def term(
    *,
    sent: Annotated[str, typer.Option("--sent", help="Day the reminder was sent.")],
    country: Country,
    channel: Annotated[NoticeDelivery, typer.Option("--channel", help="post or email.")],
    as_json: AsJson = False,
) -> None:
    """The dates of the NL 14-day letter or the BE first reminder."""
    result = reminder_term(_date(sent, "--sent"), country=_country(country), channel=channel)
    if as_json:
        _emit_json(term_payload(result))
    else:
        show_term(result)


def costs_payload(result: CostsResult) -> dict[str, Any]:
    """The JSON shape of a costs figure: `total` plus every step behind it."""
    return {
        "total": _money(result.total),
        "country": result.country,
        "consumer": result.consumer,
        "principal": str(result.principal),
        "bands": [
            {
                "band": b.label,
                "rate": str(b.rate),
                "base": str(b.base),
                "fixed": str(b.fixed),
                "amount": str(b.amount),
            }
            for b in result.bands
        ],
        "scale_amount": str(result.scale_amount),
        "minimum_applied": result.minimum_applied,
        "cap_applied": result.cap_applied,
        "vat_rate": None if result.vat_rate is None else str(result.vat_rate),
        "vat_amount": str(result.vat_amount),
        "rule": result.rule,
        "table_version": result.table_version,
        "notes": list(result.notes),
    }


def interest_payload(result: InterestResult) -> dict[str, Any]:
    """The JSON shape of an interest figure: `total`, periods and capitalisations."""
    return {
        "total": _money(result.total),
        "principal": str(result.principal),
        "from": result.first_day.isoformat(),
        "to": result.last_day.isoformat(),
        "periods": [_period_payload(p) for p in result.periods],
        "capitalisations": [
            {
                "on": c.on.isoformat(),
                "interest": str(c.interest),
                "new_principal": str(c.new_principal),
            }
            for c in result.capitalisations
        ],
        "rule": result.rule,
        "table": result.table_title,
        "table_version": result.table_version,
        "notes": list(result.notes),
    }


def _period_payload(period: InterestPeriod) -> dict[str, Any]:
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "days": period.days,
        "rate": str(period.rate),
        "principal": str(period.principal),
        "interest": str(period.interest),
        "unconfirmed": period.unconfirmed,
    }


def term_payload(result: TermResult) -> dict[str, Any]:
    """The JSON shape of a term: the four dates as ISO strings, and the steps."""
    return {
        "country": result.country,
        "channel": result.channel.value,
        "sent": result.sent.isoformat(),
        "delivered": result.delivered.isoformat(),
        "term_starts": result.term_starts.isoformat(),
        "last_day": result.last_day.isoformat(),
        "costs_from": result.costs_from.isoformat(),
        "rule": result.rule,
        "steps": list(result.steps),
    }


def show_costs(result: CostsResult) -> None:
    from rich.table import Table

    from tijdig.entrypoints.cli.console import console

    table = Table(title=f"Costs on {_money(result.principal)} ({result.country})")
    for column in ("band", "rate %", "part of principal", "fixed", "amount"):
        table.add_column(column, justify="left" if column == "band" else "right")
    for b in result.bands:
        table.add_row(b.label, str(b.rate), _money(b.base), _money(b.fixed), f"{b.amount:.4f}")
    console.print(table)
    console.print(f"scale: {result.scale_amount:.4f}")
    if result.minimum_applied:
        console.print(f"minimum applied: {_money(result.limited)}")
    if result.cap_applied:
        console.print(f"cap applied: {_money(result.limited)}")
    if result.vat_rate is not None:
        console.print(f"VAT uplift {result.vat_rate} %: + {result.vat_amount:.4f}")
    console.print(f"[bold]total: EUR {_money(result.total)}[/bold]")
    _show_footer(console, result.rule, result.table_version, result.notes)


def show_interest(result: InterestResult) -> None:
    from rich.table import Table

    from tijdig.entrypoints.cli.console import console

    table = Table(title=f"Interest on {_money(result.principal)}, {result.table_title}")
    for column in ("from", "to", "days", "rate %", "principal", "interest"):
        table.add_column(column, justify="right")
    for p in result.periods:
        rate = f"{p.rate}{' (unconfirmed)' if p.unconfirmed else ''}"
        row = (p.start.isoformat(), p.end.isoformat(), str(p.days), rate, _money(p.principal))
        table.add_row(*row, f"{p.interest:.4f}")
    console.print(table)
    for c in result.capitalisations:
        console.print(f"{c.on}: year's interest {c.interest} added; principal {c.new_principal}")
    console.print(
        "actual days / 365, first and last day counted; each year's interest rounded"
        " when capitalised, the total rounded once at the end"
    )
    console.print(f"[bold]total: EUR {_money(result.total)}[/bold]")
    _show_footer(console, result.rule, result.table_version, result.notes)


def show_term(result: TermResult) -> None:
    from tijdig.entrypoints.cli.console import console

    for step in result.steps:
        console.print(f"- {step}")
    console.print(f"[bold]last day: {result.last_day}; costs from: {result.costs_from}[/bold]")
    console.print(f"rule: {result.rule}")


def _show_footer(console: Any, rule: str, version: str, notes: tuple[str, ...]) -> None:
    console.print(f"rule: {rule}; table version {version}")
    for note in notes:
        console.print(f"note: {note}")
