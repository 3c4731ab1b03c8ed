"""Bounces: delivery status notifications (RFC 3464), and the plain-text bounces of the
mail servers that still send those (Exim, qmail, old Postfix), read as a fallback.

A hard bounce says an address does not work (status 5.x.x); a soft one that it did not
work now (4.x.x, "delayed"). A server that gives up after days of 4.x.x sends "Action:
failed" with a 4.x.x status: the message is lost, but the address was never refused, so
it is soft. Marking a good address undeliverable costs more than counting one more soft
bounce, so a bounce that does not say which it is is soft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message
from email.parser import HeaderParser
from enum import StrEnum

from tijdig.engine.replies.mail import body_text


class Severity(StrEnum):
    HARD = "hard"
    SOFT = "soft"


@dataclass(frozen=True, slots=True)
class Failure:
    """One recipient that was not reached."""

    address: str
    severity: Severity
    action: str  # failed, delayed; "" for a non-standard bounce
    status: str | None = None  # "5.1.1"
    diagnostic: str | None = None  # "smtp; 550 5.1.1 <x@example.nl>: Recipient address rejected"


@dataclass(frozen=True, slots=True)
class Bounce:
    """A bounce, with what links it to the message Tijdig sent: the original's Message-ID,
    the envelope id (ENVID), and the address the bounce came back to (Tijdig's envelope
    sender, `collect+TOKEN@...`) with its token. The token is read, not verified: checking
    its signature is the linking's job."""

    failures: tuple[Failure, ...]
    standard: bool  # False: read from a non-standard (plain text) bounce
    original_message_id: str | None = None
    envelope_id: str | None = None
    returned_to: str | None = None
    token: str | None = None

    @property
    def hard(self) -> bool:
        return any(f.severity is Severity.HARD for f in self.failures)

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(f.address for f in self.failures)


_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_SMTP_CODE = re.compile(r"(?<![\d.])([45])\d\d(?:[ -]|$)")
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def parse_dsn(message: Message) -> Bounce | None:
    """The bounce `message` is, or None when it is none (a reply, or a DSN that reports
    only deliveries)."""
    if _is_report(message):
        bounce = _standard(message)
        if bounce is not None or _status_part(message) is not None:
            return bounce
    return _non_standard(message)


def _is_report(message: Message) -> bool:
    report_type = str(message.get_param("report-type", "") or "").lower()
    return message.get_content_type() == "multipart/report" and report_type == "delivery-status"


def _parts(message: Message) -> list[Message]:
    found: list[Message] = []
    for part in message.walk():
        found.append(part)
    return found


def _status_part(message: Message) -> Message | None:
    return next(
        (p for p in _parts(message) if p.get_content_type() == "message/delivery-status"), None
    )


def _status_blocks(part: Message) -> list[Message]:
    """The per-message block, then one per recipient. The parser gives them as messages;
    a part it kept as text is split on blank lines."""
    payload = part.get_payload()
    if isinstance(payload, list) and all(isinstance(p, Message) for p in payload):
        return [p for p in payload if isinstance(p, Message)]
    raw = part.get_payload(decode=True)
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(payload)
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [HeaderParser().parsestr(chunk) for chunk in chunks if chunk.strip()]


def _typed_value(value: str | None) -> str:
    """ "rfc822; x@example.nl" -> "x@example.nl"."""
    text = " ".join(str(value or "").split())
    return text.split(";", 1)[1].strip().strip("<>") if ";" in text else text.strip("<>")


def _severity(action: str, status: str | None, diagnostic: str | None) -> Severity | None:
    if action not in {"failed", "delayed"}:
        return None  # delivered, relayed, expanded: no failure
    status_match = _STATUS.search(status or "") or _STATUS.search(diagnostic or "")
    if status_match is not None:
        return Severity.HARD if status_match[1] == "5" and action == "failed" else Severity.SOFT
    code = _SMTP_CODE.search(_typed_value(diagnostic))
    if code is not None:
        return Severity.HARD if code[1] == "5" and action == "failed" else Severity.SOFT
    return Severity.SOFT


def _standard(message: Message) -> Bounce | None:
    part = _status_part(message)
    if part is None:
        return None
    blocks = _status_blocks(part)
    if not blocks:
        return None
    per_message, recipients = blocks[0], blocks[1:]
    if per_message.get("Final-Recipient") or per_message.get("Action"):
        recipients = blocks  # no per-message block: some servers leave it out
    failures: list[Failure] = []
    for block in recipients:
        address = _typed_value(block.get("Final-Recipient") or block.get("Original-Recipient"))
        action = str(block.get("Action", "")).strip().lower()
        status = _typed_value(block.get("Status")) or None
        diagnostic = " ".join(str(block.get("Diagnostic-Code", "")).split()) or None
        severity = _severity(action, status, diagnostic)
        if address and severity is not None:
            failures.append(Failure(address.lower(), severity, action, status, diagnostic))
    if not failures:
        return None
    envelope_id = _typed_value(per_message.get("Original-Envelope-Id")) or None
    return Bounce(
        failures=tuple(failures),
        standard=True,
        original_message_id=_original_message_id(message),
        envelope_id=envelope_id,
        returned_to=_returned_to(message),
        token=_token(_returned_to(message)),
    )


