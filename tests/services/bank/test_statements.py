"""Booking statements: the owner's account, never twice, balances checked (on the fake
database, tests/fakes_bank.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.fakes_bank import FakeBankDatabase
from tijdig.domain.banking import (
    AccountBalance,
    BankStatement,
    BankTransaction,
    with_derived_closing,
)
from tijdig.domain.errors import ImportRefused
from tijdig.domain.imports import ImportResult
from tijdig.domain.parties import BankAccount, Company
from tijdig.services.bank.statements import (
    BankImportSummary,
    bank_accounts,
    dedup_keys,
    import_statements,
)
from tijdig.services.companies.companies import add_company

IBAN = "NL91ABNA0417164300"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ACTOR = "cli:tester"


def _tx(day: int, amount: str, ref: str | None = None, text: str = "") -> BankTransaction:
    return BankTransaction(date(2026, 11, day), Decimal(amount), "EUR", bank_reference=ref,
                           remittance=text)  # fmt: skip


def _statement(opening: str, closing: str, *txs: BankTransaction, day: int = 20) -> BankStatement:
    return BankStatement(IBAN, "EUR", f"S{day}", Decimal(opening), Decimal(closing),
                         date(2026, 11, day - 1), date(2026, 11, day), txs)  # fmt: skip


def _reader(*statements: BankStatement) -> Callable[[Path], ImportResult[BankStatement]]:
    return lambda _path: ImportResult(items=statements)


@pytest.fixture
def company(db: FakeBankDatabase) -> Company:
    acme = Company(code="ACME", name="Acme B.V.", bank_accounts=(BankAccount(IBAN),))
    return add_company(db.uow(), acme, validate=False, actor="test", at=datetime.now(UTC))


def _book(
    db: FakeBankDatabase, *statements: BankStatement, hint: Company | None = None
) -> BankImportSummary:
    return import_statements(db.uow(), [Path("day.xml")], read=_reader(*statements),
                             company_hint=hint, actor=ACTOR, at=NOW)  # fmt: skip


def test_a_statement_books_to_the_account_owner_once(
    db: FakeBankDatabase, company: Company
) -> None:
    statement = _statement("100", "350", _tx(20, "200", "A1"), _tx(20, "50", "A2"))
    first = _book(db, statement)
    assert (first.new, first.duplicates, first.companies) == (2, 0, {company.id})
    assert [(e.action, e.actor, e.company_id, e.customer_id, e.subject, e.details)
            for e in db.audit_entries if e.action != "company.add"] == [
        ("bank.import", ACTOR, company.id, None, "1 bank statement file(s)",
         "2 new line(s); day.xml")]  # fmt: skip
    before = db.snapshot()
    again = _book(db, statement)
    assert (again.new, again.duplicates) == (0, 2)
    assert db.snapshot() == before  # not a row, an id nor an audit entry more
    with db.uow() as uow:
        [account] = uow.bank.accounts(company.id or 0)
    assert (account.iban, account.last_statement, account.balance) == (
        IBAN, date(2026, 11, 20), Decimal("350.00"))  # fmt: skip


def test_a_statement_without_lines_is_stored_once(db: FakeBankDatabase, company: Company) -> None:
    """A quiet day's statement says the bank is current to that day: stored the first
    time, known again after (not a second statement, nor a second audit entry)."""
    quiet = _statement("350", "350", day=21)
    _book(db, quiet)
    before = db.snapshot()
    again = _book(db, quiet, quiet)
    assert (again.new, again.duplicates) == (0, 0)
    assert db.snapshot() == before
    _book(db, _statement("350", "350", day=22))  # the next quiet day is a new statement
    with db.uow() as uow:
        [account] = uow.bank.accounts(company.id or 0)
    assert account.last_statement == date(2026, 11, 22)


def test_an_overlapping_statement_books_only_what_is_new(
    db: FakeBankDatabase, company: Company
) -> None:
    _book(db, _statement("100", "350", _tx(20, "200", "A1"), _tx(20, "50", "A2")))
    later = _statement("100", "375", _tx(20, "200", "A1"), _tx(20, "50", "A2"),
                       _tx(21, "25", "A3"), day=21)  # fmt: skip
    summary = _book(db, later)
    assert (summary.new, summary.duplicates) == (1, 2)


def test_two_equal_payments_on_one_day_both_book() -> None:
    same = _tx(20, "10", None, "contant")
    first, second = dedup_keys(IBAN, [same, same])
    assert first != second
    assert dedup_keys(IBAN, [same, same]) == [first, second]


def test_a_gap_in_the_balances_and_a_statement_that_does_not_add_up_warn(
    db: FakeBankDatabase, company: Company
) -> None:
    _book(db, _statement("100", "300", _tx(20, "200", "A1")))
    summary = _book(db, _statement("999", "1000", _tx(22, "5", "B1"), day=22))
    messages = " ".join(w.message for w in summary.warnings)
    assert "does not follow the previous closing balance" in messages
    assert "does not give the closing balance" in messages
    assert summary.new == 1  # booked with warnings, not refused


def test_an_unknown_account_is_refused_unless_a_company_is_named(db: FakeBankDatabase) -> None:
    with pytest.raises(ImportRefused, match="belongs to no company"):
        _book(db, _statement("0", "10", _tx(20, "10", "X")))
    other = add_company(
        db.uow(),
        Company(code="BETA", name="Beta"),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    summary = _book(db, _statement("0", "10", _tx(20, "10", "X")), hint=other)
    assert summary.companies == {other.id}
    with db.uow() as uow:
        assert uow.bank.owner_of(IBAN) == other.id


def test_each_account_shows_its_last_statement(db: FakeBankDatabase, company: Company) -> None:
    _book(db, _statement("100", "300", _tx(20, "200", "A1")))
    _book(db, _statement("300", "310", _tx(21, "10", "A2"), day=21))
    assert bank_accounts(db.uow(), company) == [
        AccountBalance(IBAN, date(2026, 11, 21), Decimal("310.00"), "EUR")
    ]


def test_a_derived_closing_balance_is_stored_and_shown_as_derived(
    db: FakeBankDatabase, company: Company
) -> None:
    without = replace(_statement("100", "0", _tx(20, "200", "A1")), closing_balance=None)
    _book(db, with_derived_closing(without))
    assert bank_accounts(db.uow(), company) == [
        AccountBalance(IBAN, date(2026, 11, 20), Decimal("300.00"), "EUR", derived=True)
    ]
    _book(db, _statement("300", "310", _tx(21, "10", "A2"), day=21))
    [account] = bank_accounts(db.uow(), company)
    assert (account.balance, account.derived) == (Decimal("310.00"), False)
