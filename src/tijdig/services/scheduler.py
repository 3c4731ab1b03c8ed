"""The scheduler (issue 14): each company's day's run starts by itself at its run time
on its run days (`domain/collection/run_schedule.py`), and, when the company approves
friendly steps automatically, what the run approved is sent.

`tick` is what a scheduler does every minute (`tijdig worker`; on SQLite the runner of
`tijdig serve`), for every company:

- today's run is queued as a "run" job when `due_run` says so. The job holds the key
  "run:<day>", unique per company in the job records, so two schedulers ticking at
  once (two workers) queue one run: the second insert adds nothing. A day that has a
  run already (made by hand, `tijdig run`) gets none; an earlier day missed while the
  service was down is never replayed.
- once that scheduled run is done and the company has auto-approval of friendly steps
  on (`tijdig policy settings`), a "send" job (key "send:<day>") is queued, within the
  sending hours only: while sending is closed (20:00-07:00 Amsterdam, Sundays, Atw
  holidays) the tick waits and queues it at the first tick after it opens. Runs made by
  hand are sent by hand, and so is a scheduled run a newer run followed.

- every MAIL_EVERY (15 minutes), a company with a collection mailbox (and its password)
  gets a "mail" job (key "mail:<UTC moment of the slot>"), once per slot however many
  schedulers tick: it reads what is new in the mailbox (services/mailbox/fetch.py).

- once the day's scheduled run is done, a "risk" job (key "risk:<day>") scores every open
  invoice and stores the scores the dashboard's risk figure reads (services/risk), so the
  figure is as fresh as the day's run without a page view ever scoring.
- likewise once the day's scheduled run is done, a "forecast" job (key "forecast:<day>")
  makes the day's cash-flow forecast and stores it (services/risk/forecast.py): what
  `/forecast` shows. It waits for the run, not for the "risk" job: the forecast reads
  the book and the stored risk model, never the scores, so a failed scoring must not
  leave the day without a forecast.

The moment comes from the edge; nothing here reads a clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from tijdig.domain.collection.contact_hours import next_send_moment
from tijdig.domain.collection.run_schedule import AMSTERDAM, RunSchedule, due_run, next_run
from tijdig.domain.errors import NotFound
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.audit import AuditLog
from tijdig.services.background import (
    Job,
    JobKind,
    JobQueue,
    Jobs,
    JobState,
    run_arguments,
    send_arguments,
)
from tijdig.services.collection.run import SettingsStore
from tijdig.services.collection.views import RunRecord
from tijdig.services.mailbox.ports import StoredMailbox
from tijdig.services.ports import UnitOfWork

SCHEDULER = "scheduler"  # the actor of what the scheduler queues
# A scheduled run's sending waits for the sending hours at most this long (Christmas
# and a weekend); an older run's approvals are sent by hand.
SEND_WITHIN = timedelta(days=7)
MAIL_EVERY_MINUTES = 15  # how often a collection mailbox is read


class RunScheduleStore(Protocol):
    def get(self, company_id: int) -> RunSchedule: ...
    def save(self, company_id: int, schedule: RunSchedule, at: datetime) -> None: ...


class RunsRead(Protocol):
    def latest_id(self, company_id: int) -> int | None: ...
    def listing(self, company_id: int, run_id: int) -> RunRecord | None: ...


class MailboxesRead(Protocol):
    def mailbox(self, company_id: int) -> StoredMailbox | None: ...


class ScheduleUnitOfWork(UnitOfWork, Protocol):
    @property
    def run_schedules(self) -> RunScheduleStore: ...
    @property
    def collection_settings(self) -> SettingsStore: ...
    @property
    def runs(self) -> RunsRead: ...
    @property
    def audit(self) -> AuditLog: ...
    @property
    def mail(self) -> MailboxesRead: ...


def run_key(day: date) -> str:
    return f"run:{day.isoformat()}"


def send_key(day: date) -> str:
    return f"send:{day.isoformat()}"


def risk_key(day: date) -> str:
    return f"risk:{day.isoformat()}"


def forecast_key(day: date) -> str:
    return f"forecast:{day.isoformat()}"


def mail_key(at: datetime) -> str:
    """The key of the mail job of the MAIL_EVERY slot `at` falls in ("mail:2026-12-03T09:15")."""
    utc = at.astimezone(UTC)
    slot = utc.replace(minute=utc.minute - utc.minute % MAIL_EVERY_MINUTES, second=0,
                       microsecond=0)  # fmt: skip
    return f"mail:{slot:%Y-%m-%dT%H:%M}"


@dataclass(frozen=True, slots=True)
class CompanySchedule:
    """What `tijdig schedule` shows of one company."""

    company: Company
    schedule: RunSchedule
    auto_send: bool
    today_job: int | None  # today's scheduled run job
    has_run_today: bool
    next_run: datetime


@dataclass(frozen=True, slots=True)
class Queued:
    company_code: str
    kind: JobKind
    job_id: int


def schedule_of(uow: ScheduleUnitOfWork, company: Company) -> RunSchedule:
    assert company.id is not None
    with uow:
        return uow.run_schedules.get(company.id)


def save_schedule(
    uow: ScheduleUnitOfWork, company: Company, schedule: RunSchedule, *, actor: str, at: datetime
) -> RunSchedule:
    """Change the company's run time and run days (an administrator: the settings page,
    `tijdig schedule set`). Audited as `company.schedule` when it changes."""
    if company.id is None:
        raise NotFound(Refusal.COMPANY_NOT_STORED, company=company.code)
    with uow:
        if uow.run_schedules.get(company.id) == schedule:
            return schedule
        uow.run_schedules.save(company.id, schedule, at)
        audit.record(uow, actor=actor, at=at, action="company.schedule",
                     company_id=company.id, subject=f"company {company.code}",
                     details=schedule.describe())  # fmt: skip
        uow.commit()
    return schedule


def _has_run_on(uow: ScheduleUnitOfWork, company_id: int, day: date) -> bool:
    latest = uow.runs.latest_id(company_id)
    record = None if latest is None else uow.runs.listing(company_id, latest)
    return record is not None and record.as_of == day


def overview(
    uow_factory: Callable[[], ScheduleUnitOfWork], jobs: Jobs, *, at: datetime
) -> list[CompanySchedule]:
    """Every company's schedule, whether today has its run, and its next run; reads only."""
    today = at.astimezone(AMSTERDAM).date()
    shown = []
    with uow_factory() as uow:
        companies = uow.companies.all()
    for company in companies:
        assert company.id is not None
        with uow_factory() as uow:
            schedule = uow.run_schedules.get(company.id)
            auto = uow.collection_settings.get(company.id)[0].auto_approve_friendly
            ran = _has_run_on(uow, company.id, today)
        job = jobs.keyed(company.id, run_key(today))
        made = ran or job is not None
        shown.append(CompanySchedule(
            company, schedule, auto, None if job is None else job.id, ran,
            next_run(schedule, at, made_today=made),
        ))  # fmt: skip
    return shown


