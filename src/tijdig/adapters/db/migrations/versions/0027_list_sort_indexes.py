"""Indexes for the sortable lists (issue 15): the invoice list by number, issue date,
total and open amount (all invoices, and the open ones), customers by name.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

SORTS = {"number": "number", "issued": "issue_date", "total": "total_minor",
         "open": "open_minor"}  # fmt: skip
OPEN = sa.text("open_minor <> 0")


def upgrade() -> None:
    for key, column in SORTS.items():
        op.create_index(f"ix_invoices_all_by_{key}", "invoices", ["company_id", column, "id"])
        op.create_index(f"ix_invoices_open_by_{key}", "invoices", ["company_id", column, "id"],
                        sqlite_where=OPEN, postgresql_where=OPEN)  # fmt: skip
    op.create_index("ix_customers_company_name", "customers", ["company_id", "name", "number"])


def downgrade() -> None:
    op.drop_index("ix_customers_company_name", table_name="customers")
    for key in reversed(SORTS):
        op.drop_index(f"ix_invoices_open_by_{key}", table_name="invoices")
        op.drop_index(f"ix_invoices_all_by_{key}", table_name="invoices")
