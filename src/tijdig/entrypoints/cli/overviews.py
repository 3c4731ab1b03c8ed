"""`tijdig customers`, `invoices`, `customer NUMBER` and `report aging`."""

from __future__ import annotations

import csv
import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from tijdig.analytics.aging import BUCKET_LABELS, BUCKETS
from tijdig.analytics.dso import DEFAULT_DAYS
from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    JsonOption,
    command_context,
    company_for,
    installation,
    later,
    money_text,
    print_json,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.domain.invoices import Invoice
    from tijdig.services.read_models import aging as aging_model
    from tijdig.services.read_models import balances, ledger
else:
    aging_model = later("tijdig.services.read_models.aging")
    balances = later("tijdig.services.read_models.balances")
    ledger = later("tijdig.services.read_models.ledger")

report_app = typer.Typer(help="Reports over the receivables.", no_args_is_help=True)


def customers(
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only customers with overdue invoices.")
    ] = False,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Customers with open invoices: open and overdue amounts per currency."""
    app, target, day = command_context(company, as_of)
    rows = balances.customer_balances(app.balances, target, as_of=day, overdue_only=overdue)
    if as_json:
        print_json(
            [
                {
                    "number": r.number,
                    "name": r.name,
                    "kind": r.kind,
                    "country": r.country,
                    "currency": r.currency,
                    "open": r.open_amount,
                    "overdue": r.overdue_amount,
                    "overdue_invoices": r.overdue_invoices,
                    "oldest_due": r.oldest_due,
                    "credit_hold": r.credit_hold,
                }
                for r in rows
            ]
        )
        return
    table = Table(
        "number",
        "name",
        "kind",
        "cur",
        "open",
        "overdue",
        "#",
        "oldest due",
        title=f"{target.name}: customers as of {day}",
    )
    for r in rows:
        table.add_row(
            r.number,
            r.name,
            r.kind,
            r.currency,
            money_text(r.open_amount),
            money_text(r.overdue_amount),
            str(r.overdue_invoices),
            str(r.oldest_due or ""),
        )
    console.print(table)


def _invoice_json(invoice: Invoice, company: str) -> dict[str, object]:
    return {
        "number": invoice.number,
        "company": company,
        "customer": invoice.customer_number,
        "kind": invoice.kind.value,
        "currency": invoice.currency,
        "total": invoice.total,
        "open": invoice.outstanding,
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "payment_reference": invoice.payment_reference,
    }


def invoices(
    customer: Annotated[str | None, typer.Option(help="Only this customer's invoices.")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only open invoices.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    company: CompanyOption = None,
    as_json: JsonOption = False,
) -> None:
    """Invoices and credit notes, by due date."""
    app = installation()
    target = company_for(app, company)
    found = ledger.list_invoices(
        app.uow(), target, customer_number=customer, open_only=open_only, limit=limit
    )
    if as_json:
        print_json([_invoice_json(i, target.code) for i in found])
        return
    table = Table(
        "number", "kind", "customer", "issued", "due", "cur", "total", "open", "reference"
    )
    for i in found:
        table.add_row(
            i.number,
            i.kind.value,
            i.customer_number,
            str(i.issue_date),
            str(i.due_date),
            i.currency,
            money_text(i.total),
            money_text(i.outstanding),
            i.payment_reference or "",
        )
    console.print(table)


@report_app.command("aging")
def aging(
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
) -> None:
    """Open receivables in buckets of days past due, per currency; customers in hardship
    on an insolvency line apart."""
    app, target, day = command_context(company, as_of)
    result = aging_model.aging_report(app.reports, target, as_of=day)
    if as_json:
        print_json(
            {
                "company": target.code,
                "as_of": day,
                "currencies": [
                    {
                        "currency": a.currency,
                        "buckets": a.buckets,
                        "counts": a.counts,
                        "insolvency": a.insolvency,
                        "insolvency_count": a.insolvency_count,
                        "total": a.total,
                        "overdue": a.overdue,
                    }
                    for a in result
                ],
            }
        )
    elif as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["currency", *BUCKETS, "insolvency", "total"])
        for a in result:
            writer.writerow([a.currency, *(f"{a.buckets[b]:.2f}" for b in BUCKETS),
                             f"{a.insolvency:.2f}", f"{a.total:.2f}"])  # fmt: skip
    else:
        table = Table(
            "currency",
            *(BUCKET_LABELS[b] for b in BUCKETS),
            "insolvency",
            "total",
            title=f"{target.name}: aging as of {day}",
            caption="insolvency: customers in hardship (debt counselling, WSNP, bankruptcy, "
            "death), apart from the buckets; nothing is written off",
        )
        for a in result:
            table.add_row(a.currency, *(money_text(a.buckets[b]) for b in BUCKETS),
                          money_text(a.insolvency), money_text(a.total))  # fmt: skip
        console.print(table)


@report_app.command("dso")
def dso(
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    days: Annotated[
        int, typer.Option("--days", min=1, max=3660, help="The period of the sales, in days.")
    ] = DEFAULT_DAYS,
    as_json: JsonOption = False,
) -> None:
    """Days sales outstanding per currency: what is open on the day against the sales of
    the period before it; customers in hardship on an insolvency line apart."""
    app, target, day = command_context(company, as_of)
    result = aging_model.dso_report(app.reports, target, as_of=day, days=days)
    if as_json:
        print_json({"company": target.code, "as_of": day, "days": days, "currencies": [
            {"currency": d.currency, "dso": None if d.value is None else str(d.value),
             "receivables": d.receivables,
             "sales": d.sales, "insolvency": d.insolvency} for d in result]})  # fmt: skip
        return
    table = Table("currency", "DSO (days)", "open", f"sales, {days} days", "insolvency",
                  title=f"{target.name}: DSO as of {day}",
                  caption="insolvency: customers in hardship, left out of the DSO; "
                  "nothing is written off")  # fmt: skip
    for d in result:
        shown = "-" if d.value is None else str(d.value)
        table.add_row(d.currency, shown, money_text(d.receivables), money_text(d.sales),
                      money_text(d.insolvency))  # fmt: skip
    console.print(table)
