"""Stored cash-flow forecasts (issue 17 section 3 at scale): the forecast made on a day,
stored by the job "forecast" (or `tijdig forecast --store`), one per company and day,
the earlier ones kept, with the forecast made 13 weeks before checked against what came
in by that day; what `/forecast` and `/api/v1/forecast` read, so no page view forecasts.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-07 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stored_forecasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("made_by", sa.String(length=100), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("invoices", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=8), nullable=False),
        sa.Column("fallback", sa.String(length=24), nullable=True),
        sa.Column("model_id", sa.Integer(), nullable=True),
        sa.Column("spread", sa.Float(), nullable=False),
        sa.Column("weeks", sa.Text(), nullable=False),
        sa.Column("checked", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                name=op.f("fk_stored_forecasts_company_id_companies"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_forecasts")),
        sa.UniqueConstraint("company_id", "made_on",
                            name=op.f("uq_stored_forecasts_company_id")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("stored_forecasts")
