"""Write docs/samples/books/exact_online.xlsx, the Exact Online sample, from the rows below.

The workbook is generated so that it can be reviewed and remade: `python
scripts/books_samples.py`. The columns are the fields of Exact Online's
`cashflow/Receivables` (docs/formats.md, "Accounting packages"); invoice 26003 is split
in two receivables, a paid part and an open one, as Exact does for a partial payment.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

TARGET = Path(__file__).resolve().parents[1] / "docs" / "samples" / "books" / "exact_online.xlsx"
HEADER = (
    "AccountCode", "AccountName", "InvoiceNumber", "InvoiceDate", "DueDate",
    "TransactionAmountFC", "AmountFC", "IsFullyPaid", "Status", "LastPaymentDate",
    "Currency", "YourRef", "Description",
)  # fmt: skip
ROWS = (
    ("K1001", "Bouwbedrijf Van Dijk B.V.", 26001, date(2026, 3, 2), date(2026, 4, 1),
     1210.0, 1210.0, False, 20, None, "EUR", "PO-4471", "Ruwbouw fase 2"),
    ("K1002", "Van Dijk Installatietechniek B.V.", 26002, date(2026, 3, 9),
     date(2026, 3, 23), 605.0, 605.0, True, 50, date(2026, 3, 30), "EUR", None,
     "Onderhoud maart"),
    ("K2001", "Brouwerij De Zwaan BV", 26003, date(2026, 4, 1), date(2026, 5, 1),
     2420.5, 1000.0, True, 50, date(2026, 5, 6), "EUR", None, "Levering april"),
    ("K2001", "Brouwerij De Zwaan BV", 26003, date(2026, 4, 1), date(2026, 5, 1),
     2420.5, 1420.5, False, 20, None, "EUR", None, "Levering april"),
    ("K1001", "Bouwbedrijf Van Dijk B.V.", 26004, date(2026, 4, 15),
     date(2026, 4, 15), -121.0, -121.0, False, 20, None, "EUR", None, "Creditnota"),
)  # fmt: skip


def write(target: Path = TARGET) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Receivables"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    for cell in sheet["D"][1:] + sheet["E"][1:] + sheet["J"][1:]:
        cell.number_format = "dd-mm-yyyy"
    book.save(target)
    return target


if __name__ == "__main__":
    print(write())
