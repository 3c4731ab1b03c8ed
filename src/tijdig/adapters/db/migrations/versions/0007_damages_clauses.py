"""Belgian consumer damages and interest clauses, per company and per customer

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "damages_clauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("interest_rate", sa.String(length=12), nullable=True),
        sa.Column("damages_percent", sa.String(length=12), nullable=False),
        sa.Column("damages_minimum_minor", sa.BigInteger(), nullable=False),
        sa.Column("damages_maximum_minor", sa.BigInteger(), nullable=True),
        sa.Column("legal_scale", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_damages_clauses_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_damages_clauses_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_damages_clauses")),
    )
    with op.batch_alter_table("damages_clauses") as batch:
        batch.create_index(batch.f("ix_damages_clauses_company_id"), ["company_id"])
        batch.create_index(batch.f("ix_damages_clauses_customer_id"), ["customer_id"])


def downgrade() -> None:
    op.drop_table("damages_clauses")
