"""Reading a bookkeeper's CSV export: encoding, delimiter, headers, and typed cells.

`CsvFile(path, schema).rows()` streams the data rows one at a time (a million-row
file is never held as text), each a `Row` that parses its cells by canonical column
name and records every problem as an `ImportIssue` instead of raising. Headers are
matched case-insensitively, with spaces, underscores, dashes and dots ignored, so
`Factuur datum`, `factuur_datum` and `FACTUUR-DATUM` are the same column.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator, KeysView, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

from tijdig.adapters.importers.csv_values import parse_date, parse_int, parse_money
from tijdig.domain.errors import InvalidValue
from tijdig.domain.imports import ImportIssue, Severity

if TYPE_CHECKING:
    from _csv import Reader

E = TypeVar("E")
DELIMITERS = (";", ",", "\t")
MAX_BYTES = 50 * 1024 * 1024  # TIJDIG_MAX_IMPORT_BYTES's default
_IGNORED_IN_NAMES = str.maketrans("", "", " _-.\u00a0")
_CHUNK = 1 << 20


def normalize(text: str) -> str:
    """The comparable form of a header or a choice: lower case, no ` _-.`."""
    return text.strip().lower().translate(_IGNORED_IN_NAMES)


@dataclass(frozen=True, slots=True)
class Column:
    """A column by its canonical (English) name and its accepted headings."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False


class Schema:
    """The columns one importer knows; `extra` maps further (numbered) headings."""

    def __init__(
        self, columns: Sequence[Column], *, extra: Callable[[str], str | None] | None = None
    ) -> None:
        self.columns = tuple(columns)
        self.required = tuple(c for c in self.columns if c.required)
        self._names = {normalize(a): c.name for c in self.columns for a in (c.name, *c.aliases)}
        self._extra = extra

    def canonical(self, heading: str) -> str | None:
        key = normalize(heading)
        found = self._names.get(key)
        return found if found is not None or self._extra is None else self._extra(key)

    def matches(self, headings: Sequence[str]) -> bool:
        present = {self.canonical(h) for h in headings}
        return all(c.name in present for c in self.required)


def sniff_delimiter(line: str) -> str:
    """The most frequent of `;`, `,` and tab in the header line (`;` wins a tie)."""
    counts = [(line.count(d), -i, d) for i, d in enumerate(DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] else ","


def _split_sep_line(lines: Iterator[str]) -> tuple[str, Iterator[str], int]:
    """Delimiter, the lines to parse, and how many lines were consumed (Excel's `sep=;`)."""
    blank: list[str] = []
    first = next(lines, "")
    while first and not first.strip():
        blank.append(first)
        first = next(lines, "")
    marker = first.strip()
    if marker.lower().startswith("sep=") and len(marker) == 5:
        return marker[4], lines, len(blank) + 1
    return sniff_delimiter(first), chain(blank, [first], lines), 0


def _encoding_of(path: Path) -> str:
    """UTF-16 by its BOM, UTF-8 (BOM or not) when it all decodes, else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        head = fh.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        fh.seek(0)
        try:
            for chunk in iter(lambda: fh.read(_CHUNK), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def read_headings(path: Path) -> list[str]:
    """The header cells of a file, read cheaply from its first bytes ([] if unreadable)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1 << 16)
    except OSError:
        return []
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="replace")
    elif b"\x00" in head:
        return []
    else:
        text = head.decode("utf-8-sig", errors="replace")
    lines = iter([line for line in text.splitlines(keepends=True) if line.strip()][:2])
    delimiter, lines, _ = _split_sep_line(lines)
    return next(csv.reader(lines, delimiter=delimiter), [])


@dataclass(frozen=True, slots=True)
class Header:
    index: Mapping[str, int]  # canonical name -> position
    headings: Mapping[str, str]  # canonical name -> heading as written in the file
    width: int


