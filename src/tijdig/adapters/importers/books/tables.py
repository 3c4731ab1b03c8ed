"""A package export as rows: CSV through `csv_common`, Excel (.xlsx) through python-calamine.

Both give `csv_common.Row` values, so a reader parses a cell the same way whatever the
file: an Excel date or number becomes the text an export would have written (ISO date,
the number as typed), and every problem is an `ImportIssue` naming file, line and field.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineError

from tijdig.adapters.importers.csv_common import (
    MAX_BYTES,
    CsvFile,
    Header,
    Row,
    Schema,
    read_headings,
)
from tijdig.adapters.importers.csv_values import parse_date

UNPACKED = 20  # a workbook may unpack to this many times the largest file accepted

_ZIP_MAGIC = b"PK\x03\x04"


def is_xlsx(path: Path) -> bool:
    """An Excel workbook (a zip file holding `xl/workbook.xml`), by its content."""
    try:
        with path.open("rb") as fh:
            if fh.read(4) != _ZIP_MAGIC:
                return False
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def headings(path: Path) -> list[str]:
    """The header cells of a CSV file or of an Excel file's first sheet ([] if unreadable)."""
    if not is_xlsx(path):
        return read_headings(path)
    try:
        return next((cells for _, cells in _sheet_rows(path) if any(cells)), [])
    except (OSError, ValueError, zipfile.BadZipFile, CalamineError):
        return []


def table(path: Path, schema: Schema, *, max_bytes: int = MAX_BYTES) -> CsvFile:
    """The file read against `schema`: an `XlsxFile` for a workbook, else a `CsvFile`."""
    if is_xlsx(path):
        return XlsxFile(path, schema, max_bytes=max_bytes)
    return CsvFile(path, schema, max_bytes=max_bytes)


class XlsxFile(CsvFile):
    """The first sheet of an Excel workbook, read like a CSV file (line = sheet row).

    Read with python-calamine, which reads a sheet of 200,000 rows in about a second
    where openpyxl's read-only mode takes minutes. A workbook that unpacks to more than
    `UNPACKED` times `max_bytes` is refused unread (a zip bomb is small on disk)."""

    def rows(self) -> Iterator[Row]:
        try:
            if self.path.stat().st_size > self.max_bytes:
                self.error(f"refused: the file is larger than {self.max_bytes} bytes")
                return
            with zipfile.ZipFile(self.path) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > UNPACKED * self.max_bytes:
                self.error(f"refused: the workbook unpacks to {unpacked} bytes, more than "
                           f"{UNPACKED * self.max_bytes}")  # fmt: skip
                return
            yield from self._rows_of(_sheet_rows(self.path))
        except OSError as exc:
            self.error(f"cannot read the file: {exc.strerror or exc}")
        except (ValueError, zipfile.BadZipFile, CalamineError) as exc:
            self.error(f"unreadable Excel file: {exc}")

    def _rows_of(self, sheet: Iterator[tuple[int, list[str]]]) -> Iterator[Row]:
        header: Header | None = None
        for line, cells in sheet:
            if not any(cells):
                continue
            if header is None:
                header = self._header(cells, line)
                if header is None:
                    return
                continue
            if any(cells[header.width :]):
                self.error(f"has {len(cells)} filled cells where the header has "
                           f"{header.width}", line)  # fmt: skip
                continue
            yield Row((cells + [""] * header.width)[: header.width], header, line, self)
        if header is None:
            self.error("the sheet is empty; it needs a header row")

    def _header(self, cells: list[str], line: int) -> Header | None:
        width = len(cells)
        while width and not cells[width - 1]:
            width -= 1  # a sheet's row is as wide as its widest row; trailing blanks go
        index, written, unknown = self._map_headings(cells[:width], line)
        if unknown:
            self.warn(f"unknown column(s) ignored: {', '.join(unknown)}", line)
        missing = [c for c in self.schema.required if c.name not in index]
        for column in missing:
            names = " or ".join(dict.fromkeys((*column.aliases[:2], column.name)))
            self.error(f"required column missing (call it {names})", line, column.name)
        if missing:
            return None
        self.header = Header(index, written, width)
        return self.header


def _sheet_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows as text, each with its row number as Excel shows it.

    Whether calamine's rows begin at the sheet's first row or at the used range's
    (blank rows above a header) differs between its versions; the row number is counted
    back from the used range's last row, which both agree on. A file object, not the
    path: the format is known from the content, whatever the file's name."""
    from python_calamine import CalamineWorkbook

    with path.open("rb") as fh:
        book = CalamineWorkbook.from_filelike(fh)
        try:
            sheet = book.get_sheet_by_index(0)
            rows = list(sheet.iter_rows())  # calamine holds the sheet in memory anyway
            last = sheet.end[0] + 1 if sheet.end else len(rows)
            first = last - len(rows) + 1
            for offset, values in enumerate(rows):
                yield first + offset, [_text(value) for value in values]
        finally:
            book.close()


def _text(value: object) -> str:
    """A cell as an export writes it: dates in ISO, numbers as typed, None as empty."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))  # Excel keeps every number as a double: 26001.0 is 26001
        # repr is the shortest text that reads back as the same double: what was typed
        return format(Decimal(repr(value)), "f")
    return "" if value is None else str(value).strip()


def parse_day(text: str, *, field: str = "date") -> date:
    """A date, also as an API's timestamp (`2024-03-01T10:15:00Z`, the day part counts) or
    as Twinfield's `yyyymmdd`."""
    day, _, _ = text.strip().partition("T")
    if len(day) == 8 and day.isascii() and day.isdigit():
        day = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    if " " in day and len(day) > 10:  # `2024-03-01 00:00:00` from a spreadsheet
        day = day.split(" ", 1)[0]
    return parse_date(day, field=field)