def tick(
    uow_factory: Callable[[], ScheduleUnitOfWork], jobs: Jobs, queue: JobQueue, *, at: datetime
) -> list[Queued]:
    """Queue what is due at `at` for every company (see the module); what was queued."""
    with uow_factory() as uow:
        companies = uow.companies.all()
    queued: list[Queued] = []
    for company in companies:
        queued += _tick_company(uow_factory, jobs, queue, company, at=at)
        queued += _queue_risk(jobs, queue, company, at=at)
        queued += _queue_forecast(jobs, queue, company, at=at)
        queued += _queue_mail(uow_factory, jobs, queue, company, at=at)
    return queued


def _queue_mail(
    uow_factory: Callable[[], ScheduleUnitOfWork],
    jobs: Jobs,
    queue: JobQueue,
    company: Company,
    *,
    at: datetime,
) -> list[Queued]:
    """This slot's reading of the company's mailbox, once; none without a mailbox."""
    assert company.id is not None
    with uow_factory() as uow:
        mailbox = uow.mail.mailbox(company.id)
    if mailbox is None or mailbox.password_sealed is None:
        return []
    job_id = jobs.add_once(company.id, JobKind.MAIL, {}, key=mail_key(at), by=SCHEDULER, at=at)
    if job_id is None:
        return []
    queue.enqueue(job_id)
    return [Queued(company.code, JobKind.MAIL, job_id)]


