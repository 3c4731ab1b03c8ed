"""The language a customer reads their messages, letters and portal in (nl, en or fr),
chosen per customer: a French-speaking Belgian customer reads French.

Called alike by the CLI (`tijdig customer language`), the API (`PUT
/api/v1/customers/{number}/language`) and the customer page; audited in the
transaction that makes the change.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Protocol

from tijdig.domain.errors import NotFound
from tijdig.domain.parties import Company, Customer, language_of
from tijdig.domain.refusals import Refusal
from tijdig.domain.users import AuditEntry
from tijdig.services.access.users import Audit
from tijdig.services.ports import UnitOfWork


class LanguageUnitOfWork(UnitOfWork, Protocol):
    @property
    def audit(self) -> Audit: ...


def set_customer_language(
    uow: LanguageUnitOfWork,
    company: Company,
    number: str,
    language: str,
    *,
    actor: str,
    at: datetime,
) -> Customer:
    """Store the customer's language; unchanged, nothing is written or audited."""
    assert company.id is not None
    wanted = language_of(language)
    with uow:
        customer = uow.customers.get(company.id, number)
        if customer is None or customer.id is None:
            raise NotFound(Refusal.NOT_FOUND_AT, thing="customer", key=number,
                           company=company.code)  # fmt: skip
        if customer.language is wanted:
            return customer
        changed = replace(customer, language=wanted)
        uow.customers.save_many(company.id, [changed])
        uow.audit.add(AuditEntry(
            at=at, actor=actor, action="customer.language", company_id=company.id,
            customer_id=customer.id, subject=f"customer {number}",
            details=f"{customer.language.value} -> {wanted.value}",
        ))  # fmt: skip
        uow.commit()
    return changed
