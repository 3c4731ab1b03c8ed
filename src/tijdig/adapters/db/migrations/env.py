"""Alembic environment: the engine comes from Tijdig's settings via the config."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from tijdig.adapters.db.engine import ours
from tijdig.adapters.db.schema import (  # noqa: F401  (registers the tables)
    banking,
    collection,
    contacts,
    credit,
    experiments,
    hand_over,
    jobs,
    mailbox,
    plans,
    risk,
    syncs,
    users,
)
from tijdig.adapters.db.schema.ledger import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine: Engine | None = config.attributes.get("engine")
    if engine is None:
        from tijdig.adapters.db.engine import make_engine
        from tijdig.config import Settings

        engine = make_engine(Settings().database_url)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_name=ours,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


run_migrations_online()
