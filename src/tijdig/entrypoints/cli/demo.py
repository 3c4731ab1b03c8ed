"""`tijdig demo-data`: fill the database with a realistic Dutch wholesaler and its ledger."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tijdig import clock
from tijdig.entrypoints.cli.common import cli_actor, installation, parse_date
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:  # the generator and the database load when the command runs
    from tijdig.adapters.demo.bank import BankBook
    from tijdig.adapters.demo.loader import LoadResult
    from tijdig.adapters.demo.spec import DemoSpec
    from tijdig.bootstrap import Tijdig

BankDays = Annotated[
    int,
    typer.Option(
        "--bank-days",
        min=0,
        help="Leave the EUR payments of the last N days unbooked and write them as CAMT.053 "
        "bank statements instead, one per business day (0: book everything).",
    ),
]
BankDir = Annotated[Path, typer.Option("--bank-dir", help="Folder for the bank statements.")]


def demo_data_command(
    customers: Annotated[int, typer.Option(min=1, help="Number of customers.")] = 400,
    invoices: Annotated[int, typer.Option(min=0, help="Number of invoices (24 months).")] = 12_000,
    seed: Annotated[int, typer.Option(help="Same seed and as-of date, same data.")] = 42,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Last day of the data (YYYY-MM-DD); today.")
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Replace an existing demo company.")
    ] = False,
    bank_days: BankDays = 0,
    bank_dir: BankDir = Path("demo-bank"),
) -> None:
    """Create the demo company DEMO with customers, invoices, payments and credit notes."""
    from tijdig.adapters.demo.loader import DemoExistsError
    from tijdig.adapters.demo.spec import DemoSpec

    spec = DemoSpec(
        as_of=parse_date(as_of, field="as_of"),
        customers=customers,
        invoices=invoices,
        seed=seed,
        bank_days=bank_days,
    )
    app = installation()  # the schema brought up to date
    try:
        started = time.perf_counter()
        result = _load_with_progress(app, spec, reset=reset)
        app.refresh_statistics()
        elapsed = time.perf_counter() - started
    except DemoExistsError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(code=1) from None
    _print_summary(result, elapsed)
    _demo_user(app, result.company_id)
    if result.bank is not None:
        _write_bank(result.bank, bank_dir)


def _load_with_progress(app: Tijdig, spec: DemoSpec, *, reset: bool) -> LoadResult:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from tijdig.adapters.demo.loader import load_demo
    from tijdig.adapters.demo.spec import Batch

    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("Invoices", total=spec.invoices)

        def advance(batch: Batch) -> None:
            progress.advance(task, batch.invoices)

        return load_demo(app.engine, spec, reset=reset, on_batch=advance)


def _print_summary(result: LoadResult, elapsed: float) -> None:
    from tijdig.domain.money import Money

    counts = result.counts
    console.print(f"Company: {result.company_name} (DEMO, id {result.company_id})")
    console.print(
        f"Customers: {counts.get('customers', 0):,}  contacts: {counts.get('contacts', 0):,}  "
        f"invoices and credit notes: {counts.get('invoices', 0):,}  "
        f"payments: {counts.get('payments', 0):,}  allocations: {counts.get('allocations', 0):,}"
    )
    for currency, minor in result.open_by_currency.items():
        amount = Money.from_minor(minor, currency).amount
        console.print(f"Open {currency}: {amount:,.2f}")
    console.print(f"Done in {elapsed:.1f} s")


def _write_bank(book: BankBook, folder: Path) -> None:
    from tijdig.adapters.demo.camt import write_statements

    paths = write_statements(book, folder)
    entries = [e for s in book.statements for e in s.entries]
    credits = sum(1 for e in entries if e.amount > 0)
    console.print(
        f"Bank statements: {len(paths)} CAMT.053 files for {book.iban} in {folder}/ "
        f"({credits:,} credits, {len(entries) - credits:,} debits)"
    )
    console.print(f"Next: tijdig import bank {folder}/*.xml", highlight=False, markup=False)


DEMO_USER = "demo"


def _demo_user(app: Tijdig, company_id: int) -> None:
    """The demo's sign-in: user `demo` (admin) with a new random password each time, so
    no password is ever written in the repository."""
    from tijdig.domain.users import Role
    from tijdig.services.access import users

    password = secrets.token_urlsafe(12)
    with app.uow() as uow:
        existing = uow.users.by_username(DEMO_USER)
    if existing is None:
        users.add_user(
            app.uow(), app.passwords(), username=DEMO_USER, name="Demo Credit Controller",
            password=password, role=Role.ADMIN, language="nl", company_ids=[company_id],
            actor=cli_actor(), at=clock.now(),
        )  # fmt: skip
    else:
        users.update_user(app.uow(), existing, active=True, grant=[company_id],
                          actor=cli_actor(), at=clock.now())  # fmt: skip
        users.set_password(app.uow(), app.passwords(), existing, password, actor=cli_actor(),
                           at=clock.now())  # fmt: skip
    console.print(
        f"Sign in to the web workspace as {DEMO_USER!r} with password {password!r}",
        highlight=False,
        markup=False,
    )
