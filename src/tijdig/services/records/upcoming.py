"""The days ahead on the agenda: the open calls and follow-ups due after the day looked
from, day by day, and the calls approved in a run that will join them once what was
approved is sent. One read model for the workspace and the API alike. Writes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tijdig.domain.collection.records import Task
from tijdig.domain.parties import Company
from tijdig.services.records.agenda import UPCOMING_DAYS, CustomerFacts, customer_facts
from tijdig.services.records.ports import ApprovedCall, RecordsUnitOfWork, company_id_of

UPCOMING_LIMIT = 200  # tasks listed at most; the total says how many there are


@dataclass(frozen=True, slots=True)
class UpcomingTask:
    """A task of a day ahead: what the list shows of it (the card, its contact and
    script, come on its day)."""

    task_id: int
    task: Task
    customer_name: str
    facts: CustomerFacts


@dataclass(frozen=True, slots=True)
class UpcomingDay:
    day: date
    items: tuple[UpcomingTask, ...]
    approved: tuple[ApprovedCall, ...]  # approved in a run for this day, not yet sent


@dataclass(frozen=True, slots=True)
class Upcoming:
    """The tasks due after `as_of` up to `until`, by day (the days with none left out)."""

    as_of: date
    until: date
    days: tuple[UpcomingDay, ...]
    total: int  # tasks due in the window, all of them (`days` holds at most a limit)

    @property
    def shown(self) -> int:
        return sum(len(day.items) for day in self.days)


def upcoming(
    uow: RecordsUnitOfWork,
    company: Company,
    *,
    as_of: date,
    days: int = UPCOMING_DAYS,
    limit: int = UPCOMING_LIMIT,
) -> Upcoming:
    """What falls due on each of the `days` days after `as_of` (the first `limit` tasks,
    soonest first), with the calls approved for those days. Writes nothing."""
    company_id = company_id_of(company)
    until = as_of + timedelta(days=days)
    with uow:
        total, tasks = uow.worklists.upcoming(company_id, after=as_of, until=until, limit=limit)
        numbers = sorted({task.customer_number for _, task, _name in tasks})
        facts = customer_facts(uow, company_id, numbers, as_of)
        approved = [
            c for c in uow.worklists.approved_calls(company_id) if as_of < c.due_on <= until
        ]
    by_day: dict[date, tuple[list[UpcomingTask], list[ApprovedCall]]] = {}
    for task_id, task, name in tasks:
        item = UpcomingTask(task_id, task, name, facts[task.customer_number])
        by_day.setdefault(task.due_on, ([], []))[0].append(item)
    for call in approved:
        by_day.setdefault(call.due_on, ([], []))[1].append(call)
    shown = tuple(
        UpcomingDay(day, tuple(items), tuple(calls))
        for day, (items, calls) in sorted(by_day.items())
    )
    return Upcoming(as_of, until, shown, total)
