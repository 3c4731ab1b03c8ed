"""`tijdig import customers|invoices|bank FILE...`: all-or-nothing, with a progress bar.

`import invoices` also takes accounting package exports (`--format NAME`, else recognised
from the columns): their open items are booked as invoices, their history by the history
import when this version has it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tijdig import clock
from tijdig.domain.errors import InvalidValue
from tijdig.entrypoints.cli.common import (
    CompanyOption,
    cli_actor,
    company_for,
    installation,
    later,
    shown_balance,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:  # the readers and services load when a command runs, not for --help
    from datetime import datetime

    from tijdig.bootstrap import Tijdig
    from tijdig.services.bank import matching as bank_matching
    from tijdig.services.ports import Progress as ProgressCallback
    from tijdig.services.receivables import books, einvoices
    from tijdig.services.receivables.imports import ImportSummary
else:
    bank_matching = later("tijdig.services.bank.matching")
    books = later("tijdig.services.receivables.books")
    einvoices = later("tijdig.services.receivables.einvoices")

import_app = typer.Typer(help="Import customers and invoices from files.", no_args_is_help=True)

Files = Annotated[list[Path], typer.Argument(help="One or more files.", show_default=False)]


def _existing(paths: list[Path]) -> list[Path]:
    for path in paths:
        if not path.is_file():
            raise InvalidValue("FILE", f"{path} does not exist or is not a file")
    return paths


@contextmanager
def _bar(label: str) -> Iterator[ProgressCallback]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=None)
        yield lambda done: progress.advance(task, done)


def _report(summary: ImportSummary, what: str) -> None:
    from tijdig.domain.imports import Severity

    for issue in summary.warnings:  # warnings, and infos saying how a value was worked out
        colour = "blue" if issue.severity is Severity.INFO else "yellow"
        console.print(f"[{colour}]{issue.severity.value}[/]: {issue}")
    for note in summary.notes:
        console.print(note)
    for name in summary.files_skipped:
        console.print(f"{name}: imported before, skipped")
    warnings = sum(1 for issue in summary.warnings if issue.severity is Severity.WARNING)
    console.print(
        f"{what}: {summary.added} added, {summary.updated} updated, "
        f"{summary.unchanged} unchanged; {warnings} warning(s)"
    )


@import_app.command("customers")
def customers(files: Files, company: CompanyOption = None) -> None:
    """Import customers from CSV (Dutch or English headers, `;` or `,`)."""
    from tijdig.services.receivables.imports import import_customers

    app = installation()
    target = company_for(app, company)
    with _bar("customers") as progress:
        summary = import_customers(
            app.uow(), target, _existing(files), read=app.read_customers, actor=cli_actor(),
            at=clock.now(), progress=progress,
        )  # fmt: skip
    _report(summary, "customers")


FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="Read the files as this accounting package's export (exact-online, twinfield, "
        "moneybird, e-boekhouden); without it the package is recognised from the columns.",
        show_default=False,
    ),
]

SyncOption = Annotated[
    bool,
    typer.Option("--sync", help="Keep in step with the books: compare this export with the "
                 "previous one of the same source; book what is new and changed, and close "
                 "what is gone as paid outside Tijdig."),
]  # fmt: skip
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="With --sync: print the difference, change nothing.")
]
SourceOption = Annotated[
    str | None,
    typer.Option("--source", help="With --sync: a name for this source, when the company "
                 "keeps several books (the format's kind alone otherwise)."),
]  # fmt: skip
ExportedOnOption = Annotated[
    str | None,
    typer.Option("--exported-on", help="With --sync: the day of the export (YYYY-MM-DD); "
                 "the day gone items were paid. Default: today."),
]  # fmt: skip


@import_app.command("invoices")
def invoices(
    files: Files,
    company: CompanyOption = None,
    format_name: FormatOption = None,
    sync: SyncOption = False,
    dry_run: DryRunOption = False,
    source: SourceOption = None,
    exported_on: ExportedOnOption = None,
) -> None:
    """Import invoices from CSV, UBL e-invoices or an accounting package's export (Exact
    Online, Twinfield, Moneybird, e-Boekhouden.nl; CSV or Excel). The format is read from
    the content; `--format` names the package. With --sync, keep in step with an export
    of the books."""
    from tijdig.services.receivables.imports import import_invoices

    app = installation()
    paths = _existing(files)
    if not sync and (dry_run or source or exported_on):
        raise InvalidValue("--sync", "--dry-run, --source and --exported-on go with --sync")
    if sync:
        _sync(app, paths, company, dry_run=dry_run, source=source, exported_on=exported_on,
              format_name=format_name)  # fmt: skip
        return
    books = _books_files(app, paths, format_name)
    taken = {path for group in books.values() for path in group}
    xml = [p for p in paths if p not in taken and app.is_xml(p)]
    csv = [p for p in paths if p not in taken and p not in xml]
    if xml:
        with _bar("e-invoices") as progress:
            summary = einvoices.import_einvoices(
                app.uow(), xml, read=app.read_einvoice, actor=cli_actor(), at=clock.now(),
                company_hint=company, progress=progress,
            )  # fmt: skip
        _report(summary, "e-invoices")
    if csv:
        target = company_for(app, company)
        with _bar("invoices") as progress:
            summary = import_invoices(
                app.uow(), target, csv, read=app.invoice_reader(target), actor=cli_actor(),
                at=clock.now(), progress=progress,
            )  # fmt: skip
        _report(summary, "invoices")
    for name, group in books.items():
        _import_books(app, company, name, group, given=format_name)


def _books_files(app: Tijdig, paths: list[Path], format_name: str | None) -> dict[str, list[Path]]:
    """The files that are accounting package exports, by package: all of them with
    `--format`, else those whose columns a package reader recognises."""
    if format_name is not None and format_name not in app.books_formats():
        known = ", ".join(app.books_formats())
        raise InvalidValue("--format", f"{format_name!r} is not known; use one of {known}")
    found: dict[str, list[Path]] = {}
    for path in paths:
        name = format_name or app.books_format(path)
        if name is not None:
            found.setdefault(name, []).append(path)
    return found


def _import_books(
    app: Tijdig, company: str | None, name: str, paths: list[Path], *, given: str | None
) -> None:
    """Book the open items of a package's exports, then their history (paid invoices'
    payments, `services.receivables.history`): no step for what was paid."""
    from tijdig.services.receivables.history import import_history

    target = company_for(app, company)
    read = app.books_reader(target, given)
    with _bar(f"{name}: open items") as progress:
        summary = books.import_open_items(
            app.uow(), target, paths, read=read, actor=cli_actor(), at=clock.now(),
            source=name, progress=progress,
        )  # fmt: skip
    _report(summary, f"{name}: open items")
    history = import_history(app.uow(), target, paths, read=read, actor=cli_actor(), at=clock.now())
    _report_history(history, name)


def _report_history(summary: Any, name: str) -> None:
    """The history import's warnings, skipped files and counts (read from its summary's
    whole-number fields, so this does not depend on their names)."""
    for issue in summary.warnings:
        console.print(f"{issue.severity.value}: {issue}")
    for skipped in summary.files_skipped:
        console.print(f"{skipped}: imported before, skipped")
    counts = [
        f"{field.name.replace('_', ' ')} {getattr(summary, field.name)}"
        for field in dataclasses.fields(summary)
        if field.name != "files" and isinstance(getattr(summary, field.name), int)
    ]
    console.print(f"{name}: history: {', '.join(counts)}")


def _sync(
    app: Tijdig, paths: list[Path], company: str | None, *, dry_run: bool, source: str | None,
    exported_on: str | None, format_name: str | None = None,
) -> None:  # fmt: skip
    from tijdig.entrypoints.cli.book_sync import sync_file
    from tijdig.entrypoints.cli.common import parse_date
    from tijdig.services.receivables.sync import export_day

    given = parse_date(exported_on, field="--exported-on") if exported_on else None
    day = export_day(given, None, clock.today())  # the invoice CSV carries no export day
    sync_file(app, company_for(app, company), paths, source=source, exported_on=day,
              dry_run=dry_run, actor=cli_actor(), format_name=format_name)  # fmt: skip


@import_app.command("bank")
def bank(files: Files, company: CompanyOption = None) -> None:
    """Import bank statements (MT940 or CAMT.053, read from the content) and match the
    payments in them; the rest waits for review (`tijdig bank review`)."""
    app = installation()
    hint = company_for(app, company) if company else None
    at = clock.now()
    paths = _existing(files)
    from tijdig.services.bulk import gc_paused

    with gc_paused():
        # Read before the progress bar starts its thread: the reading may fork workers.
        read = dict(zip(paths, app.read_statements(paths), strict=True))
        with _bar("bank lines") as progress:
            summary, results = bank_matching.import_and_match(
                app.uow(), paths, read=read.__getitem__, company_hint=hint, actor=cli_actor(),
                at=at, progress=progress, match_all=app.match_all(),
            )  # fmt: skip
    for warning in summary.warnings:
        console.print(f"[yellow]warning[/]: {warning}")
    console.print(
        f"{summary.statements} statement(s): {summary.new} new transaction(s) "
        f"({summary.debits} debit(s), left alone), {summary.duplicates} booked before"
    )
    for result in results:
        _report_match(result)
    _refresh_credit(app, results, at)


def _refresh_credit(app: Tijdig, results: list[bank_matching.MatchResult], at: datetime) -> None:
    """Payments booked (or returned) may lift a hold or cause one, or reach the creditor
    after a hand-over: for a company whose customers matching touched, each change is
    announced (`announce.announce_changes`)."""
    from tijdig.entrypoints.cli.dunning import announced_line
    from tijdig.services.announce import announce_changes

    for result in results:
        if not result.touched:
            continue
        target = company_for(app, result.company_code)
        done = announce_changes(app.uow(), target, as_of=clock.today(), actor=cli_actor(),
                                at=at)  # fmt: skip
        if done.anything:
            console.print(f"{result.company_code}: {announced_line(done)}")


def _report_match(result: bank_matching.MatchResult) -> None:
    console.print(
        f"{result.company_code}: {result.matched} payment(s) booked, {result.review} waiting "
        f"for review, {result.reopened} reopened, {result.ignored} other line(s) left alone"
    )
    for account in result.accounts:
        console.print(
            f"  {account.iban}: last statement {account.last_statement}, "
            f"balance {shown_balance(account)}"
        )


@import_app.command("history")
def history(files: Files, company: CompanyOption = None) -> None:
    """Import payment history: paid and partly paid invoices' payments, from a payments
    CSV or Excel workbook (invoice number, date, amount, reference). All or nothing; a
    line booked before is left alone, and no reminder step is recorded."""
    from tijdig.services.bulk import gc_paused
    from tijdig.services.receivables.history import import_history

    app = installation()
    target = company_for(app, company)
    with gc_paused(), _bar("payments") as progress:
        summary = import_history(
            app.uow(), target, _existing(files), read=app.read_payments, actor=cli_actor(),
            at=clock.now(), progress=progress,
        )  # fmt: skip
    for issue in summary.warnings:
        console.print(f"{issue.severity.value}: {issue}")
    for name in summary.files_skipped:
        console.print(f"{name}: imported before, skipped")
    console.print(
        f"history: {summary.payments_added} payment(s) and {summary.set_offs_added} "
        f"set-off(s) booked, {summary.lines_unchanged} booked before; "
        f"{summary.invoices_added} invoice(s) added, {summary.invoices_unchanged} unchanged"
    )
