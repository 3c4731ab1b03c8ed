"""The collection mailbox (issue 19): each company's IMAP settings with the password
sealed, where reading got to, and the messages read (kept once each) with their
attachments, linked to their customer or waiting to be linked.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def _company(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                   name=op.f(f"fk_{table}_company_id_companies"),
                                   ondelete="CASCADE")  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "mailboxes",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=200), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("tls", sa.String(length=16), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("folder", sa.String(length=200), nullable=False),
        sa.Column("password_sealed", sa.Text(), nullable=True),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=True),
        sa.Column("last_uid", sa.BigInteger(), nullable=False),
        sa.Column("last_fetch_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        _company("mailboxes"),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_mailboxes")),
    )
    op.create_table(
        "mail_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("message_key", sa.String(length=200), nullable=False),
        sa.Column("message_id", sa.Text(), nullable=True),
        sa.Column("folder", sa.String(length=200), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("uid", sa.BigInteger(), nullable=False),
        sa.Column("from_address", sa.String(length=254), nullable=False),
        sa.Column("to_addresses", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("truncated", sa.Boolean(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("kind_reasons", sa.Text(), nullable=False),
        sa.Column("link_method", sa.String(length=16), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("flag", sa.String(length=32), nullable=True),
        sa.Column("linked_by", sa.String(length=200), nullable=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=True),
        _company("mail_messages"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_mail_messages_customer_id_customers"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["outbox_id"], ["outbox.id"],
                                name=op.f("fk_mail_messages_outbox_id_outbox"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_messages")),
        sa.UniqueConstraint("company_id", "message_key", name="uq_mail_messages_company_key"),
    )  # fmt: skip
    op.create_index(op.f("ix_mail_messages_company_id"), "mail_messages", ["company_id"])
    op.create_index(op.f("ix_mail_messages_customer_id"), "mail_messages", ["customer_id"])
    op.create_index(op.f("ix_mail_messages_outbox_id"), "mail_messages", ["outbox_id"])
    op.create_index("ix_mail_messages_company_link", "mail_messages", ["company_id", "link_method"])
    op.create_table(
        "mail_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("mime_type", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _company("mail_attachments"),
        sa.ForeignKeyConstraint(["message_id"], ["mail_messages.id"],
                                name=op.f("fk_mail_attachments_message_id_mail_messages"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_attachments")),
    )  # fmt: skip
    op.create_index(op.f("ix_mail_attachments_company_id"), "mail_attachments", ["company_id"])
    op.create_index(op.f("ix_mail_attachments_message_id"), "mail_attachments", ["message_id"])


def downgrade() -> None:
    op.drop_table("mail_attachments")
    op.drop_table("mail_messages")
    op.drop_table("mailboxes")
