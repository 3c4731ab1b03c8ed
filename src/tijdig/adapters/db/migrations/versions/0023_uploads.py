"""Uploads (issue 14): files uploaded in the workspace, kept for their import job

The bytes are in the database (tens of megabytes at most: `max_import_bytes`), so a
worker on any machine can import them.

(Chained on 0022, the run schedules.)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("company_id", sa.Integer(),
                  sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(200), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
    )  # fmt: skip
    op.create_index("ix_uploads_company_id", "uploads", ["company_id"])


def downgrade() -> None:
    op.drop_index("ix_uploads_company_id", table_name="uploads")
    op.drop_table("uploads")
