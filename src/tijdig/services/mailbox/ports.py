"""The mailbox's ports: the IMAP reader, the password cipher and the store, with the
values they pass."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from tijdig.domain.mailbox import LinkMethod, MailboxSettings, MailKind
from tijdig.services.audit import AuditLog
from tijdig.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class StoredMailbox:
    settings: MailboxSettings
    password_sealed: str | None
    uidvalidity: int | None
    last_uid: int
    last_fetch_at: datetime | None


@dataclass(frozen=True, slots=True)
class RawMessage:
    """A message as the server gave it: cut at the size limit when `truncated`."""

    uid: int
    raw: bytes
    size: int  # the whole message's size, as the server says
    truncated: bool


class MailSession(Protocol):
    """One open, selected folder of a mailbox."""

    @property
    def uidvalidity(self) -> int: ...
    def uids_after(self, uid: int) -> list[int]: ...
    def fetch(self, uid: int, *, max_bytes: int) -> RawMessage | None: ...


class MailReader(Protocol):
    def open(
        self, settings: MailboxSettings, password: str
    ) -> AbstractContextManager[MailSession]: ...


class Cipher(Protocol):
    def encrypt(self, plain: str) -> str: ...
    def decrypt(self, sealed: str, *, company: str) -> str: ...


@dataclass(frozen=True, slots=True)
class MailAttachment:
    filename: str
    mime_type: str
    size: int
    content: bytes


@dataclass(frozen=True, slots=True)
class Link:
    """Who a message is linked to and how; `flag` marks a bad reply token."""

    customer_id: int | None = None
    method: LinkMethod | None = None
    outbox_id: int | None = None
    flag: str | None = None


@dataclass(frozen=True, slots=True)
class NewMail:
    message_key: str
    message_id: str | None
    folder: str
    uidvalidity: int
    uid: int
    from_address: str
    to_addresses: str
    subject: str
    sent_at: datetime | None
    fetched_at: datetime
    size: int
    truncated: bool
    raw: bytes
    kind: MailKind
    kind_reasons: tuple[str, ...]
    link: Link
    attachments: tuple[MailAttachment, ...] = ()
    reply: ReplyReading | None = None  # a person's reply, as the classifier read it


@dataclass(frozen=True, slots=True)
class ReplyReading:
    """What the classifier read in a person's reply: the kind, the reasons (rule codes
    with parameters, JSON-ready), the day promised, the dispute reason, how plainly."""

    kind: str
    reasons: tuple[dict[str, object], ...]
    confidence: float
    promised_on: date | None = None
    dispute_reason: str | None = None


@dataclass(frozen=True, slots=True)
class StoredMail:
    """A message read, as the queue, the CLI and the customer's file show it."""

    id: int
    customer_number: str | None
    from_address: str
    subject: str
    kind: MailKind
    link_method: LinkMethod | None
    flag: str | None
    sent_at: datetime | None
    fetched_at: datetime
    size: int
    truncated: bool
    attachments: int


class MailStore(Protocol):
    def mailbox(self, company_id: int) -> StoredMailbox | None: ...
    def save_mailbox(
        self,
        company_id: int,
        settings: MailboxSettings,
        *,
        password_sealed: str | None,
        keep_password: bool,
        at: datetime,
        by: str,
    ) -> None: ...
    def advance(
        self, company_id: int, *, uidvalidity: int, last_uid: int, at: datetime
    ) -> None: ...
    def raw_of(self, company_id: int, message_key: str) -> bytes | None: ...
    def add(self, company_id: int, mail: NewMail) -> int: ...
    def sent_with_keys(self, company_id: int, keys: Sequence[str]) -> tuple[int, int] | None: ...
    def outbox_customer(self, company_id: int, outbox_id: int) -> int | None: ...
    def customer_exists(self, company_id: int, customer_id: int) -> bool: ...
    def customers_with_address(self, company_id: int, address: str) -> list[int]: ...
    def get(self, company_id: int, mail_id: int) -> StoredMail | None: ...
    def unlinked(self, company_id: int) -> list[StoredMail]: ...
    def link(
        self, company_id: int, mail_id: int, customer_id: int, *, by: str, at: datetime
    ) -> None: ...


class MailUnitOfWork(UnitOfWork, Protocol):
    @property
    def mail(self) -> MailStore: ...
    @property
    def audit(self) -> AuditLog: ...
