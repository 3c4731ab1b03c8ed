"""`tijdig sepa`: direct-debit mandates, the pre-notified collections planned under
them, and the pain.008 file of a collection date (S1-2)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from tijdig import clock
from tijdig.clock import BUSINESS_TIMEZONE
from tijdig.domain.errors import InvalidValue
from tijdig.entrypoints.cli.common import (
    AsOfOption,
    CompanyOption,
    JsonOption,
    cli_actor,
    command_context,
    company_for,
    installation,
    later,
    money_text,
    parse_date,
    print_json,
)
from tijdig.entrypoints.cli.console import console
from tijdig.entrypoints.cli.sepa_reasons import LEFT_OUT, reason_text

if TYPE_CHECKING:  # the services load when a command runs
    from tijdig.domain import debit_collections, mandates
    from tijdig.domain.debit_collections import PlannedCollection
    from tijdig.domain.mandates import Mandate
    from tijdig.services.direct_debit import debit_batches, debit_notices, direct_debit
    from tijdig.services.direct_debit.debit_batches import Exported
    from tijdig.services.direct_debit.debit_notices import Notified
else:
    debit_batches = later("tijdig.services.direct_debit.debit_batches")
    debit_collections = later("tijdig.domain.debit_collections")
    debit_notices = later("tijdig.services.direct_debit.debit_notices")
    direct_debit = later("tijdig.services.direct_debit.direct_debit")
    mandates = later("tijdig.domain.mandates")

sepa_app = typer.Typer(
    help="SEPA direct debit: mandates, pre-notified collections and pain.008 files.",
    no_args_is_help=True,
)
mandate_app = typer.Typer(help="Direct-debit mandates of customers.", no_args_is_help=True)
sepa_app.add_typer(mandate_app, name="mandate")

SchemeOption = Annotated[str, typer.Option("--scheme", help="CORE or B2B.")]
CreditorIdOption = Annotated[
    str | None,
    typer.Option(
        "--creditor-id", help="SEPA Creditor Identifier (Incassant ID); default the company's."
    ),
]
DaysOption = Annotated[
    int | None,
    typer.Option(
        "--pre-notification-days",
        help="Calendar days the debtor agreed to be told of a collection before it (default 14).",
    ),
]


@mandate_app.command("add")
def mandate_add(
    customer: Annotated[str, typer.Argument(help="Customer number.")],
    reference: Annotated[str, typer.Option("--reference", help="Mandate id (UMR), ≤ 35.")],
    signed: Annotated[str, typer.Option("--signed", help="Date of signature.")],
    iban: Annotated[str, typer.Option("--iban", help="The debtor's account.")],
    scheme: SchemeOption = "CORE",
    bic: Annotated[str | None, typer.Option("--bic", help="The debtor's bank.")] = None,
    one_off: Annotated[
        bool, typer.Option("--one-off", help="A mandate for one collection only (OOFF).")
    ] = False,
    days: DaysOption = None,
    company: CompanyOption = None,
) -> None:
    """Record a mandate the customer signed; its first collection will be FRST (OOFF
    for a one-off mandate)."""
    app = installation()
    target = company_for(app, company)
    mandate = direct_debit.add_mandate(
        app.uow(), target, customer, reference, parse_date(signed, field="--signed"),
        mandates.parse_scheme(scheme), iban, bic, one_off=one_off,
        pre_notification_days=mandates.DEFAULT_PRE_NOTIFICATION_DAYS if days is None else days,
        actor=cli_actor(), at=clock.now(),
    )  # fmt: skip
    console.print(
        f"Mandate {mandate.reference} ({mandate.scheme.value}) of customer "
        f"{mandate.customer_number} is recorded; next collection {mandate.sequence.value}; "
        f"pre-notification {mandate.pre_notification_days} calendar days ahead."
    )


@mandate_app.command("set")
def mandate_set(
    reference: Annotated[str, typer.Argument(help="Mandate id (UMR).")],
    last: Annotated[
        bool | None,
        typer.Option("--last/--not-last", help="The next collection is the last (FNAL)."),
    ] = None,
    days: DaysOption = None,
    company: CompanyOption = None,
) -> None:
    """Mark a mandate last, or record the pre-notification period the debtor agreed."""
    if last is None and days is None:
        raise InvalidValue("--last", "give --last, --not-last or --pre-notification-days")
    app = installation()
    target = company_for(app, company)
    mandate = direct_debit.set_mandate(app.uow(), target, reference, final=last,
                                       pre_notification_days=days, actor=cli_actor(),
                                       at=clock.now())  # fmt: skip
    console.print(
        f"Mandate {mandate.reference} of customer {mandate.customer_number}: next collection "
        f"{mandate.sequence.value}{' (the last)' if mandate.final else ''}; pre-notification "
        f"{mandate.pre_notification_days} calendar days ahead."
    )


@mandate_app.command("revoke")
def mandate_revoke(
    reference: Annotated[str, typer.Argument(help="Mandate id (UMR).")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Stop collecting under a mandate from a date (default today)."""
    app, target, when = command_context(company, as_of)
    direct_debit.revoke_mandate(app.uow(), target, reference, on=when, actor=cli_actor(),
                                at=clock.now())  # fmt: skip
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
        "one_off": m.one_off,
        "final": m.final,
        "pre_notification_days": m.pre_notification_days,
        "completed_on": m.completed_on,
    }


