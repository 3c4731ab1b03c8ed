"""`tijdig mail connect` (a company's collection mailbox over IMAP with TLS), `tijdig mail
fetch` (read new messages once each and link them), `tijdig mail unlinked` (the "not
linked" queue), `tijdig mail link MESSAGE CUSTOMER` (a person links one), `tijdig mail
inbox` (linked replies waiting for a person), `tijdig mail confirm MESSAGE` (a person
confirms what a reply says) and `tijdig mail send-personal CUSTOMER` (a personal e-mail
from a template, or answering a reply)."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tijdig import clock
from tijdig.entrypoints.cli.common import (
    CompanyOption,
    JsonOption,
    cli_actor,
    company_for,
    installation,
    parse_date,
    print_json,
)
from tijdig.entrypoints.cli.console import console

if TYPE_CHECKING:
    from tijdig.domain import personal_mail
    from tijdig.services.mailbox import fetch, inbox, personal, queue, settings
else:
    from tijdig.entrypoints.cli.common import later

    fetch = later("tijdig.services.mailbox.fetch")
    queue = later("tijdig.services.mailbox.queue")
    inbox = later("tijdig.services.mailbox.inbox")
    settings = later("tijdig.services.mailbox.settings")
    personal = later("tijdig.services.mailbox.personal")
    personal_mail = later("tijdig.domain.personal_mail")

mail_app = typer.Typer(
    help="The collection mailbox: connect it, read replies and bounces, link what is not linked."
)


@mail_app.command("connect")
def connect(
    host: Annotated[str, typer.Option("--host", help="IMAP server, e.g. imap.example.nl.")],
    user: Annotated[str, typer.Option("--user", help="Login name.")],
    address: Annotated[
        str,
        typer.Option(
            "--address",
            help="The mailbox's e-mail address: outgoing mail's "
            "envelope sender and Reply-To, plus-addressed with a signed token.",
        ),
    ],
    port: Annotated[int, typer.Option("--port", help="993 (TLS) or 143 (STARTTLS).")] = 993,
    folder: Annotated[str, typer.Option("--folder", help="The folder to read.")] = "INBOX",
    starttls: Annotated[
        bool, typer.Option("--starttls", help="STARTTLS on a plain port instead of TLS.")
    ] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    company: CompanyOption = None,
) -> None:
    """Connect the company's collection mailbox (IMAP with TLS). The password is asked
    for (or read with --password-stdin) and stored encrypted with TIJDIG_SECRET_KEY or
    TIJDIG_SECRET_KEY_FILE; without either it is refused. Providers that allow only
    OAuth2 (Microsoft 365) are not supported yet."""
    from tijdig.domain.mailbox import MailboxSettings, Tls

    tls = Tls.STARTTLS if starttls else Tls.SSL
    wanted = MailboxSettings(host=host, port=port, username=user, address=address,
                             folder=folder, tls=tls)  # fmt: skip
    app = installation()
    target = company_for(app, company)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password (empty: keep the stored one)", default="",
                                hide_input=True, show_default=False)  # fmt: skip
    settings.connect_mailbox(app.uow, app.cipher(), target, wanted, password=password or None,
                             actor=cli_actor(), at=clock.now())  # fmt: skip
    console.print(f"Mailbox of {escape(target.code)}: {escape(user)} at {escape(host)}:{port} "
                  f"({tls.value}), folder {escape(folder)}, address {escape(address)}.",
                  highlight=False)  # fmt: skip


@mail_app.command("fetch")
def fetch_command(company: CompanyOption = None, as_json: JsonOption = False) -> None:
    """Read the mailbox's new messages once each, keep them and link each to its
    customer (by reply token, thread or sender); a second fetch reads nothing again."""
    app = installation()
    target = company_for(app, company)
    report = fetch.fetch_mail(app.mail_access(), target, actor=cli_actor(), at=clock.now())
    if as_json:
        print_json(report.as_json())
        return
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted((report.kinds or {}).items()))
    console.print(f"Read {report.read}, kept {report.kept} ({kinds or 'none'}), known before "
                  f"{report.known}; linked {report.linked}, not linked {report.not_linked}, "
                  f"flagged {report.flagged}.", highlight=False)  # fmt: skip


@mail_app.command("unlinked")
def unlinked(company: CompanyOption = None, as_json: JsonOption = False) -> None:
    """The messages no customer was found for, oldest first. Changes nothing."""
    app = installation()
    waiting = queue.not_linked(app.uow(), company_for(app, company))
    if as_json:
        print_json([{"id": m.id, "from": m.from_address, "subject": m.subject,
                     "kind": m.kind.value, "flag": m.flag,
                     "fetched_at": m.fetched_at.isoformat()} for m in waiting])  # fmt: skip
        return
    table = Table("id", "from", "subject", "kind", "flag", "read at")
    for m in waiting:
        table.add_row(str(m.id), escape(m.from_address), escape(m.subject), m.kind.value,
                      m.flag or "", f"{m.fetched_at:%Y-%m-%d %H:%M}")  # fmt: skip
    console.print(table)


@mail_app.command("link")
def link(
    message: Annotated[int, typer.Argument(help="The message's id (`tijdig mail unlinked`).")],
    customer: Annotated[str, typer.Argument(help="Customer number.")],
    company: CompanyOption = None,
) -> None:
    """Link a message of the "not linked" queue to a customer."""
    app = installation()
    target = company_for(app, company)
    linked = queue.link_by_hand(app.uow, target, message, customer, actor=cli_actor(),
                                at=clock.now())  # fmt: skip
    console.print(f"Message {linked.id} linked to customer {escape(customer)}.", highlight=False)


@mail_app.command("inbox")
def inbox_command(company: CompanyOption = None, as_json: JsonOption = False) -> None:
    """Linked replies waiting for a person, oldest first, each with the kind read and
    why, the day promised and the dispute reason. Changes nothing."""
    app = installation()
    waiting = inbox.waiting(app.uow(), company_for(app, company))
    if as_json:
        print_json([inbox.reply_json(r, inbox.said_in_english) for r in waiting])
        return
    table = Table("id", "customer", "from", "subject", "read as", "promised", "why")
    for r in waiting:
        why = "; ".join(inbox.said_in_english(x.rule, x.params) for x in r.reasons)
        table.add_row(str(r.id), escape(r.customer_number or ""), escape(r.from_address),
                      escape(r.subject), r.reply_kind or "other",
                      "" if r.promised_on is None else r.promised_on.isoformat(),
                      escape(why))  # fmt: skip
    console.print(table)


@mail_app.command("confirm")
def confirm_command(
    message: Annotated[int, typer.Argument(help="The message's id (`tijdig mail inbox`).")],
    as_kind: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="paid, promise, dispute, copy_request, plan_request or "
            "other (default: the kind read).",
        ),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="A promise's day, YYYY-MM-DD (default: read).")
    ] = None,
    invoice: Annotated[
        str | None, typer.Option("--invoice", help="The invoice a dispute is about.")
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="A dispute's reason code (default: read).")
    ] = None,
    company: CompanyOption = None,
) -> None:
    """Confirm what a reply says: it records the promise, the dispute or the task (the
    workspace's own use cases), or only the contact ("other"), and lifts its hold."""
    from tijdig.domain.errors import InvalidValue
    from tijdig.domain.refusals import Refusal
    from tijdig.engine.replies import ReplyKind
    from tijdig.services.records import ports as records_ports

    def kind_of(text: str) -> ReplyKind:
        try:
            return ReplyKind(text)
        except ValueError:
            allowed = ", ".join(k.value for k in ReplyKind)
            raise InvalidValue("--as", Refusal.ONE_OF, value=text, allowed=allowed) from None

    app = installation()
    target = company_for(app, company)
    done = inbox.confirm_reply(
        app.uow, target, message,
        as_kind=None if as_kind is None else kind_of(as_kind),
        promised_on=None if on is None else parse_date(on, field="--date"), invoice=invoice,
        dispute_reason=None if reason is None else records_ports.parse_reason(reason),
        actor=cli_actor(), at=clock.now(),
    )  # fmt: skip
    extra = (f", promised for {done.promised_on}" if done.promised_on else "") + (
        f", dispute on {escape(done.dispute_invoice)}" if done.dispute_invoice else ""
    ) + (f", task {done.task_id}" if done.task_id else "")  # fmt: skip
    console.print(f"Message {message} confirmed as {done.kind.value}{extra}.", highlight=False)


@mail_app.command("send-personal")
def send_personal_command(
    customer: Annotated[str, typer.Argument(help="Customer number.")],
    template: Annotated[
        str,
        typer.Option(
            "--template",
            help="follow_up, answer, agreement or free: the text "
            "filled in for the customer, in their language.",
        ),
    ] = "follow_up",
    subject: Annotated[
        str | None, typer.Option("--subject", help="The subject (default: the template's).")
    ] = None,
    body_file: Annotated[
        Path | None,
        typer.Option(
            "--body-file",
            help="The text, UTF-8 ('-': standard input; default: "
            "the template's, which must then have nothing left to fill in).",
        ),
    ] = None,
    reply_to: Annotated[
        int | None,
        typer.Option(
            "--reply-to",
            help="The id of the reply it answers (`tijdig mail "
            "inbox`): threaded with it, its subject with Re:.",
        ),
    ] = None,
    attach: Annotated[
        list[str] | None,
        typer.Option(
            "--attach", help="An invoice whose copy goes with it (repeat it for more, at most 10)."
        ),
    ] = None,
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            help="16 to 64 letters, digits, - or _: the same key again "
            "sends nothing twice (default: a new one).",
        ),
    ] = None,
    show: Annotated[
        bool, typer.Option("--show", help="Print the e-mail and its address; send nothing.")
    ] = False,
    company: CompanyOption = None,
    as_json: JsonOption = False,
) -> None:
    """E-mail a customer personally: queued in the outbox, audited, sent at once (or with
    the next send when the mail server is away) and logged in the customer's timeline."""
    app = installation()
    target = company_for(app, company)
    chosen = personal_mail.template_of(template)
    written = personal.draft(app.uow(), app.customer_formats, target, customer,
                             template=chosen, reply_to=reply_to)  # fmt: skip
    text = written.body if body_file is None else _read_body(body_file)
    title = written.subject if subject is None else subject
    if show:
        if written.refusal is not None:
            raise written.refusal
        console.print(f"To: {escape(written.recipient or '')}\nSubject: {escape(title)}\n\n"
                      f"{escape(text)}", highlight=False)  # fmt: skip
        return
    sent = personal.send_personal(
        app.uow, app.mailer(), target, customer, subject=title, body=text, template=chosen,
        reply_to=reply_to, attach=attach or (), copies=app.mail_copies(),
        form_key=key or secrets.token_hex(16), by=cli_actor(),
        actor=cli_actor(), now=clock.now(), policy=app.retry_policy(),
    )  # fmt: skip
    if as_json:
        print_json({"outbox_id": sent.outbox_id, "key": sent.key, "to": sent.recipient,
                    "subject": sent.subject, "status": sent.status.value, "error": sent.error,
                    "again": sent.again})  # fmt: skip
        return
    said = "already queued by this key: nothing sent twice; " if sent.again else ""
    console.print(f"Personal e-mail to {escape(sent.recipient)}: {said}{sent.status.value}"
                  + (f" ({escape(sent.error)})" if sent.error else "") + ".",
                  highlight=False)  # fmt: skip


def _read_body(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise typer.BadParameter(str(error), param_hint="--body-file") from None
