"""services/scheduler.py on a real database (SQLite, and PostgreSQL with
TIJDIG_TEST_DATABASE_URL), at frozen moments: one scheduled run per company and day,
however often and by however many schedulers it ticks; nothing early, nothing on a
Monday, no missed day replayed; sending queued after the run, within sending hours."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import text

from tijdig.adapters.demo.generator import COMPANY_CODE
from tijdig.adapters.demo.loader import load_demo
from tijdig.adapters.demo.spec import DemoSpec
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.run_schedule import AMSTERDAM, RunSchedule
from tijdig.domain.parties import Company
from tijdig.services.background import JobKind, JobState, Moment, run_job
from tijdig.services.collection.run import update_settings
from tijdig.services.companies.companies import resolve_company
from tijdig.services.scheduler import (
    SCHEDULER,
    Queued,
    forecast_key,
    overview,
    risk_key,
    run_key,
    save_schedule,
    send_key,
    tick,
)

THURSDAY = date(2026, 12, 10)
FRIDAY = date(2026, 12, 11)
MONDAY = date(2026, 12, 14)
TUESDAY_29_FEB = date(2028, 2, 29)


class Remembered:
    def __init__(self) -> None:
        self.ids: list[int] = []

    def enqueue(self, job_id: int, *, not_before: datetime | None = None) -> None:
        self.ids.append(job_id)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


def _companies(app: Tijdig, *codes: str) -> list[Company]:
    with app.uow() as uow:
        stored = [uow.companies.add(Company(code=code, name=f"{code} B.V."), at=at(THURSDAY, 6))
                  for code in codes]  # fmt: skip
        uow.commit()
    return stored


def _tick(app: Tijdig, moment: datetime, queue: Remembered | None = None) -> list[Queued]:
    return tick(app.uow, app.jobs(), queue or Remembered(), at=moment)


def _scheduled(app: Tijdig, company: Company) -> list[tuple[str, str | None]]:
    assert company.id is not None
    jobs = app.jobs().listing([company.id], limit=50)
    return sorted((job.kind.value, job.arguments.get("as_of")) for job in jobs)


@pytest.mark.parametrize("day", [THURSDAY, TUESDAY_29_FEB, date(2026, 12, 31)])
def test_one_run_per_company_per_day_however_often_it_ticks(app: Tijdig, day: date) -> None:
    acme, beta = _companies(app, "ACME", "BETA")
    queue = Remembered()
    assert _tick(app, at(day, 7, 29), queue) == []  # nothing before the time
    first = _tick(app, at(day, 7, 30), queue)
    assert sorted((q.company_code, q.kind) for q in first) == [
        ("ACME", JobKind.RUN), ("BETA", JobKind.RUN)]  # fmt: skip
    assert queue.ids == [q.job_id for q in first]
    assert _tick(app, at(day, 7, 31), queue) == []
    assert _tick(app, at(day, 18, 0), queue) == []
    for company in (acme, beta):
        assert _scheduled(app, company) == [("run", day.isoformat())]
        found = app.jobs().keyed(company.id or 0, run_key(day))
        assert found is not None and found.queued_by == SCHEDULER
        assert found.arguments == {"as_of": day.isoformat(), "today": day.isoformat()}


def test_two_schedulers_at_once_queue_one_run(app: Tijdig) -> None:
    (acme,) = _companies(app, "ACME")
    start = threading.Barrier(4)
    results: list[list[Queued]] = []

    def scheduler() -> None:
        start.wait()
        results.append(tick(app.uow, app.jobs(), Remembered(), at=at(THURSDAY, 7, 30)))

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(len(queued) for queued in results) == 1
    assert _scheduled(app, acme) == [("run", THURSDAY.isoformat())]


def test_the_key_refuses_a_second_run_of_the_day(app: Tijdig) -> None:
    (acme,) = _companies(app, "ACME")
    jobs, key = app.jobs(), run_key(THURSDAY)
    added = jobs.add_once(acme.id or 0, JobKind.RUN, {}, key=key, by="a", at=at(THURSDAY, 8))
    again = jobs.add_once(acme.id or 0, JobKind.RUN, {}, key=key, by="b", at=at(THURSDAY, 8))
    assert added is not None and again is None
    # Jobs queued by hand hold no key and never clash.
    jobs.add(acme.id or 0, JobKind.RUN, {}, by="c", at=at(THURSDAY, 8))
    jobs.add(acme.id or 0, JobKind.RUN, {}, by="d", at=at(THURSDAY, 8))
    assert len(jobs.listing([acme.id or 0], limit=10)) == 3


def test_nothing_on_a_monday_nor_a_holiday(app: Tijdig) -> None:
    (acme,) = _companies(app, "ACME")
    assert _tick(app, at(MONDAY, 9)) == []
    assert _tick(app, at(date(2026, 12, 25), 9)) == []  # Christmas, a Friday
    assert _scheduled(app, acme) == []


def test_a_missed_thursday_is_not_replayed_on_friday(app: Tijdig) -> None:
    (acme,) = _companies(app, "ACME")
    # Down all Thursday; up on Friday at 10:00.
    queued = _tick(app, at(FRIDAY, 10))
    assert [(q.kind, q.company_code) for q in queued] == [(JobKind.RUN, "ACME")]
    assert _scheduled(app, acme) == [("run", FRIDAY.isoformat())]
    assert app.jobs().keyed(acme.id or 0, run_key(THURSDAY)) is None


def test_a_company_schedule_of_its_own(app: Tijdig) -> None:
    acme, _beta = _companies(app, "ACME", "BETA")
    monday_only = RunSchedule(run_time=time(6, 15), run_days=frozenset({0}))
    save_schedule(app.uow(), acme, monday_only, actor="anna", at=at(THURSDAY, 6))
    assert [q.company_code for q in _tick(app, at(MONDAY, 6, 15))] == ["ACME"]
    shown = {item.company.code: item for item in overview(app.uow, app.jobs(),
                                                           at=at(MONDAY, 6, 16))}  # fmt: skip
    assert shown["ACME"].next_run == at(MONDAY + timedelta(days=7), 6, 15)
    assert shown["ACME"].today_job is not None
    assert shown["BETA"].next_run == at(MONDAY + timedelta(days=1), 7, 30)


def test_a_run_made_by_hand_today_is_not_repeated(app: Tijdig) -> None:
    (acme,) = _companies(app, "ACME")
    jobs = app.jobs()
    by_hand = jobs.add(acme.id or 0, JobKind.RUN, {"as_of": THURSDAY.isoformat()}, by="anna",
                       at=at(THURSDAY, 7))  # fmt: skip
    moment = Moment(at=at(THURSDAY, 7, 1), today=THURSDAY, now=lambda: at(THURSDAY, 7, 2))
    done = run_job(app, jobs, by_hand, moment)
    assert done is not None and done.state is JobState.DONE, done
    assert _tick(app, at(THURSDAY, 7, 30)) == []


def _run_scheduled(app: Tijdig, company: Company, day: date, moment: datetime) -> None:
    found = app.jobs().keyed(company.id or 0, run_key(day))
    assert found is not None
    done = run_job(app, app.jobs(), found.id, Moment(at=moment, today=day, now=lambda: moment))
    assert done is not None and done.state is JobState.DONE, done


def _sending(queued: list[Queued]) -> list[tuple[str, JobKind]]:
    """What was queued but the day's scoring and forecast (their own tests below)."""
    return [(q.company_code, q.kind) for q in queued
            if q.kind not in (JobKind.RISK, JobKind.FORECAST)]  # fmt: skip


