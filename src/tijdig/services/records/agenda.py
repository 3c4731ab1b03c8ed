"""The agenda (S0-5), one read model for the CLI (`tijdig agenda`), the API (`/tasks`)
and the workspace's agenda page: the open calls and follow-ups due, each with its call
script and whom to call, the promises falling due soon, and those lapsed that no run has
judged yet; and a customer's activity so far (S0-2). Reads write nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from tijdig.domain.collection.records import ContactEvent, Dispute, Promise, Task, TaskKind
from tijdig.domain.collection.scripts import CallContact, call_script, contact_for
from tijdig.domain.parties import Company, Customer
from tijdig.services.records.ports import (
    PromiseDue,
    RecordsUnitOfWork,
    company_id_of,
    customer_of,
)
from tijdig.services.records.promises import LapsedPromise, lapsed_promises

# The agenda lists the promises to pay falling due this many days ahead.
PROMISE_WINDOW = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class AgendaItem:
    task_id: int
    task: Task
    customer_name: str
    contact: CallContact | None
    days_overdue: int
    script: str  # the task's own, or the standard call script in the customer's language


@dataclass(frozen=True, slots=True)
class Agenda:
    """The agenda on `as_of`, or one page of it: `items` and `lapsed` hold the page,
    `counts`, `promises_total` and `lapsed_total` the whole."""

    as_of: date
    counts: Mapping[str, int]  # open tasks due, by task kind
    items: tuple[AgendaItem, ...]
    promises: tuple[PromiseDue, ...] = ()  # in force, due within PROMISE_WINDOW
    promises_total: int = 0
    lapsed: tuple[LapsedPromise, ...] = ()  # not kept, not yet judged by a run
    lapsed_total: int = 0

    @property
    def total(self) -> int:
        """Open tasks due, all pages."""
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Activity:
    """All collection activity so far for one customer (S0-2)."""

    events: tuple[ContactEvent, ...]
    tasks: tuple[tuple[int, Task], ...]  # open tasks with their ids
    promises: tuple[Promise, ...]
    disputes: tuple[Dispute, ...]
    as_of: date


def agenda_item(task_id: int, task: Task, customer: Customer | None, as_of: date) -> AgendaItem:
    script = task.script
    if not script and task.kind is TaskKind.CALL:
        script = call_script("standard", customer.language.value if customer else "nl")
    return AgendaItem(
        task_id,
        task,
        customer.name if customer else task.customer_number,
        contact_for(customer, task.contact_role) if customer else None,
        max(0, (as_of - task.due_on).days),
        script,
    )


def agenda(
    uow: RecordsUnitOfWork,
    company: Company,
    *,
    as_of: date,
    offset: int = 0,
    limit: int | None = None,
) -> Agenda:
    """The open tasks due by `as_of`, oldest first, with their scripts and contacts (the
    day's calls and overdue follow-ups, S0-5); the promises falling due within
    PROMISE_WINDOW, and the promises lapsed by then that no run has judged yet. A page
    from `offset` of at most `limit` tasks (and promises), else all. Writes nothing."""
    company_id = company_id_of(company)
    with uow:
        counts, tasks = uow.worklists.agenda(company_id, as_of, offset=offset, limit=limit)
        numbers = sorted({task.customer_number for _, task in tasks})
        customers = {n: uow.customers.get(company_id, n) for n in numbers}
        promised, promises = uow.worklists.promises_due(
            company_id, start=as_of, end=as_of + PROMISE_WINDOW, limit=limit
        )
        lapsed = lapsed_promises(uow, company, as_of, customers)
    items = tuple(agenda_item(i, t, customers[t.customer_number], as_of) for i, t in tasks)
    shown = lapsed if limit is None else lapsed[:limit]
    return Agenda(as_of, counts, items, tuple(promises), promised, tuple(shown), len(lapsed))


def customer_activity(
    uow: RecordsUnitOfWork, company: Company, customer_number: str, *, as_of: date
) -> Activity:
    """Contacts, agreements (kept or not), disputes and the planned next steps (S0-2)."""
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        return Activity(
            events=tuple(uow.contact_log.timeline(company_id, customer.id)),
            tasks=tuple(uow.tasks.open_for_customer(company_id, customer.id)),
            promises=tuple(uow.promises.for_customer(company_id, customer.id)),
            disputes=tuple(uow.disputes.for_customer(company_id, customer.id)),
            as_of=as_of,
        )
