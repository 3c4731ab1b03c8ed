"""A list as a CSV or Excel file: the rows the list's filter finds, in its order, with
the column heads in the reader's language. In Excel an amount is a number and a day is
a date (openpyxl); in CSV an amount has a point and no thousands separator and a day is
ISO 8601, so any program reads them back alike."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from fastapi import Response
from fastapi.responses import StreamingResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DAY_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.00"
Cell = str | int | Decimal | date | bool | None


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


def format_of(text: str) -> Format | None:
    """The export asked for in the URL (`export`); None for the page itself."""
    if not text:
        return None
    try:
        return Format(text)
    except ValueError:
        raise InvalidValue("export", Refusal.ONE_OF, value=text, allowed="csv, xlsx") from None


@dataclass(frozen=True, slots=True)
class Sheet:
    """What an export holds: its file name (no extension), the column heads (msgids)
    and the rows, one value per column."""

    name: str
    heads: Sequence[str]
    rows: Iterable[Sequence[Cell]]


def exported(sheet: Sheet, fmt: Format, gettext: Callable[[str], str]) -> Response:
    heads = [gettext(h) for h in sheet.heads]
    filename = f"{sheet.name}.{fmt.value}"
    disposition = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
                   "Cache-Control": "private, no-store"}  # fmt: skip
    if fmt is Format.CSV:
        return StreamingResponse(_csv(heads, sheet.rows), media_type=CSV_TYPE,
                                 headers=disposition)  # fmt: skip
    return Response(_xlsx(sheet.name, heads, sheet.rows), media_type=XLSX_TYPE,
                    headers=disposition)  # fmt: skip


def _csv_value(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _csv(heads: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterable[str]:
    """Written a batch at a time: a large export is never held whole as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(heads)
    for n, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(v) for v in row])
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _xlsx(title: str, heads: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    book = Workbook(write_only=True)
    sheet: Any = book.create_sheet(title[:31])
    sheet.append(heads)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet: Any, value: Cell) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DAY_FORMAT
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = AMOUNT_FORMAT
        return cell
    return value