@pytest.mark.parametrize("day", [THURSDAY, TUESDAY_29_FEB, date(2026, 12, 31)], ids=str)
def test_the_days_scoring_follows_the_scheduled_run_once(app: Tijdig, day: date) -> None:
    """Every company (auto-approval or not) gets its "risk" job once its scheduled run is
    done, never before and never twice; the job stores a score per open invoice."""
    load_demo(app.engine, DemoSpec(as_of=day, customers=40, invoices=600, seed=5, history=False))
    acme = resolve_company(app.uow(), COMPANY_CODE)
    (beta,) = _companies(app, "BETA")
    _tick(app, at(day, 7, 30))
    assert _tick(app, at(day, 7, 31)) == []  # runs queued, not done: nothing to score yet
    _run_scheduled(app, acme, day, at(day, 7, 32))
    queued = _tick(app, at(day, 7, 33))
    assert [(q.company_code, q.kind) for q in queued] == [
        (COMPANY_CODE, JobKind.RISK), (COMPANY_CODE, JobKind.FORECAST)
    ]  # fmt: skip
    assert _tick(app, at(day, 7, 34)) == []  # once
    _run_scheduled(app, beta, day, at(day, 7, 35))
    assert [(q.company_code, q.kind) for q in _tick(app, at(day, 7, 36))] == [
        ("BETA", JobKind.RISK), ("BETA", JobKind.FORECAST)
    ]  # fmt: skip
    scoring = app.jobs().keyed(acme.id or 0, risk_key(day))
    assert scoring is not None and scoring.arguments == {"day": day.isoformat()}
    moment = at(day, 7, 37)
    done = run_job(app, app.jobs(), scoring.id, Moment(at=moment, today=day, now=lambda: moment))
    assert done is not None and done.state is JobState.DONE, done
    with app.uow() as uow:
        open_invoices = uow.session.scalar(text(
            "SELECT count(*) FROM invoices WHERE company_id = :c AND open_minor <> 0"
        ), {"c": acme.id})  # fmt: skip
        stored = uow.session.scalar(
            text("SELECT count(*) FROM risk_scores WHERE company_id = :c AND scored_on = :d"),
            {"c": acme.id, "d": day},
        )
    assert open_invoices and done.result["scored"] == stored == open_invoices


