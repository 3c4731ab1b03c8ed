"""Background jobs that wait for a moment (issue 14): sending queued outside the sending
hours waits until they open, instead of ending with nothing sent

(Chained on 0023, the uploads.)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("background_jobs") as table:
        table.add_column(sa.Column("not_before", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("background_jobs") as table:
        table.drop_column("not_before")
