"""Long work as background jobs (issue 14): the day's run and sending, queued now and
done by a worker, with their progress and result stored.

A job is a named task of the service layer (`TASKS`: "run" is `day.run_the_day`, "send"
is `send.send_approved`, "import" imports uploaded files: services/uploads.py, "mail"
reads the collection mailbox: services/mailbox/fetch.py, "risk" scores and stores every
open invoice: services/risk/scoring.py, "forecast" makes and stores the day's cash-flow
forecast: services/risk/forecast.py) with JSON
arguments, and its record (`Job`): who queued it, when, its state (queued, running,
done, failed), its progress, its result or its error.
`queue_job` stores the record and hands its id to the installation's `JobQueue`
(procrastinate on PostgreSQL; on SQLite a child process of `tijdig serve` polls the
records). `run_job` is what every worker does with an id.

Each task is idempotent, so a job run twice (a worker killed after the work and before
its record said so) has its effect once: a job done is not run again; a run job finds
the run it made since it was queued; sending is exactly-once through the outbox.
The moment (`at`) and the business day come from the worker's edge; nothing here reads
a clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from tijdig.domain.errors import NotFound, TijdigError
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services.collection.day import DayRun, DayUnitOfWork, run_the_day
from tijdig.services.collection.messages import Composer
from tijdig.services.collection.review import ReviewUnitOfWork
from tijdig.services.collection.send import Mailroom, Sent, check_run, send_approved
from tijdig.services.mailbox.fetch import MailAccess, fetch_mail
from tijdig.services.plans.letters import PlanLetters
from tijdig.services.progress import Progress
from tijdig.services.read_models.forecast import ForecastData
from tijdig.services.risk.forecast import store_forecast
from tijdig.services.risk.ports import RiskReads, RiskUnitOfWork
from tijdig.services.risk.scoring import store_scores
from tijdig.services.uploads import ImportEnvironment, import_task

# A running job whose runner has not said it lives for this long is taken up again.
HEARTBEAT_LAPSE = timedelta(seconds=60)


class JobKind(StrEnum):
    RUN = "run"
    SEND = "send"
    IMPORT = "import"  # uploaded files (services/uploads.py)
    MAIL = "mail"  # reading the collection mailbox (services/mailbox/fetch.py)
    RISK = "risk"  # scoring every open invoice and storing the scores (services/risk)
    FORECAST = "forecast"  # making the day's cash-flow forecast and storing it


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Job:
    """A job's stored record."""

    id: int
    company_id: int
    kind: JobKind
    arguments: Json
    state: JobState
    queued_at: datetime
    queued_by: str
    done: int = 0
    total: int | None = None
    result: Json | None = None
    error: Json | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    heartbeat_at: datetime | None = None
    attempts: int = 0
    not_before: datetime | None = None  # queued again to wait for this moment


class Jobs(Protocol):
    """The stored job records. Each call is a transaction of its own: a job's record
    changes while its work commits its own transactions."""

    def add(self, company_id: int, kind: JobKind, arguments: Json, *, by: str,
            at: datetime) -> int: ...  # fmt: skip
    def add_once(self, company_id: int, kind: JobKind, arguments: Json, *, key: str,
                 by: str, at: datetime) -> int | None:  # fmt: skip
        """Add a job that only one may ever hold `key` for the company (a scheduled run
        of a day); None, and nothing added, when one does already."""

    def keyed(self, company_id: int, key: str) -> Job | None:
        """The company's job that holds `key`, if any."""

    def get(self, job_id: int) -> Job | None: ...
    def listing(self, company_ids: list[int] | None, *, limit: int) -> list[Job]: ...
    def next_waiting(self, *, lapsed_before: datetime, at: datetime) -> int | None:
        """The oldest job queued (and not waiting for a moment after `at`), or running
        with a heartbeat older than `lapsed_before`."""

    def claim(self, job_id: int, *, at: datetime, lapsed_before: datetime) -> Job | None:
        """Mark the job running when it waits (see `next_waiting`); None when it does not
        (done, failed, or running under a live runner)."""

    def beat(self, job_id: int, *, at: datetime) -> None: ...
    def progress(self, job_id: int, done: int, total: int, *, at: datetime) -> None: ...
    def finish(self, job_id: int, state: JobState, outcome: Json, *, at: datetime) -> None:
        """Done with `outcome` as its result, or failed with it as its error."""

    def postpone(self, job_id: int, until: datetime, outcome: Json) -> None:
        """Queued again, not to be taken before `until`, with `outcome` as its result
        so far."""


