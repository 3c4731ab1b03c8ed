"""Personal e-mails from the workspace (issue 19): an outbox message a person wrote
names its writer (so that whichever run sends it logs it in the timeline as theirs),
and the message it answers (In-Reply-To, and the References chain), so that it is
threaded with the debtor's reply.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-07 03:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("written_by", sa.String(length=200)),
    ("in_reply_to", sa.String(length=998)),
    ("thread_references", sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        for name, type_ in _COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
