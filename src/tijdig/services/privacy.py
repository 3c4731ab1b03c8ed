"""Privacy (AVG/GDPR): export everything held on one debtor, erase (anonymise) a debtor
when no claim and no retention period still needs the data, and a retention period per
company that `apply_retention` carries out.

Retention. `../shared/LEGAL.md` names no retention period; the defaults here are the
fiscal ones, from the statutes:
- NL: 7 years (art. 52 lid 4 Algemene wet inzake rijksbelastingen, AWR);
- BE: 10 years for records of periods from 1 January 2023 (art. 60 §4 WBTW and art. 315
  WIB 92 as amended by the Act of 20 November 2022; before: 7 years). Unconfirmed
  wording: check the Belgian texts in force before relying on a shorter setting.
The period counts from the customer's last invoice or payment. Anonymising keeps what
the fiscal records need (invoice numbers, dates and amounts, payments and allocations)
and removes who the debtor is: name, contacts, addresses, e-mail, phone, registration
and VAT numbers, IBANs learned or on mandates, free-text notes, message texts.
A company may set a shorter period than the fiscal one when its bookkeeping keeps the
fiscal records; the setting then says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, Protocol

from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.legal import law_of_company
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.audit import AuditLog
from tijdig.services.ports import UnitOfWork

OTHER_COUNTRIES_YEARS = 7  # a company in a country whose law Tijdig does not know
MIN_YEARS, MAX_YEARS = 1, 30
EXPORT_FORMAT = "tijdig-privacy-export/1"
ANONYMOUS_PREFIX = "Anonymised customer "  # + the customer number: a neutral name


@dataclass(frozen=True, slots=True)
class Holds:
    """What still binds a customer to the company: any of these refuses an erasure."""

    open_invoices: int = 0
    open_disputes: int = 0
    open_promises: int = 0
    live_plans: int = 0
    mandates_in_force: int = 0
    unallocated_payments: int = 0
    credits_in_review: int = 0
    waiting_messages: int = 0

    def held(self) -> list[tuple[str, int]]:
        """(what holds, how many) for each kind that holds the customer's data."""
        return [(f.name, getattr(self, f.name)) for f in fields(self) if getattr(self, f.name)]


class PersonalData(Protocol):
    def customer_id(self, company_id: int, number: str) -> int | None: ...
    def anonymised_at(self, customer_id: int) -> datetime | None: ...
    def export(self, company_id: int, customer_id: int) -> dict[str, Any]: ...
    def last_activity(self, customer_id: int) -> date | None: ...
    def holds(self, customer_id: int, *, as_of: date) -> Holds: ...
    def candidates(
        self, company_id: int, *, quiet_since: date, as_of: date
    ) -> list[tuple[int, str, bool]]: ...
    def anonymise(
        self, company_id: int, customer_ids: Sequence[int], *, name_prefix: str, at: datetime
    ) -> None: ...


class RetentionSettings(Protocol):
    def retention_years(self, company_id: int) -> int | None: ...
    def set_retention_years(self, company_id: int, years: int, at: datetime) -> None: ...


class PrivacyUnitOfWork(UnitOfWork, Protocol):
    @property
    def personal_data(self) -> PersonalData: ...
    @property
    def privacy(self) -> RetentionSettings: ...
    @property
    def audit(self) -> AuditLog: ...


@dataclass(frozen=True, slots=True)
class Retention:
    years: int
    fiscal_years: int
    source: str  # the statute of the fiscal period
    is_default: bool

    @property
    def shorter_than_fiscal(self) -> bool:
        return self.years < self.fiscal_years


@dataclass(frozen=True, slots=True)
class Erased:
    customer_id: int
    number: str


@dataclass(frozen=True, slots=True)
class Kept:
    """A customer `apply_retention` left alone, and why."""

    number: str
    reason: str


def fiscal_years(country: str) -> int:
    """How long the company's own country has its books kept."""
    law = law_of_company(country)
    return law.FISCAL_RETENTION_YEARS if law is not None else OTHER_COUNTRIES_YEARS


def fiscal_source(country: str) -> str:
    law = law_of_company(country)
    return law.FISCAL_RETENTION_SOURCE if law is not None else f"no Tijdig default for {country}"


def retention(uow: PrivacyUnitOfWork, company: Company) -> Retention:
    """The company's retention period: its own setting, else the fiscal period."""
    assert company.id is not None
    with uow:
        years = uow.privacy.retention_years(company.id)
    fiscal = fiscal_years(company.country)
    return Retention(years or fiscal, fiscal, fiscal_source(company.country), years is None)