class JobQueue(Protocol):
    """Where a queued job's id goes for a worker to find."""

    def enqueue(self, job_id: int, *, not_before: datetime | None = None) -> None: ...


class TaskEnvironment(ImportEnvironment, Protocol):
    """What the tasks use of an installation (`bootstrap.Tijdig` is one)."""

    def uow(self) -> DayUnitOfWork: ...
    def company_uow(self, company_id: int) -> Callable[[], ReviewUnitOfWork]: ...
    def plan_letters(self) -> PlanLetters: ...
    def composer(self) -> Composer: ...
    def mailroom(self) -> Mailroom: ...
    def job_queue(self) -> JobQueue: ...
    def mail_access(self) -> MailAccess: ...
    def risk_uow(self) -> RiskUnitOfWork: ...
    @property
    def risk_reads(self) -> RiskReads: ...
    @property
    def forecast_data(self) -> ForecastData: ...


@dataclass(frozen=True, slots=True)
class Later:
    """A task's answer when it cannot do its work yet: its job waits until `until`
    (sending outside the sending hours), with `result` so far."""

    until: datetime
    result: Json


@dataclass(frozen=True, slots=True)
class Moment:
    """When a worker does a job: the real moment and the real business day (its edge's
    clock), and a way to read the moment again for heartbeats and progress."""

    at: datetime
    today: date
    now: Callable[[], datetime]


def run_arguments(*, as_of: date, today: date) -> Json:
    """The arguments of the day's run of `as_of`, judged as of the business day `today`."""
    return {"as_of": as_of.isoformat(), "today": today.isoformat()}


def send_arguments(*, moment: datetime | None, day: date | None, run_id: int | None = None) -> Json:
    """The arguments of sending: at the worker's moment (None), or as of a rehearsed
    `moment` and `day`; the approvals of run `run_id` only, or of every run (None)."""
    return {
        "moment": None if moment is None else moment.isoformat(),
        "day": None if day is None else day.isoformat(),
        "run": run_id,
    }


def queue_send(
    jobs: Jobs,
    queue: JobQueue,
    uow_factory: Callable[[], ReviewUnitOfWork],
    company: Company,
    *,
    run_id: int | None,
    day: date | None,
    actor: str,
    at: datetime,
) -> int:
    """Queue the sending of what the company approved (of run `run_id`, which must be
    its own: else not found now, not later in the job); the job's id."""
    if run_id is not None:
        check_run(uow_factory, company, run_id)
    arguments = send_arguments(moment=None, day=day, run_id=run_id)
    return queue_job(jobs, queue, company, JobKind.SEND, arguments, actor=actor, at=at)


def queue_job(
    jobs: Jobs,
    queue: JobQueue,
    company: Company,
    kind: JobKind,
    arguments: Json,
    *,
    actor: str,
    at: datetime,
) -> int:
    """Store the job's record (queued) and hand its id to the queue; its id."""
    if company.id is None:
        raise NotFound(Refusal.COMPANY_NOT_STORED, company=company.code)
    json.dumps(arguments)  # refuse what a worker could not read back, before storing it
    job_id = jobs.add(company.id, kind, arguments, by=actor, at=at)
    queue.enqueue(job_id)
    return job_id


def job_json(job: Job) -> Json:
    """A job's record as JSON (the CLI's --json, the API)."""

    def iso(moment: datetime | None) -> str | None:
        return None if moment is None else moment.isoformat()

    return {
        "id": job.id, "company_id": job.company_id, "kind": job.kind.value,
        "arguments": job.arguments, "state": job.state.value,
        "progress": {"done": job.done, "total": job.total},
        "result": job.result, "error": job.error, "attempts": job.attempts,
        "queued_by": job.queued_by, "queued_at": iso(job.queued_at),
        "started_at": iso(job.started_at), "finished_at": iso(job.finished_at),
        "not_before": iso(job.not_before),
    }  # fmt: skip


