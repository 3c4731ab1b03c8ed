"""Rows of contact data quality (S2-1): what bounces said of each address a customer
was written to, and the company's setting for how long a confirmation holds."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tijdig.adapters.db.schema.ledger import Base


class AddressBounceRow(Base):
    """One address of one customer (lower case) that bounced: hard and soft counts, and
    the day it became undeliverable (a hard bounce)."""

    __tablename__ = "address_bounces"
    __table_args__ = (UniqueConstraint("customer_id", "address"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    address: Mapped[str] = mapped_column(String(254))
    hard_count: Mapped[int] = mapped_column(Integer, default=0)
    soft_count: Mapped[int] = mapped_column(Integer, default=0)
    undeliverable_since: Mapped[date | None] = mapped_column(Date)
    last_bounce_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_diagnostic: Mapped[str] = mapped_column(Text, default="")


class ContactSettingsRow(Base):
    """One per company: after how many months a confirmation of contact details is due."""

    __tablename__ = "contact_settings"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    confirm_months: Mapped[int] = mapped_column(Integer, default=12)
