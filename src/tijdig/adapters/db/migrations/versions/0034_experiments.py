"""A/B tests of templates (issue 18): template variants, experiments, and each
customer's assigned variant

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-07 01:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def _fk(column: str, table: str, of: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{table}.id"], ondelete="CASCADE",
                                   name=op.f(f"fk_{of}_{column}_{table}"))  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "template_variants",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("template", sa.String(length=40), nullable=False),
        sa.Column("variant", sa.String(length=2), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        _fk("company_id", "companies", "template_variants"),
        sa.PrimaryKeyConstraint("company_id", "language", "template", "variant",
                                name=op.f("pk_template_variants")),
    )  # fmt: skip
    op.create_table(
        "experiments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("template", sa.String(length=40), nullable=False),
        sa.Column("variants", sa.Integer(), nullable=False),
        sa.Column("baseline", sa.String(length=12), nullable=False),
        sa.Column("smallest_effect", sa.String(length=12), nullable=False),
        sa.Column("needed", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by", sa.String(length=200), nullable=False),
        sa.Column("chosen", sa.String(length=2), nullable=True),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("chosen_by", sa.String(length=200), nullable=True),
        _fk("company_id", "companies", "experiments"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiments")),
    )
    op.create_index(op.f("ix_experiments_company_id"), "experiments", ["company_id"])
    op.create_table(
        "experiment_assignments",
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("variant", sa.String(length=2), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        _fk("experiment_id", "experiments", "experiment_assignments"),
        _fk("customer_id", "customers", "experiment_assignments"),
        _fk("company_id", "companies", "experiment_assignments"),
        sa.PrimaryKeyConstraint("experiment_id", "customer_id",
                                name=op.f("pk_experiment_assignments")),
    )  # fmt: skip
    op.create_index(op.f("ix_experiment_assignments_customer_id"), "experiment_assignments",
                    ["customer_id"])  # fmt: skip
    op.create_index(op.f("ix_experiment_assignments_company_id"), "experiment_assignments",
                    ["company_id"])  # fmt: skip


def downgrade() -> None:
    op.drop_table("experiment_assignments")
    op.drop_table("experiments")
    op.drop_table("template_variants")
