"""The report and work list of customers whose contact details need attention (S2-1):
an e-mail or phone missing, invalid (email-validator, phonenumbers), bounced for good,
or not confirmed for the company's number of months (default 12); the customers with
the most overdue first, so the ones that most need a good address come first. A read:
it writes nothing. Setting the number of months is audited (`contacts.settings`), and
`add_quality_tasks` turns the head of the list into agenda tasks (`contacts.tasks`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from tijdig.domain.collection.records import Task, TaskKind
from tijdig.domain.contact_quality import (
    ContactIssue,
    check_confirm_months,
    issues_of,
    months_before,
)
from tijdig.domain.money import Money
from tijdig.domain.parties import Company, ContactRole
from tijdig.domain.reasons import Code, Reason, reason
from tijdig.services import audit
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.collection.messages import email_of
from tijdig.services.contacts.ports import ContactQuality
from tijdig.services.read_models.common import Page, Window
from tijdig.services.records.ports import RecordsUnitOfWork, company_id_of


class QualityUnitOfWork(AuditedUnitOfWork, Protocol):
    @property
    def contact_quality(self) -> ContactQuality: ...


@dataclass(frozen=True, slots=True)
class QualityRow:
    customer_number: str
    name: str
    email: str | None  # the address collection writes to now (None: none deliverable)
    phone: str | None
    confirmed_on: date | None
    overdue: Decimal  # in euro, on the day of the report
    issues: tuple[ContactIssue, ...]


@dataclass(frozen=True, slots=True)
class QualityReport:
    as_of: date
    confirm_months: int
    page: Page[QualityRow]


def contact_quality(
    uow: QualityUnitOfWork, company: Company, *, as_of: date, window: Window
) -> QualityReport:
    """One page of the customers whose contact details need attention on `as_of`, the
    most overdue first (then by number)."""
    company_id = company_id_of(company)
    with uow:
        months = uow.contact_quality.confirm_months(company_id)
        cutoff = months_before(as_of, months)
        end = window.offset + window.limit
        total, head = uow.contact_quality.quality_head(
            company_id, as_of=as_of, confirm_cutoff=cutoff, limit=end
        )
        # The others (confirmed in time, with an e-mail and a phone) are listed only
        # when an address does not parse or bounced: those are read and checked in full,
        # so that the total is exact. Cheap while most customers are not confirmed in
        # time; slow (tens of seconds at 100,000) when nearly all are.
        others = uow.contact_quality.quality_others(company_id, as_of=as_of, confirm_cutoff=cutoff)
        checked = uow.contact_quality.customers_for_quality(
            company_id, [c.customer_id for c in others]
        )
        listed = [
            c
            for c in others
            if issues_of(checked[c.customer_id], as_of=as_of, confirm_months=months)
        ]
        total += len(listed)
        listed = sorted(head + listed, key=lambda c: (-c.overdue_minor, c.number))
        shown = listed[window.offset : end]
        customers = {**checked, **uow.contact_quality.customers_for_quality(
            company_id, [c.customer_id for c in shown if c.customer_id not in checked]
        )}  # fmt: skip
    rows = []
    for candidate in shown:
        customer = customers[candidate.customer_id]
        rows.append(QualityRow(
            customer.number, customer.name, email_of(customer), customer.phone,
            customer.contact_confirmed_on, Money.from_minor(candidate.overdue_minor, "EUR").amount,
            issues_of(customer, as_of=as_of, confirm_months=months),
        ))  # fmt: skip
    return QualityReport(as_of, months, Page(tuple(rows), total))


def set_confirm_months(
    uow: QualityUnitOfWork, company: Company, months: int, *, actor: str, at: datetime
) -> int:
    """After how many months a customer's contact details are to be confirmed again."""
    company_id = company_id_of(company)
    check_confirm_months(months)
    with uow:
        uow.contact_quality.set_confirm_months(company_id, months)
        audit.record(uow, actor=actor, at=at, action="contacts.settings", company_id=company_id,
                     subject=f"company {company.code}",
                     details=f"confirm every {months} months")  # fmt: skip
        uow.commit()
    return months


class QualityTasksUnitOfWork(QualityUnitOfWork, RecordsUnitOfWork, Protocol):
    pass


CONTACT_TASKS = (Code.TASK_CHECK_CONTACT, Code.TASK_FIND_ADDRESS)


def add_quality_tasks(
    uow: QualityTasksUnitOfWork,
    company: Company,
    *,
    as_of: date,
    top: int,
    actor: str,
    at: datetime,
) -> list[str]:
    """The task list: a task due `as_of` to check the contact details of each of the
    `top` customers at the head of the report, unless one to check or find its address
    is open already; the numbers of the customers given one. Audited (`contacts.tasks`)."""
    company_id = company_id_of(company)
    rows = contact_quality(uow, company, as_of=as_of, window=Window(top)).page.items
    given: list[str] = []
    with uow:
        for row in rows:
            customer = uow.customers.get(company_id, row.customer_number)
            if customer is None or customer.id is None:
                continue
            open_titles = [t.title for _, t in uow.tasks.open_for_customer(company_id, customer.id)]
            if any(isinstance(t, Reason) and t.code in CONTACT_TASKS for t in open_titles):
                continue
            title = reason(Code.TASK_CHECK_CONTACT, customer=customer.name)
            why = tuple(reason(Code.CONTACT_ISSUE, issue=i.value) for i in row.issues)
            uow.tasks.add(company_id, customer.id, Task(
                customer.number, TaskKind.FOLLOW_UP, as_of, title,
                contact_role=ContactRole.ACCOUNTS_PAYABLE.value, reasons=why,
            ))  # fmt: skip
            given.append(customer.number)
        audit.record(uow, actor=actor, at=at, action="contacts.tasks", company_id=company_id,
                     subject=f"company {company.code}",
                     details=f"{len(given)} tasks to check contact details"
                             + (f": {', '.join(given)}"[:400] if given else ""))  # fmt: skip
        uow.commit()
    return given
