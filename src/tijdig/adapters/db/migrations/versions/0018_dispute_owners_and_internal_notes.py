"""A dispute has an owner (department, person), a deadline with its agenda task, the
invoice lines it concerns and its outcome (credit note, corrected invoice, rejection
with the explanation sent, payment plan); internal notes of other departments hold a
customer or an invoice (S3-2)

(Chained on 0016, the hand-over cases.)

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-06 18:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0016"
branch_labels = None
depends_on = None

# (column, referred table): each SET NULL when the row it links goes
_LINKS = (
    ("task_id", "tasks"),
    ("credit_note_id", "invoices"),
    ("replacement_id", "invoices"),
    ("plan_id", "payment_plans"),
    ("outbox_id", "outbox"),
)


def upgrade() -> None:
    with op.batch_alter_table("disputes") as batch:
        batch.add_column(sa.Column("department", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("owner", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("deadline", sa.Date(), nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(length=24), nullable=True))
        batch.add_column(sa.Column("explanation", sa.Text(), server_default="", nullable=False))
        for column, table in _LINKS:
            batch.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch.create_foreign_key(
                f"fk_disputes_{column}_{table}", table, [column], ["id"], ondelete="SET NULL"
            )
    op.create_table(
        "dispute_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["dispute_id"], ["disputes.id"],
                                name=op.f("fk_dispute_lines_dispute_id_disputes"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["line_id"], ["invoice_lines.id"],
                                name=op.f("fk_dispute_lines_line_id_invoice_lines"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispute_lines")),
    )  # fmt: skip
    op.create_index(op.f("ix_dispute_lines_dispute_id"), "dispute_lines", ["dispute_id"])
    op.create_table(
        "internal_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("department", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                name=op.f("fk_internal_notes_company_id_companies"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_internal_notes_customer_id_customers"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"],
                                name=op.f("fk_internal_notes_invoice_id_invoices"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internal_notes")),
    )  # fmt: skip
    op.create_index(op.f("ix_internal_notes_customer_id"), "internal_notes", ["customer_id"])
    op.create_index(op.f("ix_internal_notes_invoice_id"), "internal_notes", ["invoice_id"])
    op.create_index(
        "ix_internal_notes_open", "internal_notes", ["company_id", "closed_on", "until"]
    )


def downgrade() -> None:
    op.drop_table("internal_notes")
    op.drop_table("dispute_lines")
    with op.batch_alter_table("disputes") as batch:
        for column, table in reversed(_LINKS):
            batch.drop_constraint(f"fk_disputes_{column}_{table}", type_="foreignkey")
            batch.drop_column(column)
        for column in ("explanation", "outcome", "deadline", "owner", "department"):
            batch.drop_column(column)
