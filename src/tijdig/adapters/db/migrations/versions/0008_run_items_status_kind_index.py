"""Run items indexed by (run_id, status, kind): the runs list counts per kind and status
from the index alone

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 11:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_run_items_run_status_kind", "run_items", ["run_id", "status", "kind"])
    op.drop_index("ix_run_items_run_status", table_name="run_items")


def downgrade() -> None:
    op.create_index("ix_run_items_run_status", "run_items", ["run_id", "status"])
    op.drop_index("ix_run_items_run_status_kind", table_name="run_items")
