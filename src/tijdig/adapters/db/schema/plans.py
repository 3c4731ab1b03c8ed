"""Rows of payment plans: the plan, the invoices it covers, its plan instalments, the
customer's written acceptance, and the company's limits."""

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


def _plan() -> Mapped[int]:
    return mapped_column(ForeignKey("payment_plans.id", ondelete="CASCADE"), primary_key=True)


class PaymentPlanRow(Base):
    """A payment plan; `outside_limits` the reasons (JSON) it needed a person's approval."""

    __tablename__ = "payment_plans"
    __table_args__ = (UniqueConstraint("company_id", "reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str | None] = mapped_column(String(35))  # NULL until the id gives it
    currency: Mapped[str] = mapped_column(String(3))
    principal_minor: Mapped[int] = mapped_column(BigInteger)
    costs_minor: Mapped[int] = mapped_column(BigInteger)
    interest_minor: Mapped[int] = mapped_column(BigInteger)
    made_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), index=True)
    payment_order: Mapped[str] = mapped_column(String(40), default="")
    accepted_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    outside_limits: Mapped[str] = mapped_column(Text, default="[]")
    created_by: Mapped[str] = mapped_column(String(100), default="")
    fallback: Mapped[str | None] = mapped_column(String(16))  # its rung once broken
    fallback_done_on: Mapped[date | None] = mapped_column(Date)  # carried out on
    # The task asking a person to approve a plan outside the limits: closed by approving
    # or cancelling the plan.
    approval_task_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="SET NULL")
    )
    # The plan instalment last reminded as missed, and the new day to pay it by.
    reminded_number: Mapped[int | None] = mapped_column(Integer)
    reminded_pay_by: Mapped[date | None] = mapped_column(Date)


class PlanInvoiceRow(Base):
    __tablename__ = "payment_plan_invoices"

    plan_id: Mapped[int] = _plan()
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    company_id: Mapped[int] = _company()


class PlanInstalmentRow(Base):
    """One plan instalment (number 0: the deposit)."""

    __tablename__ = "plan_instalments"

    plan_id: Mapped[int] = _plan()
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    due_on: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger)


class PlanAcceptanceRow(Base):
    """The customer's written acceptance: ticked and confirmed in the debtor portal (the
    moment, the IP address and the text shown), or a signed copy or e-mail reply kept
    as a file. Erasing the customer clears the address, the text and the file."""

    __tablename__ = "plan_acceptances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = _company()
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("payment_plans.id", ondelete="CASCADE"), unique=True
    )
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    way: Mapped[str] = mapped_column(String(16))
    accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    shown_text: Mapped[str] = mapped_column(Text, default="")
    filename: Mapped[str] = mapped_column(String(255), default="")
    mime_type: Mapped[str] = mapped_column(String(100), default="")
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    recorded_by: Mapped[str] = mapped_column(String(100), default="")


class PlanLimitsRow(Base):
    """A company's limits for plans offered without a person's approval."""

    __tablename__ = "plan_limits"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    max_instalments: Mapped[int] = mapped_column(Integer)
    min_instalment_minor: Mapped[int] = mapped_column(BigInteger)
    max_months: Mapped[int] = mapped_column(Integer)
    deposit_required: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LadderRow(Base):
    """A company's escalation ladder (domain/collection/ladder.py); none: the default."""

    __tablename__ = "ladders"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    rungs: Mapped[str] = mapped_column(String(60))  # "new_term,payment_plan,agency"
    name_agency_after: Mapped[int] = mapped_column(Integer)
    new_term_days: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
