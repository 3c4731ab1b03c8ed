"""Our payments CSV and its Excel form: Dutch and English headings, values per row, every
bad row named by line and field."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from tijdig.adapters.importers import csv_payments, xlsx_payments
from tijdig.domain.books import HistoryPayment

DUTCH = """factuurnummer;betaaldatum;bedrag;omschrijving;klantnummer
2026-0001;03-10-2026;1.210,00;betalingskenmerk 1234;K1
2026-0002;2026-10-04;99,95;;K2
"""
ENGLISH = """invoice_number,payment_date,amount_paid,reference,currency
INV-7,2026-10-05,500.00,"first part, by transfer",USD
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_dutch_headings_read_every_value(tmp_path: Path) -> None:
    path = _write(tmp_path, "betalingen.csv", DUTCH)
    assert csv_payments.identify(path)
    result = csv_payments.extract(path)
    assert result.ok and result.lines == (2, 3)
    assert result.items == (
        HistoryPayment("2026-0001", date(2026, 10, 3), Decimal("1210.00"), "K1",
                       "betalingskenmerk 1234"),
        HistoryPayment("2026-0002", date(2026, 10, 4), Decimal("99.95"), "K2", None),
    )  # fmt: skip


def test_english_headings_and_another_currency(tmp_path: Path) -> None:
    result = csv_payments.extract(_write(tmp_path, "payments.csv", ENGLISH))
    assert result.items == (
        HistoryPayment("INV-7", date(2026, 10, 5), Decimal("500.00"), None,
                       "first part, by transfer", "USD"),
    )  # fmt: skip


def test_an_invoice_list_is_not_a_payments_file(tmp_path: Path) -> None:
    invoices = (
        "factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag\n1;K1;01-10-2026;31-10-2026;5\n"
    )
    assert not csv_payments.identify(_write(tmp_path, "facturen.csv", invoices))


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("2026-0003;31-02-2026;10,00;", "betaaldatum", "not a valid date"),
        ("2026-0003;01-10-2026;-10,00;", "bedrag", "more than zero"),
        ("2026-0003;01-10-2026;tien;", "bedrag", "tien"),
        (";01-10-2026;10,00;", "factuurnummer", "required"),
    ],
)
def test_a_bad_row_is_named_by_line_and_field(
    tmp_path: Path, row: str, field: str, words: str
) -> None:
    text = "factuurnummer;betaaldatum;bedrag;omschrijving\n2026-0001;03-10-2026;5,00;\n" + row
    result = csv_payments.extract(_write(tmp_path, "bad.csv", text + "\n"))
    [issue] = result.errors
    assert (issue.line, issue.field) == (3, field) and words in issue.message
    assert len(result.items) == 1


def test_the_same_columns_in_an_excel_workbook(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Factuurnummer", "Betaaldatum", "Bedrag", "Omschrijving"])
    sheet.append(["2026-0001", datetime(2026, 10, 3), 1210.5, "kenmerk"])
    sheet.append([20260002, date(2026, 10, 4), 99, None])
    sheet.append(["2026-0003", "geen datum", 5, None])
    path = tmp_path / "betalingen.xlsx"
    book.save(path)
    assert xlsx_payments.identify(path) and not csv_payments.identify(path)
    assert not xlsx_payments.identify(_write(tmp_path, "b.csv", DUTCH))
    result = xlsx_payments.extract(path)
    assert result.items == (
        HistoryPayment("2026-0001", date(2026, 10, 3), Decimal("1210.5"), None, "kenmerk"),
        HistoryPayment("20260002", date(2026, 10, 4), Decimal("99"), None, None),
    )
    assert result.lines == (2, 3)
    [issue] = result.errors
    assert (issue.line, issue.field) == (4, "Betaaldatum")
