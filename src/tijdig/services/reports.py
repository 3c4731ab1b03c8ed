"""Overviews a credit controller reads: aging, overdue customers, the customer file (S0-2)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from tijdig.analytics.aging import Aging, age
from tijdig.analytics.behaviour import Behaviour, behaviour
from tijdig.domain.errors import NotFound
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.services.ports import Reports, UnitOfWork
from tijdig.services.views import AppliedPayment, CustomerBalance, PaymentLine


def _id(company: Company) -> int:
    if company.id is None:
        raise NotFound(f"company {company.code} is not stored")
    return company.id


def aging_report(reports: Reports, company: Company, *, as_of: date) -> list[Aging]:
    return age(reports.open_items(_id(company)), as_of=as_of)


class Balances(Protocol):
    """The balance read model (adapters/db/balances.py)."""

    def balances(self, company_id: int, *, as_of: date) -> list[CustomerBalance]: ...


def customer_balances(
    balances: Balances, company: Company, *, as_of: date, overdue_only: bool = False
) -> list[CustomerBalance]:
    rows = balances.balances(_id(company), as_of=as_of)
    if overdue_only:
        rows = [r for r in rows if r.overdue_invoices > 0]
    return rows


@dataclass(frozen=True, slots=True)
class CustomerFile:
    """What the credit controller sees before any contact (S0-2)."""

    customer: Customer
    open_invoices: tuple[Invoice, ...]
    behaviour: Behaviour
    recent_payments: tuple[PaymentLine, ...]
    as_of: date
    # Claimed costs and interest not yet paid, per invoice, and how payments were applied:
    # to costs, then interest, then the principal (art. 6:44 BW).
    claims: Mapping[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    applied: tuple[AppliedPayment, ...] = ()
    unallocated: tuple[tuple[str, Decimal], ...] = ()  # received, not allocated: a credit

    @property
    def overdue(self) -> tuple[Invoice, ...]:
        return tuple(i for i in self.open_invoices if i.is_overdue(self.as_of))

    @property
    def is_first_time_late(self) -> bool:
        """Always paid on time before, overdue now: call to find out what changed."""
        return bool(self.overdue) and self.behaviour.always_on_time

    @property
    def is_new(self) -> bool:
        return self.behaviour.paid_invoices == 0


def customer_file(
    uow: UnitOfWork, reports: Reports, company: Company, number: str, *, as_of: date
) -> CustomerFile:
    company_id = _id(company)
    with uow:
        customer = uow.customers.get(company_id, number)
        if customer is None or customer.id is None:
            raise NotFound(f"no customer {number!r} at {company.code}")
        invoices = uow.invoices.search(company_id, customer_id=customer.id, open_only=True)
    return CustomerFile(
        customer=customer,
        open_invoices=tuple(invoices),
        behaviour=behaviour(reports.settled(company_id, customer.id)),
        recent_payments=tuple(reports.payments(company_id, customer.id)),
        as_of=as_of,
        claims=reports.claims(company_id, customer.id),
        applied=tuple(reports.applied(company_id, customer.id)),
        unallocated=tuple(reports.unallocated(company_id, customer.id)),
    )


def list_invoices(
    uow: UnitOfWork,
    company: Company,
    *,
    customer_number: str | None = None,
    open_only: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[Invoice]:
    company_id = _id(company)
    with uow:
        customer_id = None
        if customer_number is not None:
            customer = uow.customers.get(company_id, customer_number)
            if customer is None:
                raise NotFound(f"no customer {customer_number!r} at {company.code}")
            customer_id = customer.id
        return uow.invoices.search(
            company_id, customer_id=customer_id, open_only=open_only, limit=limit, offset=offset
        )
