"""A/B tests of templates (issue 18): a template's variants per language, the experiments
run on a template, and which variant each customer got (recorded the first time, so it
stays the customer's for the whole experiment)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tijdig.adapters.db.schema.ledger import Base


class TemplateVariantRow(Base):
    """A variant (B, C ...) of a template in one language; A is the text in force (the
    company's own wording, else the shipped one)."""

    __tablename__ = "template_variants"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(5), primary_key=True)
    template: Mapped[str] = mapped_column(String(40), primary_key=True)
    variant: Mapped[str] = mapped_column(String(2), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(200))


class ExperimentRow(Base):
    """An A/B test of a template: its arms, the sample size fixed when it started, and
    the variant chosen at its end (None while it runs)."""

    __tablename__ = "experiments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    template: Mapped[str] = mapped_column(String(40))
    variants: Mapped[int] = mapped_column(Integer)  # arms: A plus the variants
    baseline: Mapped[str] = mapped_column(String(12))  # share paid in 14 days now, as text
    smallest_effect: Mapped[str] = mapped_column(String(12))  # as text
    needed: Mapped[int] = mapped_column(Integer)  # messages per arm
    started_on: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_by: Mapped[str] = mapped_column(String(200))
    chosen: Mapped[str | None] = mapped_column(String(2))
    chosen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    chosen_by: Mapped[str | None] = mapped_column(String(200))


class ExperimentAssignmentRow(Base):
    """The variant a customer got in an experiment, from the day it first got it."""

    __tablename__ = "experiment_assignments"

    experiment_id: Mapped[int] = mapped_column(
        ForeignKey("experiments.id", ondelete="CASCADE"), primary_key=True
    )
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    variant: Mapped[str] = mapped_column(String(2))
    assigned_on: Mapped[date] = mapped_column(Date)
