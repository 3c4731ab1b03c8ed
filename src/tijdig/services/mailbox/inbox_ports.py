"""The inbox's port: the linked replies waiting for a person, one message in full, and
the confirmation of what a reply says (issue 19)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from tijdig.domain.mailbox import MailKind, WaitingReply
from tijdig.services.mailbox.ports import MailUnitOfWork
from tijdig.services.records.ports import RecordsUnitOfWork


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule of the classifier that fired, with its parameters (engine/replies)."""

    rule: str
    params: dict[str, str]


@dataclass(frozen=True, slots=True)
class InboxReply:
    """A message read with what the classifier said and what a person confirmed."""

    id: int
    customer_number: str | None
    customer_name: str | None
    from_address: str
    subject: str
    kind: MailKind
    sent_at: datetime | None
    fetched_at: datetime
    reply_kind: str | None
    reasons: tuple[Reason, ...]
    promised_on: date | None
    dispute_reason: str | None
    confidence: float | None
    confirmed_kind: str | None
    confirmed_by: str | None
    confirmed_at: datetime | None
    overdue_task_at: datetime | None
    attachments: int


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    id: int
    filename: str
    mime_type: str
    size: int


@dataclass(frozen=True, slots=True)
class AttachmentFile:
    filename: str
    mime_type: str
    content: bytes


class ReplyStore(Protocol):
    def waiting(self, company_id: int) -> list[InboxReply]: ...
    def reply(self, company_id: int, mail_id: int) -> InboxReply | None: ...
    def raw(self, company_id: int, mail_id: int) -> bytes | None: ...
    def attachments(self, company_id: int, mail_id: int) -> list[AttachmentInfo]: ...
    def attachment(
        self, company_id: int, mail_id: int, attachment_id: int
    ) -> AttachmentFile | None: ...
    def confirm(
        self, company_id: int, mail_id: int, kind: str, *, by: str, at: datetime
    ) -> None: ...
    def task_raised(self, company_id: int, mail_id: int, *, at: datetime) -> None: ...
    def waiting_by_customer(
        self, company_id: int, *, customer_id: int | None = None
    ) -> dict[int, list[WaitingReply]]: ...
    def of_customer(self, company_id: int, customer_id: int) -> list[InboxReply]: ...
    def invoices_answered(
        self, company_id: int, mail_ids: Sequence[int]
    ) -> dict[int, list[str]]: ...


class RepliesUnitOfWork(RecordsUnitOfWork, Protocol):
    @property
    def replies(self) -> ReplyStore: ...


class InboxUnitOfWork(MailUnitOfWork, RepliesUnitOfWork, Protocol):
    """The inbox also reads the messages' store."""
