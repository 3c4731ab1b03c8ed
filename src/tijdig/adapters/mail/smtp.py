"""E-mail over SMTP, released at exactly one point: just before DATA's final ".".

smtplib's `sendmail` sends the body and its closing "." in one go; here the body goes
first, then `release()` records the point of no return, then the ".". A failure up to
there leaves the server with an unfinished transaction, which it discards; a failure
after it, without an answer, raises DeliveryUnknown. Answers: 421 ServiceUnavailable,
other 4xx TemporaryFailure, 5xx PermanentFailure.

Addresses with accents are written as addresses.py says: a domain in its IDNA form, a
mailbox name only with SMTPUTF8 (asked for when the server offers it and an address
needs it; without it such a message fails for good, saying so).
"""

from __future__ import annotations

import re
import smtplib
import ssl
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime, parseaddr

from tijdig.services.outbox import (
    DeliveryUnknown,
    OutgoingMessage,
    PermanentFailure,
    Release,
    SendError,
    ServiceUnavailable,
    TemporaryFailure,
)

from .addresses import ascii_domain, mailbox, needs_smtputf8

_NOT_IN_ID = re.compile(r"[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]")


def message_id(key: str, sender: str) -> str:
    """`<key@sender-domain>`: the idempotency key, findable in any mail log."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "tijdig.invalid"
    return f"<{_NOT_IN_ID.sub('-', key)}@{ascii_domain(domain)}>"


def needs_utf8(message: OutgoingMessage, *, sender: str) -> bool:
    """Whether an address of the message can only be written with SMTPUTF8."""
    return needs_smtputf8(
        sender, message.recipient, message.sender or "", message.reply_to or "",
        message.return_path or "",
    )  # fmt: skip


def build_email(
    message: OutgoingMessage, *, sender: str, utf8: bool = False, eight_bit: bool = True
) -> EmailMessage:
    """Text with an HTML alternative, attachments, and a Message-ID from the key; with
    `utf8` the addresses go as written (SMTPUTF8), else in ASCII (PermanentFailure when
    one cannot). Without `eight_bit` (a server that does not offer 8BITMIME, RFC 6152)
    text with accents or a euro sign goes as quoted-printable or base64, 7-bit clean."""
    policy = SMTPUTF8 if utf8 else SMTP
    mail = EmailMessage(policy=policy if eight_bit or utf8 else policy.clone(cte_type="7bit"))
    mail["From"] = mailbox(sender, utf8=utf8)
    mail["To"] = mailbox(message.recipient, utf8=utf8)
    reply_to = message.reply_to or (message.sender if message.sender != sender else None)
    if reply_to:
        mail["Reply-To"] = mailbox(reply_to, utf8=utf8)
    mail["Subject"] = message.subject
    if message.date is not None:
        mail["Date"] = format_datetime(message.date)
    mail["Message-ID"] = message_id(message.key, sender)
    if message.in_reply_to:
        mail["In-Reply-To"] = message.in_reply_to
    if message.references:
        mail["References"] = " ".join(message.references)
    mail["X-Tijdig-Key"] = message.key
    mail.set_content(message.text)
    if message.html:
        mail.add_alternative(message.html, subtype="html")
    for item in message.attachments:
        maintype, _, subtype = item.mime_type.partition("/")
        html = mail.get_body(("html",)) if message.html else None
        if item.content_id and isinstance(html, EmailMessage):
            # Inline beside the HTML (multipart/related), shown where it says cid:...
            html.add_related(
                item.content, maintype=maintype, subtype=subtype, cid=f"<{item.content_id}>"
            )
            continue
        mail.add_attachment(
            item.content,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=item.filename,
        )
    return mail


def sender_for(message: OutgoingMessage, default: str | None) -> str:
    """The configured sender if any, else the company's own address."""
    sender = default or message.sender
    if not sender:
        raise TemporaryFailure("no sender address: set TIJDIG_MAIL_FROM or the company e-mail")
    return sender


