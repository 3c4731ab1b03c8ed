"""Hand-over to a collection agency: the case with its file (a ZIP written when it
opens), its status history, the payments the agency reported and the direct payments
reported to it; the outbox keeps the delivery evidence (the mail server's answer)

(Chained on 0015, the plan reminders.)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table) as batch:
        for column in columns:
            batch.create_index(batch.f(f"ix_{table}_{column}"), [column])


def upgrade() -> None:
    op.create_table(
        "hand_over_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("off_policy", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("file_zip", sa.LargeBinary(), nullable=True),
        _fk("hand_over_cases", "company_id", "companies", "CASCADE"),
        _fk("hand_over_cases", "customer_id", "customers", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hand_over_cases")),
        sa.UniqueConstraint("company_id", "reference", name=op.f("uq_hand_over_cases_company_id")),
    )
    _index("hand_over_cases", "company_id", "customer_id")
    op.create_table(
        "hand_over_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("on_day", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _fk("hand_over_statuses", "case_id", "hand_over_cases", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hand_over_statuses")),
    )
    _index("hand_over_statuses", "case_id")
    op.create_table(
        "agency_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        _fk("agency_payments", "company_id", "companies", "CASCADE"),
        _fk("agency_payments", "case_id", "hand_over_cases", "CASCADE"),
        _fk("agency_payments", "payment_id", "payments", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_payments")),
        sa.UniqueConstraint("company_id", "reference", name=op.f("uq_agency_payments_company_id")),
    )
    _index("agency_payments", "case_id", "company_id", "payment_id")
    op.create_table(
        "direct_payment_reports",
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        _fk("direct_payment_reports", "payment_id", "payments", "CASCADE"),
        _fk("direct_payment_reports", "case_id", "hand_over_cases", "CASCADE"),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_direct_payment_reports")),
    )
    _index("direct_payment_reports", "case_id")
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("delivery_answer", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("delivery_answer")
    op.drop_table("direct_payment_reports")
    op.drop_table("agency_payments")
    op.drop_table("hand_over_statuses")
    op.drop_table("hand_over_cases")