class CsvFile:
    """One CSV file read against a schema; `issues` fills up while `rows()` runs. A file
    larger than `max_bytes` is refused with one issue, without reading it."""

    def __init__(self, path: Path, schema: Schema, *, max_bytes: int = MAX_BYTES) -> None:
        self.path = path
        self.file = str(path)
        self.schema = schema
        self.max_bytes = max_bytes
        self.issues: list[ImportIssue] = []
        self.header: Header | None = None

    def error(self, message: str, line: int | None = None, field: str | None = None) -> None:
        self.issues.append(ImportIssue(self.file, message, line, field))

    def warn(self, message: str, line: int | None = None, field: str | None = None) -> None:
        self.issues.append(ImportIssue(self.file, message, line, field, Severity.WARNING))

    def rows(self) -> Iterator[Row]:
        """Every non-blank data row, in file order, with its physical line number."""
        try:
            if self.path.stat().st_size > self.max_bytes:
                self.error(f"refused: the file is larger than {self.max_bytes} bytes")
                return
            encoding = _encoding_of(self.path)
            with self.path.open(encoding=encoding, errors="replace", newline="") as fh:
                if encoding == "cp1252":
                    self.warn("the file is not UTF-8; read it as Windows-1252 (cp1252)")
                yield from self._rows(fh)
        except OSError as exc:
            self.error(f"cannot read the file: {exc.strerror or exc}")

    def _rows(self, fh: IO[str]) -> Iterator[Row]:
        delimiter, lines, offset = _split_sep_line(iter(fh))
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            header = self._read_header(reader, offset)
            if header is None:
                return
            end = reader.line_num
            for cells in reader:
                line, end = end + 1 + offset, reader.line_num
                if len(cells) == header.width and "".join(cells).strip():
                    yield Row(cells, header, line, self)
                elif "".join(cells).strip():
                    self.error(f"has {len(cells)} fields where the header has {header.width}; "
                               "check the delimiter and quotes", line)  # fmt: skip
        except csv.Error as exc:
            self.error(f"unreadable CSV: {exc}", reader.line_num + offset)

    def _read_header(self, reader: Reader, offset: int) -> Header | None:
        headings = next((cells for cells in reader if any(c.strip() for c in cells)), None)
        if headings is None:
            self.error("the file is empty; it needs a header line")
            return None
        line = reader.line_num + offset
        index, written, unknown = self._map_headings(headings, line)
        if unknown:
            self.warn(f"unknown column(s) ignored: {', '.join(unknown)}", line)
        missing = [c for c in self.schema.required if c.name not in index]
        for column in missing:
            names = " or ".join(dict.fromkeys((*column.aliases[:2], column.name)))
            self.error(f"required column missing (call it {names})", line, column.name)
        if missing:
            return None
        self.header = Header(index, written, len(headings))
        return self.header

    def _map_headings(
        self, headings: list[str], line: int
    ) -> tuple[dict[str, int], dict[str, str], list[str]]:
        index: dict[str, int] = {}
        written: dict[str, str] = {}
        unknown: list[str] = []
        for position, heading in enumerate(headings):
            name = self.schema.canonical(heading)
            if name is None:
                unknown.append(heading.strip() or f"(column {position + 1} has no name)")
            elif name in index:
                message = f"columns {written[name]!r} and {heading.strip()!r} both mean {name}"
                self.error(message, line, heading.strip())
            else:
                index[name], written[name] = position, heading.strip()
        return index, written, unknown


class Row:
    """One data row: cells by canonical name, parsed with every problem recorded."""

    __slots__ = ("_cells", "_header", "_source", "line", "ok")

    def __init__(self, cells: list[str], header: Header, line: int, source: CsvFile) -> None:
        self._cells, self._header, self._source = cells, header, source
        self.line = line
        self.ok = True

    @property
    def names(self) -> KeysView[str]:
        """The canonical names of the file's known columns."""
        return self._header.index.keys()

    def heading(self, name: str) -> str:
        """The column's heading as written in the file (its canonical name if absent)."""
        return self._header.headings.get(name, name)

    def text(self, name: str) -> str:
        position = self._header.index.get(name)
        return "" if position is None else self._cells[position].strip()

    def error(self, name: str, message: str) -> None:
        self.ok = False
        self._source.error(message, self.line, self.heading(name))

    def warn(self, name: str | None, message: str) -> None:
        self._source.warn(message, self.line, None if name is None else self.heading(name))

    def required_text(self, name: str) -> str:
        return self.parsed(name, str, required=True) or ""

    def parsed(self, name: str, parser: Callable[[str], E], *, required: bool = False) -> E | None:
        """The cell read by `parser`; None when empty or wrong (recording the issue)."""
        value = self.text(name)
        if not value:
            if required:
                self.error(name, "is empty; a value is required")
            return None
        try:
            return parser(value)
        except InvalidValue as exc:
            self.error(name, exc.reason)
            return None

    def amount(self, name: str, *, required: bool = False) -> Decimal | None:
        return self.parsed(name, parse_money, required=required)

    def day(self, name: str, *, required: bool = False) -> date | None:
        """A calendar date (see `parse_date`)."""
        return self.parsed(name, parse_date, required=required)

    def integer(self, name: str, *, low: int = 0, high: int = 3650) -> int | None:
        value = self.parsed(name, parse_int)
        if value is not None and not low <= value <= high:
            self.error(name, f"{value} is out of range ({low} to {high})")
            return None
        return value

    def choice(self, name: str, options: Mapping[str, E], *, hint: str) -> E | None:
        """One of `options` (keys in `normalize`d form); an unknown value is an error."""
        value = self.text(name)
        if not value:
            return None
        found = options.get(normalize(value))
        if found is None:
            self.error(name, f"{value!r} is not known; use {hint}")
        return found
