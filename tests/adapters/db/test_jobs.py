"""The background jobs' records (adapters/db/jobs.py): a job is claimed by one runner at
a time, taken up again once its runner's heartbeat lapses, and never once done."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.services.background import JobKind, JobState, next_job, run_arguments

QUEUED = datetime(2027, 2, 26, 18, 59, tzinfo=UTC)  # the end of February, before a 1 March
LATER = QUEUED + timedelta(seconds=30)


def _company(app: Tijdig, code: str) -> int:
    with app.uow() as uow:
        stored = uow.companies.add(Company(code=code, name=code), at=QUEUED)
        uow.commit()
    assert stored.id is not None
    return stored.id


def _queue(app: Tijdig, company_id: int) -> int:
    arguments = run_arguments(as_of=QUEUED.date(), today=QUEUED.date())
    return app.jobs().add(company_id, JobKind.RUN, arguments, by="cli:anna", at=QUEUED)


def test_a_job_is_claimed_once_until_its_heartbeat_lapses(app: Tijdig) -> None:
    jobs = app.jobs()
    job_id = _queue(app, _company(app, "ACME"))
    assert next_job(jobs, at=QUEUED) == job_id
    claimed = jobs.claim(job_id, at=LATER, lapsed_before=LATER - timedelta(seconds=60))
    assert claimed is not None and claimed.state is JobState.RUNNING
    assert claimed.attempts == 1 and claimed.started_at == LATER
    # a second runner finds nothing while the first one beats
    assert next_job(jobs, at=LATER + timedelta(seconds=59)) is None
    assert jobs.claim(job_id, at=LATER, lapsed_before=LATER - timedelta(seconds=60)) is None
    jobs.progress(job_id, 3, 10, at=LATER + timedelta(seconds=50))
    assert next_job(jobs, at=LATER + timedelta(seconds=100)) is None  # progress is a beat
    lapsed = LATER + timedelta(seconds=111)
    assert next_job(jobs, at=lapsed) == job_id
    again = jobs.claim(job_id, at=lapsed, lapsed_before=lapsed - timedelta(seconds=60))
    assert again is not None and again.attempts == 2 and again.done == 3 and again.total == 10


def test_a_job_done_or_failed_is_never_claimed_again(app: Tijdig) -> None:
    jobs = app.jobs()
    company = _company(app, "ACME")
    done, failed = _queue(app, company), _queue(app, company)
    for job_id, state in ((done, JobState.DONE), (failed, JobState.FAILED)):
        assert jobs.claim(job_id, at=LATER, lapsed_before=LATER) is not None
        jobs.finish(job_id, state, {"run_id": 7}, at=LATER)
    far = LATER + timedelta(days=400)
    assert next_job(jobs, at=far) is None
    assert jobs.claim(done, at=far, lapsed_before=far) is None
    finished = jobs.get(done)
    assert finished is not None and finished.result == {"run_id": 7} and finished.error is None
    assert finished.finished_at == LATER and finished.queued_by == "cli:anna"
    broken = jobs.get(failed)
    assert broken is not None and broken.error == {"run_id": 7} and broken.result is None


def test_the_listing_is_newest_first_and_per_company(app: Tijdig) -> None:
    acme, beta = _company(app, "ACME"), _company(app, "BETA")
    first, other, second = _queue(app, acme), _queue(app, beta), _queue(app, acme)
    assert [j.id for j in app.jobs().listing([acme], limit=10)] == [second, first]
    assert [j.id for j in app.jobs().listing(None, limit=2)] == [second, other]
