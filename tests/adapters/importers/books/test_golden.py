"""Each package's sample export (docs/samples/books), read row by row into book entries.

The expected values are written out from the sample rows, one tuple per entry:
invoices as (number, customer, issued, due, total, open, kind), payments as
(number, paid on, amount), each with the line of the file it came from.
"""

from __future__ import annotations

import runpy
from datetime import date
from decimal import Decimal
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
D = Decimal
INV, CN = "invoice", "credit_note"


def rows(result: ImportResult[BookEntry]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for i, entry in enumerate(result.items):
        if isinstance(entry, Invoice):
            out.append((result.line_of(i), entry.number, entry.customer_number,
                        entry.issue_date, entry.due_date, entry.total, entry.outstanding,
                        entry.kind.value))  # fmt: skip
        else:
            assert isinstance(entry, HistoryPayment)
            out.append((result.line_of(i), entry.invoice_number, entry.paid_on, entry.amount))
    return out


def test_exact_online_receivables_from_excel_split_parts_and_all() -> None:
    result = exact_online.extract(SAMPLES / "exact_online.xlsx")
    assert result.ok and not result.issues
    assert rows(result) == [
        (2, "26001", "K1001", date(2026, 3, 2), date(2026, 4, 1), D("1210"), D("1210"), INV),
        (3, "26002", "K1002", date(2026, 3, 9), date(2026, 3, 23), D("605"), D("0"), INV),
        (3, "26002", date(2026, 3, 30), D("605")),
        # two receivables of one invoice: 1000 paid on 6 May, 1420.50 still open
        (4, "26003", "K2001", date(2026, 4, 1), date(2026, 5, 1), D("2420.5"), D("1420.5"), INV),
        (4, "26003", date(2026, 5, 6), D("1000")),
        (6, "26004", "K1001", date(2026, 4, 15), date(2026, 4, 15), D("121"), D("121"), CN),
    ]
    invoice = result.items[0]
    assert isinstance(invoice, Invoice)
    assert (invoice.free_reference, invoice.description) == ("PO-4471", "Ruwbouw fase 2")


def test_twinfield_customer_transactions_payment_lines_and_match_date() -> None:
    result = twinfield.extract(SAMPLES / "twinfield.csv")
    assert result.ok and not result.issues
    assert rows(result) == [
        (2, "T-1001", "K1001", date(2026, 1, 5), date(2026, 2, 4), D("2420"), D("2420"), INV),
        (3, "T-1002", "K1003", date(2026, 1, 12), date(2026, 1, 26), D("363"), D("0"), INV),
        (7, "T-1002", date(2026, 2, 10), D("363")),  # the bank line, turned round
        (4, "T-1003", "K2001", date(2026, 1, 20), date(2026, 2, 19), D("1815"), D("815"), INV),
        (8, "T-1003", date(2026, 3, 3), D("1000")),
        (5, "T-1004", "K1001", date(2026, 1, 26), date(2026, 1, 26), D("242"), D("242"), CN),
        (6, "T-1005", "K1002", date(2026, 2, 2), date(2026, 2, 16), D("484"), D("0"), INV),
        (6, "T-1005", date(2026, 2, 20), D("484")),  # no bank line: its match date
    ]


def test_moneybird_sales_invoices_with_paid_at_and_a_partial_payment_warned() -> None:
    result = moneybird.extract(SAMPLES / "moneybird.csv")
    assert result.ok
    assert rows(result) == [
        (2, "2026-0001", "K1001", date(2026, 2, 2), date(2026, 3, 4), D("1452"), D("1452"), INV),
        (3, "2026-0002", "K1003", date(2026, 2, 9), date(2026, 2, 23), D("96.8"), D("0"), INV),
        (3, "2026-0002", date(2026, 3, 2), D("96.8")),  # paid_at 2026-03-02T09:14Z
        (
            4,
            "2026-0003",
            "K2001",
            date(2026, 2, 16),
            date(2026, 3, 18),
            D("3025"),
            D("2025"),
            INV,
        ),
        (
            5,
            "2026-0004",
            "K1001",
            date(2026, 2, 20),
            date(2026, 2, 20),
            D("145.2"),
            D("145.2"),
            CN,
        ),
    ]
    (warning,) = result.warnings
    assert (warning.line, warning.field) == (4, "paid_at")
    assert "1000.0 of 2026-0003 is paid" in warning.message


def test_eboekhouden_invoice_list_and_bookings() -> None:
    invoices = eboekhouden.extract(SAMPLES / "eboekhouden_facturen.csv", default_term_days=21)
    assert invoices.ok and not invoices.issues
    assert rows(invoices) == [
        (
            2,
            "F2026-101",
            "K1001",
            date(2026, 1, 12),
            date(2026, 2, 11),
            D("1210"),
            D("1210"),
            INV,
        ),
        (3, "F2026-102", "K1002", date(2026, 1, 19), date(2026, 2, 2), D("605"), D("0"), INV),
        (
            4,
            "F2026-103",
            "K2001",
            date(2026, 1, 26),
            date(2026, 2, 25),
            D("2420"),
            D("1420"),
            INV,
        ),
        # no Betalingstermijn: the default term (21 days here)
        (5, "F2026-104", "K1001", date(2026, 2, 2), date(2026, 2, 23), D("121"), D("121"), CN),
    ]
    payments = eboekhouden.extract(SAMPLES / "eboekhouden_mutaties.csv")
    assert rows(payments) == [
        (3, "F2026-102", date(2026, 2, 9), D("605")),
        (4, "F2026-103", date(2026, 3, 3), D("1000")),
    ]
    (note,) = payments.issues
    assert note.severity is Severity.INFO and "1 booking(s)" in note.message


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
