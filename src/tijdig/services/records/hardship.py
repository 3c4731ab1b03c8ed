"""Debtors in hardship: give a customer a status (debt counselling, WSNP, Belgian debt
mediation or collective settlement, bankruptcy, death), end it, read its history; and
each company's own text for the task a status makes.

While a status is active the run proposes nothing for the customer and claims no costs
or interest (engine/checks.py `hardship_hold`), and the aging shows its open items on
an insolvency line. Nothing is written off.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from tijdig.domain.collection.records import Task, TaskKind
from tijdig.domain.errors import Conflict, NotFound, RuleViolation
from tijdig.domain.hardship import HardshipKind, HardshipStatus, task_text
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.records.ports import RecordsUnitOfWork, company_id_of, customer_of


@dataclass(frozen=True, slots=True)
class Evidence:
    """What shows the status: a text, and optionally the reference of a stored file."""

    text: str
    file: str | None = None


@dataclass(frozen=True, slots=True)
class StatusSet:
    status: HardshipStatus
    task: Task  # the task made for the credit controller


def hardship_task(
    status: HardshipStatus, own_texts: dict[HardshipKind, str], *, due_on: date
) -> Task:
    """The task a new status makes: the company's own text for its kind, else the
    default (kept as a reason code, so the agenda says it in the reader's language)."""
    own = own_texts.get(status.kind)
    if own is not None:
        return Task(status.customer_number, TaskKind.FOLLOW_UP, due_on, own)
    why = reason(Code.HARDSHIP_TASK, kind=status.kind.value, since=status.since,
                 task=status.kind.value)  # fmt: skip
    return Task(status.customer_number, TaskKind.FOLLOW_UP, due_on, why)  # in each reader's words


def set_hardship(
    uow: RecordsUnitOfWork,
    company: Company,
    customer_number: str,
    kind: HardshipKind,
    *,
    since: date,
    evidence: Evidence,
    as_of: date,
    actor: str,
    at: datetime,
) -> StatusSet:
    """Give the customer a status from `since` (not after `as_of`): all dunning, costs
    and interest pause, and a task is put in the agenda for `as_of`. Refused while
    another status of the customer runs on or after `since`. Audited as
    `customer.hardship` (the evidence stays in the status, where erasure blanks it)."""
    if since > as_of:
        raise RuleViolation(Refusal.HARDSHIP_BEGINS_AFTER, day=as_of, given=since)
    status = HardshipStatus(customer_number, kind, since, evidence.text.strip(),
                            evidence.file.strip() if evidence.file else None)  # fmt: skip
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        for _id, other in uow.hardship.for_customer(company_id, customer.id):
            if other.ended_on is None or other.ended_on > since:
                raise Conflict(Refusal.HARDSHIP_RUNNING, customer=customer_number,
                               hardship=other.kind.value, since=other.since)  # fmt: skip
        uow.hardship.add(company_id, customer.id, status)
        task = hardship_task(status, uow.hardship.task_texts(company_id), due_on=as_of)
        uow.tasks.add(company_id, customer.id, task)
        audit.record(uow, actor=actor, at=at, action="customer.hardship", company_id=company_id,
                     customer_ids=[customer.id], subject=f"customer {customer_number}",
                     details=f"{kind.value} since {since}")  # fmt: skip
        uow.commit()
    return StatusSet(status, task)


def end_hardship(
    uow: RecordsUnitOfWork,
    company: Company,
    customer_number: str,
    *,
    ended_on: date,
    as_of: date,
    actor: str,
    at: datetime,
) -> HardshipStatus:
    """End the customer's running status on `ended_on` (not after `as_of`): collection
    resumes from that day; the status stays in the history. Audited as
    `customer.hardship_end`."""
    if ended_on > as_of:
        raise RuleViolation(Refusal.HARDSHIP_ENDS_AFTER, day=as_of, given=ended_on)
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        running = [(i, s) for i, s in uow.hardship.for_customer(company_id, customer.id)
                   if s.ended_on is None]  # fmt: skip
        if not running:
            raise NotFound(Refusal.NO_HARDSHIP_RUNNING, customer=customer_number)
        status_id, status = running[0]
        ended = replace(status, ended_on=ended_on)  # checks it ends on or after `since`
        uow.hardship.end(company_id, status_id, ended_on)
        details = f"{status.kind.value} since {status.since} ended on {ended_on}"
        audit.record(uow, actor=actor, at=at, action="customer.hardship_end",
                     company_id=company_id, customer_ids=[customer.id],
                     subject=f"customer {customer_number}", details=details)  # fmt: skip
        uow.commit()
    return ended


def hardship_history(
    uow: RecordsUnitOfWork, company: Company, customer_number: str
) -> list[HardshipStatus]:
    """The customer's statuses, the latest begun first. Writes nothing."""
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        return [s for _id, s in uow.hardship.for_customer(company_id, customer.id)]


def task_texts(uow: RecordsUnitOfWork, company: Company) -> dict[HardshipKind, str]:
    """The company's own task texts by kind (a kind not in it has the default)."""
    with uow:
        return uow.hardship.task_texts(company_id_of(company))


def set_task_text(
    uow: RecordsUnitOfWork,
    company: Company,
    kind: HardshipKind,
    text: str | None,
    *,
    actor: str,
    at: datetime,
) -> str | None:
    """The company's own text for the task of `kind`; None or blank: the default again.
    Audited as `settings.hardship_task`."""
    cleaned = task_text(text) if text and text.strip() else None
    company_id = company_id_of(company)
    with uow:
        uow.hardship.save_task_text(company_id, kind, cleaned)
        audit.record(uow, actor=actor, at=at, action="settings.hardship_task",
                     company_id=company_id, subject=f"hardship task {kind.value}",
                     details=cleaned or "the default")  # fmt: skip
        uow.commit()
    return cleaned
