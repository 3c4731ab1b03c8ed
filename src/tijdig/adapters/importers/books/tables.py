"""A package export as rows: CSV through `csv_common`, Excel (.xlsx) through openpyxl.

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
from typing import BinaryIO

from tijdig.adapters.importers.csv_common import (
    MAX_BYTES,
    CsvFile,
    Header,
    Row,
    Schema,
    read_headings,
)
from tijdig.adapters.importers.csv_values import parse_date

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
        from openpyxl import load_workbook

        # A file object, not the path: openpyxl refuses a path by its extension, and
        # an export is recognised by its content whatever its name.
        with path.open("rb") as fh:
            book = load_workbook(fh, read_only=True, data_only=True)
            try:
                for values in book.worksheets[0].iter_rows(values_only=True):
                    cells = [_text(v) for v in values]
                    if any(cells):
                        return cells
            finally:
                book.close()
    except Exception:  # a file that is no readable workbook has no headings
        return []
    return []


def table(path: Path, schema: Schema, *, max_bytes: int = MAX_BYTES) -> CsvFile:
    """The file read against `schema`: an `XlsxFile` for a workbook, else a `CsvFile`."""
    if is_xlsx(path):
        return XlsxFile(path, schema, max_bytes=max_bytes)
    return CsvFile(path, schema, max_bytes=max_bytes)


class XlsxFile(CsvFile):
    """The first sheet of an Excel workbook, read like a CSV file (line = sheet row)."""

    def rows(self) -> Iterator[Row]:
        try:
            if self.path.stat().st_size > self.max_bytes:
                self.error(f"refused: the file is larger than {self.max_bytes} bytes")
                return
            with self.path.open("rb") as fh:
                yield from self._book_rows(fh)
        except OSError as exc:
            self.error(f"cannot read the file: {exc.strerror or exc}")

    def _book_rows(self, fh: BinaryIO) -> Iterator[Row]:
        from openpyxl import load_workbook

        try:
            book = load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            self.error(f"unreadable Excel file: {exc}")
            return
        try:
            yield from self._sheet_rows(book.worksheets[0].iter_rows(values_only=True))
        finally:
            book.close()

    def _sheet_rows(self, sheet: Iterator[tuple[object, ...]]) -> Iterator[Row]:
        header: Header | None = None
        for line, values in enumerate(sheet, start=1):
            cells = [_text(v) for v in values]
            if not any(cells):
                continue
            if header is None:
                header = self._header(cells, line)
                if header is None:
                    return
                continue
            cells = (cells + [""] * header.width)[: max(header.width, len(cells))]
            if any(cells[header.width :]):
                self.error(f"has {len(cells)} filled cells where the header has "
                           f"{header.width}", line)  # fmt: skip
                continue
            yield Row(cells[: header.width], header, line, self)
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


def _text(value: object) -> str:
    """A cell as an export writes it: dates in ISO, numbers as typed, None as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same double: what was typed
        return format(Decimal(repr(value)), "f")
    return str(value).strip()


def parse_day(text: str, *, field: str = "date") -> date:
    """A date, also as an API's timestamp (`2024-03-01T10:15:00Z`, the day part counts) or
    as Twinfield's `yyyymmdd`."""
    day, _, _ = text.strip().partition("T")
    if len(day) == 8 and day.isascii() and day.isdigit():
        day = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    if " " in day and len(day) > 10:  # `2024-03-01 00:00:00` from a spreadsheet
        day = day.split(" ", 1)[0]
    return parse_date(day, field=field)
