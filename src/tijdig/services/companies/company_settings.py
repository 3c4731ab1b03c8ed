"""An administrator changes a company's own details, its bank accounts and its debtor
portal. Typed values are checked as `tijdig company add` checks them (KvK/KBO, VAT id,
IBAN, BIC, e-mail, phone, SEPA creditor id); a refused value changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from tijdig.domain import validation
from tijdig.domain.errors import Conflict, InvalidValue, NotFound
from tijdig.domain.parties import Company
from tijdig.services.companies.companies import checked_company
from tijdig.services.portal import check_payment_link
from tijdig.services.ports import UnitOfWork

MAX_PROMISE_DAYS = 90


@dataclass(frozen=True, slots=True)
class CompanyDetails:
    """What the settings form may change (code and country stay: they identify the
    company and choose its law)."""

    name: str
    address: str = ""
    email: str | None = None
    phone: str | None = None
    registration_number: str | None = None
    vat_id: str | None = None
    payment_term_days: int = 30
    can_deduct_vat: bool = True
    creditor_id: str | None = None


class CompanyStore(Protocol):
    def update(self, company: Company) -> None: ...
    def account_owner(self, iban: str) -> int | None: ...
    def add_account(self, company_id: int, iban: str, bic: str | None) -> None: ...
    def remove_account(self, company_id: int, iban: str) -> bool: ...
    def save_portal(
        self,
        company_id: int,
        *,
        enabled: bool,
        max_promise_days: int,
        payment_link: str | None,
        at: datetime,
    ) -> None: ...


class SettingsUnitOfWork(UnitOfWork, Protocol):
    @property
    def company_settings(self) -> CompanyStore: ...


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def update_company(uow: SettingsUnitOfWork, company: Company, details: CompanyDetails) -> Company:
    """Store new details; a VAT id or KvK/KBO number of another company is refused."""
    assert company.id is not None
    changed = checked_company(
        replace(
            company,
            name=details.name.strip(),
            address=details.address.strip(),
            email=_blank(details.email),
            phone=_blank(details.phone),
            registration_number=_blank(details.registration_number),
            vat_id=_blank(details.vat_id),
            payment_term_days=details.payment_term_days,
            can_deduct_vat=details.can_deduct_vat,
            creditor_id=_blank(details.creditor_id),
        )
    )
    with uow:
        for field, key in (("vat_id", changed.vat_id),
                           ("registration_number", changed.registration_number)):  # fmt: skip
            other = uow.companies.find(key) if key else None
            if other is not None and other.id != company.id:
                raise Conflict(f"{field}: {key} belongs to company {other.code} already")
        uow.company_settings.update(changed)
        uow.commit()
    return changed


def add_bank_account(
    uow: SettingsUnitOfWork, company: Company, iban: str, bic: str | None = None
) -> str:
    """Add an account statements are booked on; one IBAN belongs to one company."""
    assert company.id is not None
    compact = validation.validate_iban(iban)
    checked_bic = validation.validate_bic(bic) if bic and bic.strip() else None
    with uow:
        owner = uow.company_settings.account_owner(compact)
        if owner == company.id:
            raise Conflict(f"iban: {compact} is an account of {company.code} already")
        if owner is not None:
            raise Conflict(f"iban: {compact} is an account of another company")
        uow.company_settings.add_account(company.id, compact, checked_bic)
        uow.commit()
    return compact


def remove_bank_account(uow: SettingsUnitOfWork, company: Company, iban: str) -> str:
    """Remove an account; statements already booked on it stay."""
    assert company.id is not None
    compact = "".join(iban.split()).upper()
    with uow:
        if not uow.company_settings.remove_account(company.id, compact):
            raise NotFound(f"{company.code} has no account {compact}")
        uow.commit()
    return compact


def save_portal(
    uow: SettingsUnitOfWork,
    company: Company,
    *,
    enabled: bool,
    max_promise_days: int,
    payment_link: str | None,
    at: datetime,
) -> None:
    """The debtor portal: on or off, how far ahead a promise may go, a payment link."""
    assert company.id is not None
    if not 0 <= max_promise_days <= MAX_PROMISE_DAYS:
        raise InvalidValue("max_promise_days", f"between 0 and {MAX_PROMISE_DAYS} days")
    link = check_payment_link(payment_link)
    with uow:
        uow.company_settings.save_portal(company.id, enabled=enabled,
                                         max_promise_days=max_promise_days,
                                         payment_link=link, at=at)  # fmt: skip
        uow.commit()
