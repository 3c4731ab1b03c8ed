"""direct debit pre-notification: planned collections with their invoices and notice,
the agreed notice period, one-off and last on mandates, one debit per collection

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 06:08:55.811264
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "direct_debit_collections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("collection_date", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("creditor_id", sa.String(length=35), nullable=False),
        sa.Column("notice_key", sa.String(length=100), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("reason_params", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("sequence", sa.String(length=4), nullable=True),
        sa.Column("end_to_end_id", sa.String(length=35), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["direct_debit_batches.id"],
            name=op.f("fk_direct_debit_collections_batch_id_direct_debit_batches"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_direct_debit_collections_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_direct_debit_collections_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mandate_id"],
            ["mandates.id"],
            name=op.f("fk_direct_debit_collections_mandate_id_mandates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox.id"],
            name=op.f("fk_direct_debit_collections_outbox_id_outbox"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_direct_debit_collections")),
        sa.UniqueConstraint(
            "company_id", "notice_key", name=op.f("uq_direct_debit_collections_company_id")
        ),
    )
    with op.batch_alter_table("direct_debit_collections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_direct_debit_collections_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_direct_debit_collections_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            "ix_direct_debit_collections_date",
            ["company_id", "collection_date", "status"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_direct_debit_collections_mandate_id"), ["mandate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_direct_debit_collections_outbox_id"), ["outbox_id"], unique=False
        )

    op.create_table(
        "direct_debit_collection_invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["direct_debit_collections.id"],
            name=op.f("fk_direct_debit_collection_invoices_collection_id_direct_debit_collections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name=op.f("fk_direct_debit_collection_invoices_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_direct_debit_collection_invoices")),
        sa.UniqueConstraint(
            "collection_id",
            "invoice_id",
            name=op.f("uq_direct_debit_collection_invoices_collection_id"),
        ),
    )
    with op.batch_alter_table("direct_debit_collection_invoices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_direct_debit_collection_invoices_invoice_id"),
            ["invoice_id"],
            unique=False,
        )

    with op.batch_alter_table("direct_debit_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("collection_id", sa.Integer(), nullable=True))
        batch_op.alter_column("invoice_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_direct_debit_items_collection_id"), ["collection_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_direct_debit_items_collection_id_direct_debit_collections"),
            "direct_debit_collections",
            ["collection_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("one_off", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("final", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("pre_notification_days", sa.Integer(), server_default="14", nullable=False)
        )
        batch_op.add_column(sa.Column("completed_on", sa.Date(), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_column("completed_on")
        batch_op.drop_column("pre_notification_days")
        batch_op.drop_column("final")
        batch_op.drop_column("one_off")

    with op.batch_alter_table("direct_debit_items", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_direct_debit_items_collection_id_direct_debit_collections"),
            type_="foreignkey",
        )
        batch_op.drop_index(batch_op.f("ix_direct_debit_items_collection_id"))
        batch_op.alter_column("invoice_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("collection_id")

    with op.batch_alter_table("direct_debit_collection_invoices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_direct_debit_collection_invoices_invoice_id"))

    op.drop_table("direct_debit_collection_invoices")
    with op.batch_alter_table("direct_debit_collections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_direct_debit_collections_outbox_id"))
        batch_op.drop_index(batch_op.f("ix_direct_debit_collections_mandate_id"))
        batch_op.drop_index("ix_direct_debit_collections_date")
        batch_op.drop_index(batch_op.f("ix_direct_debit_collections_customer_id"))
        batch_op.drop_index(batch_op.f("ix_direct_debit_collections_batch_id"))

    op.drop_table("direct_debit_collections")
