"""The fake repositories of the users, their sessions and API tokens, the installation's
secrets and the audit log (see tests/fakes.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from tests.fakes_tables import (
    _Sequences,
    _StoredUser,
    _Tables,
    _Token,
)
from tijdig.domain.users import AuditEntry, User


class FakeAudit:
    """The audit log: every entry a use case records, in order (`entries`)."""

    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    @property
    def entries(self) -> list[AuditEntry]:
        return list(self._tables.audit)

    def add(self, entry: AuditEntry) -> None:
        self.add_many([entry])

    def add_many(self, entries: Sequence[AuditEntry]) -> None:
        self._tables.audit.extend(
            replace(e, subject=e.subject[:200], id=self._ids.next("audit_log")) for e in entries
        )

    def _newest_first(self, entries: Iterable[AuditEntry]) -> list[AuditEntry]:
        return sorted(entries, key=lambda e: (e.at, e.id or 0), reverse=True)

    def for_customer(self, company_id: int, customer_id: int, limit: int = 200) -> list[AuditEntry]:
        mine = (e for e in self._tables.audit
                if e.company_id == company_id and e.customer_id == customer_id)  # fmt: skip
        return self._newest_first(mine)[:limit]

    def for_company(self, company_id: int, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
        mine = (e for e in self._tables.audit if e.company_id == company_id)
        return self._newest_first(mine)[offset : offset + limit]


class FakeUsers:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def add(self, user: User, password_hash: str, *, at: datetime) -> User:
        stored = replace(user, id=self._ids.next("users"))
        self._tables.users[stored.id or 0] = _StoredUser(stored, password_hash)
        return stored

    def by_id(self, user_id: int) -> User | None:
        found = self._tables.users.get(user_id)
        return None if found is None else found.user

    def by_username(self, username: str) -> User | None:
        return next(
            (s.user for s in self._tables.users.values() if s.user.username == username), None
        )

    def all(self) -> list[User]:
        return sorted((s.user for s in self._tables.users.values()), key=lambda u: u.username)

    def password_hash(self, user_id: int) -> str | None:
        found = self._tables.users.get(user_id)
        return None if found is None else found.password_hash

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        if user_id in self._tables.users:
            self._tables.users[user_id].password_hash = password_hash

    def update(self, user: User) -> None:
        assert user.id is not None
        self._tables.users[user.id].user = user

    def signed_in(self, user_id: int, at: datetime) -> None:
        if user_id in self._tables.users:
            self._tables.users[user_id].last_sign_in = at

    def grant(self, user_id: int, company_ids: Iterable[int]) -> None:
        stored = self._tables.users[user_id]
        stored.user = replace(stored.user, company_ids=stored.user.company_ids | set(company_ids))


class FakeWebSessions:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def add(
        self, user_id: int, token_hash: str, csrf_token: str, *, at: datetime, expires: datetime
    ) -> None:
        self._tables.web_sessions[token_hash] = (user_id, csrf_token, expires)

    def find(self, token_hash: str, *, now: datetime) -> tuple[int, str] | None:
        found = self._tables.web_sessions.get(token_hash)
        if found is None or found[2] <= now:
            return None
        return found[0], found[1]

    def end(self, token_hash: str) -> None:
        self._tables.web_sessions.pop(token_hash, None)

    def end_all(self, user_id: int) -> None:
        for token_hash, (owner, _csrf, _expires) in list(self._tables.web_sessions.items()):
            if owner == user_id:
                del self._tables.web_sessions[token_hash]

    def purge_expired(self, now: datetime) -> int:
        expired = [
            h for h, (_u, _c, expires) in self._tables.web_sessions.items() if expires <= now
        ]
        for token_hash in expired:
            del self._tables.web_sessions[token_hash]
        return len(expired)


class FakeApiTokens:
    def __init__(self, tables: _Tables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def add(self, user_id: int, name: str, token_hash: str, prefix: str, *, at: datetime) -> int:
        token_id = self._ids.next("api_tokens")
        self._tables.api_tokens[token_id] = _Token(user_id, name, token_hash, prefix, at)
        return token_id

    def user_for(self, token_hash: str) -> int | None:
        return next(
            (t.user_id for t in self._tables.api_tokens.values()
             if t.token_hash == token_hash and t.revoked is None),
            None,
        )  # fmt: skip

    def of_user(self, user_id: int) -> list[tuple[int, str, str, datetime, datetime | None]]:
        return [
            (token_id, t.name, t.prefix, t.created, t.revoked)
            for token_id, t in sorted(self._tables.api_tokens.items())
            if t.user_id == user_id
        ]

    def revoke(self, user_id: int, token_id: int, at: datetime) -> bool:
        token = self._tables.api_tokens.get(token_id)
        if token is None or token.user_id != user_id or token.revoked is not None:
            return False
        token.revoked = at
        return True


class FakeSecrets:
    def __init__(self, tables: _Tables) -> None:
        self._tables = tables

    def get(self, name: str) -> str | None:
        return self._tables.secrets.get(name)

    def add(self, name: str, value: str, at: datetime) -> None:
        if name in self._tables.secrets:  # the table's primary key
            raise ValueError(f"secret {name} exists already")
        self._tables.secrets[name] = value
