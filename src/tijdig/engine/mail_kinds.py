"""What a message read from the collection mailbox is: a reply, an auto-reply or a
bounce (issue 19), read by the reply classifier (`tijdig.engine.replies`).

A delivery status notification is checked first: bounces often carry `Auto-Submitted`
too, and a bounce must not pass for an out-of-office. A message `parse_dsn` reads is a
BOUNCE (reason `dsn_report`, or `dsn_text` for a plain-text one); one `is_auto_reply`
calls machine-sent is an AUTO_REPLY (reasons: its `auto_reply_signs`); the rest is a
REPLY, classified further by `classify_reply` (`read_mail`). Reasons are codes, worded
at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage

from tijdig.domain.mailbox import MailKind
from tijdig.engine.replies import (
    Bounce,
    Classification,
    Reply,
    auto_reply_signs,
    classify_reply,
    parse_dsn,
)


@dataclass(frozen=True, slots=True)
class MailReading:
    """What a message is and why; a bounce's DSN, a reply's classification."""

    kind: MailKind
    reasons: tuple[str, ...]
    bounce: Bounce | None = None
    classification: Classification | None = None


def _kind(message: EmailMessage) -> tuple[MailKind, tuple[str, ...], Bounce | None]:
    bounce = parse_dsn(message)
    if bounce is not None:
        return MailKind.BOUNCE, ("dsn_report" if bounce.standard else "dsn_text",), bounce
    signs = auto_reply_signs(Reply.of(message))
    if signs:
        return MailKind.AUTO_REPLY, signs, None
    return MailKind.REPLY, (), None


def kind_of(message: EmailMessage) -> tuple[MailKind, tuple[str, ...]]:
    """The message's kind and the codes of why."""
    kind, reasons, _ = _kind(message)
    return kind, reasons


def read_mail(message: EmailMessage, *, received_on: date) -> MailReading:
    """The message's kind, and for a reply what it says (`received_on` dates a promise)."""
    kind, reasons, bounce = _kind(message)
    if kind is not MailKind.REPLY:
        return MailReading(kind, reasons, bounce)
    return MailReading(kind, reasons, None, classify_reply(message, received_on=received_on))
