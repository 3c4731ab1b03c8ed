"""The outbox port: the values, errors and Protocols that sending works with.

Adapters implement `Mailer` (adapters/mail), `SmsSender` (adapters/sms) and `Outbox`
(adapters/db/repositories/outbox.py); the use case and its exactly-once design are in sending.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import TracebackType
from typing import Protocol, Self


class DeliveryChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"  # a PDF for the post: delivered to the print queue


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    UNCONFIRMED = "unconfirmed"
    SENT = "sent"
    FAILED = "failed"
    # Never released, and worked out for a day that has passed: its stated dates and
    # interest no longer hold, so it is worked out again for the day it will go.
    EXPIRED = "expired"


class SendError(Exception):
    """Raised by a Mailer or SmsSender; the message says what the server answered."""


class TemporaryFailure(SendError):
    """Refused for now (4xx) or never released: safe to try again later."""


class ServiceUnavailable(TemporaryFailure):
    """The server as a whole is unreachable or refuses us: stop this run."""


class PermanentFailure(SendError):
    """Refused for good (5xx): do not try again."""


class DeliveryUnknown(SendError):
    """Released, but no answer came: the server may or may not have the message."""


class ClaimLost(SendError):
    """Another run took this message over; the sender must abort before handing over."""


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    mime_type: str
    content: bytes
    content_id: str | None = None  # shown inline in the HTML body (cid:...), e.g. the QR


@dataclass(frozen=True, slots=True)
class Origin:
    """Whose message it is and which outbox row: what a reply token names."""

    company_id: int
    customer_id: int | None
    outbox_id: int


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A rendered message; `key` is its idempotency key (and its Message-ID).
    `reply_to` and `return_path` (the envelope sender, MAIL FROM) are the collection
    mailbox's addresses when the company has one (services/mailbox/addressing.py)."""

    key: str
    channel: DeliveryChannel
    recipient: str
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    sender: str | None = None  # "Name <address>" of the company, if it has one
    date: datetime | None = None
    origin: Origin | None = None
    reply_to: str | None = None
    return_path: str | None = None
    # Threading (RFC 5322 3.6.4): a personal e-mail answering a message read names it.
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One outbox row without its bodies."""

    id: int
    key: str
    company_id: int
    customer_id: int | None
    run_item_id: int | None
    channel: DeliveryChannel
    recipient: str
    subject: str
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    written_by: str | None = None  # a personal e-mail: the user who wrote it


@dataclass(frozen=True, slots=True)
class Claim:
    entry: OutboxEntry
    message: OutgoingMessage
    attempt: int  # the attempts count this run holds; every later change checks it


# The release: called by a Mailer or SmsSender just before the point of no return (SMTP's
# final "." of DATA, a file renamed into place), where the message leaves our hands;
# raises ClaimLost. Not to be confused with a hand-over, which is the collection step
# that passes a case to an agency.
Release = Callable[[], None]


class Mailer(Protocol):
    def send(self, message: OutgoingMessage, *, release: Release) -> str | None:
        """Deliver; what shows it was (the mail server's answer, the print batch), if
        anything."""
        ...


class SmsSender(Protocol):
    def send(self, message: OutgoingMessage, *, release: Release) -> str | None: ...


class Outbox(Protocol):
    def enqueue(
        self,
        *,
        key: str,
        company_id: int,
        channel: DeliveryChannel,
        recipient: str,
        subject: str,
        text: str,
        html: str | None = None,
        attachments: Sequence[Attachment] = (),
        customer_id: int | None = None,
        run_item_id: int | None = None,
        created_at: datetime,
        valid_on: date | None = None,
        in_reply_to: str | None = None,
        references: Sequence[str] = (),
        written_by: str | None = None,
    ) -> int: ...
    def expire(self, *, before: date, now: datetime) -> list[int]: ...
    def counts(self, *, company_id: int | None = None) -> dict[OutboxStatus, int]: ...
    def due(self, *, now: datetime, limit: int | None = None) -> list[int]: ...
    def claim(self, outbox_id: int, *, now: datetime, lease_until: datetime) -> Claim | None: ...
    def release(self, outbox_id: int, attempt: int) -> bool: ...
    def mark_sent(
        self, outbox_id: int, attempt: int, *, sent_at: datetime, answer: str | None = None
    ) -> bool: ...
    def mark_retry(
        self, outbox_id: int, attempt: int, *, next_attempt_at: datetime, error: str
    ) -> bool: ...
    def mark_failed(self, outbox_id: int, attempt: int, *, error: str) -> bool: ...
    def mark_unconfirmed(self, outbox_id: int, attempt: int, *, error: str) -> bool: ...
    def get(self, outbox_id: int) -> OutboxEntry | None: ...
    def with_status(
        self, status: OutboxStatus, *, company_id: int | None = None, limit: int | None = None
    ) -> list[OutboxEntry]: ...


class OutboxUnitOfWork(Protocol):
    @property
    def outbox(self) -> Outbox: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
