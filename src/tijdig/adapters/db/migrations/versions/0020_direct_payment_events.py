"""Direct payments after a hand-over announced to the company's webhooks: each once,
apart from the CSV report to the agency

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 19:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "direct_payment_events",
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"],
            name=op.f("fk_direct_payment_events_payment_id_payments"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["hand_over_cases.id"],
            name=op.f("fk_direct_payment_events_case_id_hand_over_cases"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_direct_payment_events")),
    )  # fmt: skip
    with op.batch_alter_table("direct_payment_events") as batch:
        batch.create_index(batch.f("ix_direct_payment_events_case_id"), ["case_id"])


def downgrade() -> None:
    op.drop_table("direct_payment_events")
