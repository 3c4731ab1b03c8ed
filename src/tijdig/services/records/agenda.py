"""The agenda (S0-5), one read model for the CLI (`tijdig agenda`), the API (`/tasks`)
and the workspace's agenda page: the open calls and follow-ups due, each with its call
script (the contact's and the caller's names filled in) and whom to call, what the
customer has overdue, and a promise to pay in force; in the order of their due dates or
by priority; the calls approved in a run that sending will make tasks; the promises
falling due soon, and those lapsed that no run has judged yet; and a customer's activity
so far (S0-2). The days ahead are in upcoming.py. Reads write nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from tijdig.domain.collection.records import ContactEvent, Dispute, Promise, Task, TaskKind
from tijdig.domain.collection.scripts import CallContact, call_script, contact_for, fill_in
from tijdig.domain.parties import Company, Customer
from tijdig.services.records.ports import (
    ApprovedCall,
    OverdueInvoice,
    PromiseDue,
    RecordsUnitOfWork,
    company_id_of,
    customer_of,
)
from tijdig.services.records.promises import LapsedPromise, lapsed_promises

# The agenda lists the promises to pay falling due this many days ahead.
PROMISE_WINDOW = timedelta(days=7)
# The days ahead (upcoming.py) reach this far; the day's agenda counts what they hold.
UPCOMING_DAYS = 14


class AgendaOrder(StrEnum):
    DUE = "due"  # oldest due first
    PRIORITY = "priority"  # promised dates first (soonest first), then by `priority`


@dataclass(frozen=True, slots=True)
class CustomerFacts:
    """What a card shows of the customer on the day: the invoices overdue, and the
    earliest date a promise to pay in force names."""

    overdue: tuple[OverdueInvoice, ...] = ()
    promised_on: date | None = None

    def priority(self, as_of: date) -> Decimal:
        """Amount times days overdue, summed over the invoices (euro-days): a large sum
        long overdue first. Amounts in other currencies count at face value."""
        return sum(
            (i.open_amount * max(0, (as_of - i.due_date).days) for i in self.overdue), Decimal(0)
        )

    def overdue_amounts(self) -> dict[str, Decimal]:
        """The amount overdue, per currency."""
        amounts: dict[str, Decimal] = {}
        for invoice in self.overdue:
            amounts[invoice.currency] = (
                amounts.get(invoice.currency, Decimal(0)) + invoice.open_amount
            )
        return amounts


@dataclass(frozen=True, slots=True)
class AgendaItem:
    task_id: int
    task: Task
    customer_name: str
    contact: CallContact | None
    days_overdue: int
    script: str  # the task's own, or the standard call script in the customer's language
    facts: CustomerFacts = CustomerFacts()


@dataclass(frozen=True, slots=True)
class Ahead:
    """What falls due in the UPCOMING_DAYS after the day: open tasks and calls approved
    in a run (a call is planned for the day after its run), and the first such day."""

    tasks: int
    approved: int
    first: date


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
    approved: tuple[ApprovedCall, ...] = ()  # approved in a run, due by `as_of`, not sent
    order: AgendaOrder = AgendaOrder.DUE
    ahead: Ahead | None = None  # what the days ahead hold, when they hold anything

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


def agenda_item(
    task_id: int,
    task: Task,
    customer: Customer | None,
    as_of: date,
    *,
    facts: CustomerFacts | None = None,
    caller: str = "",
) -> AgendaItem:
    """One card: whom to call (`contact_for`), and the script with the contact's name
    (not the switchboard's) and the caller's."""
    script = task.script
    if not script and task.kind is TaskKind.CALL:
        script = call_script("standard", customer.language.value if customer else "nl")
    contact = contact_for(customer, task.contact_role) if customer else None
    whom = contact.name if contact is not None and contact.role != "main" else ""
    return AgendaItem(
        task_id,
        task,
        customer.name if customer else task.customer_number,
        contact,
        max(0, (as_of - task.due_on).days),
        fill_in(script, contact=whom, caller=caller),
        facts or CustomerFacts(),
    )


FACTS_BY_NAME = 500  # customers whose promises are asked by number; more: all of them


def customer_facts(
    uow: RecordsUnitOfWork, company_id: int, customers: Sequence[str], as_of: date
) -> dict[str, CustomerFacts]:
    """The overdue invoices and the earliest promised date in force of these customers,
    in the caller's transaction (one query for the invoices, one for the promises)."""
    overdue: dict[str, list[OverdueInvoice]] = {}
    for invoice in uow.worklists.overdue_invoices(company_id, customers, as_of):
        overdue.setdefault(invoice.customer_number, []).append(invoice)
    promised: dict[str, date] = {}
    # a page's customers by name; a whole day's (the priority order) in one read
    wanted = customers if len(customers) <= FACTS_BY_NAME else None
    for found in uow.promises.in_force_by_customer(company_id, as_of, customers=wanted).values():
        for promise in found:
            day = promised.get(promise.customer_number, promise.promised_date)
            promised[promise.customer_number] = min(day, promise.promised_date)
    return {n: CustomerFacts(tuple(overdue.get(n, ())), promised.get(n)) for n in customers}


def by_priority(
    due: Sequence[tuple[int, Task]], facts: Mapping[str, CustomerFacts], as_of: date
) -> list[tuple[int, Task]]:
    """Tasks whose customer promised a date first, soonest date first; then the largest
    amount times days overdue; ties by due date and id."""

    def key(found: tuple[int, Task]) -> tuple[bool, date, Decimal, date, int]:
        task_id, task = found
        f = facts.get(task.customer_number, CustomerFacts())
        return (
            f.promised_on is None,
            f.promised_on or date.max,
            -f.priority(as_of),
            task.due_on,
            task_id,
        )

    return sorted(due, key=key)


def _due_tasks(
    uow: RecordsUnitOfWork, company_id: int, as_of: date, order: AgendaOrder, page: slice
) -> tuple[dict[str, int], list[tuple[int, Task]], dict[str, CustomerFacts]]:
    """The counts, one page of the tasks due in `order`, and their customers' facts."""
    if order is AgendaOrder.DUE:
        limit = None if page.stop is None else page.stop - page.start
        counts, tasks = uow.worklists.agenda(company_id, as_of, offset=page.start, limit=limit)
        numbers = sorted({task.customer_number for _, task in tasks})
        return counts, tasks, customer_facts(uow, company_id, numbers, as_of)
    counts, due = uow.worklists.agenda(company_id, as_of, offset=0, limit=None)
    numbers = sorted({task.customer_number for _, task in due})
    facts = customer_facts(uow, company_id, numbers, as_of)
    return counts, by_priority(due, facts, as_of)[page], facts


def agenda(
    uow: RecordsUnitOfWork,
    company: Company,
    *,
    as_of: date,
    offset: int = 0,
    limit: int | None = None,
    order: AgendaOrder = AgendaOrder.DUE,
    caller: str = "",
) -> Agenda:
    """The open tasks due by `as_of` in `order`, with their scripts and contacts (the
    day's calls and overdue follow-ups, S0-5) and their customers' overdue invoices and
    promised dates; the calls approved in a run due by then, not yet sent; the promises
    falling due within PROMISE_WINDOW, and the promises lapsed by then that no run has
    judged yet; and what the days ahead hold (`Ahead`). A page from `offset` of at most
    `limit` tasks (and promises), else all. `caller`: who calls, for the scripts.
    Writes nothing."""
    company_id = company_id_of(company)
    page = slice(offset, None if limit is None else offset + limit)
    with uow:
        counts, tasks, facts = _due_tasks(uow, company_id, as_of, order, page)
        numbers = sorted({task.customer_number for _, task in tasks})
        customers = {n: uow.customers.get(company_id, n) for n in numbers}
        promised, promises = uow.worklists.promises_due(
            company_id, start=as_of, end=as_of + PROMISE_WINDOW, limit=limit
        )
        lapsed_count, lapsed = lapsed_promises(uow, company, as_of, customers, limit=limit)
        calls = uow.worklists.approved_calls(company_id)
        ahead = _ahead(uow, company_id, as_of, calls)
    approved = [c for c in calls if c.due_on <= as_of]
    items = tuple(
        agenda_item(i, t, customers[t.customer_number], as_of, facts=facts.get(t.customer_number),
                    caller=caller)
        for i, t in tasks
    )  # fmt: skip
    return Agenda(as_of, counts, items, tuple(promises), promised, tuple(lapsed), lapsed_count,
                  tuple(approved), order, ahead)  # fmt: skip


def _ahead(
    uow: RecordsUnitOfWork, company_id: int, as_of: date, calls: Sequence[ApprovedCall]
) -> Ahead | None:
    """The days ahead in numbers, so that the day's page can say where the rest is."""
    until = as_of + timedelta(days=UPCOMING_DAYS)
    total, first = uow.worklists.upcoming(company_id, after=as_of, until=until, limit=1)
    later = [c.due_on for c in calls if as_of < c.due_on <= until]
    days = [task.due_on for _, task, _name in first] + later
    return Ahead(total, len(later), min(days)) if days else None


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
