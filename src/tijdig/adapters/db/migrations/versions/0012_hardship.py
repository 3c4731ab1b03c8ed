"""Debtors in hardship: a customer's statuses (debt counselling, WSNP, bankruptcy ...)
with their history, and each company's own text for the task a status makes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 15:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hardship_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("evidence_file", sa.String(length=300), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_hardship_statuses_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_hardship_statuses_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hardship_statuses")),
    )
    with op.batch_alter_table("hardship_statuses") as batch:
        batch.create_index(batch.f("ix_hardship_statuses_company_id"), ["company_id"])
        batch.create_index(batch.f("ix_hardship_statuses_customer_id"), ["customer_id"])
    op.create_table(
        "hardship_task_texts",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_hardship_task_texts_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("company_id", "kind", name=op.f("pk_hardship_task_texts")),
    )


def downgrade() -> None:
    op.drop_table("hardship_task_texts")
    op.drop_table("hardship_statuses")
