"""Bad package exports: every problem names the file, line and field; a bad row is no entry."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tijdig.adapters.importers.books import (
    eboekhouden,
    exact_online,
    moneybird,
    registry,
    twinfield,
)
from tijdig.domain.books import BookEntry, HistoryPayment
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice

MONEYBIRD = """invoice_id,customer_id,invoice_date,due_date,total_price_incl_tax,total_paid,\
total_unpaid,paid_at
A-1,K1,2026-05-04,2026-06-03,121.00,0.00,121.00,
A-2,K2,2026-05-31,2026-06-30,60.50,60.50,0.00,2026-06-10
"""
TWINFIELD = """Boekdatum;Debiteur;Bedrag;Openstaand bedrag;Factuurnummer;Vervaldatum;Betaalstatus
07-09-2026;K1;100,00;100,00;V-1;07-10-2026;available
08-09-2026;K2;50,00;0,00;V-2;08-10-2026;matched
"""
EBOEKHOUDEN = """Factuurnummer;Relatiecode;Datum;Betalingstermijn;TotaalInclBTW;TotaalOpenstaand
E-1;K1;03-11-2026;14;242,00;242,00
E-2;K2;04-11-2026;14;100,00;0,00
"""
EXACT = """AccountCode;InvoiceNumber;InvoiceDate;DueDate;TransactionAmountDC;AmountDC;IsFullyPaid
K1;1;02-02-2026;04-03-2026;500,00;500,00;false
K2;2;03-02-2026;05-03-2026;80,00;80,00;true
"""
CASES = {
    "moneybird": (moneybird.extract, MONEYBIRD, ",", "invoice_date", "total_price_incl_tax"),
    "twinfield": (twinfield.extract, TWINFIELD, ";", "Boekdatum", "Bedrag"),
    "e-boekhouden": (eboekhouden.extract, EBOEKHOUDEN, ";", "Datum", "TotaalInclBTW"),
    "exact-online": (exact_online.extract, EXACT, ";", "InvoiceDate", "TransactionAmountDC"),
}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _set(text: str, sep: str, column: str, line: int, value: str) -> str:
    """The text with the cell of `column` on (physical) `line` replaced by `value`."""
    lines = text.splitlines()
    position = lines[0].split(sep).index(column)
    cells = lines[line - 1].split(sep)
    cells[position] = value
    lines[line - 1] = sep.join(cells)
    return "\n".join(lines) + "\n"


def _numbers(result: ImportResult[BookEntry]) -> set[str]:
    return {e.number if isinstance(e, Invoice) else e.invoice_number for e in result.items}


@pytest.mark.parametrize("name", CASES)
def test_the_clean_file_reads_both_rows(name: str, tmp_path: Path) -> None:
    extract, text, *_ = CASES[name]
    result = extract(_write(tmp_path, text))
    assert result.ok, result.issues
    assert len(_numbers(result)) == 2


@pytest.mark.parametrize("name", CASES)
def test_a_bad_date_names_file_line_and_field_and_drops_the_row(name: str, tmp_path: Path) -> None:
    extract, text, sep, date_column, _ = CASES[name]
    path = _write(tmp_path, _set(text, sep, date_column, 3, "31-02-2026"))
    result = extract(path)
    (error,) = result.errors
    assert (error.file, error.line, error.field) == (str(path), 3, date_column)
    assert "31-02-2026" in error.message
    assert len(_numbers(result)) == 1  # the other row is read; the bad one is no entry


@pytest.mark.parametrize("name", CASES)
def test_a_bad_amount_names_file_line_and_field(name: str, tmp_path: Path) -> None:
    extract, text, sep, _, amount_column = CASES[name]
    path = _write(tmp_path, _set(text, sep, amount_column, 2, "1x2.50"))
    result = extract(path)
    (error,) = result.errors
    assert (error.file, error.line, error.field) == (str(path), 2, amount_column)
    assert "1x2.50" in error.message and len(_numbers(result)) == 1


@pytest.mark.parametrize("name", CASES)
def test_a_missing_column_is_named_and_nothing_is_read(name: str, tmp_path: Path) -> None:
    _, text, sep, date_column, _ = CASES[name]
    header, *body = text.splitlines()
    position = header.split(sep).index(date_column)
    dropped = [sep.join(c for i, c in enumerate(line.split(sep)) if i != position)
               for line in (header, *body)]  # fmt: skip
    path = _write(tmp_path, "\n".join(dropped) + "\n")
    result = registry.read(path, name)
    assert not result.items and not result.ok
    (error,) = result.errors
    assert error.file == str(path) and error.line == 1
    assert "required column missing" in error.message


def test_exact_online_needs_one_of_its_amount_columns(tmp_path: Path) -> None:
    text = EXACT.replace(";AmountDC", ";Other").replace(";500,00;false", ";x;false")
    path = _write(tmp_path, text.replace(";80,00;true", ";y;true"))
    result = exact_online.extract(path)
    assert {(e.line, e.field) for e in result.errors} == {(2, "amount_fc"), (3, "amount_fc")}
    assert all("AmountFC or AmountDC" in e.message for e in result.errors)


def test_an_open_amount_above_the_total_or_of_the_other_sign_is_refused(
    tmp_path: Path,
) -> None:
    text = _set(_set(MONEYBIRD, ",", "total_unpaid", 2, "150.00"), ",", "total_paid", 2, "-29.00")
    text = _set(text, ",", "total_price_incl_tax", 3, "-60.50")
    text = _set(_set(text, ",", "total_paid", 3, "-120.50"), ",", "total_unpaid", 3, "60.00")
    path = _write(tmp_path, text)
    result = moneybird.extract(path)
    assert [(e.line, e.field) for e in result.errors] == [(2, "total_unpaid"), (3, "total_unpaid")]
    assert not result.items


def test_a_number_twice_names_both_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, EBOEKHOUDEN.replace("E-2;", "E-1;"))
    (error,) = eboekhouden.extract(path).errors
    assert (error.line, error.field) == (3, "Factuurnummer") and "lines 2 and 3" in error.message


def test_format_names_the_reader_and_an_unknown_name_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, MONEYBIRD)
    assert registry.read(path, "moneybird").ok
    wrong = registry.read(path, "twinfield")
    assert not wrong.items and any("required column missing" in e.message for e in wrong.errors)
    (unknown,) = registry.read(path, "snelstart").errors
    assert "'snelstart' is not a known format" in unknown.message


cents = st.integers(min_value=1, max_value=10**9).map(lambda c: Decimal(c).scaleb(-2))


@settings(max_examples=40, deadline=None)
@given(totals=st.lists(st.tuples(cents, st.integers(0, 100)), min_size=1, max_size=8))
def test_excel_amounts_read_back_to_the_cent_and_paid_plus_open_is_the_total(
    tmp_path_factory: pytest.TempPathFactory, totals: list[tuple[Decimal, int]]
) -> None:
    """Amounts typed in Excel are doubles; each reads back as the amount typed, and the
    paid part and the open part of an invoice add up to its total."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(("InvoiceNumber", "AccountCode", "InvoiceDate", "DueDate",
                  "TransactionAmountFC", "AmountFC", "IsFullyPaid", "LastPaymentDate"))  # fmt: skip
    expected: dict[str, tuple[Decimal, Decimal]] = {}
    for n, (total, percent) in enumerate(totals):
        paid = (total * percent / 100).quantize(Decimal("0.01"))
        number = f"{n + 1}"
        expected[number] = (total, total - paid)
        if paid:
            sheet.append((number, "K1", "2026-01-05", "2026-02-04", float(total), float(paid),
                          True, "2026-02-01"))  # fmt: skip
        if total - paid:
            sheet.append((number, "K1", "2026-01-05", "2026-02-04", float(total),
                          float(total - paid), False, None))  # fmt: skip
    path = tmp_path_factory.mktemp("x") / "receivables.xlsx"
    book.save(path)
    result = exact_online.extract(path)
    assert result.ok, result.issues
    invoices = {e.number: e for e in result.items if isinstance(e, Invoice)}
    paid_sum: dict[str, Decimal] = {}
    for entry in result.items:
        if isinstance(entry, HistoryPayment):
            paid_sum[entry.invoice_number] = entry.amount
    for number, (total, open_) in expected.items():
        assert (invoices[number].total, invoices[number].outstanding) == (total, open_)
        assert paid_sum.get(number, Decimal(0)) + open_ == total


