"""Shared fixtures: the corpus folder beside the project, databases, clocks."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tijdig import clock
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus, read in place (never copied into the project)."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus folder {CORPUS} is absent; corpus tests need ../shared/corpus")
    return CORPUS


def _postgres_schema_url(base: str, schema: str) -> str:
    """The same database, with its own schema first on the search path."""
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: SQLite always; PostgreSQL when TIJDIG_TEST_DATABASE_URL is set.

    Each PostgreSQL test gets a schema of its own, dropped afterwards, so parallel
    workers never see each other's rows.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tijdig.db'}"
        return
    base = os.environ.get("TIJDIG_TEST_DATABASE_URL")
    if not base:
        pytest.skip("PostgreSQL: set TIJDIG_TEST_DATABASE_URL to run this test on it too")
    base = Settings(database_url=base).database_url
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_schema_url(base, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def app(database_url: str) -> Iterator[Tijdig]:
    """An installation on a fresh database, schema migrated."""
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
