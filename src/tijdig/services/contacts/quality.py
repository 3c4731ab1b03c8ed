"""The report and work list of customers whose contact details need attention (S2-1):
an e-mail or phone missing, invalid (email-validator, phonenumbers), bounced for good,
or not confirmed for the company's number of months (default 12); the customers with
the most overdue first, so the ones that most need a good address come first. A read:
it writes nothing. Setting the number of months is audited (`contacts.settings`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from tijdig.domain.contact_quality import ContactIssue, check_confirm_months, issues_of
from tijdig.domain.money import Money
from tijdig.domain.parties import Company
from tijdig.services import audit
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.collection.messages import email_of
from tijdig.services.contacts.ports import ContactQuality
from tijdig.services.read_models.common import Page, Window
from tijdig.services.records.ports import company_id_of


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
        found = uow.contact_quality.candidates(company_id, as_of=as_of)
    rows = []
    for customer, overdue_minor in found:
        issues = issues_of(customer, as_of=as_of, confirm_months=months)
        if not issues:
            continue
        rows.append(QualityRow(
            customer.number, customer.name, email_of(customer), customer.phone,
            customer.contact_confirmed_on, Money.from_minor(overdue_minor, "EUR").amount, issues,
        ))  # fmt: skip
    rows.sort(key=lambda r: (-r.overdue, r.customer_number))
    shown = tuple(rows[window.offset : window.offset + window.limit])
    return QualityReport(as_of, months, Page(shown, len(rows)))


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
