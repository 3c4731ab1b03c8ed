"""What the system writes for a person is kept as codes: a run item's notes on how it
ended (JSON reasons, beside its summary), and a task's title as long as its JSON needs.
Items and titles written before keep their English

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("run_items") as batch:
        batch.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default="[]"))
    with op.batch_alter_table("tasks") as batch:
        batch.alter_column("title", type_=sa.Text(), existing_type=sa.String(300))


def downgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.alter_column("title", type_=sa.String(300), existing_type=sa.Text())
    with op.batch_alter_table("run_items") as batch:
        batch.drop_column("notes")