def set_retention(
    uow: PrivacyUnitOfWork, company: Company, years: int, *, actor: str, at: datetime
) -> Retention:
    """Keep data `years` after the last activity; audited as `privacy.retention`."""
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise InvalidValue(
            "years", Refusal.YEARS_BETWEEN, value=years, low=MIN_YEARS, high=MAX_YEARS
        )
    assert company.id is not None
    with uow:
        uow.privacy.set_retention_years(company.id, years, at)
        audit.record(uow, actor=actor, at=at, action="privacy.retention", company_id=company.id,
                     subject=f"company {company.code}", details=f"{years} years")  # fmt: skip
        uow.commit()
    return retention(uow, company)


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes the 28th)."""
    return _shift(day, -years)


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _customer_id(uow: PrivacyUnitOfWork, company: Company, number: str) -> int:
    assert company.id is not None
    found = uow.personal_data.customer_id(company.id, number)
    if found is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="customer", key=number, company=company.code)
    return found


def export_customer(
    uow: PrivacyUnitOfWork,
    company: Company,
    number: str,
    *,
    destination: str,
    actor: str,
    at: datetime,
) -> dict[str, Any]:
    """Everything held on one debtor, as JSON values (art. 15 and 20 GDPR). Who took it
    is audited as `customer.export`, with where it went (`destination`)."""
    assert company.id is not None
    with uow:
        customer_id = _customer_id(uow, company, number)
        data = uow.personal_data.export(company.id, customer_id)
        audit.record(uow, actor=actor, at=at, action="customer.export", company_id=company.id,
                     customer_ids=[customer_id], subject=f"customer {number}",
                     details=destination)  # fmt: skip
        uow.commit()
    header = {
        "format": EXPORT_FORMAT,
        "exported_at": at.isoformat(),
        "company": {"code": company.code, "name": company.name, "email": company.email,
                    "address": company.address},
    }  # fmt: skip
    return header | data


def erasure_refusal(
    uow: PrivacyUnitOfWork, company: Company, customer_id: int, *, number: str, as_of: date
) -> RuleViolation | None:
    """Why the customer cannot be anonymised on `as_of` (the first thing that holds it),
    or None (inside `with uow`)."""
    data = uow.personal_data
    done = data.anonymised_at(customer_id)
    if done is not None:
        return RuleViolation(Refusal.ALREADY_ANONYMISED, customer=number, on=done.date())
    held = data.holds(customer_id, as_of=as_of).held()
    if held:
        (hold, count), *_more = held
        return RuleViolation(Refusal.CLAIM_STILL_OPEN, customer=number, count=count, hold=hold)
    assert company.id is not None
    years = uow.privacy.retention_years(company.id) or fiscal_years(company.country)
    last = data.last_activity(customer_id)
    if last is not None and last > years_before(as_of, years):
        until = _shift(last, years)
        return RuleViolation(Refusal.RETENTION_RUNS, customer=number, years=years, last=last,
                             until=until)  # fmt: skip
    return None


def anonymous_name(number: str) -> str:
    return ANONYMOUS_PREFIX + number


def erase_customer(
    uow: PrivacyUnitOfWork,
    company: Company,
    number: str,
    *,
    as_of: date,
    actor: str,
    at: datetime,
) -> Erased:
    """Anonymise one debtor, or refuse (RuleViolation) naming the reason; audited as
    `customer.erase`."""
    assert company.id is not None
    with uow:
        customer_id = _customer_id(uow, company, number)
        refusal = erasure_refusal(uow, company, customer_id, number=number, as_of=as_of)
        if refusal is not None:
            raise refusal
        uow.personal_data.anonymise(company.id, [customer_id], name_prefix=ANONYMOUS_PREFIX,
                                    at=at)  # fmt: skip
        _audit_erased(uow, company, Erased(customer_id, number), actor=actor, at=at,
                      why="personal data anonymised")  # fmt: skip
        uow.commit()
    return Erased(customer_id, number)


def _audit_erased(
    uow: PrivacyUnitOfWork, company: Company, erased: Erased, *, actor: str, at: datetime, why: str
) -> None:
    """Written after the anonymising, so the entry itself names no one."""
    audit.record(uow, actor=actor, at=at, action="customer.erase", company_id=company.id,
                 customer_ids=[erased.customer_id], subject=f"customer {erased.number}",
                 details=why)  # fmt: skip


def apply_retention(
    uow: PrivacyUnitOfWork,
    company: Company,
    *,
    as_of: date,
    actor: str,
    at: datetime,
    dry_run: bool,
) -> tuple[list[Erased], list[Kept]]:
    """Anonymise every debtor whose retention period has passed and that has nothing
    open (with `dry_run`, only say who); returns those erased and those kept, with why.
    One query finds them; only those held are looked at one by one, for the reason.
    Each one anonymised is audited as `customer.erase`."""
    assert company.id is not None
    erased: list[Erased] = []
    kept: list[Kept] = []
    with uow:
        years = uow.privacy.retention_years(company.id) or fiscal_years(company.country)
        found = uow.personal_data.candidates(
            company.id, quiet_since=years_before(as_of, years), as_of=as_of
        )
        for customer_id, number, held in found:
            refusal = (erasure_refusal(uow, company, customer_id, number=number, as_of=as_of)
                       if held else None)  # fmt: skip
            if refusal is None:
                erased.append(Erased(customer_id, number))
            else:
                kept.append(Kept(number, str(refusal)))
        if not dry_run and erased:
            uow.personal_data.anonymise(company.id, [e.customer_id for e in erased],
                                        name_prefix=ANONYMOUS_PREFIX, at=at)  # fmt: skip
            for item in erased:
                _audit_erased(uow, company, item, actor=actor, at=at,
                              why="retention period passed")  # fmt: skip
            uow.commit()
    return erased, kept
