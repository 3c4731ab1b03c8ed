"""The workspace's work lists: the agenda a page at a time (S0-5), recording a call's
outcome (S0-3: a note, a promise to pay, a dispute), and the open disputes (S3-2).

The rules are the agenda's and the records' own (services/agenda.py, records.py); this
module pages them for the web, so that a page reads only the customers it shows, and
audits every change once it is committed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol

from tijdig.domain.collection.records import Promise, ReasonCode, Task
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.services import records
from tijdig.services.access.users import UsersUnitOfWork

# One source for the agenda's rules: the promises lapsed and not kept, and what an agenda
# item shows (script, contact by role).
from tijdig.services.agenda import AgendaItem, LapsedPromise, agenda_item, lapsed_promises
from tijdig.services.audit import log_change
from tijdig.services.records import Agreement, Recorded, RecordsUnitOfWork

# The agenda lists the promises to pay falling due this many days ahead.
PROMISE_WINDOW = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class OpenDispute:
    id: int
    invoice_number: str
    customer_id: int
    customer_number: str
    customer_name: str
    reason: ReasonCode
    note: str
    opened_on: date
    resolved_on: date | None
    open_amount: Decimal
    currency: str

    def age(self, as_of: date) -> int:
        """Days the dispute has been open on `as_of`."""
        return max(0, (as_of - self.opened_on).days)


@dataclass(frozen=True, slots=True)
class PromiseDue:
    """A promise to pay in force whose date is near: what to watch for in the bank."""

    customer_number: str
    customer_name: str
    promise: Promise


class WorklistStore(Protocol):
    def agenda(
        self, company_id: int, as_of: date, *, offset: int, limit: int
    ) -> tuple[dict[str, int], list[tuple[int, Task]]]: ...
    def open_disputes(
        self, company_id: int, *, reason: ReasonCode | None, offset: int, limit: int
    ) -> tuple[int, list[OpenDispute]]: ...
    def dispute(self, company_id: int, dispute_id: int) -> OpenDispute | None: ...
    def task_customer(self, company_id: int, task_id: int) -> int | None: ...
    def promises_due(
        self, company_id: int, *, start: date, end: date, limit: int
    ) -> tuple[int, list[PromiseDue]]: ...


class WorklistUnitOfWork(RecordsUnitOfWork, UsersUnitOfWork, Protocol):
    @property
    def worklists(self) -> WorklistStore: ...


@dataclass(frozen=True, slots=True)
class AgendaPage:
    as_of: date
    counts: Mapping[str, int]  # open tasks due, by task kind
    items: tuple[AgendaItem, ...]
    promises: tuple[PromiseDue, ...] = ()  # in force, due within PROMISE_WINDOW
    promises_total: int = 0
    lapsed: tuple[LapsedPromise, ...] = ()  # not kept, not yet judged by a run
    lapsed_total: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def agenda_page(
    uow: WorklistUnitOfWork, company: Company, *, as_of: date, offset: int, limit: int
) -> AgendaPage:
    """One page of the open tasks due by `as_of`, oldest first, with their scripts and
    contacts; the promises falling due soon, and those lapsed that no run has judged yet
    (as `tijdig agenda` shows them). Writes nothing."""
    company_id = records.company_id_of(company)
    with uow:
        counts, tasks = uow.worklists.agenda(company_id, as_of, offset=offset, limit=limit)
        numbers = sorted({task.customer_number for _, task in tasks})
        customers = {n: uow.customers.get(company_id, n) for n in numbers}
        promised, promises = uow.worklists.promises_due(
            company_id, start=as_of, end=as_of + PROMISE_WINDOW, limit=limit
        )
        lapsed = lapsed_promises(uow, company, as_of, customers)
    items = tuple(agenda_item(i, t, customers[t.customer_number], as_of) for i, t in tasks)
    return AgendaPage(
        as_of, counts, items, tuple(promises), promised, tuple(lapsed[:limit]), len(lapsed)
    )


@dataclass(frozen=True, slots=True)
class CallOutcome:
    """What a person records when a task is done (checked by the entry point)."""

    outcome: str
    reason: ReasonCode | None = None
    agreed: Agreement = field(default_factory=Agreement)


def record_outcome(
    uow_factory: Callable[[], WorklistUnitOfWork],
    company: Company,
    task_id: int,
    done: CallOutcome,
    *,
    at: datetime,
    by: str,
    actor: str,
) -> Recorded:
    """Close a task with its outcome (`tijdig task done`): logged as a contact, with the
    promise or dispute it brought; then audited for the customer."""
    _check_task(uow_factory(), company, task_id, done.agreed.dispute_invoice)
    recorded = records.complete_task(
        uow_factory(), company, task_id, done.outcome, at=at, reason=done.reason, by=by,
        agreed=done.agreed,
    )  # fmt: skip
    with uow_factory() as uow:
        customer_id = uow.worklists.task_customer(records.company_id_of(company), task_id)
    changes = [("task.done", f"task {task_id}", done.outcome)]
    if recorded.promise is not None:
        p = recorded.promise
        what = "everything overdue" if p.amount is None else f"{p.currency} {p.amount:.2f}"
        changes.append(("promise.add", f"promise by {p.promised_date}", what))
    if recorded.dispute is not None:
        d = recorded.dispute
        changes.append(("dispute.add", f"invoice {d.invoice_number}", d.reason.value))
    for action, subject, details in changes:
        log_change(uow_factory(), actor=actor, action=action, company_id=company.id,
                   customer_id=customer_id, subject=subject, details=details, at=at)  # fmt: skip
    return recorded


def _check_task(
    uow: WorklistUnitOfWork, company: Company, task_id: int, invoice: str | None
) -> None:
    """The task is the company's (else 404), and a disputed invoice is one of its
    invoices: an unknown number is a mistyped field, not a missing page."""
    company_id = records.company_id_of(company)
    with uow:
        if uow.tasks.get(company_id, task_id) is None:
            raise NotFound(f"no task {task_id} at {company.code}")
        if invoice is not None and not uow.disputes.invoices_numbered(company_id, invoice):
            raise InvalidValue("dispute", f"no invoice {invoice!r} at {company.code}")


@dataclass(frozen=True, slots=True)
class DisputesPage:
    total: int
    disputes: tuple[OpenDispute, ...]


def open_disputes(
    uow: WorklistUnitOfWork,
    company: Company,
    *,
    reason: ReasonCode | None = None,
    offset: int,
    limit: int,
) -> DisputesPage:
    """The unresolved disputes, oldest first, a page at a time."""
    with uow:
        total, found = uow.worklists.open_disputes(
            records.company_id_of(company), reason=reason, offset=offset, limit=limit
        )
    return DisputesPage(total, tuple(found))


def resolve(
    uow_factory: Callable[[], WorklistUnitOfWork],
    company: Company,
    dispute_id: int,
    *,
    as_of: date,
    actor: str,
    now: datetime,
) -> OpenDispute:
    """Resolve a dispute (`tijdig dispute resolve`): collection of its invoice resumes."""
    with uow_factory() as uow:
        found = uow.worklists.dispute(records.company_id_of(company), dispute_id)
    if found is None:
        raise NotFound(f"no dispute {dispute_id} at {company.code}")
    if found.resolved_on is not None:
        raise RuleViolation(
            f"the dispute on invoice {found.invoice_number} was resolved on {found.resolved_on}"
        )
    records.resolve_dispute(uow_factory(), company, found.invoice_number, as_of=as_of)
    log_change(uow_factory(), actor=actor, action="dispute.resolve", company_id=company.id,
               customer_id=found.customer_id, subject=f"invoice {found.invoice_number}",
               details=f"resolved as of {as_of}", at=now)  # fmt: skip
    return found
