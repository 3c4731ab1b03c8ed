"""Keeping in step with the books (issue 16, part 3): each sync of an export, the last
export's snapshot per source, and the invoices a sync closed as paid outside Tijdig."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from tijdig.adapters.db.schema.ledger import Base


def _company() -> Mapped[int]:
    return mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)


class BookSyncRow(Base):
    """One export synced (applied): from which source, of which day, what it changed."""

    __tablename__ = "book_syncs"
    __table_args__ = (Index("ix_book_syncs_company_source", "company_id", "source", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    source: Mapped[str] = mapped_column(String(80))  # "csv", "csv:exact", "twinfield" ...
    exported_on: Mapped[date] = mapped_column(Date)
    synced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    synced_by: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    items: Mapped[int] = mapped_column(Integer)
    new: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    gone: Mapped[int] = mapped_column(Integer)


class BookExportItemRow(Base):
    """An item of the last export synced from a source: what the next one is compared
    with (domain/export_diff.py). Replaced whole by each sync."""

    __tablename__ = "book_export_items"
    __table_args__ = (UniqueConstraint("company_id", "source", "kind", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(64))
    customer_number: Mapped[str] = mapped_column(String(64))
    issue_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    total_minor: Mapped[int] = mapped_column(BigInteger)
    open_minor: Mapped[int] = mapped_column(BigInteger)
    fingerprint: Mapped[str] = mapped_column(String(64))


class InvoiceClosureRow(Base):
    """What was open on an invoice, closed for a reason other than a payment Tijdig
    booked: `paid_outside` (the books no longer list it, or list less open)."""

    __tablename__ = "invoice_closures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    sync_id: Mapped[int | None] = mapped_column(
        ForeignKey("book_syncs.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(32))
    closed_on: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
