"""Rows of background jobs (services/background.py): what was queued, by whom, how far
it got and how it ended. Arguments, result and error are JSON text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tijdig.adapters.db.schema.ledger import Base


class BackgroundJobRow(Base):
    __tablename__ = "background_jobs"
    # The runner's poll: the oldest job waiting (queued, or running with a lapsed heartbeat).
    __table_args__ = (
        Index("ix_background_jobs_state", "state", "id"),
        # A scheduled job once per company and key ("run:2026-12-08"): two schedulers
        # at once queue one (services/scheduler.py).
        Index("ux_background_jobs_schedule_key", "company_id", "schedule_key", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    arguments: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    queued_by: Mapped[str] = mapped_column(String(200))
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    schedule_key: Mapped[str | None] = mapped_column(String(40))
    # Not taken before this moment: sending queued outside the sending hours.
    not_before: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RunScheduleRow(Base):
    """A company's run time ("07:30") and run days ("tue,wed,thu,fri"); no row: the
    default schedule."""

    __tablename__ = "run_schedules"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    run_time: Mapped[str] = mapped_column(String(5))
    run_days: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UploadRow(Base):
    """A file uploaded in the workspace for an import job: its bytes are kept in the
    database, so a worker on another machine can read them."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
