"""Reading CSV exports: values, encodings, delimiters, headers and line numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tijdig.adapters.importers.csv_common import (
    Column,
    CsvFile,
    Schema,
    normalize,
    read_headings,
    sniff_delimiter,
)
from tijdig.adapters.importers.csv_values import parse_bool, parse_date, parse_money
from tijdig.domain.errors import InvalidValue
from tijdig.domain.imports import Severity
from tijdig.domain.money import parse_amount

SCHEMA = Schema(
    [
        Column("number", ("nummer",), required=True),
        Column("amount", ("bedrag",)),
        Column("note", ("opmerking",)),
    ]
)


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "x.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read(path: Path) -> tuple[list[tuple[int, str, str]], CsvFile]:
    source = CsvFile(path, SCHEMA)
    rows = [(r.line, r.text("number"), r.text("note")) for r in source.rows()]
    return rows, source


@pytest.mark.parametrize(
    ("heading", "expected"),
    [("Factuur Datum", "factuurdatum"), ("factuur_datum", "factuurdatum"),
     ("FACTUUR-DATUM", "factuurdatum"), (" E-mail ", "email"),
     ("bedrag incl. btw", "bedraginclbtw")],
)  # fmt: skip
def test_headings_compare_without_case_spaces_underscores_or_dashes(
    heading: str, expected: str
) -> None:
    assert normalize(heading) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("05-03-2025", date(2025, 3, 5)), ("5-3-2025", date(2025, 3, 5)),
     ("05/03/2025", date(2025, 3, 5)), ("2025-03-05", date(2025, 3, 5)),
     ("05.03.2025", date(2025, 3, 5)), (" 29-02-2024 ", date(2024, 2, 29))],
)  # fmt: skip
def test_dates_are_read_day_first_or_iso(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("31-02-2025", "not a valid date"), ("05-03-25", "two-digit year"),
     ("03/31/2025", "not a valid date"), ("2025/03/05", "not a date"),
     ("5 maart 2025", "not a date"), ("05-03/2025", "not a date"),
     ("01-01-0025", "unlikely year"), ("2025-03-05T10:00", "not a date")],
)  # fmt: skip
def test_ambiguous_or_invalid_dates_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ja", True), ("Nee", False), ("YES", True), ("no", False), ("true", True),
     ("False", False), ("1", True), ("0", False), ("j", True), ("n", False), ("y", True)],
)  # fmt: skip
def test_booleans_in_dutch_and_english(text: str, expected: bool) -> None:
    assert parse_bool(text) is expected


def test_an_unknown_boolean_is_refused() -> None:
    with pytest.raises(InvalidValue, match="not yes or no"):
        parse_bool("misschien")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.234,56", "1234.56"), ("1234.56", "1234.56"), ("-12,5", "-12.5"),
     ("€ 1.000,00", "1000.00"), ("1 234,00", "1234.00"), ("12", "12")],
)  # fmt: skip
def test_amounts_with_decimal_commas_and_thousands_separators(text: str, expected: str) -> None:
    assert parse_money(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["1.234", "1,234", "-2.000", "12,3456", "1e3", "1.2E+5", "twaalf", ""]
)
def test_amounts_that_are_ambiguous_or_not_amounts_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_money(text)


def dutch(amount: Decimal, *, thousands: bool) -> str:
    english = f"{amount:,.2f}" if thousands else f"{amount:.2f}"
    return english.translate(str.maketrans({",": ".", ".": ","}))


@given(
    amount=st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    thousands=st.booleans(),
)
def test_a_dutch_formatted_amount_reads_back_as_itself(amount: Decimal, thousands: bool) -> None:
    assert parse_amount(dutch(amount, thousands=thousands)) == amount
    assert parse_money(dutch(amount, thousands=thousands)) == amount


@pytest.mark.parametrize(
    ("line", "expected"),
    [("a;b;c\n", ";"), ("a,b,c\n", ","), ("a\tb\tc\n", "\t"), ("a;b,c\n", ";"), ("abc\n", ",")],
)
def test_the_delimiter_is_sniffed_from_the_header(line: str, expected: str) -> None:
    assert sniff_delimiter(line) == expected


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_rows_are_read_with_any_delimiter(tmp_path: Path, delimiter: str) -> None:
    text = delimiter.join(["nummer", "opmerking"]) + "\n" + delimiter.join(["1", "x"]) + "\n"
    rows, source = read(write(tmp_path, text))
    assert rows == [(2, "1", "x")]
    assert source.issues == []


def test_a_utf8_bom_does_not_end_up_in_the_first_heading(tmp_path: Path) -> None:
    rows, source = read(write(tmp_path, "\ufeffnummer;opmerking\n1;café\n"))
    assert rows == [(2, "1", "café")]
    assert source.issues == []


def test_a_cp1252_file_is_read_with_one_warning(tmp_path: Path) -> None:
    rows, source = read(write(tmp_path, "nummer;opmerking\n1;€ café\n", encoding="cp1252"))
    assert rows == [(2, "1", "€ café")]
    [warning] = source.issues
    assert warning.severity is Severity.WARNING
    assert "Windows-1252" in warning.message


def test_a_utf16_file_from_excel_is_read(tmp_path: Path) -> None:
    rows, source = read(write(tmp_path, "nummer\topmerking\n1\tcafé\n", encoding="utf-16"))
    assert rows == [(2, "1", "café")]
    assert source.issues == []


def test_line_numbers_are_physical_lines_even_with_multiline_fields(tmp_path: Path) -> None:
    text = 'nummer;opmerking\n1;"two\nlines"\n\n2;"three\r\nmore\nlines"\n3;x\n'
    rows, _ = read(write(tmp_path, text))
    assert [(line, number) for line, number, _ in rows] == [(2, "1"), (5, "2"), (8, "3")]


def test_excels_sep_line_sets_the_delimiter_and_counts_as_a_line(tmp_path: Path) -> None:
    rows, source = read(write(tmp_path, "sep=,\nnummer,opmerking\n1,a;b\n"))
    assert rows == [(3, "1", "a;b")]
    assert source.issues == []


def test_blank_lines_and_empty_rows_are_skipped(tmp_path: Path) -> None:
    rows, source = read(write(tmp_path, "\nnummer;opmerking\n;\n\n1;x\n"))
    assert rows == [(5, "1", "x")]
    assert source.issues == []


def test_unknown_columns_give_one_warning(tmp_path: Path) -> None:
    rows, source = read(write(tmp_path, "nummer;kleur;maat\n1;rood;L\n2;blauw;M\n"))
    assert len(rows) == 2
    [warning] = source.issues
    assert (warning.line, warning.severity) == (1, Severity.WARNING)
    assert "kleur, maat" in warning.message


def test_a_missing_required_column_stops_the_file(tmp_path: Path) -> None:
    rows, source = read(write(tmp_path, "bedrag;opmerking\n1;x\n"))
    assert rows == []
    [error] = source.issues
    assert (error.line, error.field, error.is_error) == (1, "number", True)


def test_two_headings_for_one_column_is_an_error(tmp_path: Path) -> None:
    _, source = read(write(tmp_path, "nummer;number\n1;1\n"))
    [error] = source.issues
    assert (error.line, error.field) == (1, "number")
    assert "both mean number" in error.message


def test_a_row_with_too_many_fields_is_an_error_and_reading_goes_on(tmp_path: Path) -> None:
    rows, source = read(write(tmp_path, "nummer,bedrag\n1,12,50\n2,3.00\n1\n"))
    assert rows == [(3, "2", "")]
    assert [(i.line, i.is_error) for i in source.issues] == [(2, True), (4, True)]
    assert "3 fields where the header has 2" in source.issues[0].message


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    rows, source = read(write(tmp_path, "\n\n"))
    assert rows == []
    assert [i.message for i in source.issues] == ["the file is empty; it needs a header line"]


def test_a_missing_file_is_an_error_not_an_exception(tmp_path: Path) -> None:
    rows, source = read(tmp_path / "absent.csv")
    assert rows == []
    assert "cannot read the file" in source.issues[0].message


def test_cells_record_every_problem_with_the_heading_as_written(tmp_path: Path) -> None:
    source = CsvFile(write(tmp_path, "Nummer;Bedrag\n;12,5\n2;twaalf\n"), SCHEMA)
    results = [(r.required_text("number"), r.amount("amount"), r.ok) for r in source.rows()]
    assert results == [("", Decimal("12.5"), False), ("2", None, False)]
    assert [(i.line, i.field) for i in source.issues] == [(2, "Nummer"), (3, "Bedrag")]


def test_headings_are_read_cheaply_for_identify(tmp_path: Path) -> None:
    assert read_headings(write(tmp_path, "\ufeffa;b;c\n1;2;3\n")) == ["a", "b", "c"]
    assert read_headings(write(tmp_path, "\x00\x01binary", name="b.bin")) == []
    assert read_headings(tmp_path / "absent.csv") == []


@pytest.mark.parametrize("module", ["csv_customers", "csv_invoices"])
def test_no_alias_means_two_columns(module: str) -> None:
    import importlib

    schema = importlib.import_module(f"tijdig.adapters.importers.{module}").SCHEMA
    keys = [k for c in schema.columns for k in {normalize(a) for a in (c.name, *c.aliases)}]
    assert len(keys) == len(set(keys))