def _queue_risk(jobs: Jobs, queue: JobQueue, company: Company, *, at: datetime) -> list[Queued]:
    """The day's scoring, once today's scheduled run is done (its run's data: invoices
    imported before the run, the steps it took)."""
    return _queue_after_run(jobs, queue, company, JobKind.RISK, risk_key, at=at)


def _queue_forecast(jobs: Jobs, queue: JobQueue, company: Company, *, at: datetime) -> list[Queued]:
    """The day's stored cash-flow forecast, once today's scheduled run is done."""
    return _queue_after_run(jobs, queue, company, JobKind.FORECAST, forecast_key, at=at)


def _queue_after_run(
    jobs: Jobs, queue: JobQueue, company: Company, kind: JobKind,
    key_of: Callable[[date], str], *, at: datetime,
) -> list[Queued]:  # fmt: skip
    """A job of `kind` for today (key `key_of(day)`), once, when today's scheduled run is
    done."""
    assert company.id is not None
    day = at.astimezone(AMSTERDAM).date()
    scheduled = jobs.keyed(company.id, run_key(day))
    if scheduled is None or scheduled.state is not JobState.DONE:
        return []
    key = key_of(day)
    if jobs.keyed(company.id, key) is not None:
        return []
    job_id = jobs.add_once(company.id, kind, {"day": day.isoformat()}, key=key,
                           by=SCHEDULER, at=at)  # fmt: skip
    if job_id is None:
        return []  # another scheduler queued it just now
    queue.enqueue(job_id)
    return [Queued(company.code, kind, job_id)]


def _tick_company(
    uow_factory: Callable[[], ScheduleUnitOfWork],
    jobs: Jobs,
    queue: JobQueue,
    company: Company,
    *,
    at: datetime,
) -> list[Queued]:
    assert company.id is not None
    today = at.astimezone(AMSTERDAM).date()
    scheduled = jobs.keyed(company.id, run_key(today))
    with uow_factory() as uow:
        schedule = uow.run_schedules.get(company.id)
        auto = uow.collection_settings.get(company.id)[0].auto_approve_friendly
        made = scheduled is not None or _has_run_on(uow, company.id, today)
    day = due_run(schedule, at, made_today=made)
    if day is not None:
        job_id = jobs.add_once(company.id, JobKind.RUN, run_arguments(as_of=day, today=day),
                               key=run_key(day), by=SCHEDULER, at=at)  # fmt: skip
        if job_id is None:
            return []  # another scheduler queued it just now
        queue.enqueue(job_id)
        return [Queued(company.code, JobKind.RUN, job_id)]
    if not auto:
        return []
    return _queue_send(uow_factory, jobs, queue, company, at=at)


def _queue_send(
    uow_factory: Callable[[], ScheduleUnitOfWork],
    jobs: Jobs,
    queue: JobQueue,
    company: Company,
    *,
    at: datetime,
) -> list[Queued]:
    """Queue the sending of the latest scheduled run once it is done and sending is
    open. A run done while sending was closed (a run time after 20:00, a Saturday run
    before a Sunday) is sent at the first tick after it opens, within SEND_WITHIN;
    and only while it is the company's latest run."""
    assert company.id is not None
    local = at.astimezone(AMSTERDAM)
    if next_send_moment(local) != local:
        return []  # sending is closed: the first tick after it opens queues it
    latest = _latest_scheduled(jobs, company.id, local.date())
    if latest is None:
        return []
    day, scheduled = latest
    if scheduled.state is not JobState.DONE or jobs.keyed(company.id, send_key(day)):
        return []
    with uow_factory() as uow:
        if not _has_run_on(uow, company.id, day):
            return []  # a newer run (made by hand) came since: sent by hand
    job_id = jobs.add_once(company.id, JobKind.SEND, send_arguments(moment=None, day=None),
                           key=send_key(day), by=SCHEDULER, at=at)  # fmt: skip
    if job_id is None:
        return []
    queue.enqueue(job_id)
    return [Queued(company.code, JobKind.SEND, job_id)]


def _latest_scheduled(jobs: Jobs, company_id: int, today: date) -> tuple[date, Job] | None:
    """The newest scheduled run job of the last SEND_WITHIN days, with its day."""
    for back in range(SEND_WITHIN.days):
        day = today - timedelta(days=back)
        found = jobs.keyed(company_id, run_key(day))
        if found is not None:
            return day, found
    return None
