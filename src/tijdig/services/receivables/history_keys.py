"""The key of a line of payment history: what makes booking it idempotent.

A line's key hashes its invoice, day, amount, currency and reference with how many
identical lines came before it in its file: the same file again, or an export that
overlaps an earlier one, gives its lines the same keys (two equal payments of one day
stay two), and `allocations.history_key` holds each key once per company.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tijdig.domain.books import BookEntry, HistoryPayment
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice

Source = tuple[str, ImportResult[BookEntry]]  # a file's name and what its reader read


@dataclass(frozen=True, slots=True)
class Line:
    """A payment line with where it came from and its key."""

    file: str
    line: int | None
    payment: HistoryPayment
    key: str


def history_key(payment: HistoryPayment, occurrence: int) -> str:
    """The key of a history line: the n-th line (from 1) of a file with these values."""
    return _hashed(_line_text(payment), occurrence)


def _line_text(payment: HistoryPayment) -> str:
    return "|".join((
        payment.invoice_number.strip(),
        payment.paid_on.isoformat(),
        f"{payment.amount.normalize():f}",  # 100, 100.0 and 100.00 alike
        payment.currency,
        (payment.reference or "").strip(),
    ))  # fmt: skip


def _hashed(text: str, occurrence: int) -> str:
    return hashlib.sha256(f"{text}|{occurrence}".encode()).hexdigest()


def located(
    sources: Sequence[Source],
) -> tuple[list[tuple[str, int | None, Invoice]], list[Line]]:
    """The invoices and the payment lines of every source, with their file and line."""
    invoices: list[tuple[str, int | None, Invoice]] = []
    lines: list[Line] = []
    for name, result in sources:
        occurrences: Counter[str] = Counter()
        for index, entry in enumerate(result.items):
            line = result.line_of(index)
            if isinstance(entry, HistoryPayment):
                text = _line_text(entry)
                occurrences[text] += 1
                lines.append(Line(name, line, entry, _hashed(text, occurrences[text])))
            else:
                invoices.append((name, line, entry))
    return invoices, lines
