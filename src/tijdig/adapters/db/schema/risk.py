"""Rows of the late-payment risk model (issue 17 section 2): each company's trained models
(the latest is used) with their scikit-learn version and quality, the suggestions the
risk made that a person accepts or dismisses, and the latest stored score of each open
invoice (written by `tijdig risk score`, read by the dashboard); and the cash-flow forecasts
stored (one per company and day: what `/forecast` reads)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
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


class RiskModelRow(Base):
    """A trained model: joblib bytes, refused when read by another scikit-learn version."""

    __tablename__ = "risk_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    trained_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    trained_by: Mapped[str] = mapped_column(String(100))
    as_of: Mapped[date] = mapped_column(Date)  # the last day of the data it learned from
    sklearn_version: Mapped[str] = mapped_column(String(32))
    late_days: Mapped[int] = mapped_column(Integer)  # N: "paid more than N days late"
    model: Mapped[bytes] = mapped_column(LargeBinary)
    quality: Mapped[str] = mapped_column(Text)  # JSON: AUC, Brier, calibration, baselines, counts


class RiskSuggestionRow(Base):
    """An act the risk suggests for a customer (a deposit, a lower credit limit, a plan),
    open until a person accepts or dismisses it."""

    __tablename__ = "risk_suggestions"
    __table_args__ = (Index("ix_risk_suggestions_company_status", "company_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))  # domain/risk.py SuggestionKind
    made_on: Mapped[date] = mapped_column(Date)
    probability: Mapped[float | None] = mapped_column(Float)  # None: from the rules
    risk_class: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12))  # open accepted dismissed
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RiskScoreRow(Base):
    """The latest stored score of an open invoice: one scoring replaces the company's set."""

    __tablename__ = "risk_scores"
    __table_args__ = (
        Index("ix_risk_scores_company_probability", "company_id", "probability", "risk_class",
              "invoice_id"),
    )  # fmt: skip

    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), primary_key=True
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    scored_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(8))  # model rules
    model_id: Mapped[int | None] = mapped_column(Integer)
    probability: Mapped[float | None] = mapped_column(Float)  # None: from the rules
    risk_class: Mapped[str] = mapped_column(String(8))
    expected: Mapped[date | None] = mapped_column(Date)


class StoredForecastRow(Base):
    """A cash-flow forecast made on a day and stored (the job "forecast", `tijdig forecast
    --store`): one per company and day, made again that day it is replaced; the earlier
    ones are kept. Its weeks, later bucket and invoices apart are JSON (money as text)."""

    __tablename__ = "stored_forecasts"
    __table_args__ = (UniqueConstraint("company_id", "made_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    made_on: Mapped[date] = mapped_column(Date)  # the day it forecasts from (as_of)
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    made_by: Mapped[str] = mapped_column(String(100))
    currency: Mapped[str] = mapped_column(String(3))
    invoices: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(String(8))  # model habits
    fallback: Mapped[str | None] = mapped_column(String(24))
    model_id: Mapped[int | None] = mapped_column(Integer)
    spread: Mapped[float] = mapped_column(Float)
    weeks: Mapped[str] = mapped_column(Text)  # JSON: {"weeks": [...], "later": ..., "apart": [...]}
    # JSON: the forecast made 13 weeks before checked on this day (None: none could be)
    checked: Mapped[str | None] = mapped_column(Text)
