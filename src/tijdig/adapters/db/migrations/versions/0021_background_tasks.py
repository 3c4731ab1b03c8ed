"""Background jobs (issue 14): their records everywhere, and procrastinate's queue on
PostgreSQL

The job records (`background_jobs`) are Tijdig's own, on SQLite and PostgreSQL. On
PostgreSQL the jobs run on procrastinate: its schema (tables, types, functions and
triggers, all named procrastinate_*) is the SQL the installed procrastinate ships
(`SchemaManager.get_schema()`), applied here so that `tijdig init` is the one step that
makes a database. procrastinate is pinned to 3.x in pyproject.toml; a later version's
schema changes go in with a migration of their own (procrastinate's sql/migrations).
On SQLite a child process of `tijdig serve` polls the records: no queue schema.

(Chained on 0020, the direct payment events.)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "background_jobs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("company_id", sa.Integer(),
                  sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("arguments", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("queued_by", sa.String(200), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )  # fmt: skip
    op.create_index("ix_background_jobs_company_id", "background_jobs", ["company_id"])
    op.create_index("ix_background_jobs_state", "background_jobs", ["state", "id"])
    if op.get_bind().dialect.name == "postgresql":
        from procrastinate.schema import SchemaManager

        _run_script(SchemaManager.get_schema())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run_script(_DROP_PROCRASTINATE)
    op.drop_index("ix_background_jobs_state", table_name="background_jobs")
    op.drop_index("ix_background_jobs_company_id", table_name="background_jobs")
    op.drop_table("background_jobs")


# Everything procrastinate's schema made in the current schema: its tables (with their
# triggers), its types (enums and composites) and its functions.
_DROP_PROCRASTINATE = """
DO $$
DECLARE item record;
BEGIN
  FOR item IN SELECT tablename FROM pg_tables
      WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate%' LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', item.tablename);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%' LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', item.signature);
  END LOOP;
  FOR item IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate%'
        AND t.typtype IN ('e', 'c') LOOP
    EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', item.typname);
  END LOOP;
END $$;
"""


def _run_script(script: str) -> None:
    """Many statements at once, through psycopg itself without parameters: the script's
    functions hold colons and percent signs that SQLAlchemy or a parameter would read as
    placeholders. In the migration's own transaction."""
    cursor = op.get_bind().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(script)
    finally:
        cursor.close()
