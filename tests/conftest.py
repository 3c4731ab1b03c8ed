"""Shared fixtures: the corpus folder beside the project, databases, clocks."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from tests.databases import MigratedSchema, new_schema, sqlite_copy
from tijdig import clock
from tijdig.adapters.db.engine import make_engine, migrate
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus, read in place (never copied into the project)."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus folder {CORPUS} is absent; corpus tests need ../shared/corpus")
    return CORPUS


def pytest_configure(config: pytest.Config) -> None:
    """Every installation the tests make, in-process or through `Settings()` from the
    environment, hashes passwords at argon2's lowest cost: at the production cost the
    sign-ins of the web tests alone took minutes. Named and explicit, never a default:
    tests/adapters/security checks the production hasher on its own."""
    os.environ["TIJDIG_PASSWORD_HASHING"] = "minimal-for-tests"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated to head once per test run (per xdist worker); each
    test gets a copy, so no test pays for the migrations (about 0.1 s each)."""
    template = tmp_path_factory.mktemp("template") / "tijdig.db"
    engine = make_engine(f"sqlite:///{template}")
    try:
        migrate(engine)
    finally:
        engine.dispose()  # the last connection's close folds the WAL into the file
    return template


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[MigratedSchema | None]:
    """One PostgreSQL schema per test run (per xdist worker), migrated once; emptied
    before each test instead of made and migrated again (0.01 s against 1.2 s)."""
    base = os.environ.get("TIJDIG_TEST_DATABASE_URL")
    if not base:
        yield None
        return
    schema = MigratedSchema(Settings(database_url=base).database_url)
    try:
        yield schema
    finally:
        schema.drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_schema: MigratedSchema | None,
) -> str:
    """A database at the schema's head with no rows: SQLite always; PostgreSQL when
    TIJDIG_TEST_DATABASE_URL is set.

    SQLite is a copy of the migrated template, in the test's own folder. On PostgreSQL
    each xdist worker has a schema of its own, emptied before each test, so parallel
    workers never see each other's rows.
    """
    if request.param == "sqlite":
        return sqlite_copy(sqlite_template, tmp_path)
    if postgres_schema is None:
        pytest.skip("PostgreSQL: set TIJDIG_TEST_DATABASE_URL to run this test on it too")
    return postgres_schema.emptied()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it, not even the schema: for the tests that run the
    real migrations from the start."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    base = os.environ.get("TIJDIG_TEST_DATABASE_URL")
    if not base:
        pytest.skip("PostgreSQL: set TIJDIG_TEST_DATABASE_URL to run this test on it too")
    with new_schema(Settings(database_url=base).database_url) as url:
        yield url


@pytest.fixture
def app(database_url: str) -> Iterator[Tijdig]:
    """An installation on a database of its own, at the schema's head."""
    installation = bootstrap(Settings(database_url=database_url))
    yield installation
    installation.close()


class FrozenClock:
    """The edge's one clock set to a chosen moment (Amsterdam time when naive)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch

    def set(self, moment: datetime | date) -> datetime:
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time(10, 0))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=clock.BUSINESS_TIMEZONE)
        fixed = moment.astimezone(UTC)
        self._monkeypatch.setattr(clock, "now", lambda: fixed)
        return fixed


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    """Set the moment every command and page reads: `frozen_clock.set(date(2026, 3, 3))`
    is 10:00 that day in Amsterdam."""
    return FrozenClock(monkeypatch)


@pytest.fixture(autouse=True)
def _wide_cli_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's console as wide as a piped run's whatever the terminal or an earlier
    test's COLUMNS made it at import: tests read whole lines and table cells."""
    from tijdig.entrypoints.cli.console import console

    monkeypatch.setattr(console, "width", 300)
