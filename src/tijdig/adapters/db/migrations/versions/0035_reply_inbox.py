"""The reply inbox (issue 19): what the classifier read in a person's reply (its kind,
reasons, the promised day, the dispute reason, how plainly), its confirmation by a
person, the task raised when nobody confirmed it in time; and how many working days an
unconfirmed reply holds its customer's next message.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-07 01:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("reply_kind", sa.String(length=16)),
    ("reply_reasons", sa.Text()),
    ("promised_on", sa.Date()),
    ("dispute_reason", sa.String(length=32)),
    ("confidence", sa.Float()),
    ("confirmed_kind", sa.String(length=16)),
    ("confirmed_by", sa.String(length=200)),
    ("confirmed_at", sa.DateTime(timezone=True)),
    ("overdue_task_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("mail_messages") as batch:
        for name, type_ in _COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
    with op.batch_alter_table("collection_settings") as batch:
        batch.add_column(sa.Column("reply_hold_working_days", sa.Integer(), nullable=False,
                                   server_default="3"))  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("collection_settings") as batch:
        batch.drop_column("reply_hold_working_days")
    with op.batch_alter_table("mail_messages") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
