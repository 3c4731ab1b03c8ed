"""The background jobs' records (`services.background.Jobs`) in the database.

Each call is its own short transaction, apart from the work a job does: its progress
is seen by a page while the job runs. A claim is one conditional UPDATE, so two
runners never both take a job (SQLite and PostgreSQL alike)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tijdig.adapters.db.converters import as_utc
from tijdig.adapters.db.schema.jobs import BackgroundJobRow as _J
from tijdig.services.background import Job, JobKind, JobState, Json


class SqlJobs:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, company_id: int, kind: JobKind, arguments: Json, *, by: str,
            at: datetime) -> int:  # fmt: skip
        with Session(self.engine) as session, session.begin():
            row = _J(
                company_id=company_id, kind=kind.value, arguments=json.dumps(arguments),
                state=JobState.QUEUED.value, done=0, attempts=0, queued_by=by,
                queued_at=as_utc(at),
            )  # fmt: skip
            session.add(row)
            session.flush()
            return row.id

    def add_once(self, company_id: int, kind: JobKind, arguments: Json, *, key: str,
                 by: str, at: datetime) -> int | None:  # fmt: skip
        """The unique index on (company_id, schedule_key) decides between two schedulers:
        the second insert fails and adds nothing."""
        try:
            with Session(self.engine) as session, session.begin():
                row = _J(
                    company_id=company_id, kind=kind.value, arguments=json.dumps(arguments),
                    state=JobState.QUEUED.value, done=0, attempts=0, queued_by=by,
                    queued_at=as_utc(at), schedule_key=key,
                )  # fmt: skip
                session.add(row)
                session.flush()
                return row.id
        except IntegrityError:
            return None

    def keyed(self, company_id: int, key: str) -> Job | None:
        query = select(_J).where(_J.company_id == company_id, _J.schedule_key == key)
        with Session(self.engine) as session:
            row = session.scalar(query)
            return None if row is None else _job(row)

    def get(self, job_id: int) -> Job | None:
        with Session(self.engine) as session:
            row = session.get(_J, job_id)
            return None if row is None else _job(row)

    def listing(self, company_ids: list[int] | None, *, limit: int) -> list[Job]:
        query = select(_J).order_by(_J.id.desc()).limit(limit)
        if company_ids is not None:
            query = query.where(_J.company_id.in_(company_ids))
        with Session(self.engine) as session:
            return [_job(row) for row in session.scalars(query)]

    def next_waiting(self, *, lapsed_before: datetime, at: datetime) -> int | None:
        waiting = _waiting(as_utc(lapsed_before), as_utc(at))
        query = select(_J.id).where(waiting).order_by(_J.id).limit(1)
        with Session(self.engine) as session:
            return session.scalar(query)

    def claim(self, job_id: int, *, at: datetime, lapsed_before: datetime) -> Job | None:
        waiting = _waiting(as_utc(lapsed_before), as_utc(at))
        with Session(self.engine) as session, session.begin():
            running = {
                "state": JobState.RUNNING.value, "started_at": as_utc(at),
                "heartbeat_at": as_utc(at), "attempts": _J.attempts + 1, "result": None,
                "error": None, "finished_at": None, "not_before": None,
            }  # fmt: skip
            claimed = session.execute(update(_J).where(_J.id == job_id, waiting).values(running))
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return None
        return self.get(job_id)

    def beat(self, job_id: int, *, at: datetime) -> None:
        self._set(job_id, heartbeat_at=as_utc(at))

    def progress(self, job_id: int, done: int, total: int, *, at: datetime) -> None:
        self._set(job_id, done=done, total=total, heartbeat_at=as_utc(at))

    def finish(self, job_id: int, state: JobState, outcome: Json, *, at: datetime) -> None:
        column = "result" if state is JobState.DONE else "error"
        self._set(job_id, state=state.value, finished_at=as_utc(at),
                  **{column: json.dumps(outcome)})  # fmt: skip

    def postpone(self, job_id: int, until: datetime, outcome: Json) -> None:
        """Queued again, not to be taken before `until`; what it did so far kept."""
        self._set(job_id, state=JobState.QUEUED.value, not_before=as_utc(until),
                  heartbeat_at=None, result=json.dumps(outcome))  # fmt: skip

    def _set(self, job_id: int, **values: Any) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(update(_J).where(_J.id == job_id).values(**values))


def _waiting(lapsed_before: datetime, at: datetime) -> ColumnElement[bool]:
    """Queued (and not waiting for a later moment), or running under a runner that
    stopped saying it lives."""
    return or_(
        and_(_J.state == JobState.QUEUED.value, or_(_J.not_before.is_(None), _J.not_before <= at)),
        and_(_J.state == JobState.RUNNING.value, _J.heartbeat_at < lapsed_before),
    )


def _job(row: _J) -> Job:
    def moment(value: datetime | None) -> datetime | None:
        return None if value is None else as_utc(value)

    return Job(
        id=row.id, company_id=row.company_id, kind=JobKind(row.kind),
        arguments=json.loads(row.arguments), state=JobState(row.state),
        queued_at=as_utc(row.queued_at), queued_by=row.queued_by, done=row.done,
        total=row.total, result=None if row.result is None else json.loads(row.result),
        error=None if row.error is None else json.loads(row.error),
        started_at=moment(row.started_at), finished_at=moment(row.finished_at),
        heartbeat_at=moment(row.heartbeat_at), attempts=row.attempts,
        not_before=moment(row.not_before),
    )  # fmt: skip
