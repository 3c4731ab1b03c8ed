"""A payment plan knows the plan instalment last reminded as missed and the new day to
pay it by: a missed plan instalment is reminded first, and the plan breaks only once that
day passes unpaid

(Chained on 0014: other branches may add a 0015; renumber on merge.)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment_plans") as batch:
        batch.add_column(sa.Column("reminded_number", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("reminded_pay_by", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payment_plans") as batch:
        batch.drop_column("reminded_pay_by")
        batch.drop_column("reminded_number")
