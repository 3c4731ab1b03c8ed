"""The stand-in classification of a message read: bounce, auto-reply or reply, from the
headers (RFC 3464, RFC 3834 and the de-facto auto-reply headers)."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from tijdig.domain.mailbox import MailKind
from tijdig.engine.mail_kinds import kind_of


def _message(**headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "klant@example.nl"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Ik ben afwezig tot en met maandag.")
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
        ({"Precedence": "bulk"}, MailKind.REPLY),
    ],
)
def test_the_headers_say_what_a_message_is(headers: dict[str, str], kind: MailKind) -> None:
    assert kind_of(_message(**headers))[0] is kind


def test_a_delivery_status_notification_is_a_bounce() -> None:
    report = EmailMessage()
    report["From"] = "MAILER-DAEMON@mx.example.nl"
    report.set_content("Delivery to the following recipient failed permanently.")
    status = EmailMessage()
    status.set_content("Reporting-MTA: dns; mx.example.nl\n\nFinal-Recipient: rfc822; a@b.nl\n"
                       "Action: failed\nStatus: 5.1.1\n")  # fmt: skip
    report.make_mixed()
    report.attach(status)
    report.replace_header("Content-Type", 'multipart/report; report-type="delivery-status"')
    assert kind_of(report) == (MailKind.BOUNCE, ("dsn_report",))
