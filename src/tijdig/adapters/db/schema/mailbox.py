"""Rows of the collection mailbox (issue 19): each company's IMAP settings (the password
sealed), where reading got to, and the messages read with their attachments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from tijdig.adapters.db.schema.ledger import Base


class MailboxRow(Base):
    """A company's collection mailbox. `uidvalidity` and `last_uid` say where reading
    got to in `folder`: only messages after `last_uid` are fetched, all of them again
    when the server's UIDVALIDITY changed (the message keys keep them once each)."""

    __tablename__ = "mailboxes"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    host: Mapped[str] = mapped_column(String(200))
    port: Mapped[int] = mapped_column(Integer)
    tls: Mapped[str] = mapped_column(String(16))
    username: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(200))
    folder: Mapped[str] = mapped_column(String(200))
    password_sealed: Mapped[str | None] = mapped_column(Text)  # Fernet, adapters/security
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    last_fetch_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(200))


class MailMessageRow(Base):
    """A message read from the mailbox, once: keyed per company by its Message-ID, or a
    hash of the raw message when it has none or another message has it."""

    __tablename__ = "mail_messages"
    __table_args__ = (
        UniqueConstraint("company_id", "message_key", name="uq_mail_messages_company_key"),
        Index("ix_mail_messages_company_link", "company_id", "link_method"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    message_key: Mapped[str] = mapped_column(String(200))
    message_id: Mapped[str | None] = mapped_column(Text)
    folder: Mapped[str] = mapped_column(String(200))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    from_address: Mapped[str] = mapped_column(String(254))
    to_addresses: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    size: Mapped[int] = mapped_column(Integer)
    truncated: Mapped[bool] = mapped_column(Boolean, default=False)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    kind: Mapped[str] = mapped_column(String(16))
    kind_reasons: Mapped[str] = mapped_column(Text, default="[]")
    link_method: Mapped[str | None] = mapped_column(String(16))
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox.id", ondelete="SET NULL"), index=True
    )
    flag: Mapped[str | None] = mapped_column(String(32))  # "bad_token": made up or changed
    linked_by: Mapped[str | None] = mapped_column(String(200))
    linked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A person's reply as the classifier read it (engine/replies), until a person confirms.
    reply_kind: Mapped[str | None] = mapped_column(String(16))
    reply_reasons: Mapped[str | None] = mapped_column(Text)  # JSON: [{rule, params}]
    promised_on: Mapped[date | None] = mapped_column(Date)
    dispute_reason: Mapped[str | None] = mapped_column(String(32))
    confidence: Mapped[float | None] = mapped_column(Float)
    confirmed_kind: Mapped[str | None] = mapped_column(String(16))
    confirmed_by: Mapped[str | None] = mapped_column(String(200))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    overdue_task_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class MailAttachmentRow(Base):
    __tablename__ = "mail_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[int] = mapped_column(
        ForeignKey("mail_messages.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(300))
    mime_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
