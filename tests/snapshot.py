"""Every table of a database, row for row, as one comparable value: what a test takes
before and after a read to show that the read wrote nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from sqlalchemy import Engine, MetaData, inspect, select

Snapshot = Mapping[str, tuple[int, str]]  # table -> (rows, digest of its rows)


def _plain(value: object) -> object:
    return bytes(value) if isinstance(value, memoryview) else value  # PostgreSQL's bytea


class Tables:
    """The database's tables, read once; `snapshot()` then takes all their rows."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.metadata = MetaData()
        self.metadata.reflect(engine, only=inspect(engine).get_table_names())

    def snapshot(self) -> Snapshot:
        """Each table's row count and a digest of all its rows (in any order)."""
        found: dict[str, tuple[int, str]] = {}
        with self.engine.connect() as connection:
            for name, table in sorted(self.metadata.tables.items()):
                rows = sorted(
                    repr(tuple(_plain(v) for v in row)) for row in connection.execute(select(table))
                )
                digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
                found[name] = (len(rows), digest)
        return found


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """The tables whose rows differ, with their counts before and after."""
    return [
        f"{name}: {before.get(name, (0, ''))[0]} -> {after.get(name, (0, ''))[0]} rows"
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]
