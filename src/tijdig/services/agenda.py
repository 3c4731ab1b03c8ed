"""The agenda (S0-5): the day's calls and overdue follow-ups, follow-ups for promises not
kept, and a customer's activity so far (S0-2).

When a promise counts as kept (judged once, on the first agenda after its date, unless a
person marked it before): every invoice that was overdue when it was made is settled,
or, for a promise with an amount, payments dated from the day it was made up to and
including the promised date add up to that amount. Otherwise it is broken, and a
FOLLOW_UP task is raised for the next working day after the promised date (S3-10).
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
class Agenda:
    as_of: date
    raised: int  # follow-ups raised now for promises not kept
    items: tuple[AgendaItem, ...]


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


def raise_follow_ups(uow: RecordsUnitOfWork, company: Company, as_of: date) -> int:
    company_id, raised = company_id_of(company), 0
    for due in uow.promises.due_unkept(company_id, as_of):
        if is_kept(due):
            uow.promises.mark_kept(company_id, due.promise_id)
            continue
        uow.promises.mark_broken(company_id, due.promise_id)
        p = due.promise
        what = "everything overdue" if p.amount is None else f"{p.currency} {p.amount:.2f}"
        task = Task(
            p.customer_number,
            TaskKind.FOLLOW_UP,
            next_business_day(p.promised_date, _calendar(due.country, company.country)),
            f"Promise to pay {what} by {p.promised_date} not kept: call and agree what now",
            script=call_script("promise_broken", due.language),
            contact_role="accounts_payable",
        )
        uow.tasks.add(company_id, due.customer_id, task, promise_id=due.promise_id)
        raised += 1
    return raised


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
    """Raise the follow-ups of promises not kept, then list the open tasks due by `as_of`:
    the day's calls and the overdue follow-ups (S0-5)."""
    company_id = company_id_of(company)
    customers: dict[str, Customer | None] = {}
    with uow:
        raised = raise_follow_ups(uow, company, as_of)
        items = []
        for task_id, task in uow.tasks.agenda(company_id, as_of):
            number = task.customer_number
            if number not in customers:
                customers[number] = uow.customers.get(company_id, number)
            items.append(agenda_item(task_id, task, customers[number], as_of))
        uow.commit()
    return Agenda(as_of, raised, tuple(items))


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
