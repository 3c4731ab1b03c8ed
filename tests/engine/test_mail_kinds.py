"""The kind of a message read: bounce, auto-reply or reply (RFC 3464, RFC 3834 and the
de-facto auto-reply headers), and what a reply says, by the reply classifier."""

from __future__ import annotations

from datetime import date
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from tijdig.domain.mailbox import MailKind
from tijdig.engine.mail_kinds import kind_of, read_mail
from tijdig.engine.replies import ReplyKind


def _message(**headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "klant@example.nl"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Ik kijk het na en laat het u weten.")
    return message


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        ({}, MailKind.REPLY),
        ({"Auto_Submitted": "no"}, MailKind.REPLY),
        ({"Auto_Submitted": "auto-replied"}, MailKind.AUTO_REPLY),
        ({"Auto_Submitted": "Auto-Generated; owner-email=x@y.nl"}, MailKind.AUTO_REPLY),
        ({"X_Autoreply": "yes"}, MailKind.AUTO_REPLY),
        ({"X_Autorespond": "Out of office"}, MailKind.AUTO_REPLY),
        ({"Precedence": "auto_reply"}, MailKind.AUTO_REPLY),
        ({"Precedence": "bulk"}, MailKind.AUTO_REPLY),  # a list or robot, no person
    ],
)
def test_the_headers_say_what_a_message_is(headers: dict[str, str], kind: MailKind) -> None:
    assert kind_of(_message(**headers))[0] is kind


_DSN = (
    "From: Mail Delivery System <MAILER-DAEMON@mx.example.nl>\r\n"
    "To: collect+tok@tijdig.example\r\n"
    "Subject: Undelivered Mail Returned to Sender\r\n"
    "Auto-Submitted: auto-replied\r\n"
    "MIME-Version: 1.0\r\n"
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n'
    "--b1\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you ...\r\n"
    "--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
    "Reporting-MTA: dns; mx.example.nl\r\n\r\n"
    "Final-Recipient: rfc822; {address}\r\nAction: failed\r\nStatus: {status}\r\n"
    "Diagnostic-Code: smtp; 550 {status} unknown user\r\n"
    "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\n"
    "Message-ID: <abc123@tijdig.example>\r\nSubject: Herinnering\r\n"
    "--b1--\r\n"
)


def _dsn(address: str = "boekhouding@klant.nl", status: str = "5.1.1") -> EmailMessage:
    raw = _DSN.format(address=address, status=status).encode()
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def test_a_delivery_status_notification_is_a_bounce_even_when_auto_submitted() -> None:
    assert kind_of(_dsn()) == (MailKind.BOUNCE, ("dsn_report",))
    reading = read_mail(_dsn(status="4.2.2"), received_on=date(2026, 12, 4))
    assert reading.kind is MailKind.BOUNCE and reading.classification is None
    assert reading.bounce is not None and not reading.bounce.hard
    assert reading.bounce.addresses == ("boekhouding@klant.nl",)
    assert reading.bounce.original_message_id == "<abc123@tijdig.example>"


def test_an_out_of_office_is_an_auto_reply_with_its_signs() -> None:
    message = _message(Subject="Afwezig: Herinnering", Auto_Submitted="auto-replied")
    reading = read_mail(message, received_on=date(2026, 12, 4))
    assert reading.kind is MailKind.AUTO_REPLY and reading.classification is None
    assert "header:auto-submitted" in reading.reasons


@pytest.mark.parametrize(
    ("text", "received", "kind", "promised"),
    [
        ("Ik betaal de factuur op 15 december.", date(2026, 12, 4), ReplyKind.PROMISE,
         date(2026, 12, 15)),
        ("Wij hebben de factuur gisteren betaald.", date(2026, 12, 31), ReplyKind.PAID, None),
        ("Ik kijk het na en laat het u weten.", date(2026, 12, 4), ReplyKind.OTHER, None),
    ],
)  # fmt: skip
def test_a_reply_is_classified(
    text: str, received: date, kind: ReplyKind, promised: date | None
) -> None:
    message = _message(Subject="Re: Herinnering factuur 2026-001")
    message.set_content(text)
    reading = read_mail(message, received_on=received)
    assert reading.kind is MailKind.REPLY and reading.classification is not None
    assert reading.classification.kind is kind
    assert reading.classification.promised_on == promised
    assert reading.classification.reasons
