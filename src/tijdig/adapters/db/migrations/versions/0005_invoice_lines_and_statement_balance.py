"""invoice lines and statement balance

A bank statement whose file gave no closing balance keeps a derived one, marked
`closing_derived`. An invoice payable on receipt is in default only from
`default_from` (30 days after receipt), not the day after its due date. An invoice
says what was sold: its `description` (CSV) and its lines (`invoice_lines`, from UBL).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("default_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("description", sa.Text(), nullable=True))
    op.create_table(
        "invoice_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("quantity", sa.String(length=40), nullable=True),
        sa.Column("unit_code", sa.String(length=8), nullable=True),
        sa.Column("price", sa.String(length=40), nullable=True),
        sa.Column("price_quantity", sa.String(length=40), nullable=True),
        sa.Column("amount", sa.String(length=40), nullable=True),
        sa.Column("vat_category", sa.String(length=4), nullable=True),
        sa.Column("vat_rate", sa.String(length=16), nullable=True),
        sa.Column("exemption_reason", sa.Text(), nullable=True),
        sa.Column("exemption_code", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_invoice_lines_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name=op.f("fk_invoice_lines_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_lines")),
        sa.UniqueConstraint("invoice_id", "seq", name=op.f("uq_invoice_lines_invoice_id")),
    )
    with op.batch_alter_table("bank_statements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("closing_derived", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("bank_statements", schema=None) as batch_op:
        batch_op.drop_column("closing_derived")
    op.drop_table("invoice_lines")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_column("description")
        batch_op.drop_column("default_from")
