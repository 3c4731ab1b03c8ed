"""Bank statement files of any supported format, told apart by their content.

    identify(path) -> StatementFormat | None        MT940 or CAMT.053, sniffed, never by name
    extract(path) -> ImportResult[BankStatement]    read by the format's own module

A file that is neither comes back as a result with one error issue naming it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from tijdig.adapters.importers import camt053, mt940
from tijdig.adapters.importers.safe_xml import MAX_BYTES
from tijdig.domain.banking import BankStatement, StatementFormat
from tijdig.domain.imports import ImportIssue, ImportResult

__all__ = ["extract", "identify"]


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
