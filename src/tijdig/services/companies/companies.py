"""Use cases for companies (creditors): add, list, and pick the one a command is for."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tijdig.domain import validation
from tijdig.domain.errors import Conflict, NotFound, RuleViolation
from tijdig.domain.mandates import validate_creditor_id
from tijdig.domain.parties import BankAccount, Company
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.ports import UnitOfWork


def checked_company(company: Company) -> Company:
    """Refuse what a person typed in when invalid; return it normalised."""
    vat = company.vat_id and validation.validate_vat_id(company.vat_id)
    registration = company.registration_number and validation.validate_registration_number(
        company.registration_number, country=company.country
    )
    accounts = tuple(
        BankAccount(validation.validate_iban(a.iban), a.bic and validation.validate_bic(a.bic))
        for a in company.bank_accounts
    )
    return replace(
        company,
        vat_id=vat or None,
        registration_number=registration or None,
        bank_accounts=accounts,
        email=company.email and validation.validate_email(company.email),
        phone=company.phone and validation.validate_phone(company.phone, company.country),
        creditor_id=company.creditor_id and validate_creditor_id(company.creditor_id),
    )


def add_company(
    uow: AuditedUnitOfWork,
    company: Company,
    *,
    validate: bool = True,
    actor: str,
    at: datetime,
) -> Company:
    """Add a creditor; its code, VAT id and KvK/KBO number must be unique. Audited as
    `company.add` (`tijdig company add`; `validate=False` for demo and test data)."""
    if validate:
        company = checked_company(company)
    with uow:
        for key in (company.code, company.vat_id, company.registration_number):
            if key and uow.companies.find(key):
                raise Conflict(Refusal.COMPANY_EXISTS, key=key)
        stored = uow.companies.add(company, at=at)
        audit.record(uow, actor=actor, at=at, action="company.add", company_id=stored.id,
                     subject=f"company {stored.code}",
                     details=f"{stored.name}; {stored.country}; VAT {stored.vat_id or '-'}; "
                     f"KvK/KBO {stored.registration_number or '-'}")  # fmt: skip
        uow.commit()
    return stored


def list_companies(uow: UnitOfWork) -> list[Company]:
    with uow:
        return uow.companies.all()


def resolve_company(
    uow: UnitOfWork, identifier: str | None, *, how_to_name: str = "--company"
) -> Company:
    """The company a command is for: named by code, KvK/KBO or VAT id; the only one if unnamed.

    `how_to_name` is how the caller's user names a company (an option, a query parameter).
    """
    with uow:
        if identifier:
            found = uow.companies.find(identifier)
            if found is None:
                raise NotFound(Refusal.NO_COMPANY_SEE_LIST, key=identifier)
            return found
        companies = uow.companies.all()
    if not companies:
        raise NotFound(Refusal.NO_COMPANY_YET)
    if len(companies) > 1:
        codes = ", ".join(c.code for c in companies)
        raise RuleViolation(Refusal.SEVERAL_COMPANIES, codes=codes, how=how_to_name)
    return companies[0]
