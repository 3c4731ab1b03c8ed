"""Each package's sample export (docs/samples/books), read row by row into book entries.

The expected values are written out from the sample rows, one a line of the table GOLDEN:
invoices as (number, customer, issued, due, total, open) (`inv`, or `cn` for a credit
note), payments as (number, paid on, amount) (`pay`), each with the line of the file it
came from.
"""

from __future__ import annotations

import runpy
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest

from tijdig.adapters.importers.books import (
    eboekhouden,
    exact_online,
    moneybird,
    registry,
    twinfield,
)
from tijdig.domain.books import BookEntry, HistoryPayment
from tijdig.domain.imports import ImportResult, Severity
from tijdig.domain.invoices import Invoice

SAMPLES = Path(__file__).resolve().parents[4] / "docs" / "samples" / "books"
Row = tuple[object, ...]


def inv(line: int, number: str, customer: str, issued: str, due: str, total: str, open_: str,
        kind: str = "invoice") -> Row:  # fmt: skip
    """An invoice row as `rows` gives it, written with ISO dates and amounts as text."""
    return (line, number, customer, date.fromisoformat(issued), date.fromisoformat(due),
            Decimal(total), Decimal(open_), kind)  # fmt: skip


def cn(line: int, number: str, customer: str, issued: str, due: str, total: str, open_: str) -> Row:
    return inv(line, number, customer, issued, due, total, open_, "credit_note")


def pay(line: int, number: str, paid_on: str, amount: str) -> Row:
    return (line, number, date.fromisoformat(paid_on), Decimal(amount))


def rows(result: ImportResult[BookEntry]) -> list[Row]:
    out: list[Row] = []
    for i, entry in enumerate(result.items):
        if isinstance(entry, Invoice):
            out.append((result.line_of(i), entry.number, entry.customer_number,
                        entry.issue_date, entry.due_date, entry.total, entry.outstanding,
                        entry.kind.value))  # fmt: skip
        else:
            assert isinstance(entry, HistoryPayment)
            out.append((result.line_of(i), entry.invoice_number, entry.paid_on, entry.amount))
    return out