def _workbook(path: Path, rows: dict[int, tuple[object, ...]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for number, values in rows.items():
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    book.save(path)
    return path


def test_an_excel_error_names_the_sheet_row_even_below_blank_rows(tmp_path: Path) -> None:
    header = ("InvoiceNumber", "AccountCode", "InvoiceDate", "DueDate", "AmountDC",
              "TransactionAmountDC", "IsFullyPaid")  # fmt: skip
    path = _workbook(tmp_path / "export.bin", {
        3: header,
        4: (7001, "K1", "2026-06-01", "2026-07-01", 50.0, 50.0, False),
        6: (7002, "K2", "2026-06-31", "2026-07-01", 20.0, 20.0, False),
    })  # fmt: skip
    assert registry.recognise(path) is not None  # by its content, not the name `.bin`
    result = exact_online.extract(path)
    (error,) = result.errors
    assert (error.line, error.field) == (6, "InvoiceDate") and "2026-06-31" in error.message
    (invoice,) = result.items
    assert isinstance(invoice, Invoice) and invoice.number == "7001"  # 7001.0 in the sheet


def test_a_workbook_that_unpacks_far_beyond_the_limit_is_refused_unread(tmp_path: Path) -> None:
    header = ("InvoiceNumber", "AccountCode", "InvoiceDate", "DueDate", "AmountDC",
              "TransactionAmountDC", "IsFullyPaid", "Description")  # fmt: skip
    rows = {n: (n, "K1", "2026-06-01", "2026-07-01", 5.0, 5.0, False, "x" * 30_000)
            for n in range(2, 102)}  # fmt: skip
    path = _workbook(tmp_path / "bomb.xlsx", {1: header, **rows})
    size = path.stat().st_size
    assert size < 100_000  # small on disk
    result = exact_online.extract(path, max_bytes=size + 1)
    (error,) = result.errors
    assert "unpacks to" in error.message and not result.items
    assert len(exact_online.extract(path, max_bytes=1_000_000).items) == 100  # within 20 times