def next_job(jobs: Jobs, *, at: datetime) -> int | None:
    """The job a runner should take next: the oldest queued, or one whose runner died."""
    return jobs.next_waiting(lapsed_before=at - HEARTBEAT_LAPSE, at=at)


def job(jobs: Jobs, job_id: int, *, company_ids: list[int] | None = None) -> Job:
    """One job's record (only among `company_ids` when given); reading never writes."""
    found = jobs.get(job_id)
    if found is None or (company_ids is not None and found.company_id not in company_ids):
        raise NotFound(Refusal.NOT_FOUND, thing="job", key=job_id)
    return found


def run_job(
    env: TaskEnvironment,
    jobs: Jobs,
    job_id: int,
    moment: Moment,
) -> Job | None:
    """Claim job `job_id` and do it: its progress
    stored as it goes, then its result, or its error (a refusal's code and params, else
    the exception's text). A job already done, failed, or running under a live runner
    is left alone. The job's record afterwards; None when there was nothing to claim."""
    claimed = jobs.claim(job_id, at=moment.at, lapsed_before=moment.at - HEARTBEAT_LAPSE)
    if claimed is None:
        return None

    def progress(done: int, total: int) -> None:
        jobs.progress(claimed.id, done, total, at=moment.now())

    try:
        company = _company(env, claimed.company_id)
        result = TASKS[claimed.kind](env, company, claimed, moment, progress)
    except Exception as error:  # every failure is stored: the worker goes on
        jobs.finish(claimed.id, JobState.FAILED, error_json(error), at=moment.now())
    else:
        if isinstance(result, Later):
            jobs.postpone(claimed.id, result.until, result.result)
            env.job_queue().enqueue(claimed.id, not_before=result.until)
        else:
            jobs.finish(claimed.id, JobState.DONE, result, at=moment.now())
    return jobs.get(claimed.id)


def _company(env: TaskEnvironment, company_id: int) -> Company:
    with env.uow() as uow:
        found = uow.companies.by_id(company_id)
    if found is None:
        raise NotFound(Refusal.NOT_FOUND, thing="company", key=company_id)
    return found


def error_json(error: Exception) -> Json:
    """A refusal as its code and params (said in the reader's language where shown),
    with its English message; any other error as its text."""
    if isinstance(error, TijdigError):
        return {
            "code": None if error.code is None else error.code.value,
            "params": {key: _plain(value) for key, value in error.params.items()},
            "message": str(error),
        }
    return {"code": None, "params": {}, "message": f"{type(error).__name__}: {error}"}


def _plain(value: object) -> object:
    return value if isinstance(value, int | str | bool) or value is None else str(value)


Task = Callable[[TaskEnvironment, Company, Job, Moment, Progress], "Json | Later"]


def day_run_task(
    env: TaskEnvironment, company: Company, job: Job, moment: Moment, progress: Progress
) -> Json:
    """The day's run of the job's `as_of`; the run this job made already, when it made
    one (a worker stopped after the run and before the record said so)."""
    as_of = date.fromisoformat(job.arguments["as_of"])
    progress(0, 1)
    made = _run_since(env, company, as_of, job.queued_at)
    if made is not None:
        progress(1, 1)
        return {"run_id": made, "as_of": as_of.isoformat(), "again": True}
    today = date.fromisoformat(job.arguments.get("today") or moment.today.isoformat())
    day_run = run_the_day(env.uow(), company, letters=env.plan_letters(), as_of=as_of,
                          actor=job.queued_by, at=moment.at, today=today)  # fmt: skip
    progress(1, 1)
    return run_json(day_run, as_of)


