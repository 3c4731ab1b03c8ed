"""Risk scoring at scale (issue 17 section 2): the latest stored score of each open invoice
(what the dashboard's risk figure and the list of invoices at risk read, without scoring
on a page view); the company's N (late-days) and its high-risk threshold; and covering
indexes for the bulk read of the ledger that scoring and training do.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "risk_scores",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("scored_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=True),
        sa.Column("probability", sa.Float(), nullable=True),
        sa.Column("risk_class", sa.String(length=8), nullable=False),
        sa.Column("expected", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"],
                                name=op.f("fk_risk_scores_invoice_id_invoices"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                name=op.f("fk_risk_scores_company_id_companies"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("invoice_id", name=op.f("pk_risk_scores")),
    )  # fmt: skip
    op.create_index("ix_risk_scores_company_probability", "risk_scores",
                    ["company_id", "probability", "risk_class", "invoice_id"])  # fmt: skip
    op.create_index("ix_invoices_risk_ledger", "invoices",
                    ["company_id", "kind", "id", "customer_id", "issue_date", "due_date",
                     "total_minor", "open_minor"])  # fmt: skip
    op.create_index("ix_allocations_risk_paid", "allocations",
                    ["company_id", "invoice_id", "allocated_on"])  # fmt: skip
    with op.batch_alter_table("collection_settings") as batch:
        batch.add_column(sa.Column("risk_late_days", sa.Integer(), nullable=False,
                                   server_default="30"))  # fmt: skip
        batch.add_column(sa.Column("risk_high_percent", sa.Integer(), nullable=False,
                                   server_default="40"))  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("collection_settings") as batch:
        batch.drop_column("risk_high_percent")
        batch.drop_column("risk_late_days")
    op.drop_index("ix_allocations_risk_paid", table_name="allocations")
    op.drop_index("ix_invoices_risk_ledger", table_name="invoices")
    op.drop_index("ix_risk_scores_company_probability", table_name="risk_scores")
    op.drop_table("risk_scores")
