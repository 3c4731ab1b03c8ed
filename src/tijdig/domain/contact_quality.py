"""Contact data quality (S2-1): what bounces say of an address, and what is wrong with a
customer's e-mail and phone.

An address is undeliverable from its first hard bounce (RFC 3464 status 5.x.x) until a
person or the customer gives another; soft bounces (4.x.x) are only counted. A
customer's contact details need attention when the e-mail or phone is missing, does not
parse (email-validator, phonenumbers), bounced for good, or was not confirmed for the
company's number of months.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache

from tijdig.domain.errors import InvalidValue
from tijdig.domain.parties import ContactRole, Customer
from tijdig.domain.refusals import Refusal
from tijdig.domain.validation import validate_email, validate_phone

DEFAULT_CONFIRM_MONTHS = 12
MAX_CONFIRM_MONTHS = 120


def address_key(address: str) -> str:
    """How an address is known to the bounce records: trimmed, lower case."""
    return address.strip().lower()


@dataclass(frozen=True, slots=True)
class AddressState:
    """What the bounces say of one of a customer's addresses."""

    address: str
    hard_bounces: int = 0
    soft_bounces: int = 0
    undeliverable_since: date | None = None
    last_bounce_at: datetime | None = None
    last_diagnostic: str = ""

    @property
    def is_undeliverable(self) -> bool:
        return self.undeliverable_since is not None


class ContactIssue(StrEnum):
    EMAIL_MISSING = "email_missing"
    EMAIL_INVALID = "email_invalid"
    EMAIL_BOUNCED = "email_bounced"
    PHONE_MISSING = "phone_missing"
    PHONE_INVALID = "phone_invalid"
    NOT_CONFIRMED = "not_confirmed"


def customer_emails(customer: Customer) -> tuple[str, ...]:
    """The addresses collection writes to: accounts payable first (S3-5), then the
    customer's own, each once."""
    found = [c.email for c in customer.contacts
             if c.role is ContactRole.ACCOUNTS_PAYABLE and c.email]  # fmt: skip
    found += [customer.email] if customer.email else []
    seen: dict[str, str] = {}
    for address in found:
        seen.setdefault(address_key(address), address)
    return tuple(seen.values())


def deliverable_email(customer: Customer) -> str | None:
    """The first address collection may write to: accounts payable first, then the
    customer's own; an undeliverable one is passed over as if it were missing."""
    return next(
        (a for a in customer_emails(customer) if address_key(a) not in customer.undeliverable),
        None,
    )


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it has no such day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, last)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")  # pragma: no cover


def check_confirm_months(months: int) -> int:
    if not 1 <= months <= MAX_CONFIRM_MONTHS:
        raise InvalidValue("confirm_months", Refusal.BETWEEN, low=1, high=MAX_CONFIRM_MONTHS)
    return months


@lru_cache(maxsize=100_000)
def _parses(check: Callable[..., str], *args: str) -> bool:
    """Whether the text parses; remembered per text (a pure check), so that a report
    asked again parses only the addresses it has not seen."""
    try:
        check(*args)
    except InvalidValue:
        return False
    return True


def issues_of(customer: Customer, *, as_of: date, confirm_months: int) -> tuple[ContactIssue, ...]:
    """What is wrong with the customer's e-mail and phone on `as_of`, in a fixed order."""
    issues: list[ContactIssue] = []
    emails = customer_emails(customer)
    if not emails:
        issues.append(ContactIssue.EMAIL_MISSING)
    elif not all(_parses(validate_email, a) for a in emails):
        issues.append(ContactIssue.EMAIL_INVALID)
    if emails and deliverable_email(customer) is None:
        issues.append(ContactIssue.EMAIL_BOUNCED)
    phones = [p for p in (customer.phone, *(c.phone for c in customer.contacts)) if p]
    if not phones:
        issues.append(ContactIssue.PHONE_MISSING)
    elif not all(_parses(validate_phone, p, customer.country) for p in phones):
        issues.append(ContactIssue.PHONE_INVALID)
    confirmed = customer.contact_confirmed_on
    if confirmed is None or confirmed <= months_before(as_of, confirm_months):
        issues.append(ContactIssue.NOT_CONFIRMED)
    return tuple(issues)
