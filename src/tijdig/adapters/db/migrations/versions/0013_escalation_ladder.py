"""The escalation ladder: each company's ladder, the fallback of every promise, new term
and payment plan, and the day a broken agreement's fallback was carried out

(Chained on 0011, the payment plans; renumber on merge.)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 15:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ladders",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("rungs", sa.String(length=60), nullable=False),
        sa.Column("name_agency_after", sa.Integer(), nullable=False),
        sa.Column("new_term_days", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_ladders_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_ladders")),
    )
    with op.batch_alter_table("promises") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="promise")
        )
        batch.add_column(sa.Column("fallback", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("fallback_done_on", sa.Date(), nullable=True))
    with op.batch_alter_table("payment_plans") as batch:
        batch.add_column(sa.Column("fallback", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("fallback_done_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payment_plans") as batch:
        batch.drop_column("fallback_done_on")
        batch.drop_column("fallback")
    with op.batch_alter_table("promises") as batch:
        batch.drop_column("fallback_done_on")
        batch.drop_column("fallback")
        batch.drop_column("kind")
    op.drop_table("ladders")
