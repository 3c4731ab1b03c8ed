"""Pauses of dunning set by hand on the customer page (issue 15): until a day, with the
reason a person gives; the run and the sender hold the customer while one holds

(Chained on 0023, the uploads.)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dunning_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("lifted_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                name=op.f("fk_dunning_pauses_company_id_companies"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_dunning_pauses_customer_id_customers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dunning_pauses")),
    )  # fmt: skip
    op.create_index(op.f("ix_dunning_pauses_company_id"), "dunning_pauses", ["company_id"])
    op.create_index(op.f("ix_dunning_pauses_customer_id"), "dunning_pauses", ["customer_id"])
    op.create_index("ix_dunning_pauses_company_until", "dunning_pauses", ["company_id", "until"])


def downgrade() -> None:
    op.drop_table("dunning_pauses")
