"""Rows of the credit status by rule (S4-7): each company's rules, holds set by hand, each
customer's last announced status, and the webhooks that announce a change: the URLs,
the events (the outbox, one row per event and URL) and every delivery attempt (the log)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from tijdig.adapters.db.schema.ledger import Base


def _company() -> Mapped[int]:
    return mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)


def _customer() -> Mapped[int]:
    return mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)


class CreditRulesRow(Base):
    """One per company that changed its rules; none: the defaults (domain CreditRules)."""

    __tablename__ = "credit_rules"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    overdue_days: Mapped[int | None] = mapped_column(Integer)
    overdue_amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    over_limit: Mapped[bool] = mapped_column(Boolean)
    broken_plan: Mapped[bool] = mapped_column(Boolean)
    handed_over: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CreditHoldRow(Base):
    """A hold set by hand, and its lifting; lifted ones stay as the history."""

    __tablename__ = "credit_holds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    customer_id: Mapped[int] = _customer()
    reason: Mapped[str] = mapped_column(Text)
    held_by: Mapped[str] = mapped_column(String(100))
    held_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    held_on: Mapped[date] = mapped_column(Date)
    lifted_by: Mapped[str | None] = mapped_column(String(100))
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CreditStatusRow(Base):
    """A customer's last announced status; no row: `ok`, never announced."""

    __tablename__ = "credit_statuses"

    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    company_id: Mapped[int] = _company()
    status: Mapped[str] = mapped_column(String(8))
    reasons: Mapped[str] = mapped_column(Text, default="[]")  # JSON: domain/reasons.to_json
    as_of: Mapped[date] = mapped_column(Date)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WebhookRow(Base):
    """A company's webhook URL with its signing secret; removed ones stay for the log."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WebhookEventRow(Base):
    """One event for one URL: the outbox row. Its body (and event id) never change, so
    every retry sends the same event; the status moves by compare-and-set on attempts."""

    __tablename__ = "webhook_events"
    __table_args__ = (Index("ix_webhook_events_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    webhook_id: Mapped[int] = mapped_column(
        ForeignKey("webhooks.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # pending sending delivered cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WebhookAttemptRow(Base):
    """One delivery attempt: when, the answer's status code or the error (the log)."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    event_row_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_events.id", ondelete="CASCADE"), index=True
    )
    attempt: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
