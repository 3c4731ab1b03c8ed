"""Keeping in step with the books (issue 16, part 3): each export synced, the last
export's snapshot per source, and the invoices closed as paid outside Tijdig

(Chained on 0026, the dunning pauses.)

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def _company_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                   name=op.f(f"fk_{table}_company_id_companies"),
                                   ondelete="CASCADE")  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "book_syncs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("exported_on", sa.Date(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("synced_by", sa.String(length=100), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("gone", sa.Integer(), nullable=False),
        _company_fk("book_syncs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_book_syncs")),
    )
    op.create_index(op.f("ix_book_syncs_company_id"), "book_syncs", ["company_id"])
    op.create_index("ix_book_syncs_company_source", "book_syncs", ["company_id", "source", "id"])
    op.create_table(
        "book_export_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("customer_number", sa.String(length=64), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("open_minor", sa.BigInteger(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        _company_fk("book_export_items"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_book_export_items")),
        sa.UniqueConstraint("company_id", "source", "kind", "number",
                            name=op.f("uq_book_export_items_company_id")),
    )  # fmt: skip
    op.create_table(
        "invoice_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("sync_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        _company_fk("invoice_closures"),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"],
                                name=op.f("fk_invoice_closures_invoice_id_invoices"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sync_id"], ["book_syncs.id"],
                                name=op.f("fk_invoice_closures_sync_id_book_syncs"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_closures")),
    )  # fmt: skip
    op.create_index(op.f("ix_invoice_closures_company_id"), "invoice_closures", ["company_id"])
    op.create_index(op.f("ix_invoice_closures_invoice_id"), "invoice_closures", ["invoice_id"])
    op.create_index(op.f("ix_invoice_closures_sync_id"), "invoice_closures", ["sync_id"])


def downgrade() -> None:
    op.drop_table("invoice_closures")
    op.drop_table("book_export_items")
    op.drop_table("book_syncs")