def _original_message_id(message: Message) -> str | None:
    for part in _parts(message):
        kind = part.get_content_type()
        if kind == "message/rfc822":
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, Message) and inner.get("Message-ID"):
                return str(inner["Message-ID"]).strip()
        elif kind == "text/rfc822-headers":
            raw = part.get_payload(decode=True)
            text = (
                raw.decode("utf-8", "replace")
                if isinstance(raw, bytes)
                else str(part.get_payload())
            )
            found = HeaderParser().parsestr(text.lstrip()).get("Message-ID")
            if found:
                return str(found).strip()
    return _message_id_in_text(body_text_all(message))


def body_text_all(message: Message) -> str:
    """Every text part, attached originals included: a plain bounce quotes the original
    message's headers in its own text."""
    texts: list[str] = []
    for part in _parts(message):
        if part.get_content_maintype() == "text":
            raw = part.get_payload(decode=True)
            if isinstance(raw, bytes):
                texts.append(raw.decode(part.get_content_charset() or "utf-8", "replace"))
    return "\n".join(texts)


def _message_id_in_text(text: str) -> str | None:
    found = re.search(r"^\s*Message-ID:\s*(<[^>\s]+>)", text, re.IGNORECASE | re.MULTILINE)
    return found[1] if found else None


def _returned_to(message: Message) -> str | None:
    for name in ("X-Original-To", "Delivered-To", "To"):
        value = message.get(name)
        if value:
            found = _ADDRESS.search(str(value))
            if found:
                return found[0].lower()
    return None


def _token(address: str | None) -> str | None:
    """The part after '+' in the local part: `collect+TOKEN@example.nl` -> "TOKEN"."""
    if not address or "@" not in address:
        return None
    local = address.split("@", 1)[0]
    return local.split("+", 1)[1] or None if "+" in local else None


_DAEMON = re.compile(r"^(?:mailer-daemon|mail-daemon|mailerdaemon|postmaster|mail\.delivery)", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver(?:ed|able)|returned\s+(?:mail|to\s+sender)|delivery\s+(?:status\s+notification|failure|"
    r"failed|has\s+failed|problem)|mail\s+delivery\s+(?:failed|failure|system)|failure\s+notice"
    r"|could\s+not\s+send\s+message|\bdelayed\b|onbestelbaar|niet\s+(?:afgeleverd|bezorgd)"
    r"|non\s+remis|échec\s+de\s+(?:la\s+)?remise",
    re.IGNORECASE,
)
_PERMANENT = re.compile(
    r"permanent\s+(?:error|failure|fatal)|permanently|user\s+unknown|unknown\s+user|does\s+not\s+exist"
    r"|no\s+such\s+(?:user|mailbox|recipient)|mailbox\s+unavailable|address\s+rejected"
    r"|recipient\s+not\s+found|i've\s+given\s+up",
    re.IGNORECASE,
)
_TEMPORARY = re.compile(
    r"temporar(?:y|ily)|delayed|will\s+(?:continue|keep)\s+(?:to\s+)?try|still\s+being\s+retried"
    r"|not\s+yet\s+been\s+delivered|mailbox\s+(?:is\s+)?full|over\s+quota",
    re.IGNORECASE,
)
# Where a plain bounce names the failed address: on a line of its own, or "<x>: ...".
_FAILED_LINE = re.compile(r"^\s*<?(" + _ADDRESS.pattern + r")>?\s*(?::|$|\(|\s{2,})", re.M)


def _non_standard(message: Message) -> Bounce | None:
    sender = _ADDRESS.search(str(message.get("From", "")))
    from_daemon = bool(sender and _DAEMON.match(sender[0]))
    null_path = str(message.get("Return-Path", "")).strip() == "<>"
    subject = " ".join(str(message.get("Subject", "")).split())
    if not (from_daemon or null_path) or not _BOUNCE_SUBJECT.search(subject):
        return None
    text = body_text(message)
    own = {a for a in (_returned_to(message), sender[0].lower() if sender else None) if a}
    addresses: list[str] = []
    own_part = re.split(r"-{3,}\s*(?:this\s+is\s+a\s+copy|below\s+this\s+line)", text, flags=re.I)[
        0
    ]
    for found in _FAILED_LINE.finditer(own_part):
        address = found[1].lower()
        if address not in own and address not in addresses:
            addresses.append(address)
    if not addresses:
        return None
    status = _STATUS.search(text)
    code = _SMTP_CODE.search(text)
    hard = bool(_PERMANENT.search(text)) or (status is not None and status[1] == "5")
    hard = hard or (status is None and code is not None and code[1] == "5")
    soft = bool(_TEMPORARY.search(text)) or (status is not None and status[1] == "4")
    severity = Severity.HARD if hard and not soft else Severity.SOFT
    diagnostic = _diagnostic_line(text)
    failures = tuple(
        Failure(a, severity, "", status[0] if status else None, diagnostic) for a in addresses
    )
    returned_to = _returned_to(message)
    return Bounce(
        failures=failures,
        standard=False,
        original_message_id=_original_message_id(message),
        returned_to=returned_to,
        token=_token(returned_to),
    )


def _diagnostic_line(text: str) -> str | None:
    for line in text.splitlines():
        if _SMTP_CODE.search(line.strip()) and re.search(r"\b[45]\d\d\b", line):
            return " ".join(line.split())
    return None
