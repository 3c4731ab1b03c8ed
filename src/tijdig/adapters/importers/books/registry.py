"""Every package reader, which one a file is, and reading it: the seam to the services.

`recognise(path)` looks at the file's columns (its header line, or an Excel file's first
sheet), never at its name; `read(path, format_name)` reads it with the reader named, or
the one recognised. What is booked of the entries, and by which service, is decided in
`services.receivables.books`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import ModuleType

from tijdig.adapters.importers.books import eboekhouden, exact_online, moneybird, twinfield
from tijdig.adapters.importers.csv_common import MAX_BYTES
from tijdig.domain.books import BookEntry, BooksFormat
from tijdig.domain.imports import ImportIssue, ImportResult


@dataclass(frozen=True, slots=True)
class _Reader:
    format: BooksFormat
    module: ModuleType
    takes_term: bool = False  # the export has no due date of its own for every invoice


_READERS = (
    _Reader(exact_online.FORMAT, exact_online),
    _Reader(twinfield.FORMAT, twinfield),
    _Reader(moneybird.FORMAT, moneybird),
    _Reader(eboekhouden.FORMAT, eboekhouden, takes_term=True),
)
FORMATS: dict[str, BooksFormat] = {r.format.name: r.format for r in _READERS}
_BY_NAME = {r.format.name: r for r in _READERS}


def recognise(path: Path) -> BooksFormat | None:
    """The package whose export this file is, from its columns; None for any other file."""
    return next((r.format for r in _READERS if r.module.identify(path)), None)


def read(
    path: Path,
    format_name: str | None = None,
    *,
    default_term_days: int = 30,
    max_bytes: int = MAX_BYTES,
) -> ImportResult[BookEntry]:
    """The file's entries, read as `format_name` (`--format`) or as the package recognised.

    An unknown name, or a file no reader recognises, is one issue naming the file."""
    if format_name is not None and format_name not in _BY_NAME:
        known = ", ".join(FORMATS)
        return _refused(path, f"{format_name!r} is not a known format; use one of {known}")
    chosen = format_name or getattr(recognise(path), "name", None)
    if chosen is None:
        known = ", ".join(f.package for f in FORMATS.values())
        return _refused(path, f"not an export of a known accounting package ({known}); "
                              "name one with --format")  # fmt: skip
    reader = _BY_NAME[chosen]
    extract: Callable[..., ImportResult[BookEntry]] = reader.module.extract
    if reader.takes_term:
        extract = partial(extract, default_term_days=default_term_days)
    return extract(path, max_bytes=max_bytes)


def _refused(path: Path, message: str) -> ImportResult[BookEntry]:
    return ImportResult(issues=(ImportIssue(str(path), message),))
