"""A payment knows the payment plan it was booked to (matching books a plan's reference,
or a plan instalment's amount from the customer's known account, to the plan), and a
plan knows the task that asks a person to approve it

(Chained on 0011: other branches may add a 0012; renumber on merge.)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 16:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments") as batch:
        batch.add_column(sa.Column("plan_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_payments_plan_id_payment_plans"), "payment_plans", ["plan_id"], ["id"],
            ondelete="SET NULL",
        )  # fmt: skip
        batch.create_index(batch.f("ix_payments_plan_id"), ["plan_id"], unique=False)
    with op.batch_alter_table("payment_plans") as batch:
        batch.add_column(sa.Column("approval_task_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_payment_plans_approval_task_id_tasks"), "tasks", ["approval_task_id"],
            ["id"], ondelete="SET NULL",
        )  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("payment_plans") as batch:
        batch.drop_constraint(
            batch.f("fk_payment_plans_approval_task_id_tasks"), type_="foreignkey"
        )
        batch.drop_column("approval_task_id")
    with op.batch_alter_table("payments") as batch:
        batch.drop_index(batch.f("ix_payments_plan_id"))
        batch.drop_constraint(batch.f("fk_payments_plan_id_payment_plans"), type_="foreignkey")
        batch.drop_column("plan_id")
