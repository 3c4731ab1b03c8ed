"""Repositories of users, sessions, API tokens, the audit log, privacy settings and the
installation's secrets. They never commit. (A company's portal settings: `portal.py`.)"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc
from tijdig.adapters.db.schema.users import (
    ApiTokenRow,
    AuditRow,
    InstallationSecretRow,
    PrivacySettingsRow,
    UserCompanyRow,
    UserRow,
    WebSessionRow,
)
from tijdig.domain.users import AuditEntry, Role, User


class SqlUsers:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _load(self, row: UserRow) -> User:
        granted = self.session.scalars(
            select(UserCompanyRow.company_id).where(UserCompanyRow.user_id == row.id)
        )
        return User(
            username=row.username,
            name=row.name,
            role=Role(row.role),
            language=row.language,
            active=row.active,
            company_ids=frozenset(granted),
            id=row.id,
        )

    def add(self, user: User, password_hash: str, *, at: datetime) -> User:
        row = UserRow(
            username=user.username,
            name=user.name,
            password_hash=password_hash,
            role=user.role.value,
            language=user.language,
            active=user.active,
            created_at=at,
        )
        self.session.add(row)
        self.session.flush()
        self.grant(row.id, user.company_ids)
        return self._load(row)

    def by_id(self, user_id: int) -> User | None:
        row = self.session.get(UserRow, user_id)
        return None if row is None else self._load(row)

    def by_username(self, username: str) -> User | None:
        row = self.session.scalar(select(UserRow).where(UserRow.username == username))
        return None if row is None else self._load(row)

    def all(self) -> list[User]:
        rows = self.session.scalars(select(UserRow).order_by(UserRow.username))
        return [self._load(row) for row in rows]

    def password_hash(self, user_id: int) -> str | None:
        return self.session.scalar(select(UserRow.password_hash).where(UserRow.id == user_id))

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.session.execute(
            update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
        )

    def update(self, user: User) -> None:
        assert user.id is not None
        self.session.execute(
            update(UserRow)
            .where(UserRow.id == user.id)
            .values(
                name=user.name, role=user.role.value, language=user.language, active=user.active
            )
        )
        self.session.execute(delete(UserCompanyRow).where(UserCompanyRow.user_id == user.id))
        self.grant(user.id, user.company_ids)

    def signed_in(self, user_id: int, at: datetime) -> None:
        self.session.execute(
            update(UserRow).where(UserRow.id == user_id).values(last_sign_in_at=at)
        )

    def grant(self, user_id: int, company_ids: Iterable[int]) -> None:
        have = set(
            self.session.scalars(
                select(UserCompanyRow.company_id).where(UserCompanyRow.user_id == user_id)
            )
        )
        for company_id in sorted(set(company_ids) - have):
            self.session.add(UserCompanyRow(user_id=user_id, company_id=company_id))
        self.session.flush()


class SqlWebSessions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self, user_id: int, token_hash: str, csrf_token: str, *, at: datetime, expires: datetime
    ) -> None:
        self.session.add(
            WebSessionRow(
                user_id=user_id,
                token_hash=token_hash,
                csrf_token=csrf_token,
                created_at=at,
                expires_at=expires,
            )
        )
        self.session.flush()

    def find(self, token_hash: str, *, now: datetime) -> tuple[int, str] | None:
        """(user id, CSRF token) of a session that has not expired."""
        row = self.session.scalar(
            select(WebSessionRow).where(WebSessionRow.token_hash == token_hash)
        )
        if row is None or as_utc(row.expires_at) <= now:
            return None
        return row.user_id, row.csrf_token

    def end(self, token_hash: str) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == token_hash))

    def end_all(self, user_id: int) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))

    def purge_expired(self, now: datetime) -> int:
        result = self.session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))
        return int(getattr(result, "rowcount", 0) or 0)


class SqlApiTokens:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, user_id: int, name: str, token_hash: str, prefix: str, *, at: datetime) -> int:
        row = ApiTokenRow(
            user_id=user_id, name=name, token_hash=token_hash, prefix=prefix, created_at=at
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def user_for(self, token_hash: str) -> int | None:
        """The user of a token that was not revoked."""
        return self.session.scalar(
            select(ApiTokenRow.user_id).where(
                ApiTokenRow.token_hash == token_hash, ApiTokenRow.revoked_at.is_(None)
            )
        )

    def of_user(self, user_id: int) -> list[tuple[int, str, str, datetime, datetime | None]]:
        """(id, name, prefix, created, revoked) per token."""
        rows = self.session.execute(
            select(
                ApiTokenRow.id,
                ApiTokenRow.name,
                ApiTokenRow.prefix,
                ApiTokenRow.created_at,
                ApiTokenRow.revoked_at,
            )
            .where(ApiTokenRow.user_id == user_id)
            .order_by(ApiTokenRow.id)
        )
        return [(i, n, p, as_utc(c), None if r is None else as_utc(r)) for i, n, p, c, r in rows]

    def revoke(self, user_id: int, token_id: int, at: datetime) -> bool:
        result = self.session.execute(
            update(ApiTokenRow)
            .where(
                ApiTokenRow.id == token_id,
                ApiTokenRow.user_id == user_id,
                ApiTokenRow.revoked_at.is_(None),
            )
            .values(revoked_at=at)
        )
        return bool(getattr(result, "rowcount", 0))


class SqlAudit:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: AuditEntry) -> None:
        self.add_many([entry])

    def add_many(self, entries: Sequence[AuditEntry]) -> None:
        """One executemany of plain rows, no ORM object and no flush per entry: an import
        writes one for each customer it touched, thousands at a time. The change's own
        pending writes go first (a Core insert does not flush them)."""
        table = AuditRow.__table__
        assert isinstance(table, Table)
        if entries:
            self.session.flush()
            self.session.execute(insert(table), [
                {"at": e.at, "actor": e.actor, "action": e.action, "company_id": e.company_id,
                 "customer_id": e.customer_id, "subject": e.subject[:200], "details": e.details}
                for e in entries
            ])  # fmt: skip

    def for_customer(self, company_id: int, customer_id: int, limit: int = 200) -> list[AuditEntry]:
        rows = self.session.scalars(
            select(AuditRow)
            .where(AuditRow.company_id == company_id, AuditRow.customer_id == customer_id)
            .order_by(AuditRow.at.desc(), AuditRow.id.desc())
            .limit(limit)
        )
        return [self._entry(row) for row in rows]

    def for_company(self, company_id: int, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
        rows = self.session.scalars(
            select(AuditRow)
            .where(AuditRow.company_id == company_id)
            .order_by(AuditRow.at.desc(), AuditRow.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [self._entry(row) for row in rows]

    @staticmethod
    def _entry(row: AuditRow) -> AuditEntry:
        return AuditEntry(
            at=as_utc(row.at),
            actor=row.actor,
            action=row.action,
            company_id=row.company_id,
            customer_id=row.customer_id,
            subject=row.subject,
            details=row.details,
            id=row.id,
        )


class SqlPrivacySettings:
    def __init__(self, session: Session) -> None:
        self.session = session

    def retention_years(self, company_id: int) -> int | None:
        return self.session.scalar(
            select(PrivacySettingsRow.retention_years).where(
                PrivacySettingsRow.company_id == company_id
            )
        )

    def set_retention_years(self, company_id: int, years: int, at: datetime) -> None:
        row = self.session.get(PrivacySettingsRow, company_id)
        if row is None:
            self.session.add(
                PrivacySettingsRow(company_id=company_id, retention_years=years, updated_at=at)
            )
        else:
            row.retention_years = years
            row.updated_at = at
        self.session.flush()


class SqlSecrets:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, name: str) -> str | None:
        return self.session.scalar(
            select(InstallationSecretRow.value).where(InstallationSecretRow.name == name)
        )

    def add(self, name: str, value: str, at: datetime) -> None:
        self.session.add(InstallationSecretRow(name=name, value=value, created_at=at))
        self.session.flush()
