"""What of a package export is booked as open items, and what is left to the history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tijdig.domain.books import BookEntry, HistoryPayment
from tijdig.domain.imports import ImportIssue, ImportResult, Severity
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.services.receivables.books import open_invoices, split_entries


def _invoice(
    number: str, total: str, open_: str, kind: InvoiceKind = InvoiceKind.INVOICE
) -> Invoice:
    issued = date(2026, 5, int(number[-1]) + 1)
    return Invoice(number, "K1", issued, date(2026, 6, 30), Decimal(total), kind,
                   open_amount=Decimal(open_))  # fmt: skip


ENTRIES: tuple[BookEntry, ...] = (
    _invoice("A1", "100", "100"),
    _invoice("A2", "80", "0"),
    HistoryPayment("A2", date(2026, 6, 3), Decimal("80")),
    _invoice("A3", "50", "20"),
    HistoryPayment("A3", date(2026, 6, 9), Decimal("30")),
    _invoice("C4", "10", "10", InvoiceKind.CREDIT_NOTE),
    _invoice("C5", "15", "0", InvoiceKind.CREDIT_NOTE),
)
NOTE = ImportIssue("x.csv", "1 booking skipped", severity=Severity.INFO)


def test_split_entries_keeps_the_order_of_each_kind() -> None:
    invoices, payments = split_entries(ENTRIES)
    assert [i.number for i in invoices] == ["A1", "A2", "A3", "C4", "C5"]
    assert [(p.invoice_number, p.amount) for p in payments] == [
        ("A2", Decimal("80")),
        ("A3", Decimal("30")),
    ]


def test_open_invoices_are_the_open_ones_with_their_lines_and_every_issue() -> None:
    result = ImportResult(ENTRIES, (NOTE,), (2, 3, 3, 4, 5, 6, 7))
    kept = open_invoices(result)
    assert [(i.number, i.outstanding) for i in kept.items] == [
        ("A1", Decimal("100")),
        ("A3", Decimal("20")),
        ("C4", Decimal("10")),
    ]
    assert kept.lines == (2, 4, 6) and kept.issues == (NOTE,)
    assert open_invoices(ImportResult(ENTRIES)).lines == ()  # no lines known: none given
