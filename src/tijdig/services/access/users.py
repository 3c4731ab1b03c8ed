"""Users, sign-in, browser sessions and API tokens.

Secrets handed out (session cookies, API tokens) are random (`secrets`) and stored only
as SHA-256 hashes; passwords only as argon2 hashes through the `Passwords` port. The
clock is passed in by the entry points.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from tijdig.domain.errors import Conflict, InvalidValue, NotFound
from tijdig.domain.refusals import Refusal
from tijdig.domain.users import (
    AuditEntry,
    Role,
    User,
    check_language,
    check_own_change,
    check_password,
    check_username,
)
from tijdig.services.ports import UnitOfWork

SESSION_LIFETIME = timedelta(hours=12)
TOKEN_PREFIX = "tjd_"


class Passwords(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, stored: str, password: str) -> bool: ...
    def needs_rehash(self, stored: str) -> bool: ...
    def unknown_user_hash(self) -> str: ...


class Users(Protocol):
    def add(self, user: User, password_hash: str, *, at: datetime) -> User: ...
    def by_id(self, user_id: int) -> User | None: ...
    def by_username(self, username: str) -> User | None: ...
    def all(self) -> list[User]: ...
    def password_hash(self, user_id: int) -> str | None: ...
    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...
    def update(self, user: User) -> None: ...
    def signed_in(self, user_id: int, at: datetime) -> None: ...
    def grant(self, user_id: int, company_ids: Iterable[int]) -> None: ...


class WebSessions(Protocol):
    def add(
        self, user_id: int, token_hash: str, csrf_token: str, *, at: datetime, expires: datetime
    ) -> None: ...
    def find(self, token_hash: str, *, now: datetime) -> tuple[int, str] | None: ...
    def end(self, token_hash: str) -> None: ...
    def end_all(self, user_id: int) -> None: ...
    def purge_expired(self, now: datetime) -> int: ...


class ApiTokens(Protocol):
    def add(
        self, user_id: int, name: str, token_hash: str, prefix: str, *, at: datetime
    ) -> int: ...
    def user_for(self, token_hash: str) -> int | None: ...
    def of_user(self, user_id: int) -> list[tuple[int, str, str, datetime, datetime | None]]: ...
    def revoke(self, user_id: int, token_id: int, at: datetime) -> bool: ...


class Audit(Protocol):
    def add(self, entry: AuditEntry) -> None: ...
    def for_customer(
        self, company_id: int, customer_id: int, limit: int = 200
    ) -> list[AuditEntry]: ...
    def for_company(
        self, company_id: int, limit: int = 200, offset: int = 0
    ) -> list[AuditEntry]: ...


class Secrets(Protocol):
    def get(self, name: str) -> str | None: ...
    def add(self, name: str, value: str, at: datetime) -> None: ...


class UsersUnitOfWork(UnitOfWork, Protocol):
    @property
    def users(self) -> Users: ...
    @property
    def web_sessions(self) -> WebSessions: ...
    @property
    def api_tokens(self) -> ApiTokens: ...
    @property
    def audit(self) -> Audit: ...
    @property
    def secrets(self) -> Secrets: ...


@dataclass(frozen=True)
class SignedIn:
    """A user on one request, with the CSRF token of their session (None for an API
    token: a token is not sent by a browser on its own, so it needs no CSRF check)."""

    user: User
    csrf_token: str | None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def add_user(
    uow: UsersUnitOfWork,
    passwords: Passwords,
    *,
    username: str,
    name: str,
    password: str,
    role: Role,
    language: str = "nl",
    company_ids: Iterable[int] = (),
    actor: str,
    at: datetime,
) -> User:
    """A new user; audited as `user.add` with their role and companies."""
    username = check_username(username)
    check_password(password, username=username)
    user = User(
        username=username,
        name=name.strip() or username,
        role=role,
        language=check_language(language),
        company_ids=frozenset(company_ids),
    )
    with uow:
        if uow.users.by_username(username) is not None:
            raise Conflict(Refusal.EXISTS_ALREADY, thing="user", key=username)
        _known_companies(uow, user.company_ids)
        stored = uow.users.add(user, passwords.hash(password), at=at)
        _audit(uow, actor=actor, at=at, action="user.add", user=stored,
               details=f"role {stored.role.value}; companies "
               f"{_codes(uow, stored.company_ids)}")  # fmt: skip
        uow.commit()
    return stored


def _known_companies(uow: UsersUnitOfWork, company_ids: Iterable[int]) -> None:
    for company_id in company_ids:
        if uow.companies.by_id(company_id) is None:
            raise NotFound(Refusal.NOT_FOUND, thing="company", key=company_id)


def _codes(uow: UsersUnitOfWork, company_ids: Iterable[int]) -> str:
    """The codes of the companies granted, for the audit log: `ACME, ZON` or `-`."""
    found = (uow.companies.by_id(i) for i in company_ids)
    return ", ".join(sorted(c.code for c in found if c is not None)) or "-"


def _audit(
    uow: UsersUnitOfWork, *, actor: str, at: datetime, action: str, user: User, details: str
) -> None:
    """A change to who may do what concerns no company or customer: one entry."""
    uow.audit.add(AuditEntry(at=at, actor=actor, action=action, company_id=None,
                             customer_id=None, subject=f"user {user.username}",
                             details=details))  # fmt: skip


def get_user(uow: UsersUnitOfWork, username: str) -> User:
    with uow:
        user = uow.users.by_username(username.strip().lower())
    if user is None:
        raise NotFound(Refusal.NOT_FOUND, thing="user", key=username)
    return user


def update_user(
    uow: UsersUnitOfWork,
    user: User,
    *,
    role: Role | None = None,
    language: str | None = None,
    active: bool | None = None,
    grant: Iterable[int] = (),
    revoke: Iterable[int] = (),
    changed_by: User | None = None,
    actor: str,
    at: datetime,
) -> User:
    """Change a user's role, language, companies or whether they may sign in; audited as
    `user.change`. `changed_by`: the signed-in user making the change, who may not take
    away their own administrator role or access (None: the operator at the CLI)."""
    company_ids = (user.company_ids | frozenset(grant)) - frozenset(revoke)
    changed = replace(
        user,
        role=role or user.role,
        language=check_language(language) if language else user.language,
        active=user.active if active is None else active,
        company_ids=company_ids,
    )
    assert user.id is not None
    if changed_by is not None:
        check_own_change(changed_by, user, role=changed.role, active=changed.active)
    with uow:
        _known_companies(uow, grant)
        uow.users.update(changed)
        if not changed.active:
            uow.web_sessions.end_all(user.id)
        _audit(uow, actor=actor, at=at, action="user.change", user=changed,
               details=f"role {changed.role.value}; active {changed.active}; language "
               f"{changed.language}; companies {_codes(uow, changed.company_ids)}")  # fmt: skip
        uow.commit()
    return changed


def set_password(
    uow: UsersUnitOfWork,
    passwords: Passwords,
    user: User,
    password: str,
    *,
    actor: str,
    at: datetime,
) -> None:
    """A new password signs the user out everywhere; audited as `user.password`."""
    check_password(password, username=user.username)
    assert user.id is not None
    with uow:
        uow.users.set_password_hash(user.id, passwords.hash(password))
        uow.web_sessions.end_all(user.id)
        _audit(uow, actor=actor, at=at, action="user.password", user=user,
               details="password reset")  # fmt: skip
        uow.commit()


def authenticate(
    uow: UsersUnitOfWork, passwords: Passwords, username: str, password: str, *, at: datetime
) -> User | None:
    """The active user with this name and password, or None. An unknown name costs the
    same hash as a wrong password, so timing does not tell which names exist."""
    with uow:
        user = uow.users.by_username(username.strip().lower())
        stored = None if user is None or user.id is None else uow.users.password_hash(user.id)
        if user is None or stored is None or not user.active:
            passwords.verify(passwords.unknown_user_hash(), password)
            return None
        if not passwords.verify(stored, password):
            return None
        assert user.id is not None
        if passwords.needs_rehash(stored):
            uow.users.set_password_hash(user.id, passwords.hash(password))
        uow.users.signed_in(user.id, at)
        uow.commit()
    return user


def start_session(uow: UsersUnitOfWork, user: User, *, at: datetime) -> tuple[str, str]:
    """(cookie token, CSRF token) of a new browser session."""
    assert user.id is not None
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    with uow:
        uow.web_sessions.purge_expired(at)
        uow.web_sessions.add(user.id, digest(token), csrf, at=at, expires=at + SESSION_LIFETIME)
        uow.commit()
    return token, csrf


def session_user(uow: UsersUnitOfWork, token: str, *, now: datetime) -> SignedIn | None:
    with uow:
        found = uow.web_sessions.find(digest(token), now=now)
        if found is None:
            return None
        user = uow.users.by_id(found[0])
    if user is None or not user.active:
        return None
    return SignedIn(user, found[1])


def end_session(uow: UsersUnitOfWork, token: str) -> None:
    with uow:
        uow.web_sessions.end(digest(token))
        uow.commit()


def create_api_token(
    uow: UsersUnitOfWork, user: User, name: str, *, actor: str, at: datetime
) -> str:
    """A new token for `user`, shown once: only its hash is kept; audited as
    `token.create` with its name and first characters (never the token)."""
    if not name.strip():
        raise InvalidValue("name", Refusal.TOKEN_NEEDS_NAME)
    assert user.id is not None
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with uow:
        token_id = uow.api_tokens.add(user.id, name.strip(), digest(token), token[:12], at=at)
        _audit(uow, actor=actor, at=at, action="token.create", user=user,
               details=f"token {token_id} {name.strip()!r} ({token[:12]}...)")  # fmt: skip
        uow.commit()
    return token


def revoke_api_token(
    uow: UsersUnitOfWork, user: User, token_id: int, *, actor: str, at: datetime
) -> None:
    """Revoke one of `user`'s tokens: it stops working at once; audited as `token.revoke`.
    `NotFound` when the user has no such token still in use."""
    assert user.id is not None
    with uow:
        if not uow.api_tokens.revoke(user.id, token_id, at):
            raise NotFound(Refusal.NO_TOKEN_OF, token=token_id, user=user.username)
        _audit(uow, actor=actor, at=at, action="token.revoke", user=user,
               details=f"token {token_id}")  # fmt: skip
        uow.commit()


def token_user(uow: UsersUnitOfWork, token: str) -> SignedIn | None:
    """The active user of an API token. Reads only: a request that only reads writes
    nothing, so no "last used" time is kept per request."""
    with uow:
        user_id = uow.api_tokens.user_for(digest(token))
        user = None if user_id is None else uow.users.by_id(user_id)
    if user is None or not user.active:
        return None
    return SignedIn(user, None)


def installation_secret(uow: UsersUnitOfWork, name: str, *, at: datetime) -> str:
    """The installation's secret `name`, made (random, 256 bits) on first use."""
    try:
        with uow:
            value = uow.secrets.get(name)
            if value is None:
                value = secrets.token_urlsafe(32)
                uow.secrets.add(name, value, at)
                uow.commit()
            return value
    except Exception:  # another process made it first: theirs is the one
        with uow:
            stored = uow.secrets.get(name)
        if stored is None:
            raise
        return stored
