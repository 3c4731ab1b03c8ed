"""deadlines of steps taken; the day an outbox message was worked out for

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("steps_taken") as batch:
        batch.add_column(sa.Column("deadline", sa.Date(), nullable=True))
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("valid_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("valid_on")
    with op.batch_alter_table("steps_taken") as batch:
        batch.drop_column("deadline")
