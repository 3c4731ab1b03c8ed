"""`tijdig import invoices FILE --sync [--dry-run]`: the difference an export of the books
makes from the previous one of the same source, printed, then booked (or, with
`--dry-run`, only printed). The use case is services/receivables/sync.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from tijdig.domain.errors import ImportRefused, InvalidValue
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.bootstrap import Tijdig
    from tijdig.domain.export_diff import ExportItem, Value
    from tijdig.domain.parties import Company
    from tijdig.services.receivables.sync_ports import SyncResult


def sync_file(
    app: Tijdig,
    company: Company,
    paths: list[Path],
    *,
    source: str | None,
    exported_on: date,
    dry_run: bool,
    actor: str,
    format_name: str | None = None,
) -> None:
    """Read one invoice export (our CSV, or an accounting package's export: its open
    items), print its difference, and book it unless `dry_run`."""
    from tijdig import clock
    from tijdig.services.receivables.books import open_invoices
    from tijdig.services.receivables.sync import apply_sync, diff_export, source_key

    if len(paths) != 1:
        raise InvalidValue("FILE", "--sync takes one export file (the whole list of one source)")
    if app.is_xml(paths[0]):
        raise InvalidValue("FILE", "--sync takes an invoice list (CSV), not an e-invoice")
    package = format_name or app.books_format(paths[0])
    if package is not None:
        read = open_invoices(app.books_reader(company, package)(paths[0]))
    else:
        read = app.invoice_reader(company)(paths[0])
    if not read.ok:
        raise ImportRefused(read.issues)
    key = source_key(package or "csv", source)
    if dry_run:
        result = diff_export(app.uow(), company, read.items, source=key, exported_on=exported_on)
    else:
        result = apply_sync(app.uow(), company, read.items, source=key, exported_on=exported_on,
                            filename=paths[0].name, actor=actor, at=clock.now())  # fmt: skip
    for line in difference_lines(result):
        console.print(line, highlight=False, markup=False)
    console.print(_closing_line(result, dry_run=dry_run), highlight=False, markup=False)


def difference_lines(result: SyncResult) -> list[str]:
    """The difference, one line per item: new, changed (field old -> new), gone."""
    diff, plan = result.diff, result.plan
    against = f"the one of {result.previous_on}" if result.previous_on else "no earlier export"
    lines = [
        f"{result.source} export of {result.exported_on} against {against}: "
        f"{len(diff.new)} new, {len(diff.changed)} changed, {len(diff.gone)} gone, "
        f"{diff.unchanged} unchanged"
    ]
    lines += [f"new      {_described(item)}" for item in diff.new]
    closing = {(c.kind, c.number): c for c in plan.closures}
    for changed in diff.changed:
        fields = "; ".join(f"{c.field.value} {_shown(c.old)} -> {_shown(c.new)}"
                           for c in changed.changes)  # fmt: skip
        paid = closing.get(changed.new.key)
        extra = f" ({paid.currency} {paid.amount:.2f} paid outside Tijdig)" if paid else ""
        lines.append(f"changed  {changed.new.number}: {fields}{extra}")
    explained = {item.key for item in plan.explained}
    for item in diff.gone:
        if item.key in explained:
            outcome = "closed already by a payment booked in Tijdig: noted"
        elif item.key in closing:
            paid = closing[item.key]
            outcome = (f"{paid.currency} {paid.amount:.2f} paid outside Tijdig "
                       f"on {result.exported_on}")  # fmt: skip
        else:
            outcome = "not in Tijdig: nothing to close"
        lines.append(f"gone     {item.number} (customer {item.customer_number}): {outcome}")
    return lines


def _described(item: ExportItem) -> str:
    return (f"{item.number} customer {item.customer_number}, due {item.due_date}, "
            f"{item.currency} {item.total:.2f}, open {item.open_amount:.2f}")  # fmt: skip


def _shown(value: Value) -> str:
    return f"{value:.2f}" if isinstance(value, Decimal) else str(value)


def _closing_line(result: SyncResult, *, dry_run: bool) -> str:
    plan = result.plan
    if result.diff.is_empty:
        return "no differences: nothing booked"
    counts = (f"{len(plan.additions)} invoice(s) added, {len(plan.updates)} updated, "
              f"{len(plan.closures)} paid outside Tijdig")  # fmt: skip
    return f"dry run, nothing changed; syncing would book: {counts}" if dry_run else (
        f"synced: {counts}")  # fmt: skip
