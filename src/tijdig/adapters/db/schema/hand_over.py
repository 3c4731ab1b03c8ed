"""Rows of hand-overs to a collection agency: the case with its file, its status
history, the payments the agency reported, and the direct payments reported to it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from tijdig.adapters.db.schema.ledger import Base


def _company() -> Mapped[int]:
    return mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)


def _case() -> Mapped[int]:
    return mapped_column(ForeignKey("hand_over_cases.id", ondelete="CASCADE"), index=True)


class HandOverCaseRow(Base):
    """A customer handed over; its file (a ZIP) is written once, when it opens."""

    __tablename__ = "hand_over_cases"
    __table_args__ = (UniqueConstraint("company_id", "reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20))  # HO000001, the agency quotes it
    company_id: Mapped[int] = _company()
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    opened_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    off_policy: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(200), default="")
    file_zip: Mapped[bytes | None] = mapped_column(LargeBinary)


class HandOverStatusRow(Base):
    """One status a case had: who set it, when, from where."""

    __tablename__ = "hand_over_statuses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = _case()
    status: Mapped[str] = mapped_column(String(16))
    on_day: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")


class AgencyPaymentRow(Base):
    """A payment the agency reported, booked once by its reference."""

    __tablename__ = "agency_payments"
    __table_args__ = (UniqueConstraint("company_id", "reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    case_id: Mapped[int] = _case()
    reference: Mapped[str] = mapped_column(String(100))
    paid_on: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("payments.id", ondelete="SET NULL"), index=True
    )


class DirectPaymentReportRow(Base):
    """A payment that reached the creditor after the hand-over, reported to the agency."""

    __tablename__ = "direct_payment_reports"

    payment_id: Mapped[int] = mapped_column(
        ForeignKey("payments.id", ondelete="CASCADE"), primary_key=True
    )
    case_id: Mapped[int] = _case()
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reported_by: Mapped[str] = mapped_column(String(200))


class DirectPaymentEventRow(Base):
    """A direct payment announced to the company's webhooks (`hand_over.direct_payment`),
    once, whether or not it has been reported in a CSV too."""

    __tablename__ = "direct_payment_events"

    payment_id: Mapped[int] = mapped_column(
        ForeignKey("payments.id", ondelete="CASCADE"), primary_key=True
    )
    case_id: Mapped[int] = _case()
    announced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
