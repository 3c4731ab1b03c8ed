"""`tijdig bank review|find|accounts`: the bank lines that wait for a person, read through
the same review queue as the workspace bank page (`tijdig.services.bank.review`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from tijdig.entrypoints.cli.common import (
    DERIVED_NOTE,
    CompanyOption,
    JsonOption,
    company_for,
    installation,
    print_json,
    shown_balance,
)
from tijdig.entrypoints.cli.console import console
from tijdig.services.bank.review import plain

if TYPE_CHECKING:
    from tijdig.services.bank.review import WaitingLine

bank_app = typer.Typer(help="Bank lines that wait for a person.", no_args_is_help=True)


# Lines a page of `tijdig bank review` shows: enough for a terminal's scrollback.
PER_PAGE = 100


@bank_app.command("review")
def review(
    company: CompanyOption = None,
    as_json: JsonOption = False,
    page: Annotated[int, typer.Option("--page", min=1, help="Page of the queue, from 1.")] = 1,
) -> None:
    """Credits matching was not sure of, each with its best suggestions, oldest first."""
    from tijdig.services.bank.review import review_page

    app = installation()
    queue = review_page(app.uow(), company_for(app, company), page=page, per_page=PER_PAGE)
    title = "Waiting for review"
    if queue.pages > 1:
        title += f" (page {queue.page} of {queue.pages}, {queue.total} lines; --page N)"
    _show(queue.lines, as_json=as_json, title=title)


@bank_app.command("find")
def find(
    customer: Annotated[str, typer.Option("--customer", help="Customer number.")],
    company: CompanyOption = None,
    as_json: JsonOption = False,
) -> None:
    """Unmatched lines from the customer's accounts or in its name ("we paid yesterday")."""
    from tijdig.services.bank.review import find_payments

    app = installation()
    lines = find_payments(app.uow(), company_for(app, company), customer)
    _show(lines, as_json=as_json, title=f"Unmatched payments from {customer}")


@bank_app.command("accounts")
def accounts(company: CompanyOption = None, as_json: JsonOption = False) -> None:
    """The company's accounts: last booked statement, balance (bank first)."""
    from tijdig.services.bank.statements import bank_accounts

    app = installation()
    target = company_for(app, company)
    rows = bank_accounts(app.uow(), target)
    if as_json:
        print_json([{"iban": a.iban, "last_statement": a.last_statement, "balance": a.balance,
                     "balance_derived": a.derived, "currency": a.currency}
                    for a in rows])  # fmt: skip
        return
    table = Table("account", "last statement", "balance", title=f"{target.code}: bank accounts")
    for account in rows:
        table.add_row(account.iban, str(account.last_statement), shown_balance(account))
    console.print(table)
    if any(account.derived for account in rows):
        console.print(DERIVED_NOTE)


def _show(lines: list[WaitingLine], *, as_json: bool, title: str) -> None:
    if as_json:
        print_json([_json(line) for line in lines])
        return
    table = Table("id", "date", "amount", "from", "reference / text", "why", "best suggestion",
                  title=title)  # fmt: skip
    for line in lines:
        tx = line.transaction
        best = line.suggestions[0] if line.suggestions else None
        shown = "" if best is None else f"{best['customer']}: {best['reason']}"
        payer = f"{tx.counterparty_name or ''} {tx.counterparty_iban or ''}".strip()
        text = tx.structured_reference or tx.remittance[:60]
        amount = f"{tx.currency} {tx.amount:,.2f}"
        table.add_row(str(line.id), str(tx.booking_date), amount, payer, text, plain(line.reasons),
                      shown)  # fmt: skip
    console.print(table)


def _json(line: WaitingLine) -> dict[str, object]:
    tx = line.transaction
    return {
        "id": line.id, "date": tx.booking_date, "amount": tx.amount, "currency": tx.currency,
        "counterparty": tx.counterparty_name, "iban": tx.counterparty_iban,
        "reference": tx.structured_reference, "text": tx.remittance, "why": plain(line.reasons),
        "suggestions": list(line.suggestions),
    }  # fmt: skip