@mandate_app.command("list")
def mandate_list(company: CompanyOption = None, as_json: JsonOption = False) -> None:
    """The company's mandates, by customer."""
    app = installation()
    found = direct_debit.list_mandates(app.uow(), company_for(app, company))
    if as_json:
        print_json([_mandate_json(m) for m in found])
        return
    table = Table("Reference", "Customer", "Scheme", "Signed", "IBAN", "Next", "Notice days",
                  "Ended")  # fmt: skip
    for m in found:
        ended = m.revoked_on or m.completed_on
        table.add_row(
            m.reference, m.customer_number, m.scheme.value, str(m.signed_on), m.iban,
            "-" if m.is_used else m.sequence.value, str(m.pre_notification_days),
            str(ended or ""),
        )  # fmt: skip
    console.print(table)


@sepa_app.command("notify")
def notify(
    on: Annotated[str, typer.Option("--date", help="Collection date (YYYY-MM-DD).")],
    creditor_id: CreditorIdOption = None,
    scheme: SchemeOption = "CORE",
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Plan one collection per mandate of the invoices due by the date, and queue its
    pre-notification to the debtor (sent by `tijdig send`)."""
    app, target, day = command_context(company, as_of)
    result = debit_notices.notify_collections(
        app.uow(), target, app.notice_renderer(), collection_date=parse_date(on, field="--date"),
        as_of=day, now=clock.now(), zone=BUSINESS_TIMEZONE, actor=cli_actor(),
        creditor_id=creditor_id, scheme=mandates.parse_scheme(scheme),
    )  # fmt: skip
    _print_notified(result)


def _print_notified(result: Notified) -> None:
    total = sum((c.amount for c in result.planned), start=Decimal(0))
    console.print(
        f"Announced {len(result.planned)} collection(s), EUR {money_text(total)}, on "
        f"{result.collection_date}; the pre-notifications wait in the outbox for `tijdig send`."
    )
    for collection in result.planned:
        console.print(f"  {_line(collection)}", markup=False)
    for reason in result.skipped:
        console.print(f"  not announced: {reason_text(reason)}", markup=False)
    for code, count in sorted(result.left_out.items()):
        console.print(f"  invoice(s) left out, {LEFT_OUT.get(code, code)}: {count}")
    for collection in result.expired:
        console.print(
            f"  expired: {collection.collection_date} {collection.mandate.reference} "
            f"(customer {collection.mandate.customer_number}), not collected",
            markup=False,
        )


def _line(c: PlannedCollection) -> str:
    numbers = ", ".join(c.invoice_numbers)
    return (
        f"{c.collection_date} {c.mandate.reference} customer {c.mandate.customer_number}: "
        f"EUR {money_text(c.amount)} for {numbers}"
    )


def _notice_text(c: PlannedCollection) -> str:
    if c.notice is None:
        return "not queued"
    if c.notice.sent_on is not None:
        return f"sent {c.notice.sent_on} (due by {c.deadline})"
    return f"{c.notice.state.value} (due by {c.deadline})"


def _collection_json(c: PlannedCollection) -> dict[str, Any]:
    return {
        "id": c.id,
        "collection_date": c.collection_date,
        "mandate": c.mandate.reference,
        "customer": c.mandate.customer_number,
        "amount": c.amount,
        "invoices": list(c.invoice_numbers),
        "status": c.status.value,
        "notice": None if c.notice is None else c.notice.state.value,
        "notice_sent_on": None if c.notice is None else c.notice.sent_on,
        "notice_due_by": c.deadline,
        "sequence": None if c.sequence is None else c.sequence.value,
        "end_to_end_id": c.end_to_end_id,
        "reason": None if c.reason is None else reason_text(c.reason),
    }


@sepa_app.command("collections")
def collections(
    on: Annotated[
        str | None, typer.Option("--date", help="Only this collection date (YYYY-MM-DD).")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="planned, presented or cancelled.")
    ] = None,
    company: CompanyOption = None,
    as_json: JsonOption = False,
) -> None:
    """The planned collections, with their pre-notification and what became of them."""
    app = installation()
    statuses = () if status is None else (_status(status),)
    found = direct_debit.list_collections(
        app.uow(), company_for(app, company), zone=BUSINESS_TIMEZONE, statuses=statuses,
        on=None if on is None else parse_date(on, field="--date"),
    )  # fmt: skip
    if as_json:
        print_json([_collection_json(c) for c in found])
    else:
        _print_collections(found)


def _print_collections(found: list[PlannedCollection]) -> None:
    table = Table("Date", "Mandate", "Customer", "Amount", "Invoices", "Pre-notification",
                  "Status")  # fmt: skip
    for c in found:
        state = c.status.value if c.sequence is None else f"{c.status.value} ({c.sequence.value})"
        table.add_row(
            str(c.collection_date), c.mandate.reference, c.mandate.customer_number,
            money_text(c.amount), ", ".join(c.invoice_numbers), _notice_text(c), state,
        )  # fmt: skip
    console.print(table)
    for c in found:
        if c.reason is not None:
            console.print(f"  {c.collection_date} {c.mandate.reference}: {reason_text(c.reason)}",
                          markup=False)  # fmt: skip


def _status(text: str) -> debit_collections.CollectionStatus:
    try:
        return debit_collections.CollectionStatus(text.strip().lower())
    except ValueError:
        raise InvalidValue("--status", f"{text!r}: use planned, presented or cancelled") from None


@sepa_app.command("export")
def export(
    on: Annotated[str, typer.Option("--date", help="Collection date (YYYY-MM-DD).")],
    out: Annotated[Path, typer.Option("--out", help="The pain.008 file to write.")],
    creditor_id: CreditorIdOption = None,
    scheme: SchemeOption = "CORE",
    company: CompanyOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Write the collections of the date whose pre-notification went out in time as a
    pain.008 file; say why every other planned collection waits or was cancelled."""
    app, target, day = command_context(company, as_of)
    moment = clock.now()
    result = debit_batches.export_batch(
        app.uow(), target, collection_date=parse_date(on, field="--date"), as_of=day,
        creditor_id=creditor_id, writer=app.debit_file_writer, zone=BUSINESS_TIMEZONE,
        actor=cli_actor(), at=moment, scheme=mandates.parse_scheme(scheme),
        created_at=moment.astimezone(BUSINESS_TIMEZONE),
    )  # fmt: skip
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
    for held in result.held:
        what = "not collected" if held.cancelled else "waits"
        why = "" if held.verdict.reason is None else reason_text(held.verdict.reason)
        console.print(f"  {what}: {why}", markup=False)
