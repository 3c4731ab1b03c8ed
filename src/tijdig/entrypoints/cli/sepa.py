"""`tijdig sepa`: direct-debit mandates and the pain.008 file of due invoices (S1-2)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    JsonOption,
    command_context,
    company_for,
    installation,
    later,
    money_text,
    parse_date,
    print_json,
)
from tijdig.entrypoints.cli.console import console
from tijdig.entrypoints.clock import BUSINESS_TIMEZONE

if TYPE_CHECKING:  # the services and the pain.008 writer load when a command runs
    from tijdig.adapters.sepa import pain008
    from tijdig.domain import mandates
    from tijdig.domain.mandates import Mandate
    from tijdig.services import direct_debit
    from tijdig.services.direct_debit import Exported
else:
    direct_debit = later("tijdig.services.direct_debit")
    mandates = later("tijdig.domain.mandates")
    pain008 = later("tijdig.adapters.sepa.pain008")

sepa_app = typer.Typer(help="SEPA direct debit: mandates and pain.008 files.", no_args_is_help=True)
mandate_app = typer.Typer(help="Direct-debit mandates of customers.", no_args_is_help=True)
sepa_app.add_typer(mandate_app, name="mandate")

SchemeOption = Annotated[str, typer.Option("--scheme", help="CORE or B2B.")]


@mandate_app.command("add")
def mandate_add(
    customer: Annotated[str, typer.Argument(help="Customer number.")],
    reference: Annotated[str, typer.Option("--reference", help="Mandate id (UMR), ≤ 35.")],
    signed: Annotated[str, typer.Option("--signed", help="Date of signature.")],
    iban: Annotated[str, typer.Option("--iban", help="The debtor's account.")],
    scheme: SchemeOption = "CORE",
    bic: Annotated[str | None, typer.Option("--bic", help="The debtor's bank.")] = None,
    company: CompanyOption = None,
) -> None:
    """Record a mandate the customer signed; its first collection will be FRST."""
    app = installation()
    target = company_for(app, company)
    mandate = direct_debit.add_mandate(
        app.uow(),
        target,
        customer,
        reference,
        parse_date(signed, field="--signed"),
        mandates.parse_scheme(scheme),
        iban,
        bic,
    )
    console.print(
        f"Mandate {mandate.reference} ({mandate.scheme.value}) of customer "
        f"{mandate.customer_number} is recorded; next collection {mandate.sequence.value}."
    )


@mandate_app.command("revoke")
def mandate_revoke(
    reference: Annotated[str, typer.Argument(help="Mandate id (UMR).")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Stop collecting under a mandate from a date (default today)."""
    app, target, when = command_context(company, as_of)
    direct_debit.revoke_mandate(app.uow(), target, reference, on=when)
    console.print(f"Mandate {reference} is revoked as of {when}.")


def _mandate_json(m: Mandate) -> dict[str, Any]:
    return {
        "reference": m.reference,
        "customer": m.customer_number,
        "scheme": m.scheme.value,
        "signed_on": m.signed_on,
        "iban": m.iban,
        "bic": m.bic,
        "sequence": m.sequence.value,
        "first_collected_on": m.first_collected_on,
        "revoked_on": m.revoked_on,
    }


@mandate_app.command("list")
def mandate_list(company: CompanyOption = None, as_json: JsonOption = False) -> None:
    """The company's mandates, by customer."""
    app = installation()
    mandates = direct_debit.list_mandates(app.uow(), company_for(app, company))
    if as_json:
        print_json([_mandate_json(m) for m in mandates])
        return
    table = Table("Reference", "Customer", "Scheme", "Signed", "IBAN", "Next", "Revoked")
    for m in mandates:
        revoked = str(m.revoked_on or "")
        table.add_row(
            m.reference, m.customer_number, m.scheme.value, str(m.signed_on), m.iban,
            m.sequence.value, revoked,
        )  # fmt: skip
    console.print(table)


@sepa_app.command("export")
def export(
    on: Annotated[str, typer.Option("--date", help="Collection date (YYYY-MM-DD).")],
    out: Annotated[Path, typer.Option("--out", help="The pain.008 file to write.")],
    creditor_id: Annotated[
        str | None,
        typer.Option(
            "--creditor-id", help="SEPA Creditor Identifier (Incassant ID); default the company's."
        ),
    ] = None,
    scheme: SchemeOption = "CORE",
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Write the due invoices of customers with a mandate as a pain.008 file."""
    app = installation()
    target = company_for(app, company)
    result = direct_debit.export_batch(
        app.uow(),
        target,
        collection_date=parse_date(on, field="--date"),
        as_of=parse_date(as_of, field="--as-of"),
        creditor_id=creditor_id,
        writer=pain008.write,
        scheme=mandates.parse_scheme(scheme),
        created_at=datetime.now(tz=BUSINESS_TIMEZONE),
    )
    if result.content is not None:
        out.write_bytes(result.content)
    _print_export(result, out)


def _print_export(result: Exported, out: Path) -> None:
    if result.content is None:
        console.print(f"Nothing to collect on {result.collection_date}; no file written.")
    else:
        console.print(
            f"Wrote {result.count} debit(s), EUR {money_text(result.total)}, due "
            f"{result.collection_date} ({result.scheme.value}) to {out} "
            f"(message {result.message_id})."
        )
    for sequence, (count, total) in sorted(result.by_sequence().items()):
        console.print(f"  {sequence.value}: {count} debit(s), EUR {money_text(total)}")
    for reason, count in sorted(result.left_out.items()):
        console.print(f"  left out, {reason}: {count}")
