"""The collection mailbox's store (services/mailbox/ports.py `MailStore`): settings and
where reading got to, the messages read with their attachments, and the look-ups that
link a message to its customer."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc
from tijdig.adapters.db.schema.collection import OutboxRow
from tijdig.adapters.db.schema.ledger import ContactRow, CustomerRow
from tijdig.adapters.db.schema.mailbox import MailAttachmentRow, MailboxRow, MailMessageRow
from tijdig.domain.mailbox import LinkMethod, MailboxSettings, MailKind, Tls
from tijdig.services.mailbox.ports import NewMail, StoredMail, StoredMailbox


def _settings(row: MailboxRow) -> MailboxSettings:
    return MailboxSettings(host=row.host, port=row.port, username=row.username,
                           address=row.address, folder=row.folder, tls=Tls(row.tls))  # fmt: skip


class SqlMailStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- the mailbox ---------------------------------------------------------------------

    def mailbox(self, company_id: int) -> StoredMailbox | None:
        row = self.session.get(MailboxRow, company_id)
        if row is None:
            return None
        fetched = None if row.last_fetch_at is None else as_utc(row.last_fetch_at)
        return StoredMailbox(_settings(row), row.password_sealed, row.uidvalidity,
                             row.last_uid, fetched)  # fmt: skip

    def save_mailbox(
        self,
        company_id: int,
        settings: MailboxSettings,
        *,
        password_sealed: str | None,
        keep_password: bool,
        at: datetime,
        by: str,
    ) -> None:
        row = self.session.get(MailboxRow, company_id)
        if row is None:
            row = MailboxRow(company_id=company_id, last_uid=0)
            self.session.add(row)
        elif (row.host, row.username, row.folder) != (
            settings.host,
            settings.username,
            settings.folder,
        ):  # another folder: its UIDs are not these
            row.uidvalidity, row.last_uid = None, 0
        row.host, row.port, row.tls = settings.host, settings.port, settings.tls.value
        row.username, row.address, row.folder = settings.username, settings.address, settings.folder
        if not keep_password:
            row.password_sealed = password_sealed
        row.updated_at, row.updated_by = at, by
        self.session.flush()

    def advance(self, company_id: int, *, uidvalidity: int, last_uid: int, at: datetime) -> None:
        self.session.execute(
            update(MailboxRow).where(MailboxRow.company_id == company_id)
            .values(uidvalidity=uidvalidity, last_uid=last_uid, last_fetch_at=at)
        )  # fmt: skip

    # --- messages ------------------------------------------------------------------------

    def raw_of(self, company_id: int, message_key: str) -> bytes | None:
        return self.session.scalar(
            select(MailMessageRow.raw).where(
                MailMessageRow.company_id == company_id, MailMessageRow.message_key == message_key
            )
        )

    def add(self, company_id: int, mail: NewMail) -> int:
        link = mail.link
        row = MailMessageRow(
            company_id=company_id, customer_id=link.customer_id, message_key=mail.message_key,
            message_id=mail.message_id, folder=mail.folder, uidvalidity=mail.uidvalidity,
            uid=mail.uid, from_address=mail.from_address, to_addresses=mail.to_addresses,
            subject=mail.subject, sent_at=mail.sent_at, fetched_at=mail.fetched_at,
            size=mail.size, truncated=mail.truncated, raw=mail.raw, kind=mail.kind.value,
            kind_reasons=json.dumps(list(mail.kind_reasons)),
            link_method=None if link.method is None else link.method.value,
            outbox_id=link.outbox_id, flag=link.flag,
        )  # fmt: skip
        if mail.reply is not None:
            reply = mail.reply
            row.reply_kind, row.confidence = reply.kind, reply.confidence
            row.reply_reasons = json.dumps(list(reply.reasons))
            row.promised_on, row.dispute_reason = reply.promised_on, reply.dispute_reason
        self.session.add(row)
        self.session.flush()
        for item in mail.attachments:
            self.session.add(MailAttachmentRow(
                company_id=company_id, message_id=row.id, filename=item.filename,
                mime_type=item.mime_type, size=item.size, content=item.content,
            ))  # fmt: skip
        self.session.flush()
        return row.id

    # --- linking -------------------------------------------------------------------------

    def sent_with_keys(self, company_id: int, keys: Sequence[str]) -> tuple[int, int] | None:
        """The newest message sent with one of these idempotency keys, with its customer."""
        found = self.session.execute(
            select(OutboxRow.id, OutboxRow.customer_id)
            .where(OutboxRow.company_id == company_id, OutboxRow.idempotency_key.in_(keys),
                   OutboxRow.customer_id.is_not(None))
            .order_by(OutboxRow.id.desc()).limit(1)
        ).first()  # fmt: skip
        return None if found is None or found[1] is None else (found[0], found[1])

    def outbox_customer(self, company_id: int, outbox_id: int) -> int | None:
        return self.session.scalar(
            select(OutboxRow.customer_id).where(
                OutboxRow.company_id == company_id, OutboxRow.id == outbox_id
            )
        )

    def customer_exists(self, company_id: int, customer_id: int) -> bool:
        found = self.session.scalar(
            select(CustomerRow.id).where(
                CustomerRow.company_id == company_id, CustomerRow.id == customer_id
            )
        )
        return found is not None

    def customers_with_address(self, company_id: int, address: str) -> list[int]:
        """Customers whose own address or a contact's is `address` (any case)."""
        wanted = address.strip().lower()
        contact = select(ContactRow.customer_id).where(
            ContactRow.company_id == company_id, func.lower(ContactRow.email) == wanted
        )
        query = select(CustomerRow.id).where(
            CustomerRow.company_id == company_id,
            or_(func.lower(CustomerRow.email) == wanted, CustomerRow.id.in_(contact)),
        )
        return sorted(self.session.scalars(query))

    # --- the queue -----------------------------------------------------------------------

    def _stored(self) -> Select[MailMessageRow, str | None, int]:
        count = (
            select(func.count(MailAttachmentRow.id))
            .where(MailAttachmentRow.message_id == MailMessageRow.id)
            .scalar_subquery()
        )
        return select(MailMessageRow, CustomerRow.number, count).outerjoin(
            CustomerRow, CustomerRow.id == MailMessageRow.customer_id
        )

    def get(self, company_id: int, mail_id: int) -> StoredMail | None:
        found = self.session.execute(
            self._stored().where(MailMessageRow.company_id == company_id,
                                 MailMessageRow.id == mail_id)
        ).first()  # fmt: skip
        return None if found is None else _mail(found[0], found[1], found[2])

    def unlinked(self, company_id: int) -> list[StoredMail]:
        rows = self.session.execute(
            self._stored().where(MailMessageRow.company_id == company_id,
                                 MailMessageRow.customer_id.is_(None))
            .order_by(MailMessageRow.fetched_at, MailMessageRow.id)
        )  # fmt: skip
        return [_mail(row[0], row[1], row[2]) for row in rows]

    def for_customer(self, company_id: int, customer_id: int) -> list[StoredMail]:
        rows = self.session.execute(
            self._stored().where(MailMessageRow.company_id == company_id,
                                 MailMessageRow.customer_id == customer_id)
            .order_by(MailMessageRow.fetched_at, MailMessageRow.id)
        )  # fmt: skip
        return [_mail(row[0], row[1], row[2]) for row in rows]

    def link(
        self, company_id: int, mail_id: int, customer_id: int, *, by: str, at: datetime
    ) -> None:
        self.session.execute(
            update(MailMessageRow)
            .where(MailMessageRow.company_id == company_id, MailMessageRow.id == mail_id)
            .values(customer_id=customer_id, link_method=LinkMethod.PERSON.value,
                    linked_by=by, linked_at=at)
        )  # fmt: skip


def _mail(row: MailMessageRow, number: str | None, attachments: int) -> StoredMail:
    return StoredMail(
        id=row.id, customer_number=number, from_address=row.from_address, subject=row.subject,
        kind=MailKind(row.kind),
        link_method=None if row.link_method is None else LinkMethod(row.link_method),
        flag=row.flag, sent_at=None if row.sent_at is None else as_utc(row.sent_at),
        fetched_at=as_utc(row.fetched_at), size=row.size, truncated=row.truncated,
        attachments=int(attachments or 0),
    )  # fmt: skip
