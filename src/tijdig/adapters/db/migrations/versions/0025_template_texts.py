"""A company's own wording of its message templates (issue 15, settings a person can
edit): one row per company, language and template, holding the whole template text; no
row: the shipped template.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "template_texts",
        sa.Column("company_id", sa.Integer(),
                  sa.ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("language", sa.String(5), primary_key=True),
        sa.Column("template", sa.String(40), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("template_texts")
