"""The scheduler (issue 14): each company's run time and run days, and a key that makes
a scheduled job unique per company and day

`run_schedules`: one row per company that changed its schedule (none: the default,
07:30 on Tuesday to Friday). `background_jobs.schedule_key` ("run:2026-12-08",
"send:2026-12-08") is unique per company, so two schedulers ticking at once queue one
run a day; jobs queued by hand have none (NULLs never clash).

(Chained on 0021, the background tasks.)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "run_schedules",
        sa.Column("company_id", sa.Integer(),
                  sa.ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("run_time", sa.String(5), nullable=False),
        sa.Column("run_days", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
    )  # fmt: skip
    op.add_column("background_jobs", sa.Column("schedule_key", sa.String(40), nullable=True))
    op.create_index("ux_background_jobs_schedule_key", "background_jobs",
                    ["company_id", "schedule_key"], unique=True)  # fmt: skip


def downgrade() -> None:
    op.drop_index("ux_background_jobs_schedule_key", table_name="background_jobs")
    with op.batch_alter_table("background_jobs") as batch:
        batch.drop_column("schedule_key")
    op.drop_table("run_schedules")
