"""The units of work the repository contract tests run against: the fake, SQLite and
PostgreSQL (when TIJDIG_TEST_DATABASE_URL is set)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import pytest

from tests.databases import STORE_KINDS, MigratedSchema, units_of_work
from tests.fakes import FakeDatabase
from tijdig.services.access.users import Audit, UsersUnitOfWork
from tijdig.services.audit import AuditLog
from tijdig.services.companies.clauses import ClauseUnitOfWork
from tijdig.services.companies.company_settings import SettingsUnitOfWork
from tijdig.services.privacy import PersonalData, RetentionSettings
from tijdig.services.records.ports import RecordsUnitOfWork


class AuditStore(Audit, AuditLog, Protocol):
    """The audit log as the use cases write it and the pages read it."""


class ContractUnitOfWork(
    UsersUnitOfWork, ClauseUnitOfWork, SettingsUnitOfWork, RecordsUnitOfWork, Protocol
):
    """What both the fake and the SQL unit of work offer the contract tests."""

    @property
    def audit(self) -> AuditStore: ...
    @property
    def personal_data(self) -> PersonalData: ...
    @property
    def privacy(self) -> RetentionSettings: ...


Store = Callable[[], ContractUnitOfWork]


@pytest.fixture(params=STORE_KINDS)
def store(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_schema: MigratedSchema | None,
) -> Iterator[Store]:
    """Units of work on one empty store, of each kind."""
    yield from units_of_work(request.param, FakeDatabase, tmp_path, sqlite_template,
                             postgres_schema)  # fmt: skip
