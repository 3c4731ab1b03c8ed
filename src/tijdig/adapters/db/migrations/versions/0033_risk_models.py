"""The late-payment risk model (issue 17 section 2): trained models per company with their
scikit-learn version and quality, and the risk's suggestions a person accepts or dismisses

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-07 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "risk_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trained_by", sa.String(length=100), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("sklearn_version", sa.String(length=32), nullable=False),
        sa.Column("late_days", sa.Integer(), nullable=False),
        sa.Column("model", sa.LargeBinary(), nullable=False),
        sa.Column("quality", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                name=op.f("fk_risk_models_company_id_companies"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_models")),
    )  # fmt: skip
    op.create_index(op.f("ix_risk_models_company_id"), "risk_models", ["company_id"])
    op.create_table(
        "risk_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=True),
        sa.Column("risk_class", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                name=op.f("fk_risk_suggestions_company_id_companies"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_risk_suggestions_customer_id_customers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_suggestions")),
    )  # fmt: skip
    op.create_index(op.f("ix_risk_suggestions_company_id"), "risk_suggestions", ["company_id"])
    op.create_index(op.f("ix_risk_suggestions_customer_id"), "risk_suggestions", ["customer_id"])
    op.create_index("ix_risk_suggestions_company_status", "risk_suggestions",
                    ["company_id", "status"])  # fmt: skip


def downgrade() -> None:
    op.drop_table("risk_suggestions")
    op.drop_table("risk_models")
