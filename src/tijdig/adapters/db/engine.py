"""Creating the SQLAlchemy engine and bringing the schema up to date."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # 64 MiB of page cache (default 2 MiB): a bank import updates ~100,000 invoices and
    # inserts as many payments in one transaction; with the small cache it spills.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def refresh_statistics(engine: Engine) -> None:
    """SQLite: sample the tables for the query planner (ANALYZE, at most ~1,000 rows per
    index, a few milliseconds). Without statistics SQLite guesses, and on 1,000,000
    invoices it read a company's whole due-date index for one customer's invoices
    (257 ms) where the customer's own index answers in 0.2 ms. PostgreSQL keeps its own
    statistics (autovacuum).

    The sample sees one company, so an index on company_id looks selective; the `+ 0`
    hints on company_id (views/lists.py, views/worklists.approved_calls) steer around
    that. Fuller statistics do not replace them (1,028,214 invoices, SQLite 3.40): a full
    ANALYZE of invoices takes 5.8 s and analysis_limit=100000 2.6 s, and with either the
    open invoices by customer still took 1-2 s without the hint and 130-530 ms with it
    (a scan of ix_invoices_open_customer) against 0.9 ms on these statistics."""
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA analysis_limit=1000")
        connection.exec_driver_sql("ANALYZE")


def ours(name: str | None, kind: str, _parents: object) -> bool:
    """Whether Alembic compares a table with the rows: procrastinate's own tables (its
    queue on PostgreSQL, migration 0019) are its schema, not described by our rows."""
    return not (kind == "table" and (name or "").startswith("procrastinate"))


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision(engine: Engine) -> str | None:
    return _shipped_head()


@cache
def _shipped_head() -> str | None:
    """The newest migration shipped with the code. Read once per process: finding it
    loads every migration script (about 12 ms), which each start on a database already
    at head paid again (every test's installation, every CLI command)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> bool:
    """Apply pending migrations; True when anything was applied."""
    if current_revision(engine) == head_revision(engine):
        return False
    command.upgrade(alembic_config(engine), "head")
    return True
