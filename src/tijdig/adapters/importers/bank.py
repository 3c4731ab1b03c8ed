"""Bank statement files of any supported format, told apart by their content.

    identify(path) -> StatementFormat | None        MT940 or CAMT.053, sniffed, never by name
    extract(path) -> ImportResult[BankStatement]    read by the format's own module
    extract_all(paths) -> list[ImportResult[...]]   many files, on several cores when large

A file that is neither comes back as a result with one error issue naming it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Protocol

from tijdig.adapters.importers import camt053, mt940
from tijdig.adapters.importers.safe_xml import MAX_BYTES
from tijdig.domain.banking import BankStatement, StatementFormat
from tijdig.domain.imports import ImportIssue, ImportResult

__all__ = ["extract", "extract_all", "identify"]

# Below this many bytes in all, starting worker processes costs more than it saves.
PARALLEL_BYTES = 4 * 1024 * 1024


class _Reader(Protocol):
    def __call__(self, path: Path, *, max_bytes: int) -> ImportResult[BankStatement]: ...


_READERS: dict[StatementFormat, _Reader] = {
    StatementFormat.CAMT053: camt053.extract,
    StatementFormat.MT940: mt940.extract,
}


def identify(path: Path) -> StatementFormat | None:
    """The statement format of the file, from its content; None when it is neither."""
    if camt053.identify(path):
        return StatementFormat.CAMT053
    if mt940.identify(path):
        return StatementFormat.MT940
    return None


def extract(path: Path, *, max_bytes: int = MAX_BYTES) -> ImportResult[BankStatement]:
    """The statements in the file, or one error issue when its format is not known."""
    found = identify(path)
    if found is None:
        message = (
            "not a bank statement this program reads (expected MT940 or CAMT.053 "
            "camt.053.001.02 to .08); the format is recognised by content, not by name"
        )
        return ImportResult(issues=(ImportIssue(path.name, message),))
    return _READERS[found](path, max_bytes=max_bytes)


def extract_all(
    paths: Sequence[Path], *, max_bytes: int = MAX_BYTES, workers: int | None = None
) -> list[ImportResult[BankStatement]]:
    """`extract` of every file, in the order given. Many large files (a day's statement
    of a busy account is megabytes; reading it is mostly Python work on the XML tree)
    are read by worker processes, one per core unless `workers` says otherwise."""
    read = partial(extract, max_bytes=max_bytes)
    count = min(len(paths), workers or cores())
    if count < 2 or (workers is None and _size(paths) < PARALLEL_BYTES):
        return [read(path) for path in paths]
    with ProcessPoolExecutor(max_workers=count) as pool:
        # A few files per task: fewer round trips, and the big ones still spread.
        return list(pool.map(read, paths, chunksize=max(1, len(paths) // (count * 4))))


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _size(paths: Sequence[Path]) -> int:
    total = 0
    for path in paths:
        with suppress(OSError):  # extract reports the file that cannot be read
            total += path.stat().st_size
    return total
