"""invoice lines and statement balance

A bank statement whose file gave no closing balance keeps a derived one, marked
`closing_derived`. An invoice payable on receipt is in default only from
`default_from` (30 days after receipt), not the day after its due date.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("default_from", sa.Date(), nullable=True))
    with op.batch_alter_table("bank_statements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("closing_derived", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("bank_statements", schema=None) as batch_op:
        batch_op.drop_column("closing_derived")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_column("default_from")
