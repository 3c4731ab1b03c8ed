"""services/background.py on a real database: a job's failure is stored, a refusal as
its code and params, anything else as its text; a job is done once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services.background import (
    JobKind,
    JobState,
    Moment,
    error_json,
    job,
    next_job,
    queue_job,
    run_arguments,
    run_job,
    send_arguments,
)

AT = datetime(2028, 2, 29, 9, 30, tzinfo=UTC)  # a leap day
MOMENT = Moment(at=AT, today=AT.date(), now=lambda: AT + timedelta(seconds=5))


class Remembered:
    """A JobQueue that keeps what it was handed."""

    def __init__(self) -> None:
        self.ids: list[int] = []

    def enqueue(self, job_id: int, *, not_before: datetime | None = None) -> None:
        self.ids.append(job_id)


def _company(app: Tijdig) -> Company:
    with app.uow() as uow:
        stored = uow.companies.add(Company(code="ACME", name="Acme B.V."), at=AT)
        uow.commit()
    return stored


def test_a_refusal_is_kept_as_its_code_and_params() -> None:
    refused = RuleViolation(Refusal.NOT_TODAY, day=date(2028, 3, 1), today=date(2028, 2, 29))
    assert error_json(refused) == {
        "code": "not_today", "params": {"day": "2028-03-01", "today": "2028-02-29"},
        "message": str(refused),
    }  # fmt: skip
    assert error_json(KeyError("as_of")) == {
        "code": None,
        "params": {},
        "message": "KeyError: 'as_of'",
    }


def test_a_failing_task_stores_its_error_and_is_not_done_again(app: Tijdig) -> None:
    queue = Remembered()
    acme = _company(app)
    job_id = queue_job(app.jobs(), queue, acme, JobKind.RUN, {"as_of": "29-02-2028"},
                       actor="api:anna", at=AT)  # fmt: skip
    assert queue.ids == [job_id]
    failed = run_job(app, app.jobs(), job_id, MOMENT)
    assert failed is not None and failed.state is JobState.FAILED
    assert failed.error == {
        "code": None, "params": {},
        "message": "ValueError: Invalid isoformat string: '29-02-2028'",
    }  # fmt: skip
    assert failed.finished_at == AT + timedelta(seconds=5) and failed.attempts == 1
    assert run_job(app, app.jobs(), job_id, MOMENT) is None  # failed stays failed


def test_a_run_job_on_a_leap_day(app: Tijdig) -> None:
    acme = _company(app)
    arguments = run_arguments(as_of=AT.date(), today=AT.date())
    job_id = queue_job(app.jobs(), Remembered(), acme, JobKind.RUN, arguments,
                       actor="api:anna", at=AT)  # fmt: skip
    done = run_job(app, app.jobs(), job_id, MOMENT)
    assert done is not None and done.state is JobState.DONE, done
    assert done.result is not None and done.result["as_of"] == "2028-02-29"
    assert (done.done, done.total) == (1, 1)
    assert job(app.jobs(), job_id) == done
    assert acme.id is not None
    assert job(app.jobs(), job_id, company_ids=[acme.id]) == done
    with pytest.raises(NotFound):  # another company's job is not found
        job(app.jobs(), job_id, company_ids=[acme.id + 1])


AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("queued", "opens"),
    [
        # Christmas Eve evening: Christmas and Boxing Day (Atw), then a Sunday
        (datetime(2026, 12, 24, 21, 0), datetime(2026, 12, 28, 7, 0)),
        # the night before a leap day
        (datetime(2028, 2, 28, 20, 30), datetime(2028, 2, 29, 7, 0)),
    ],
)
def test_sending_outside_the_sending_hours_waits_until_they_open(
    app: Tijdig, queued: datetime, opens: datetime
) -> None:
    """Nothing goes outside the hours, and the job is not done either: it is queued again
    for the opening, taken by no runner before it, and sends then."""
    queue = Remembered()
    acme = _company(app)
    at = queued.replace(tzinfo=AMSTERDAM)
    job_id = queue_job(app.jobs(), queue, acme, JobKind.SEND,
                       send_arguments(moment=None, day=None), actor="api:anna",
                       at=at)  # fmt: skip
    evening = Moment(at=at, today=at.date(), now=lambda: at)
    waiting = run_job(app, app.jobs(), job_id, evening)
    open_at = opens.replace(tzinfo=AMSTERDAM)
    assert waiting is not None and waiting.state is JobState.QUEUED
    assert waiting.not_before == open_at and waiting.result is not None
    assert waiting.result["closed_until"] == open_at.isoformat()
    assert queue.ids == [job_id]  # the record is SQLite's queue; no second record
    assert next_job(app.jobs(), at=open_at - timedelta(minutes=1)) is None
    assert next_job(app.jobs(), at=open_at) == job_id
    morning = Moment(at=open_at, today=open_at.date(), now=lambda: open_at)
    done = run_job(app, app.jobs(), job_id, morning)
    assert done is not None and done.state is JobState.DONE and done.not_before is None
    assert done.result is not None and done.result["closed_until"] is None
    assert done.attempts == 2
