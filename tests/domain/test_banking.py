"""Bank statements: a closing balance the file did not give is derived, and says so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tijdig.domain.banking import BankStatement, BankTransaction, with_derived_closing


def _statement(opening: str | None, closing: str | None, *amounts: str) -> BankStatement:
    lines = tuple(BankTransaction(date(2026, 3, 2), Decimal(a), "EUR") for a in amounts)
    pending = BankTransaction(date(2026, 3, 2), Decimal("999"), "EUR", booked=False)
    return BankStatement(
        "NL91ABNA0417164300", "EUR", "S1",
        None if opening is None else Decimal(opening),
        None if closing is None else Decimal(closing),
        date(2026, 3, 1), None, (*lines, pending),
    )  # fmt: skip


def test_no_closing_balance_is_the_opening_plus_the_booked_lines_marked_derived() -> None:
    derived = with_derived_closing(_statement("75000.00", None, "-1200.00", "25.50"))
    assert derived.closing_balance == Decimal("73825.50")  # the pending line does not count
    assert derived.closing_derived
    assert derived.reconciles


def test_a_closing_balance_from_the_file_is_kept_as_given() -> None:
    given = _statement("100", "90", "-5")
    assert with_derived_closing(given) == given
    assert not given.closing_derived and not given.reconciles


def test_without_an_opening_balance_nothing_is_derived() -> None:
    bare = _statement(None, None, "10")
    assert with_derived_closing(bare) == bare
    assert bare.closing_balance is None and not bare.closing_derived
