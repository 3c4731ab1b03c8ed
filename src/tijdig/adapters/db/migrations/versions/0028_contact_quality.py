"""Contact data quality (S2-1, issue 19): what bounces said of each address a customer
was written to, the day a customer last confirmed its contact details, and the company's
number of months a confirmation holds.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "address_bounces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("hard_count", sa.Integer(), nullable=False),
        sa.Column("soft_count", sa.Integer(), nullable=False),
        sa.Column("undeliverable_since", sa.Date(), nullable=True),
        sa.Column("last_bounce_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_diagnostic", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                name=op.f("fk_address_bounces_company_id_companies"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_address_bounces_customer_id_customers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_address_bounces")),
        sa.UniqueConstraint("customer_id", "address",
                            name=op.f("uq_address_bounces_customer_id")),
    )  # fmt: skip
    op.create_index(op.f("ix_address_bounces_company_id"), "address_bounces", ["company_id"])
    op.create_index(op.f("ix_address_bounces_customer_id"), "address_bounces", ["customer_id"])
    op.create_table(
        "contact_settings",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("confirm_months", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                name=op.f("fk_contact_settings_company_id_companies"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_contact_settings")),
    )  # fmt: skip
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("contact_confirmed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("contact_confirmed_on")
    op.drop_table("contact_settings")
    op.drop_table("address_bounces")
