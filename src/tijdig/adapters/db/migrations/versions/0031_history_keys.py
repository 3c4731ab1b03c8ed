"""Payment history from the books (issue 16): an allocation booked from a history line
keeps that line's key, so the same file (or an overlapping export) books nothing twice

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN and a new index: no rebuild of a table of millions of rows.
    op.add_column("allocations", sa.Column("history_key", sa.String(length=64), nullable=True))
    op.create_index(
        "ix_allocations_history_key", "allocations", ["company_id", "history_key"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ix_allocations_history_key", table_name="allocations")
    with op.batch_alter_table("allocations") as table:
        table.drop_column("history_key")
