"""Suggested tolerances a person accepted or dismissed (issue 17, S3-4): the customer's
accepted tolerance itself is the existing `customers.tolerance_days`

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tolerance_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("invoices", sa.Integer(), nullable=False),
        sa.Column("on_own", sa.Integer(), nullable=False),
        sa.Column("p90", sa.String(length=16), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("previous_days", sa.Integer(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                name=op.f("fk_tolerance_suggestions_company_id_companies"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_tolerance_suggestions_customer_id_customers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tolerance_suggestions")),
    )  # fmt: skip
    op.create_index(op.f("ix_tolerance_suggestions_company_id"), "tolerance_suggestions",
                    ["company_id"])  # fmt: skip
    op.create_index(op.f("ix_tolerance_suggestions_customer_id"), "tolerance_suggestions",
                    ["customer_id"])  # fmt: skip


def downgrade() -> None:
    op.drop_table("tolerance_suggestions")
