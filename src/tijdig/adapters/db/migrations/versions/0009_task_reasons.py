"""Tasks keep the engine's reasons as codes (JSON), so the agenda says them in the
reader's language; a task made before keeps its English title

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 13:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("reasons", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("reasons")