def _run_since(env: TaskEnvironment, company: Company, as_of: date, since: datetime) -> int | None:
    """The company's latest run, when it is of `as_of` and made since `since`."""
    assert company.id is not None
    with env.company_uow(company.id)() as uow:
        latest = uow.runs.latest_id(company.id)
        record = None if latest is None else uow.runs.listing(company.id, latest)
    if record is None or record.as_of != as_of or _utc(record.created_at) < _utc(since):
        return None
    return record.id


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def run_json(day_run: DayRun, as_of: date) -> Json:
    """A day's run in a job's result."""
    summary, plans = day_run.run, day_run.plans
    return {
        "run_id": summary.run_id, "as_of": as_of.isoformat(), "again": False,
        "customers": summary.customers, "proposals": summary.proposals,
        "auto_approved": summary.auto_approved, "calls": summary.calls,
        "holds": summary.holds, "fallbacks": summary.fallbacks,
        "follow_ups": summary.follow_ups,
        "plans": None if plans is None else
        {"kept": plans.kept, "broken": plans.broken, "reminded": plans.reminded},
    }  # fmt: skip


def send_task(
    env: TaskEnvironment, company: Company, job: Job, moment: Moment, progress: Progress
) -> Json | Later:
    """Send what the company approved (`send.send_approved`): at the worker's moment,
    within the sending hours, or as of the rehearsed moment the job names. Outside the
    sending hours nothing goes, and the job waits until they open (a rehearsed moment
    is the one it names: it ends saying when they open)."""
    assert company.id is not None
    rehearsed, day = job.arguments.get("moment"), job.arguments.get("day")
    at = moment.at if rehearsed is None else datetime.fromisoformat(rehearsed)
    sent = send_approved(
        env.company_uow(company.id), company, env.composer(), env.mailroom(),
        actor=job.queued_by, at=at, day=moment.today if day is None else date.fromisoformat(day),
        today=moment.today, run_id=job.arguments.get("run"), progress=progress,
    )  # fmt: skip
    if sent.closed_until is not None and rehearsed is None:
        return Later(sent.closed_until, sent_json(sent))
    return sent_json(sent)


def sent_json(sent: Sent) -> Json:
    """Sending's counts in a job's result, and when sending may start if it was closed."""
    closed = sent.closed_until
    return {**sent.counts, "closed_until": None if closed is None else closed.isoformat()}


def mail_task(
    env: TaskEnvironment, company: Company, job: Job, moment: Moment, progress: Progress
) -> Json:
    """Read the company's collection mailbox (`fetch.fetch_mail`): what is new, once."""
    progress(0, 1)
    report = fetch_mail(env.mail_access(), company, actor=job.queued_by, at=moment.at)
    progress(1, 1)
    return report.as_json()


def risk_task(
    env: TaskEnvironment, company: Company, job: Job, moment: Moment, progress: Progress
) -> Json:
    """Score every open invoice as of the job's day and store the scores
    (`scoring.store_scores`): what the dashboard's risk figure reads."""
    day = job.arguments.get("day")
    progress(0, 1)
    done = store_scores(
        env.risk_uow(), env.risk_reads, company,
        as_of=moment.today if day is None else date.fromisoformat(day),
        actor=job.queued_by, at=moment.at,
    )  # fmt: skip
    progress(1, 1)
    return {
        "scored": done.scored, "model": done.model_id, "by_class": dict(done.by_class),
        # The code, said in the reader's language where the job is shown.
        "why_rules": None if done.why_rules is None else str(done.why_rules.code or done.why_rules),
    }  # fmt: skip


def forecast_task(
    env: TaskEnvironment, company: Company, job: Job, moment: Moment, progress: Progress
) -> Json:
    """Make the cash-flow forecast as of the job's day and store it
    (`forecast.store_forecast`): what `/forecast` shows."""
    day = job.arguments.get("day")
    progress(0, 1)
    made = store_forecast(
        env.risk_uow(), env.risk_reads, env.forecast_data, company,
        as_of=moment.today if day is None else date.fromisoformat(day),
        actor=job.queued_by, at=moment.at,
    )  # fmt: skip
    progress(1, 1)
    return {
        "made_on": made.as_of.isoformat(), "invoices": made.invoices,
        "expected": str(made.expected_total), "currency": made.currency,
        "basis": made.basis.value, "model": made.model_id,
        "fallback": None if made.fallback is None else made.fallback.value,
    }  # fmt: skip


TASKS: Mapping[JobKind, Task] = {
    JobKind.RUN: day_run_task, JobKind.SEND: send_task, JobKind.IMPORT: import_task,
    JobKind.MAIL: mail_task, JobKind.RISK: risk_task, JobKind.FORECAST: forecast_task,
}  # fmt: skip
