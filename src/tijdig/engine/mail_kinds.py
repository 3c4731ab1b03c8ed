"""What a message read from the collection mailbox is: a reply, an auto-reply or a
bounce (issue 19).

`kind_of` is the one seam where the reply classifier (`tijdig.engine.replies`) plugs in:
a message its `parse_dsn` reads as a bounce is BOUNCE, one its `is_auto_reply` calls
machine-sent is AUTO_REPLY (reasons: `auto_reply_signs`), the rest REPLY, to be
classified further by `classify_reply`. Until it is merged a minimal check stands in,
from the headers alone: a delivery status notification (RFC 3464: multipart/report with
report-type delivery-status) is a bounce; `Auto-Submitted` other than "no" (RFC 3834),
or the de-facto `X-Autoreply`/`X-Autorespond` headers or `Precedence: auto_reply`, is
an auto-reply; anything else is a reply. Reasons are codes, worded at the edge.
"""

from __future__ import annotations

from email.message import EmailMessage

from tijdig.domain.mailbox import MailKind

_AUTO_HEADERS = ("x-autoreply", "x-autorespond")


def kind_of(message: EmailMessage) -> tuple[MailKind, tuple[str, ...]]:
    """The message's kind and the codes of why."""
    if message.get_content_type() == "multipart/report":
        report = str(message.get_param("report-type", "") or "").lower()
        if report == "delivery-status":
            return MailKind.BOUNCE, ("dsn_report",)
    auto = str(message.get("auto-submitted", "")).strip().lower()
    if auto and not auto.startswith("no"):
        return MailKind.AUTO_REPLY, (f"auto_submitted:{auto.split(';')[0]}",)
    for name in _AUTO_HEADERS:
        if message.get(name) is not None:
            return MailKind.AUTO_REPLY, (name,)
    if str(message.get("precedence", "")).strip().lower() == "auto_reply":
        return MailKind.AUTO_REPLY, ("precedence_auto_reply",)
    return MailKind.REPLY, ()
