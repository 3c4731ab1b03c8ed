"""Reading what comes back to the collection mailbox (issue 19), without I/O: bounces
(`parse_dsn`), auto-replies (`is_auto_reply`) and the kind of a person's reply
(`classify_reply`). Check a message for a bounce first, then for an auto-reply: neither
counts as contact, and only what is left is classified."""

from tijdig.engine.replies.auto import auto_reply_signs, is_auto_reply
from tijdig.engine.replies.classify import (
    Classification,
    Finding,
    ReplyKind,
    Rule,
    classify_reply,
)
from tijdig.engine.replies.dates import read_dates
from tijdig.engine.replies.dsn import Bounce, Failure, Severity, parse_dsn
from tijdig.engine.replies.mail import Reply, from_message
from tijdig.engine.replies.texts import say

__all__ = [
    "Bounce",
    "Classification",
    "Failure",
    "Finding",
    "Reply",
    "ReplyKind",
    "Rule",
    "Severity",
    "auto_reply_signs",
    "classify_reply",
    "from_message",
    "is_auto_reply",
    "parse_dsn",
    "read_dates",
    "say",
]