def test_auto_approval_sends_after_the_run_once(app: Tijdig) -> None:
    acme, beta = _companies(app, "ACME", "BETA")
    update_settings(app.uow(), acme, actor="anna", at=at(THURSDAY, 6), auto_approve_friendly=True)
    _tick(app, at(THURSDAY, 7, 30))
    assert _tick(app, at(THURSDAY, 7, 31)) == []  # the run is not done yet: no sending
    _run_scheduled(app, acme, THURSDAY, at(THURSDAY, 7, 32))
    _run_scheduled(app, beta, THURSDAY, at(THURSDAY, 7, 32))
    queued = _tick(app, at(THURSDAY, 7, 33))
    assert _sending(queued) == [("ACME", JobKind.SEND)]  # BETA: off
    sending = app.jobs().keyed(acme.id or 0, send_key(THURSDAY))
    assert sending is not None and sending.arguments == {"moment": None, "day": None, "run": None}
    assert _tick(app, at(THURSDAY, 7, 34)) == []


def test_a_run_done_after_hours_is_sent_when_sending_opens(app: Tijdig) -> None:
    (acme,) = _companies(app, "ACME")
    update_settings(app.uow(), acme, actor="anna", at=at(THURSDAY, 6), auto_approve_friendly=True)
    late = RunSchedule(run_time=time(20, 30), run_days=frozenset({5}))  # Saturdays
    save_schedule(app.uow(), acme, late, actor="anna", at=at(THURSDAY, 6))
    saturday = date(2026, 12, 12)
    _tick(app, at(saturday, 20, 30))
    _run_scheduled(app, acme, saturday, at(saturday, 20, 31))
    assert _sending(_tick(app, at(saturday, 20, 32))) == []  # closed after 20:00
    assert _tick(app, at(date(2026, 12, 13), 10)) == []  # Sunday: closed
    assert _tick(app, at(MONDAY, 6, 59)) == []
    queued = _tick(app, at(MONDAY, 7, 0))
    assert _sending(queued) == [("ACME", JobKind.SEND)]
    assert app.jobs().keyed(acme.id or 0, send_key(saturday)) is not None


@pytest.mark.parametrize("day", [FRIDAY, date(2027, 1, 5)], ids=str)
def test_the_days_forecast_follows_the_scheduled_run_once_and_is_stored(
    app: Tijdig, day: date
) -> None:
    """The "forecast" job is queued once the day's scheduled run is done (not before, not
    twice however often the scheduler ticks, nor when the "risk" job is still waiting),
    and its work stores the forecast made on the day, once per company and day."""
    load_demo(app.engine, DemoSpec(as_of=day, customers=30, invoices=400, seed=7, history=False))
    acme = resolve_company(app.uow(), COMPANY_CODE)
    _tick(app, at(day, 7, 30))
    assert not [q for q in _tick(app, at(day, 7, 31)) if q.kind is JobKind.FORECAST]
    _run_scheduled(app, acme, day, at(day, 7, 32))
    queued = [q.kind for q in _tick(app, at(day, 7, 33))]
    assert queued.count(JobKind.FORECAST) == 1
    assert _tick(app, at(day, 7, 34)) == [] and _tick(app, at(day, 9)) == []
    job = app.jobs().keyed(acme.id or 0, forecast_key(day))
    assert job is not None and job.kind is JobKind.FORECAST and job.queued_by == SCHEDULER
    assert job.arguments == {"day": day.isoformat()}
    moment = at(day, 7, 40)
    done = run_job(app, app.jobs(), job.id, Moment(at=moment, today=day, now=lambda: moment))
    assert done is not None and done.state is JobState.DONE, done
    assert done.result is not None and done.result["made_on"] == day.isoformat()
    with app.uow() as uow:
        rows = uow.session.execute(text(
            "SELECT made_on, made_by, invoices FROM stored_forecasts WHERE company_id = :c"
        ), {"c": acme.id}).all()  # fmt: skip
    assert [(str(r[0]), r[1]) for r in rows] == [(day.isoformat(), SCHEDULER)]
    assert rows[0][2] == done.result["invoices"] > 0
    assert _tick(app, at(day + timedelta(days=1), 6)) == []  # the next day waits for its run
