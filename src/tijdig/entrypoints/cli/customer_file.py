"""`tijdig customer NUMBER`: the customer's file in the terminal (S0-2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.panel import Panel
from rich.table import Column, Table

from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    company_for,
    installation,
    money_text,
    parse_date,
)
from tijdig.entrypoints.cli.console import console
from tijdig.entrypoints.cli.timeline import timeline_panel

if TYPE_CHECKING:
    from tijdig.domain.hand_over import HandOverCase
    from tijdig.domain.hardship import HardshipStatus
    from tijdig.services.read_models.customer_file import CustomerFile


def customer(
    number: Annotated[str, typer.Argument(help="Customer number.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Everything to know before contacting a customer: open invoices, history, contacts."""
    from tijdig.domain.hardship import active_on
    from tijdig.services.hand_over.cases import cases_of
    from tijdig.services.read_models.customer_file import customer_file
    from tijdig.services.records.agenda import customer_activity
    from tijdig.services.records.hardship import hardship_history

    app = installation()
    target = company_for(app, company)
    view = customer_file(
        app.uow(), app.reports, target, number, as_of=parse_date(as_of, field="--as-of")
    )
    paused = active_on(hardship_history(app.uow(), target, number), view.as_of)
    handed = next(iter(cases_of(app.uow(), target, number)), None)
    console.print(_header(view, paused, handed))
    console.print(_open_invoices(view))
    console.print(_history(view))
    console.print(_payments(view))
    if any(a.to_costs or a.to_interest for a in view.applied):
        console.print(_applied(view))
    console.print(_contacts(view))
    activity = customer_activity(app.uow(), target, number, as_of=view.as_of)
    console.print(
        timeline_panel(activity.events, activity.tasks, activity.promises, activity.disputes)
    )


def _header(
    view: CustomerFile, paused: HardshipStatus | None, handed: HandOverCase | None = None
) -> Panel:
    c = view.customer
    term = f"{c.payment_term_days} days" if c.payment_term_days is not None else "company term"
    flags = []
    if view.is_first_time_late:
        flags.append("[bold yellow]First time late: call and ask what changed[/]")
    if view.is_new:
        flags.append("[cyan]New customer: check the credit policy was communicated[/]")
    if c.credit_hold:
        flags.append("[bold red]On credit hold[/]")
    if paused is not None:
        flags.append(f"[bold red]In hardship: {paused.kind.value} since {paused.since}; no "
                     "reminders, costs or interest (`tijdig hardship show`)[/]")  # fmt: skip
    if handed is not None and handed.stops_dunning:
        case = f"case {handed.reference} since {handed.opened_on}, {handed.status.value}"
        flags.append(f"[bold red]Handed over: {case}; no reminders (`tijdig hand-over show`)[/]")
    for currency, amount in view.unallocated:
        flags.append(f"[green]Credit: {currency} {money_text(amount)} received, not yet "
                     "allocated (see `tijdig bank review`)[/]")  # fmt: skip
    lines = [
        f"{c.kind.value}, {c.country}, language {c.language.value}; payment term {term}"
        + (f", tolerance {c.tolerance_days} days" if c.tolerance_days else ""),
        f"Sales owner: {c.sales_owner or '-'}; credit limit: "
        + (money_text(c.credit_limit) if c.credit_limit is not None else "-"),
        *flags,
    ]
    return Panel("\n".join(lines), title=f"{c.number} {c.name} (as of {view.as_of})")


def _open_invoices(view: CustomerFile) -> Table:
    table = Table(Column("number", no_wrap=True, min_width=8), "kind", "issued", "due",
                  "days late", "cur", "open", "costs claimed", "interest claimed", "reference",
                  title="Open invoices (a payment goes to costs, then interest, then the "
                  "invoice: art. 6:44 BW)")  # fmt: skip
    for i in view.open_invoices:
        late = i.days_overdue(view.as_of) if not i.is_credit else 0
        costs, interest = view.claims.get(i.number, (None, None))
        table.add_row(i.number, i.kind.value, str(i.issue_date), str(i.due_date),
                      str(late) if late else "", i.currency, money_text(i.signed_outstanding),
                      "" if not costs else money_text(costs),
                      "" if not interest else money_text(interest),
                      i.payment_reference or "")  # fmt: skip
    return table


def _history(view: CustomerFile) -> Table:
    b = view.behaviour
    table = Table(
        "quarter",
        "paid",
        "late",
        "avg days late",
        title=f"Payment history: {b.paid_invoices} paid, {b.paid_late} late "
        f"(avg {b.average_days_late} days), trend {b.trend.value}",
    )
    for q in b.quarters:
        table.add_row(q.quarter, str(q.invoices), str(q.late), str(q.average_days_late))
    return table


def _payments(view: CustomerFile) -> Table:
    table = Table("paid on", "cur", "amount", "reference", title="Recent payments")
    for p in view.recent_payments:
        table.add_row(str(p.paid_on), p.currency, money_text(p.amount), p.reference or "")
    return table


def _applied(view: CustomerFile) -> Table:
    table = Table("paid on", "invoice", "cur", "amount", "to costs", "to interest",
                  "to the invoice", title="How payments were applied (art. 6:44 BW)")  # fmt: skip
    for a in view.applied:
        table.add_row(str(a.paid_on), a.invoice_number, a.currency, money_text(a.amount),
                      money_text(a.to_costs), money_text(a.to_interest),
                      money_text(a.to_principal))  # fmt: skip
    return table


def _contacts(view: CustomerFile) -> Table:
    c = view.customer
    table = Table("name", "role", "e-mail", "phone", "verified", title="Contacts")
    if c.email or c.phone:
        table.add_row(c.name, "main", c.email or "", c.phone or "", "")
    for p in c.contacts:
        table.add_row(
            p.name, p.role.value, p.email or "", p.phone or "", str(p.last_verified or "")
        )
    return table
