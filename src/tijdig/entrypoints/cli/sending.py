"""`tijdig send`: carry out what was approved and send the outbox, exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tijdig import clock
from tijdig.entrypoints.cli.common import (
    AsOfOption,
    BackgroundOption,
    CompanyOption,
    cli_actor,
    command_context,
    company_for,
    installation,
    parse_moment,
    today,
)
from tijdig.entrypoints.cli.console import console
from tijdig.entrypoints.cli.queueing import queue_background

if TYPE_CHECKING:  # the services load when a command runs, not for --help
    from tijdig.bootstrap import Tijdig
    from tijdig.domain.parties import Company
    from tijdig.services.collection.delivery import SendReport
    from tijdig.services.collection.messages import ComposedMessage
    from tijdig.services.collection.queue import QueueReport
    from tijdig.services.progress import Progress

SendAsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The day (YYYY-MM-DD) or moment (YYYY-MM-DDTHH:MM, Amsterdam time) to send as; "
        "default now. Another day than today only without a real mail server or posting "
        "service: messages state the dates of the day they go out.",
    ),
]


def send(
    company: CompanyOption = None,
    as_of: SendAsOfOption = None,
    background: BackgroundOption = False,
) -> None:
    """Work each approved message out for the day it goes, queue it, put approved calls
    in the agenda, and send what is due. A second `tijdig send` sends nothing twice."""
    from tijdig.domain.collection.contact_hours import RULE
    from tijdig.services.collection.send import send_approved
    from tijdig.services.companies.companies import list_companies

    app = installation()
    now, day = send_moment(as_of)
    targets = [company_for(app, company)] if company else list_companies(app.uow())
    if background:
        _queue_sending(app, targets, now, day)
        return
    mailroom = app.mailroom()
    composer, problems = app.composer(), False
    for target in targets:
        assert target.id is not None
        with send_progress(target.code) as progress:
            sent = send_approved(
                app.company_uow(target.id), target, composer, mailroom, actor=cli_actor(),
                at=now, day=day, today=clock.real_today(), progress=progress,
            )  # fmt: skip
        if sent.closed_until is not None:
            console.print(f"Nothing sent: {RULE}. Sending may start at "
                          f"{sent.closed_until:%Y-%m-%d %H:%M} (Amsterdam).")  # fmt: skip
            return
        _print_queue(target.code, sent.queued)
        _print_report(sent.report, app)
        problems |= bool(sent.report.failed or sent.report.unconfirmed or sent.report.stopped)
    if problems:
        raise typer.Exit(code=1)


def _queue_sending(app: Tijdig, targets: list[Company], now: datetime, day: date) -> None:
    """One job per company; a rehearsal (another day than today) keeps its moment, else
    the worker sends at its own moment, within the sending hours."""
    rehearsal = day != clock.real_today()
    for target in targets:
        queue_background(app, target, "send", as_of=day if rehearsal else None,
                         moment=now if rehearsal else None)  # fmt: skip


@contextmanager
def send_progress(code: str) -> Iterator[Progress]:
    """A Rich bar of the messages sent (on a terminal; nothing when piped)."""
    from rich.progress import Progress as RichProgress  # loaded when sending, not for --help

    with RichProgress(console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(f"{code}: sending", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield progress


def send_moment(as_of: str | None) -> tuple[datetime, date]:
    """The moment and business day to send as: now, or `--as-of` (else TIJDIG_AS_OF) when
    given. Another day than the real today is a rehearsal, which the service refuses when
    messages really go out (TIJDIG_SMTP_HOST, TIJDIG_LETTERS_POSTED)."""
    real_now, real_today = clock.now(), clock.real_today()
    if as_of is None and clock.today() != real_today:
        as_of = clock.today().isoformat()
    if as_of is None:
        return real_now, real_today
    moment = parse_moment(as_of, field="--as-of")
    if moment.date() == real_today and len(as_of.strip()) <= len("2026-01-01"):
        return real_now, real_today
    return moment.astimezone(UTC), moment.date()


def settle(
    outbox_id: Annotated[int, typer.Argument(help="The outbox id `tijdig send` reported.")],
    delivered: Annotated[
        bool, typer.Option("--delivered/--not-delivered", help="What the mail log shows.")
    ],
) -> None:
    """Settle a message whose delivery is unknown: delivered (mark sent) or not (send again)."""
    from tijdig.services.collection.delivery import settle_unconfirmed
    from tijdig.services.collection.messages import record_requeued, record_sent

    app = installation()
    now = clock.now()
    entry = settle_unconfirmed(
        app.uow, outbox_id, delivered=delivered, now=now,
        on_sent=record_sent(today=today(), actor=cli_actor(), at=now),
        on_requeued=record_requeued(actor=cli_actor(), at=now),
    )  # fmt: skip
    console.print(f"Message {entry.key} is now {entry.status.value}.")


def _print_queue(code: str, report: QueueReport) -> None:
    if report.queued or report.tasks or report.dropped or report.failed or report.waiting:
        console.print(
            f"{code}: {report.queued} message(s) queued, {report.tasks} task(s) in the agenda, "
            f"{report.dropped} not sent (no longer due), {len(report.waiting)} waiting"
        )
    for line in report.waiting:
        console.print(f"[yellow]waiting[/]: {line}")
    for line in report.dropped_why:
        console.print(f"[yellow]dropped[/]: {line}")
    for line in report.partly:
        console.print(f"partly: {line}")
    for line in report.failed:
        console.print(f"[red]not queued[/]: {line}")


def _print_report(report: SendReport, app: Tijdig) -> None:
    console.print(
        f"Sent: {len(report.sent)}; retrying later: {len(report.retrying)}; "
        f"failed: {len(report.failed)}; unconfirmed: {len(report.unconfirmed)}"
    )
    if not app.settings.smtp_host:
        console.print(f"E-mail went to the folder {app.settings.mail_dir}/ (no SMTP host set).")
    if report.sent and (warning := app.settings.link_warning):
        typer.echo(warning, err=True)
    for outcome in report.retrying:
        console.print(
            f"[yellow]retry[/] {outcome.key} at {outcome.next_attempt_at}: {outcome.error}"
        )
    for outcome in report.failed:
        console.print(f"[red]failed[/] {outcome.key} to {outcome.recipient}: {outcome.error}")
    for outcome in report.unconfirmed:
        console.print(
            f"[red]unconfirmed[/] {outcome.key} (outbox {outcome.outbox_id}): {outcome.error}; "
            f"check the mail log, then `tijdig settle {outcome.outbox_id} --delivered` "
            "or `--not-delivered`"
        )
    if report.stopped:
        console.print(f"[red]stopped[/]: {report.stopped}; the rest waits for the next send")


def preview(
    step: Annotated[
        str, typer.Argument(help="A step key of the customer's policy, e.g. reminder.")
    ],
    customer: Annotated[str, typer.Option("--customer", help="Customer number.")],
    company: CompanyOption = None,
    as_of: AsOfOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the HTML, text and PDFs here.")
    ] = None,
) -> None:
    """Render the message a step would send a customer today, without sending anything."""
    from tijdig.services.collection import preview as preview_service

    app, target, day = command_context(company, as_of)
    request, message = preview_service.preview(
        app.uow, target, app.composer(), customer, step, as_of=day
    )
    console.print(f"[bold]{message.subject}[/]  ({request.channel.value}, "
                  f"{len(message.attachments)} attachment(s))\n")  # fmt: skip
    console.print(message.text, markup=False, highlight=False, soft_wrap=True)
    if out is not None:
        _write_preview(out, message)
        console.print(f"\nWritten to {out}/")


def _write_preview(folder: Path, message: ComposedMessage) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "message.txt").write_text(message.text, encoding="utf-8")
    if message.html:
        (folder / "message.html").write_text(message.html, encoding="utf-8")
    for item in message.attachments:
        (folder / Path(item.filename).name).write_bytes(item.content)
