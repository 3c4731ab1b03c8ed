"""Who uses Tijdig, what they may do, and the audit trail of what they changed.

Roles (least to most):
- read-only sales: sees the companies granted, changes nothing;
- credit controller: runs collection for the companies granted (approve, send, record
  calls, promises, disputes, book payments);
- admin: everything, for every company, including users and settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.refusals import Refusal

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
MIN_PASSWORD_LENGTH = 10
LANGUAGES = ("nl", "en", "fr")


class Role(StrEnum):
    ADMIN = "admin"
    CREDIT_CONTROLLER = "credit_controller"
    SALES = "sales"  # read-only

    @property
    def can_change(self) -> bool:
        """May record, approve, send and book (everything but administration)."""
        return self in (Role.ADMIN, Role.CREDIT_CONTROLLER)

    @property
    def can_administer(self) -> bool:
        """May manage users, companies, settings and privacy."""
        return self is Role.ADMIN


@dataclass(frozen=True)
class User:
    username: str
    name: str
    role: Role
    language: str = "nl"
    active: bool = True
    # Companies granted; an admin sees every company whatever is granted here.
    company_ids: frozenset[int] = field(default_factory=frozenset)
    id: int | None = None

    def sees(self, company_id: int) -> bool:
        return self.role is Role.ADMIN or company_id in self.company_ids


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise InvalidValue("username", Refusal.USERNAME_FORM, value=username)
    return name


def check_password(password: str, *, username: str = "") -> str:
    """Length over composition rules (NIST SP 800-63B): at least 10 characters, not the
    user name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidValue("password", Refusal.AT_LEAST_CHARACTERS, length=MIN_PASSWORD_LENGTH)
    if username and password.lower() == username.lower():
        raise InvalidValue("password", Refusal.PASSWORD_IS_USERNAME)
    return password


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise InvalidValue("language", Refusal.ONE_OF, value=language, allowed=", ".join(LANGUAGES))
    return language


@dataclass(frozen=True)
class AuditEntry:
    """One change, by whom: shown per customer and kept per company."""

    at: datetime
    actor: str  # user name, "cli:<os user>" or "portal" (the debtor via their link)
    action: str  # e.g. "promise.add", "run.approve", "customer.erase"
    company_id: int | None = None
    customer_id: int | None = None
    subject: str = ""  # what was changed, in words: "invoice F-001", "run 12"
    details: str = ""
    id: int | None = None


def check_own_change(by: User, user: User, *, role: Role, active: bool) -> None:
    """An administrator cannot take away their own administrator role or access: someone
    must be left to administer."""
    if by.id is not None and by.id == user.id and (role is not Role.ADMIN or not active):
        raise RuleViolation(Refusal.OWN_ADMIN_ROLE)
