"""Each company's run schedule (the scheduler, issue 14): the one repository that reads
and writes it. No row: the default schedule. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from tijdig.adapters.db.schema.jobs import RunScheduleRow
from tijdig.domain.collection.run_schedule import RunSchedule, parse_run_days, parse_run_time


class SqlRunSchedules:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, company_id: int) -> RunSchedule:
        row = self.session.get(RunScheduleRow, company_id)
        if row is None:
            return RunSchedule()
        return RunSchedule(parse_run_time(row.run_time), parse_run_days(row.run_days))

    def save(self, company_id: int, schedule: RunSchedule, at: datetime) -> None:
        row = self.session.get(RunScheduleRow, company_id)
        if row is None:
            row = RunScheduleRow(company_id=company_id)
            self.session.add(row)
        row.run_time = schedule.time_text
        row.run_days = schedule.days_text
        row.updated_at = at
        self.session.flush()
