"""PostgreSQL schemas for the tests: one per test, or one per worker emptied between tests.

Every PostgreSQL test used to get a new schema, migrated from nothing and dropped after
it: about 1.2 s a test, most of CI's time. `MigratedSchema` migrates one schema per
xdist worker and empties it before each test: DELETE on every table, children first,
and the sequences back to 1 (TRUNCATE, which makes new files for 39 tables, took
0.6 s; DELETE on a few rows takes 0.01 s). The tables' order is read from the migrated
schema itself, not from the ORM's rows, so it holds whatever the migrations make.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.exc import OperationalError

from tijdig.adapters.db.engine import make_engine, migrate
from tijdig.bootstrap import bootstrap
from tijdig.config import Settings

STORE_KINDS = ["fake", "sqlite", "postgresql"]


def sqlite_copy(template: Path, folder: Path) -> str:
    """The URL of a copy of the migrated SQLite template in `folder` (half a millisecond,
    where migrating takes a tenth of a second)."""
    database = folder / "tijdig.db"
    shutil.copyfile(template, database)
    return f"sqlite:///{database}"


def schema_url(base: str, schema: str) -> str:
    """The same database, with its own schema first on the search path."""
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


@contextmanager
def new_schema(base: str) -> Iterator[str]:
    """An empty schema of its own (URL with it on the search path), dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema_url(base, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class MigratedSchema:
    """A schema migrated to head once, handed to each test empty."""

    def __init__(self, base: str) -> None:
        self._base = base
        self._schemas = ExitStack()  # every schema made, dropped at the end
        self._migrate_new()

    def _migrate_new(self) -> None:
        self.url = self._schemas.enter_context(new_schema(self._base))
        engine = make_engine(self.url)
        try:
            migrate(engine)
            tables = MetaData()
            tables.reflect(engine)
            with engine.connect() as connection:
                sequences = connection.execute(
                    text(
                        "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
                    )
                ).scalars()
                restarts = [f'ALTER SEQUENCE "{name}" RESTART;' for name in sequences]
        finally:
            engine.dispose()
        deletes = [
            f'DELETE FROM "{table.name}";'
            for table in reversed(tables.sorted_tables)
            if table.name != "alembic_version"
        ]
        # A test whose connection still holds a lock would make the next one wait
        # forever; after 10 s it gets a schema of its own instead.
        self._empty = "SET LOCAL lock_timeout = '10s';" + "".join(deletes + restarts)
        self._cleaner = create_engine(self.url)

    def emptied(self) -> str:
        """The schema's URL, with no rows in any table and every id starting at 1."""
        try:
            with self._cleaner.begin() as connection:
                connection.exec_driver_sql(self._empty)
        except OperationalError:
            self._cleaner.dispose()
            self._migrate_new()
        return self.url

    def drop(self) -> None:
        self._cleaner.dispose()
        self._schemas.close()


def units_of_work(
    kind: str,
    fake: Callable[[], Any],
    folder: Path,
    template: Path,
    schema: MigratedSchema | None,
) -> Iterator[Callable[[], Any]]:
    """The units of work of one empty store of `kind` (one of `STORE_KINDS`): a new `fake`
    database, a copy of the SQLite template, or the worker's PostgreSQL schema emptied
    (skipped without TIJDIG_TEST_DATABASE_URL). For a contract test's `store` fixture."""
    if kind == "fake":
        yield fake().uow
        return
    if kind == "sqlite":
        url = sqlite_copy(template, folder)
    elif schema is None:
        pytest.skip("PostgreSQL: set TIJDIG_TEST_DATABASE_URL to run this test on it too")
    else:
        url = schema.emptied()
    installation = bootstrap(Settings(database_url=url), migrate_schema=False)
    yield installation.uow
    installation.close()
