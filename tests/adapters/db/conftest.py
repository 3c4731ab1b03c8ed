"""The units of work the repository contract tests run against: the fake, SQLite and
PostgreSQL (when TIJDIG_TEST_DATABASE_URL is set)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import pytest

from tests.databases import MigratedSchema, sqlite_copy
from tests.fakes import FakeDatabase
from tijdig.bootstrap import bootstrap
from tijdig.config import Settings
from tijdig.services.access.users import Audit, UsersUnitOfWork
from tijdig.services.audit import AuditLog
from tijdig.services.companies.clauses import ClauseUnitOfWork
from tijdig.services.companies.company_settings import SettingsUnitOfWork
from tijdig.services.records.ports import RecordsUnitOfWork


class AuditStore(Audit, AuditLog, Protocol):
    """The audit log as the use cases write it and the pages read it."""


class ContractUnitOfWork(
    UsersUnitOfWork, ClauseUnitOfWork, SettingsUnitOfWork, RecordsUnitOfWork, Protocol
):
    """What both the fake and the SQL unit of work offer the contract tests."""

    @property
    def audit(self) -> AuditStore: ...


Store = Callable[[], ContractUnitOfWork]


@pytest.fixture(params=["fake", "sqlite", "postgresql"])
def store(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_schema: MigratedSchema | None,
) -> Iterator[Store]:
    """Units of work on one empty store, of each kind."""
    if request.param == "fake":
        yield FakeDatabase().uow
        return
    if request.param == "sqlite":
        url = sqlite_copy(sqlite_template, tmp_path)
    elif postgres_schema is None:
        pytest.skip("PostgreSQL: set TIJDIG_TEST_DATABASE_URL to run this test on it too")
    else:
        url = postgres_schema.emptied()
    installation = bootstrap(Settings(database_url=url), migrate_schema=False)
    yield installation.uow
    installation.close()