def envelope_sender(message: OutgoingMessage, mail: EmailMessage, *, utf8: bool) -> str:
    """MAIL FROM: the collection mailbox's bounce address when the message has one (so
    delivery reports come back to it), else the From address."""
    if message.return_path:
        return mailbox(message.return_path, utf8=utf8).addr_spec
    return str(mail["From"].addresses[0].addr_spec)


def _refusal(code: int, reply: bytes, stage: str) -> SendError:
    text = f"{stage}: {code} {reply.decode('utf-8', 'replace')}"
    if code == 421:
        return ServiceUnavailable(text)
    return PermanentFailure(text) if 500 <= code < 600 else TemporaryFailure(text)


def _mail_options(data: bytes, *, utf8: bool) -> tuple[str, ...]:
    """What MAIL FROM declares: SMTPUTF8 for addresses as written; BODY=8BITMIME for a
    body with 8-bit bytes (only built so when the server offers 8BITMIME)."""
    if utf8:
        return ("SMTPUTF8", "BODY=8BITMIME")
    return () if data.isascii() else ("BODY=8BITMIME",)


def _wire(mail: EmailMessage) -> bytes:
    """The message as DATA carries it: CRLF lines, leading dots doubled."""
    data = re.sub(rb"(?m)^\.", b"..", mail.as_bytes())
    return data if data.endswith(b"\r\n") else data + b"\r\n"


class SmtpMailer:
    def __init__(
        self,
        host: str,
        port: int = 25,
        *,
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        sender: str | None = None,
    ) -> None:
        self.host, self.port, self.starttls = host, port, starttls
        self.username, self.password = username, password
        self.timeout, self.sender = timeout, sender

    def send(self, message: OutgoingMessage, *, release: Release) -> str:
        """Deliver; the server's answer to the message ("250 2.0.0 Ok: queued as ...")
        is the evidence kept."""
        sender = sender_for(message, self.sender)
        smtp = self._connect()
        try:
            utf8 = smtp.has_extn("smtputf8") and needs_utf8(message, sender=sender)
            eight_bit = bool(smtp.has_extn("8bitmime"))
            mail = build_email(message, sender=sender, utf8=utf8, eight_bit=eight_bit)
            data = _wire(mail)
            envelope = envelope_sender(message, mail, utf8=utf8)
            self._envelope(smtp, mail, envelope, options=_mail_options(data, utf8=utf8))
            answer = self._transfer(smtp, data, release)
        except BaseException:
            smtp.close()  # no QUIT: an unfinished DATA must stay unfinished
            raise
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
        return answer

    def _connect(self) -> smtplib.SMTP:
        smtp = smtplib.SMTP(timeout=self.timeout)
        try:
            code, reply = smtp.connect(self.host, self.port)
            if code != 220:
                raise smtplib.SMTPConnectError(code, reply)
            smtp.ehlo_or_helo_if_needed()
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.username:
                smtp.login(self.username, self.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            smtp.close()
            where = f"{self.host}:{self.port}"
            raise ServiceUnavailable(f"mail server {where} unavailable: {exc}") from exc
        return smtp

    def _envelope(
        self, smtp: smtplib.SMTP, mail: EmailMessage, sender: str, *, options: tuple[str, ...]
    ) -> None:
        """MAIL FROM `sender` and RCPT TO the address of To, then DATA."""
        recipient = mail["To"].addresses[0].addr_spec
        try:
            code, reply = smtp.mail(sender, options)
            if code == 250:
                code, reply = smtp.rcpt(recipient)
                if code in (250, 251):
                    code, reply = smtp.docmd("DATA")
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryFailure(f"connection lost before the message: {exc}") from exc
        if code != 354:
            raise _refusal(code, reply, f"refused for {recipient}")

    def _transfer(self, smtp: smtplib.SMTP, data: bytes, release: Release) -> str:
        try:
            smtp.send(data)
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryFailure(f"connection lost during the message: {exc}") from exc
        release()
        try:
            smtp.send(b".\r\n")
            code, reply = smtp.getreply()
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryUnknown(f"no answer after the message was released: {exc}") from exc
        if code != 250:
            raise _refusal(code, reply, "message refused")
        return f"{code} {reply.decode('utf-8', 'replace')}"
