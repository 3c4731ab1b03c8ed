"""The daily run as every driver starts it: the payment plans in force judged against the
bank first (a missed plan instalment plans a call and queues its reminder; one still
unpaid past the reminder's day breaks its plan, whose invoices then follow the policy
again and whose plan B the run proposes), then the run itself (which judges the promises).

`tijdig run` and the workspace's "start run" button both call `run_the_day`, so a run
started from either sees the same plans broken or kept, and announces the same changes
of credit status. Each part audits itself in its
own transaction; plans are judged only up to today, as promises are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from tijdig.domain.parties import Company
from tijdig.services.announce import Announced, announce_changes
from tijdig.services.collection.run import RunSummary, RunUnitOfWork, start_run
from tijdig.services.hand_over.ports import DirectPaymentsUnitOfWork
from tijdig.services.plans.judging import Judged, judge_plans
from tijdig.services.plans.letters import PlanLetters
from tijdig.services.plans.ports import PlansUnitOfWork


class DayUnitOfWork(RunUnitOfWork, PlansUnitOfWork, DirectPaymentsUnitOfWork, Protocol):
    """A run's unit of work that also reads and moves the payment plans, works out the
    customers' credit statuses and finds the direct payments after a hand-over."""


@dataclass(frozen=True, slots=True)
class DayRun:
    run: RunSummary
    plans: Judged | None  # None: not judged (a day after today)
    # the credit statuses that changed and the direct payments announced; None: not today
    announced: Announced | None = None


def run_the_day(
    uow: DayUnitOfWork,
    company: Company,
    *,
    letters: PlanLetters,
    as_of: date,
    actor: str,
    at: datetime,
    today: date,
) -> DayRun:
    """Judge the company's plans in force on `as_of` (`judging.judge_plans`, its
    reminders written by `letters`), start the run of `as_of` (`run.start_run`), then,
    for a run of today, announce what changed (`announce.announce_changes`: a plan
    broken or a day more overdue may put a customer on hold; a payment booked may have
    reached the creditor after a hand-over). A run rehearsed for another day announces
    nothing: other systems act on the status now (`tijdig credit refresh --as-of` works
    out any day)."""
    plans = judge_plans(uow, company, letters=letters, as_of=as_of, today=today, actor=actor,
                        at=at)  # fmt: skip
    summary = start_run(uow, company, as_of=as_of, actor=actor, at=at, today=today)
    announced = None
    if as_of == today:
        announced = announce_changes(uow, company, as_of=as_of, actor=actor, at=at)
    return DayRun(summary, plans, announced)
