"""The creditor (company) and its debtors (customers) with their contacts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tijdig.domain.errors import InvalidValue
from tijdig.domain.legal import knows
from tijdig.domain.refusals import Refusal

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Not on Monday, later in the week (S3-3).
DEFAULT_CONTACT_DAYS: tuple[str, ...] = ("tue", "wed", "thu", "fri")


class CustomerKind(StrEnum):
    BUSINESS = "business"
    CONSUMER = "consumer"


class Language(StrEnum):
    NL = "nl"
    EN = "en"
    FR = "fr"  # Belgian French (fr_BE)


def language_of(value: str) -> Language:
    """A customer's language from its code (`nl`, `en`, `fr`), refused naming the field."""
    try:
        return Language(value.strip().lower())
    except ValueError:
        allowed = ", ".join(language.value for language in Language)
        raise InvalidValue("language", Refusal.ONE_OF, value=value, allowed=allowed) from None


class ContactRole(StrEnum):
    ACCOUNTS_PAYABLE = "accounts_payable"
    PURCHASING = "purchasing"
    MANAGEMENT = "management"
    OTHER = "other"


def _check_country(country: str) -> None:
    if len(country) != 2 or not country.isalpha() or not country.isupper():
        raise InvalidValue("country", Refusal.NOT_A_COUNTRY, value=country)


@dataclass(frozen=True, slots=True)
class BankAccount:
    iban: str
    bic: str | None = None


@dataclass(frozen=True, slots=True)
class Company:
    """A creditor. One installation serves many; every row belongs to one."""

    code: str
    name: str
    country: str = "NL"
    registration_number: str | None = None  # KvK (NL) or KBO/BCE (BE)
    vat_id: str | None = None
    bank_accounts: tuple[BankAccount, ...] = ()
    payment_term_days: int = 30
    can_deduct_vat: bool = True
    address: str = ""
    email: str | None = None
    phone: str | None = None
    creditor_id: str | None = None  # SEPA Creditor Identifier, for direct debit (S1-2)
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.code or not self.code.replace("-", "").replace("_", "").isalnum():
            raise InvalidValue("code", Refusal.CODE_FORM, value=self.code)
        if not self.name.strip():
            raise InvalidValue("name", Refusal.IS_EMPTY)
        _check_country(self.country)
        if not 0 <= self.payment_term_days <= 365:
            raise InvalidValue("payment_term_days", Refusal.BETWEEN, low=0, high=365)

    @property
    def has_statutory_rules(self) -> bool:
        """Tijdig knows the collection law of its own country (`domain/legal`)."""
        return knows(self.country)


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    role: ContactRole = ContactRole.ACCOUNTS_PAYABLE
    email: str | None = None
    phone: str | None = None
    last_verified: date | None = None


@dataclass(frozen=True, slots=True)
class Customer:
    """A debtor of one company."""

    number: str
    name: str
    kind: CustomerKind = CustomerKind.BUSINESS
    country: str = "NL"
    language: Language = Language.NL
    payment_term_days: int | None = None  # overrides the company's term
    tolerance_days: int = 0  # regulars who pay on their own term (S3-4)
    contact_days: tuple[str, ...] = DEFAULT_CONTACT_DAYS  # S3-3
    sales_owner: str | None = None  # S3-6
    credit_limit: Decimal | None = None
    credit_hold: bool = False  # S4-7
    parent_number: str | None = None
    vat_id: str | None = None
    registration_number: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str = ""
    risk_class: str | None = None
    contacts: tuple[Contact, ...] = field(default=())
    id: int | None = None
    # Addresses (lower case) that bounced for good: passed over as if missing (S2-1).
    undeliverable: frozenset[str] = frozenset()
    # The day the customer last confirmed its e-mail and phone (the debtor portal).
    contact_confirmed_on: date | None = None

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise InvalidValue("number", Refusal.IS_EMPTY)
        if not self.name.strip():
            raise InvalidValue("name", Refusal.IS_EMPTY)
        _check_country(self.country)
        if self.tolerance_days < 0:
            raise InvalidValue("tolerance_days", Refusal.NEGATIVE)
        if self.payment_term_days is not None and not 0 <= self.payment_term_days <= 365:
            raise InvalidValue("payment_term_days", Refusal.BETWEEN, low=0, high=365)
        bad = [d for d in self.contact_days if d not in WEEKDAYS]
        if bad:
            raise InvalidValue("contact_days", Refusal.UNKNOWN_DAYS, days=", ".join(bad))
        if self.parent_number == self.number:
            raise InvalidValue("parent", Refusal.OWN_GROUP)

    @property
    def is_consumer(self) -> bool:
        return self.kind is CustomerKind.CONSUMER
