"""A reminder to a customer with 94 overdue invoices names a few of them in its subject,
then how many more, in the customer's language (issue 15)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tests.adapters.render.test_messages import INVOICE, context, customer, render
from tijdig.adapters.render.formatting import Formats
from tijdig.domain.invoices import Invoice

MANY = tuple(
    replace(INVOICE, number=f"2026-{n:03d}", payment_reference=None,
            issue_date=date(2025, 11, 1) + timedelta(days=n // 2),
            due_date=date(2025, 12, 1) + timedelta(days=n // 2))
    for n in range(1, 95)
)  # fmt: skip


def _message(language: str, invoices: tuple[Invoice, ...], template: str = "reminder") -> str:
    ctx = context(template, language=language, invoices=invoices)
    pdfs = {i.number: b"%PDF-1.4 stored copy" for i in invoices}  # no 94 PDFs drawn up
    return render(replace(ctx, customer=customer(language), invoice_pdfs=pdfs)).subject


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("nl", "Herinnering: facturen 2026-001, 2026-002 en nog 92"),
        ("en", "Reminder: invoices 2026-001, 2026-002 and 92 more"),
        ("fr", "Rappel : factures 2026-001, 2026-002 et 92 autres"),
    ],
)
def test_a_reminder_for_94_invoices_names_two_and_counts_the_rest(
    language: str, subject: str
) -> None:
    assert _message(language, MANY) == subject


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_the_notice_of_default_counts_the_covered_invoices_alike(language: str) -> None:
    subject = _message(language, MANY, "notice_of_default")
    capped = ("en nog 92", "and 92 more", "et 92 autres")
    assert subject.endswith(tuple(f"2026-001, 2026-002 {more}" for more in capped))
    assert "2026-003" not in subject


@pytest.mark.parametrize(
    ("count", "subject"),
    [
        (1, "Herinnering: factuur 2026-001"),
        (3, "Herinnering: facturen 2026-001, 2026-002 en 2026-003"),
        (4, "Herinnering: facturen 2026-001, 2026-002 en nog 2"),
    ],
)
def test_up_to_three_numbers_are_all_named(count: int, subject: str) -> None:
    assert _message("nl", MANY[:count]) == subject


def test_the_count_is_written_in_the_reader_s_locale() -> None:
    numbers = [f"N{n}" for n in range(1236)]
    assert Formats("nl_NL", conjunction="en").join_capped(numbers, more="nog {count}") == (
        "N0, N1 en nog 1.234"
    )
    assert Formats("en_GB", conjunction="and").join_capped(numbers, more="{count} more") == (
        "N0, N1 and 1,234 more"
    )
