"""`tijdig privacy export|erase|retention|apply`: a debtor's data out, or gone (AVG/GDPR)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tijdig import clock
from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    cli_actor,
    command_context,
    company_for,
    installation,
    later,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.domain.parties import Company
    from tijdig.services import privacy
else:
    privacy = later("tijdig.services.privacy")

privacy_app = typer.Typer(
    help="Privacy (AVG/GDPR): export or erase a debtor's data; retention periods.",
    no_args_is_help=True,
)
CustomerArgument = Annotated[str, typer.Argument(help="Customer number.")]


def _now() -> datetime:
    return clock.now()


def _retention_text(company: Company, found: privacy.Retention) -> str:
    text = f"{company.code}: personal data kept {found.years} years after the last invoice or "
    text += f"payment{' (the fiscal default)' if found.is_default else ''}"
    if found.shorter_than_fiscal:
        text += (f"; shorter than the fiscal {found.fiscal_years} years ({found.source}): "
                 "your bookkeeping must keep the fiscal records")  # fmt: skip
    return text


@privacy_app.command("export")
def export(
    customer: CustomerArgument,
    company: CompanyOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the JSON here (default: print it).")
    ] = None,
) -> None:
    """Everything held on one debtor, as one JSON file (art. 15 and 20 GDPR)."""
    app = installation()
    target = company_for(app, company)
    data = privacy.export_customer(
        app.uow(), target, customer, destination=f"to {out}" if out else "to standard output",
        actor=cli_actor(), at=_now(),
    )  # fmt: skip
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)
    if out is None:
        typer.echo(text)
        return
    out.write_text(text + "\n", encoding="utf-8")
    console.print(f"Written {out}: everything held on {customer} at {target.code}")


@privacy_app.command("erase")
def erase(
    customer: CustomerArgument,
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Anonymise a debtor: refused while a claim is open or the retention period runs."""
    app, target, day = command_context(company, as_of)
    if not yes:
        typer.confirm(f"Anonymise customer {customer} at {target.code}? This cannot be undone",
                      abort=True)  # fmt: skip
    privacy.erase_customer(app.uow(), target, customer, as_of=day, actor=cli_actor(), at=_now())
    console.print(f"Customer {customer} at {target.code} anonymised: name, contacts, "
                  "addresses, e-mail, phone, IBANs and notes removed; amounts and invoice "
                  "numbers kept for the fiscal retention.")  # fmt: skip


@privacy_app.command("retention")
def retention(
    years: Annotated[
        int | None, typer.Option("--years", help="Years to keep data after the last activity.")
    ] = None,
    company: CompanyOption = None,
) -> None:
    """Show the company's retention period, or set it with --years."""
    app = installation()
    target = company_for(app, company)
    if years is None:
        console.print(_retention_text(target, privacy.retention(app.uow(), target)))
        return
    found = privacy.set_retention(app.uow(), target, years, actor=cli_actor(), at=_now())
    console.print(_retention_text(target, found))


@privacy_app.command("apply")
def apply(
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list who would be anonymised.")
    ] = False,
) -> None:
    """Anonymise every debtor whose retention period has passed and that has nothing open."""
    app, target, day = command_context(company, as_of)
    erased, kept = privacy.apply_retention(
        app.uow(), target, as_of=day, actor=cli_actor(), at=_now(), dry_run=dry_run
    )
    verb = "would be anonymised" if dry_run else "anonymised"
    for item in erased:
        console.print(f"{item.number}: {verb}")
    for held in kept:
        console.print(f"{held.number}: kept, {held.reason}", markup=False, highlight=False)
    console.print(f"{target.code}: {len(erased)} customer(s) {verb}, {len(kept)} kept.")
