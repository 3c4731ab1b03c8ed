"""The outbox repository: every change of state is a compare-and-set on (status, attempts),
so two runs can never both send one message. It never commits (the unit of work does).

Times are stored in UTC; SQLite hands them back without a zone, so they are read as UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from email.headerregistry import Address
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc
from tijdig.adapters.db.schema.collection import OutboxAttachmentRow, OutboxRow
from tijdig.adapters.db.schema.ledger import CompanyRow
from tijdig.services.outbox import (
    Attachment,
    Claim,
    DeliveryChannel,
    Origin,
    OutboxEntry,
    OutboxStatus,
    OutgoingMessage,
)

_IN_FLIGHT = (OutboxStatus.SENDING, OutboxStatus.UNCONFIRMED)


def _maybe_utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else as_utc(moment)


def _entry(row: OutboxRow) -> OutboxEntry:
    return OutboxEntry(
        id=row.id,
        key=row.idempotency_key,
        company_id=row.company_id,
        customer_id=row.customer_id,
        run_item_id=row.run_item_id,
        channel=DeliveryChannel(row.channel),
        recipient=row.recipient,
        subject=row.subject,
        status=OutboxStatus(row.status),
        attempts=row.attempts,
        next_attempt_at=_maybe_utc(row.next_attempt_at),
        last_error=row.last_error,
        created_at=as_utc(row.created_at),
        sent_at=_maybe_utc(row.sent_at),
        written_by=row.written_by,
    )


def due_for_sending(now: datetime) -> ColumnElement[bool]:
    """Pending and due, or being sent by a run whose lease has run out."""
    waited = or_(OutboxRow.next_attempt_at.is_(None), OutboxRow.next_attempt_at <= now)
    return or_(
        and_(OutboxRow.status == OutboxStatus.PENDING, waited),
        and_(OutboxRow.status == OutboxStatus.SENDING, OutboxRow.next_attempt_at <= now),
    )


def _mailbox(name: str, address: str) -> str:
    """`"Name" <address>` with the address as stored: it may have accents, which the
    mailer writes in the form its server takes (formataddr insists on ASCII)."""
    local, _, domain = address.rpartition("@")
    return str(Address(name, local, domain))


class SqlOutbox:
    def __init__(self, session: Session) -> None:
        self.session = session

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
    ) -> int:
        """Queue a message under its idempotency key; an existing key returns its id and
        inserts nothing. Call it in the transaction that approves what it sends."""
        existing = self.session.scalar(select(OutboxRow.id).where(OutboxRow.idempotency_key == key))
        if existing is not None:
            return existing
        row = OutboxRow(
            company_id=company_id,
            customer_id=customer_id,
            run_item_id=run_item_id,
            idempotency_key=key,
            channel=str(channel),
            recipient=recipient,
            subject=subject,
            body_text=text,
            body_html=html,
            status=OutboxStatus.PENDING,
            attempts=0,
            created_at=as_utc(created_at),
            valid_on=valid_on,
            written_by=written_by,
            in_reply_to=in_reply_to,
            thread_references=" ".join(references) or None,
        )
        self.session.add(row)
        self.session.flush()
        self.session.add_all(
            OutboxAttachmentRow(
                outbox_id=row.id,
                filename=a.filename,
                mime_type=a.mime_type,
                content=a.content,
                content_id=a.content_id,
            )
            for a in attachments
        )
        self.session.flush()
        return row.id

    def expire(self, *, before: date, now: datetime) -> list[int]:
        """Messages worked out for a day before `before` and never released (pending, or
        claimed by a run whose lease ran out) are expired; the run items they came from."""
        return self._expire(before, now, None)

    def _expire(self, before: date, now: datetime, company_id: int | None) -> list[int]:
        stale = and_(
            OutboxRow.valid_on.is_not(None), OutboxRow.valid_on < before,
            due_for_sending(as_utc(now)),
        )  # fmt: skip
        if company_id is not None:
            stale = and_(stale, OutboxRow.company_id == company_id)
        # One statement, so that no message another run claims meanwhile is expired.
        statement = (
            update(OutboxRow)
            .where(stale)
            .values(status=OutboxStatus.EXPIRED, next_attempt_at=None)
            .returning(OutboxRow.run_item_id)
        )
        found = self.session.execute(statement.execution_options(synchronize_session=False))
        return [item for item in found.scalars() if item is not None]

    def due(self, *, now: datetime, limit: int | None = None) -> list[int]:
        query = (
            select(OutboxRow.id)
            .where(due_for_sending(as_utc(now)))
            .order_by(OutboxRow.id)
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def claim(self, outbox_id: int, *, now: datetime, lease_until: datetime) -> Claim | None:
        """Take a due message for this run (attempts + 1, leased until `lease_until`)."""
        claimed = self._set(
            and_(OutboxRow.id == outbox_id, due_for_sending(as_utc(now))),
            status=OutboxStatus.SENDING,
            attempts=OutboxRow.attempts + 1,
            next_attempt_at=as_utc(lease_until),
        )
        if not claimed:
            return None
        row = self.session.get_one(OutboxRow, outbox_id, populate_existing=True)
        return Claim(entry=_entry(row), message=self._message(row, now), attempt=row.attempts)

    def _message(self, row: OutboxRow, now: datetime) -> OutgoingMessage:
        company = self.session.get_one(CompanyRow, row.company_id)
        files = self.session.scalars(
            select(OutboxAttachmentRow)
            .where(OutboxAttachmentRow.outbox_id == row.id)
            .order_by(OutboxAttachmentRow.id)
        )
        return OutgoingMessage(
            key=row.idempotency_key,
            channel=DeliveryChannel(row.channel),
            recipient=row.recipient,
            subject=row.subject,
            text=row.body_text,
            html=row.body_html,
            attachments=tuple(
                Attachment(f.filename, f.mime_type, f.content, f.content_id) for f in files
            ),
            sender=_mailbox(company.name, company.email) if company.email else None,
            date=as_utc(now),
            origin=Origin(row.company_id, row.customer_id, row.id),
            in_reply_to=row.in_reply_to,
            references=tuple((row.thread_references or "").split()),
        )

    def release(self, outbox_id: int, attempt: int) -> bool:
        """The point of no return: only the run holding `attempt` may pass it."""
        return self._move(outbox_id, attempt, (OutboxStatus.SENDING,), OutboxStatus.UNCONFIRMED)

    def mark_sent(
        self, outbox_id: int, attempt: int, *, sent_at: datetime, answer: str | None = None
    ) -> bool:
        """Sent; `answer` is the evidence of delivery (the mail server's answer)."""
        return self._move(
            outbox_id,
            attempt,
            _IN_FLIGHT,
            OutboxStatus.SENT,
            sent_at=as_utc(sent_at),
            delivery_answer=answer,
        )

    def mark_retry(
        self, outbox_id: int, attempt: int, *, next_attempt_at: datetime, error: str
    ) -> bool:
        return self._move(
            outbox_id,
            attempt,
            _IN_FLIGHT,
            OutboxStatus.PENDING,
            next_attempt_at=as_utc(next_attempt_at),
            last_error=error,
        )

    def mark_failed(self, outbox_id: int, attempt: int, *, error: str) -> bool:
        return self._move(
            outbox_id,
            attempt,
            _IN_FLIGHT,
            OutboxStatus.FAILED,
            next_attempt_at=None,
            last_error=error,
        )

    def mark_unconfirmed(self, outbox_id: int, attempt: int, *, error: str) -> bool:
        return self._move(
            outbox_id, attempt, _IN_FLIGHT, OutboxStatus.UNCONFIRMED, last_error=error
        )

    def _move(
        self,
        outbox_id: int,
        attempt: int,
        from_: Sequence[OutboxStatus],
        to: OutboxStatus,
        **values: Any,
    ) -> bool:
        where = and_(
            OutboxRow.id == outbox_id,
            OutboxRow.attempts == attempt,
            OutboxRow.status.in_([str(s) for s in from_]),
        )
        return self._set(where, status=to, **values)

    def _set(self, where: ColumnElement[bool], **values: Any) -> bool:
        statement = update(OutboxRow).where(where).values(**values)
        result = self.session.execute(statement.execution_options(synchronize_session=False))
        return int(result.rowcount) == 1  # type: ignore[attr-defined]

    def get(self, outbox_id: int) -> OutboxEntry | None:
        row = self.session.get(OutboxRow, outbox_id, populate_existing=True)
        return None if row is None else _entry(row)

    def with_status(
        self, status: OutboxStatus, *, company_id: int | None = None, limit: int | None = None
    ) -> list[OutboxEntry]:
        query = select(OutboxRow).where(OutboxRow.status == status)
        if company_id is not None:
            query = query.where(OutboxRow.company_id == company_id)
        rows = self.session.scalars(query.order_by(OutboxRow.id).limit(limit))
        return [_entry(r) for r in rows]

    def counts(self, *, company_id: int | None = None) -> dict[OutboxStatus, int]:
        """How many messages are in each state (every state present, zero or more)."""
        query = select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
        if company_id is not None:
            query = query.where(OutboxRow.company_id == company_id)
        found = {OutboxStatus(s): int(n) for s, n in self.session.execute(query)}
        return {s: found.get(s, 0) for s in OutboxStatus}
