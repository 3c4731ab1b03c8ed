"""An administrator changes a company's own details, its bank accounts and its debtor
portal. Typed values are checked as `tijdig company add` checks them (KvK/KBO, VAT id,
IBAN, BIC, e-mail, phone, SEPA creditor id); a refused value changes nothing. Each
change is audited in its own transaction, naming the actor.

Callers: the workspace settings page (all of them) and `tijdig portal settings`
(`save_portal`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from tijdig.domain import validation
from tijdig.domain.errors import Conflict, NotFound
from tijdig.domain.parties import Company
from tijdig.domain.portal import PortalSettings, check_max_promise_days, check_payment_link
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.audit import AuditLog
from tijdig.services.companies.companies import checked_company
from tijdig.services.portal import PortalSettingsStore
from tijdig.services.ports import UnitOfWork


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


class SettingsUnitOfWork(UnitOfWork, Protocol):
    @property
    def company_settings(self) -> CompanyStore: ...
    @property
    def portal(self) -> PortalSettingsStore: ...
    @property
    def audit(self) -> AuditLog: ...


def _audit(
    uow: SettingsUnitOfWork,
    company: Company,
    *,
    actor: str,
    at: datetime,
    action: str,
    details: str,
) -> None:
    audit.record(uow, actor=actor, at=at, action=action, company_id=company.id,
                 subject=f"company {company.code}", details=details)  # fmt: skip


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def update_company(
    uow: SettingsUnitOfWork, company: Company, details: CompanyDetails, *, actor: str, at: datetime
) -> Company:
    """Store new details; a VAT id or KvK/KBO number of another company is refused.
    Audited as `company.update`."""
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
                raise Conflict(
                    Refusal.BELONGS_TO_COMPANY, key=key or "", company=other.code, where=field
                )
        uow.company_settings.update(changed)
        ids = f"VAT {changed.vat_id or '-'}; KvK/KBO {changed.registration_number or '-'}"
        _audit(uow, changed, actor=actor, at=at, action="company.update",
               details=f"name {changed.name}; {ids}; term "
               f"{changed.payment_term_days} d")  # fmt: skip
        uow.commit()
    return changed


def add_bank_account(
    uow: SettingsUnitOfWork,
    company: Company,
    iban: str,
    bic: str | None = None,
    *,
    actor: str,
    at: datetime,
) -> str:
    """Add an account statements are booked on; one IBAN belongs to one company.
    Audited as `company.account_add`."""
    assert company.id is not None
    compact = validation.validate_iban(iban)
    checked_bic = validation.validate_bic(bic) if bic and bic.strip() else None
    with uow:
        owner = uow.company_settings.account_owner(compact)
        if owner == company.id:
            raise Conflict(
                Refusal.ACCOUNT_OURS_ALREADY, iban=compact, company=company.code, where="iban"
            )
        if owner is not None:
            raise Conflict(Refusal.ACCOUNT_OF_ANOTHER, iban=compact, where="iban")
        uow.company_settings.add_account(company.id, compact, checked_bic)
        _audit(uow, company, actor=actor, at=at, action="company.account_add", details=compact)
        uow.commit()
    return compact


def remove_bank_account(
    uow: SettingsUnitOfWork, company: Company, iban: str, *, actor: str, at: datetime
) -> str:
    """Remove an account; statements already booked on it stay. Audited as
    `company.account_remove`."""
    assert company.id is not None
    compact = "".join(iban.split()).upper()
    with uow:
        if not uow.company_settings.remove_account(company.id, compact):
            raise NotFound(Refusal.NO_ACCOUNT, company=company.code, iban=compact)
        _audit(uow, company, actor=actor, at=at, action="company.account_remove",
               details=compact)  # fmt: skip
        uow.commit()
    return compact


def save_portal(
    uow: SettingsUnitOfWork,
    company: Company,
    *,
    enabled: bool | None = None,
    max_promise_days: int | None = None,
    payment_link: str | None = None,
    actor: str,
    at: datetime,
) -> PortalSettings:
    """The debtor portal: on or off, how far ahead a promise may go (0-90 days), a
    payment link ('' removes it); what is not given stays. The settings in force are
    returned; a change is audited as `portal.settings`."""
    assert company.id is not None
    days = None if max_promise_days is None else check_max_promise_days(max_promise_days)
    link = None if payment_link is None else check_payment_link(payment_link)
    with uow:
        current = uow.portal.get(company.id)
        changed = replace(
            current,
            enabled=current.enabled if enabled is None else enabled,
            max_promise_days=current.max_promise_days if days is None else days,
            payment_link=current.payment_link if payment_link is None else link,
        )
        if changed != current:
            uow.portal.save(company.id, changed, at)
            _audit(uow, company, actor=actor, at=at, action="portal.settings",
                   details=changed.describe())  # fmt: skip
            uow.commit()
    return changed