# Each sample: how it is read, the rows it gives, and its issues as (severity, line, field,
# a piece of the message); a sample with no issue listed must have none.
GOLDEN: list[tuple[str, Callable[[Path], ImportResult[BookEntry]], list[Row], list[Row]]] = [
    ("exact_online.xlsx", exact_online.extract, [
        inv(2, "26001", "K1001", "2026-03-02", "2026-04-01", "1210", "1210"),
        inv(3, "26002", "K1002", "2026-03-09", "2026-03-23", "605", "0"),
        pay(3, "26002", "2026-03-30", "605"),
        # two receivables of one invoice: 1000 paid on 6 May, 1420.50 still open
        inv(4, "26003", "K2001", "2026-04-01", "2026-05-01", "2420.5", "1420.5"),
        pay(4, "26003", "2026-05-06", "1000"),
        cn(6, "26004", "K1001", "2026-04-15", "2026-04-15", "121", "121"),
    ], []),
    ("twinfield.csv", twinfield.extract, [
        inv(2, "T-1001", "K1001", "2026-01-05", "2026-02-04", "2420", "2420"),
        inv(3, "T-1002", "K1003", "2026-01-12", "2026-01-26", "363", "0"),
        pay(7, "T-1002", "2026-02-10", "363"),  # the bank line, turned round
        inv(4, "T-1003", "K2001", "2026-01-20", "2026-02-19", "1815", "815"),
        pay(8, "T-1003", "2026-03-03", "1000"),
        cn(5, "T-1004", "K1001", "2026-01-26", "2026-01-26", "242", "242"),
        inv(6, "T-1005", "K1002", "2026-02-02", "2026-02-16", "484", "0"),
        pay(6, "T-1005", "2026-02-20", "484"),  # no bank line: its match date
    ], []),
    ("moneybird.csv", moneybird.extract, [
        inv(2, "2026-0001", "K1001", "2026-02-02", "2026-03-04", "1452", "1452"),
        inv(3, "2026-0002", "K1003", "2026-02-09", "2026-02-23", "96.8", "0"),
        pay(3, "2026-0002", "2026-03-02", "96.8"),  # paid_at 2026-03-02T09:14Z
        # a partial payment without a date: warned, not recorded
        inv(4, "2026-0003", "K2001", "2026-02-16", "2026-03-18", "3025", "2025"),
        cn(5, "2026-0004", "K1001", "2026-02-20", "2026-02-20", "145.2", "145.2"),
    ], [(Severity.WARNING, 4, "paid_at", "1000.0 of 2026-0003 is paid")]),
    ("eboekhouden_facturen.csv", partial(eboekhouden.extract, default_term_days=21), [
        inv(2, "F2026-101", "K1001", "2026-01-12", "2026-02-11", "1210", "1210"),
        inv(3, "F2026-102", "K1002", "2026-01-19", "2026-02-02", "605", "0"),
        inv(4, "F2026-103", "K2001", "2026-01-26", "2026-02-25", "2420", "1420"),
        # no Betalingstermijn: the default term (21 days here)
        cn(5, "F2026-104", "K1001", "2026-02-02", "2026-02-23", "121", "121"),
    ], []),
    ("eboekhouden_mutaties.csv", eboekhouden.extract, [
        pay(3, "F2026-102", "2026-02-09", "605"),
        pay(4, "F2026-103", "2026-03-03", "1000"),
    ], [(Severity.INFO, None, None, "1 booking(s)")]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "read", "expected", "issues"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_each_sample_is_read_into_the_rows_written_out(
    name: str,
    read: Callable[[Path], ImportResult[BookEntry]],
    expected: list[Row],
    issues: list[Row],
) -> None:
    result = read(SAMPLES / name)
    assert result.ok
    assert rows(result) == expected
    found = [(i.severity, i.line, i.field) for i in result.issues]
    assert found == [issue[:3] for issue in issues]
    for issue, wanted in zip(result.issues, issues, strict=True):
        assert str(wanted[3]) in issue.message


def test_exact_online_keeps_the_reference_and_description() -> None:
    invoice = exact_online.extract(SAMPLES / "exact_online.xlsx").items[0]
    assert isinstance(invoice, Invoice)
    assert (invoice.free_reference, invoice.description) == ("PO-4471", "Ruwbouw fase 2")


@pytest.mark.parametrize(
    ("name", "package"),
    [
        ("exact_online.xlsx", "exact-online"),
        ("twinfield.csv", "twinfield"),
        ("moneybird.csv", "moneybird"),
        ("eboekhouden_facturen.csv", "e-boekhouden"),
        ("eboekhouden_mutaties.csv", "e-boekhouden"),
    ],
)
def test_every_sample_is_recognised_from_its_columns_whatever_its_name(
    name: str, package: str, tmp_path: Path
) -> None:
    renamed = tmp_path / "export.dat"
    renamed.write_bytes((SAMPLES / name).read_bytes())
    found = registry.recognise(renamed)
    assert found is not None and found.name == package
    assert registry.read(renamed).items == registry.read(SAMPLES / name, package).items


def test_tijdigs_own_files_are_no_package_export() -> None:
    own = SAMPLES.parent
    for name in ("invoices.csv", "customers.csv", "agency_status.csv"):
        assert registry.recognise(own / name) is None
        (issue,) = registry.read(own / name).issues
        assert "not an export of a known accounting package" in issue.message


def test_the_exact_online_sample_is_what_its_script_makes(tmp_path: Path) -> None:
    """docs/samples/books/exact_online.xlsx holds the rows of scripts/books_samples.py."""
    script = runpy.run_path(str(SAMPLES.parents[2] / "scripts" / "books_samples.py"))
    made = script["write"](tmp_path / "made.xlsx")
    assert rows(exact_online.extract(made)) == rows(
        exact_online.extract(SAMPLES / "exact_online.xlsx")
    )
