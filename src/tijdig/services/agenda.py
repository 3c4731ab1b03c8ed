"""The agenda (S0-5): the day's calls and overdue follow-ups, the promises not kept that
await their follow-up, and a customer's activity so far (S0-2).

When a promise counts as kept: every invoice that was overdue when it was made is
settled, or, for a promise with an amount, payments dated from the day it was made up
to and including the promised date add up to that amount. Otherwise it is broken, and
a FOLLOW_UP task is raised for the next working day after the promised date (S3-10).

Judging is done once per promise, by the first daily run (`tijdig run`) dated after its
date, and never for a day after today (`judge_promises`). Reads write nothing: until a
run has judged it, the agenda shows a lapsed promise the rule finds not kept, with the
follow-up the run will raise (`LapsedPromise`), worked out as it is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tijdig.domain.calendar import SUPPORTED_COUNTRIES, next_business_day
from tijdig.domain.collection.records import (
    ContactEvent,
    Dispute,
    Promise,
    Task,
    TaskKind,
)
from tijdig.domain.collection.scripts import CallContact, call_script, contact_for
from tijdig.domain.parties import Company, Customer

# What a person logs by hand; messages sent are logged by the dunning service.
from tijdig.services.records import (
    DuePromise,
    RecordsUnitOfWork,
    company_id_of,
    customer_of,
)


@dataclass(frozen=True, slots=True)
class AgendaItem:
    task_id: int
    task: Task
    customer_name: str
    contact: CallContact | None
    days_overdue: int
    script: str  # the task's own, or the standard call script in the customer's language


@dataclass(frozen=True, slots=True)
class LapsedPromise:
    """A promise whose date has passed, not yet judged, that the rule finds not kept on
    the day looked from: the next daily run marks it broken and raises `follow_up`,
    which is not stored until then."""

    promise_id: int
    promise: Promise
    customer_name: str
    contact: CallContact | None
    follow_up: Task


@dataclass(frozen=True, slots=True)
class Agenda:
    as_of: date
    items: tuple[AgendaItem, ...]
    lapsed: tuple[LapsedPromise, ...] = ()  # not yet judged, not kept


@dataclass(frozen=True, slots=True)
class Activity:
    """All collection activity so far for one customer (S0-2)."""

    events: tuple[ContactEvent, ...]
    tasks: tuple[tuple[int, Task], ...]  # open tasks with their ids
    promises: tuple[Promise, ...]
    disputes: tuple[Dispute, ...]
    as_of: date


def is_kept(due: DuePromise) -> bool:
    """The rule in this module's docstring."""
    amount = due.promise.amount
    return due.still_open <= 0 or (amount is not None and due.paid >= amount)


def _calendar(*countries: str) -> str:
    return next((c for c in countries if c in SUPPORTED_COUNTRIES), "NL")


def follow_up(due: DuePromise, company: Company) -> Task:
    """The task a broken promise raises: call on the next working day after its date."""
    p = due.promise
    what = "everything overdue" if p.amount is None else f"{p.currency} {p.amount:.2f}"
    return Task(
        p.customer_number,
        TaskKind.FOLLOW_UP,
        next_business_day(p.promised_date, _calendar(due.country, company.country)),
        f"Promise to pay {what} by {p.promised_date} not kept: call and agree what now",
        script=call_script("promise_broken", due.language),
        contact_role="accounts_payable",
    )


def judge_promises(
    uow: RecordsUnitOfWork, company: Company, *, as_of: date, today: date
) -> int | None:
    """Judge the promises dated before `as_of` by this module's rule: mark each kept or
    broken, and raise the follow-up of a broken one; the number raised. Nothing is judged
    for a day after `today` (None): what becomes due is judged on its day, not ahead of
    it. Runs in the caller's unit of work, which commits."""
    if as_of > today:
        return None
    company_id, raised = company_id_of(company), 0
    for due in uow.promises.due_unkept(company_id, as_of):
        if is_kept(due):
            uow.promises.mark_kept(company_id, due.promise_id)
            continue
        uow.promises.mark_broken(company_id, due.promise_id)
        uow.tasks.add(
            company_id, due.customer_id, follow_up(due, company), promise_id=due.promise_id
        )
        raised += 1
    return raised


def lapsed_promises(
    uow: RecordsUnitOfWork,
    company: Company,
    as_of: date,
    customers: dict[str, Customer | None] | None = None,
) -> list[LapsedPromise]:
    """The promises dated before `as_of` that no run has judged yet and that the rule
    finds not kept now, soonest first, each with the follow-up a run would raise. Reads
    only; `customers` caches the customers looked up."""
    company_id, found = company_id_of(company), []
    known = {} if customers is None else customers
    for due in uow.promises.due_unkept(company_id, as_of):
        if is_kept(due):
            continue
        number = due.promise.customer_number
        if number not in known:
            known[number] = uow.customers.get(company_id, number)
        customer, task = known[number], follow_up(due, company)
        found.append(
            LapsedPromise(
                due.promise_id,
                due.promise,
                customer.name if customer else number,
                contact_for(customer, task.contact_role) if customer else None,
                task,
            )
        )
    return found


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


def agenda(uow: RecordsUnitOfWork, company: Company, *, as_of: date) -> Agenda:
    """The open tasks due by `as_of`: the day's calls and the overdue follow-ups (S0-5);
    and the promises lapsed by then that no run has judged yet. Writes nothing."""
    company_id = company_id_of(company)
    customers: dict[str, Customer | None] = {}
    with uow:
        items = []
        for task_id, task in uow.tasks.agenda(company_id, as_of):
            number = task.customer_number
            if number not in customers:
                customers[number] = uow.customers.get(company_id, number)
            items.append(agenda_item(task_id, task, customers[number], as_of))
        lapsed = lapsed_promises(uow, company, as_of, customers)
    return Agenda(as_of, tuple(items), tuple(lapsed))


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
