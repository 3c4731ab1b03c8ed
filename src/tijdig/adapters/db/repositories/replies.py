"""The reply inbox's store (services/mailbox/inbox_ports.py `ReplyStore`): linked replies
waiting for a person, a message in full with its attachments, confirmations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc
from tijdig.adapters.db.schema.collection import OutboxRow, StepTakenRow
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow
from tijdig.adapters.db.schema.mailbox import MailAttachmentRow, MailMessageRow
from tijdig.domain.mailbox import MailKind, WaitingReply
from tijdig.services.mailbox.inbox_ports import (
    AttachmentFile,
    AttachmentInfo,
    InboxReply,
    Reason,
)

M = MailMessageRow


def _reasons(text: str | None) -> tuple[Reason, ...]:
    found: list[dict[str, Any]] = json.loads(text) if text else []
    return tuple(Reason(str(r["rule"]), {k: str(v) for k, v in r.get("params", {}).items()})
                 for r in found)  # fmt: skip


def _reply(row: MailMessageRow, number: str | None, name: str | None, count: int) -> InboxReply:
    def utc(value: datetime | None) -> datetime | None:
        return None if value is None else as_utc(value)

    return InboxReply(
        id=row.id, customer_number=number, customer_name=name, from_address=row.from_address,
        subject=row.subject, kind=MailKind(row.kind), sent_at=utc(row.sent_at),
        fetched_at=as_utc(row.fetched_at), reply_kind=row.reply_kind,
        reasons=_reasons(row.reply_reasons), promised_on=row.promised_on,
        dispute_reason=row.dispute_reason, confidence=row.confidence,
        confirmed_kind=row.confirmed_kind, confirmed_by=row.confirmed_by,
        confirmed_at=utc(row.confirmed_at), overdue_task_at=utc(row.overdue_task_at),
        attachments=int(count or 0),
    )  # fmt: skip


def _waiting_rows(company_id: int) -> list[Any]:
    return [M.company_id == company_id, M.customer_id.is_not(None),
            M.kind == MailKind.REPLY.value, M.confirmed_at.is_(None)]  # fmt: skip


class SqlReplies:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _select(self) -> Select[MailMessageRow, str | None, str | None, int]:
        count = (
            select(func.count(MailAttachmentRow.id))
            .where(MailAttachmentRow.message_id == M.id)
            .scalar_subquery()
        )
        return select(M, CustomerRow.number, CustomerRow.name, count).outerjoin(
            CustomerRow, CustomerRow.id == M.customer_id
        )

    def waiting(self, company_id: int) -> list[InboxReply]:
        rows = self.session.execute(
            self._select().where(*_waiting_rows(company_id)).order_by(M.fetched_at, M.id)
        )
        return [_reply(*row) for row in rows]

    def reply(self, company_id: int, mail_id: int) -> InboxReply | None:
        row = self.session.execute(
            self._select().where(M.company_id == company_id, M.id == mail_id)
        ).first()
        return None if row is None else _reply(*row)

    def of_customer(self, company_id: int, customer_id: int) -> list[InboxReply]:
        rows = self.session.execute(
            self._select()
            .where(M.company_id == company_id, M.customer_id == customer_id)
            .order_by(M.fetched_at, M.id)
        )
        return [_reply(*row) for row in rows]

    def invoices_answered(self, company_id: int, mail_ids: Sequence[int]) -> dict[int, list[str]]:
        """The numbers of the invoices named in the message each reply answers (the
        outbox message it is linked to, its run item's steps taken), by reply id."""
        if not mail_ids:
            return {}
        o, t, i = OutboxRow, StepTakenRow, InvoiceRow
        rows = self.session.execute(
            select(M.id, i.number)
            .join(o, o.id == M.outbox_id)
            .join(t, t.run_item_id == o.run_item_id)
            .join(i, i.id == t.invoice_id)
            .where(M.company_id == company_id, M.id.in_(mail_ids), o.company_id == company_id,
                   i.company_id == company_id)
            .order_by(M.id, i.number)
        )  # fmt: skip
        found: dict[int, list[str]] = {}
        for mail_id, number in rows:
            if number not in found.setdefault(mail_id, []):
                found[mail_id].append(number)
        return found

    def raw(self, company_id: int, mail_id: int) -> bytes | None:
        return self.session.scalar(select(M.raw).where(M.company_id == company_id, M.id == mail_id))

    def attachments(self, company_id: int, mail_id: int) -> list[AttachmentInfo]:
        a = MailAttachmentRow
        rows = self.session.execute(
            select(a.id, a.filename, a.mime_type, a.size)
            .where(a.company_id == company_id, a.message_id == mail_id)
            .order_by(a.id)
        )
        return [AttachmentInfo(r[0], r[1], r[2], r[3]) for r in rows]

    def attachment(
        self, company_id: int, mail_id: int, attachment_id: int
    ) -> AttachmentFile | None:
        a = MailAttachmentRow
        row = self.session.execute(
            select(a.filename, a.mime_type, a.content).where(
                a.company_id == company_id, a.message_id == mail_id, a.id == attachment_id
            )
        ).first()
        return None if row is None else AttachmentFile(row[0], row[1], row[2])

    def confirm(self, company_id: int, mail_id: int, kind: str, *, by: str, at: datetime) -> None:
        self.session.execute(
            update(M)
            .where(M.company_id == company_id, M.id == mail_id)
            .values(confirmed_kind=kind, confirmed_by=by, confirmed_at=at)
        )

    def task_raised(self, company_id: int, mail_id: int, *, at: datetime) -> None:
        self.session.execute(
            update(M).where(M.company_id == company_id, M.id == mail_id).values(overdue_task_at=at)
        )

    def waiting_by_customer(
        self, company_id: int, *, customer_id: int | None = None
    ) -> dict[int, list[WaitingReply]]:
        """The unconfirmed linked replies not yet turned into a task, by customer id."""
        where = [*_waiting_rows(company_id), M.overdue_task_at.is_(None)]
        if customer_id is not None:
            where.append(M.customer_id == customer_id)
        rows = self.session.execute(
            select(M.customer_id, M.id, M.fetched_at, M.reply_kind).where(*where)
        )
        found: dict[int, list[WaitingReply]] = {}
        for cid, mail_id, fetched, kind in rows:
            assert cid is not None
            received: date = as_utc(fetched).date()
            found.setdefault(cid, []).append(WaitingReply(mail_id, received, kind or "other"))
        return found
