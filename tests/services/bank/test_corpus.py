"""Every statement file of the corpus (../shared/corpus: MT940 and CAMT.053 from many
banks) booked on the fake database through the real readers: every booked line stored
once and decided, the same file again books nothing, the broken file books nothing at
all. test_end_to_end.py books one file of each format on a real database."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.fakes_bank import BankTables, FakeBankDatabase
from tests.services.bank.bank_data import ACTOR, NOW, seed
from tijdig.adapters.importers import bank
from tijdig.domain.errors import ImportRefused
from tijdig.services.bank.matching import import_and_match

BROKEN = "mt940/zilverline_knab_invalid.txt"
STATEMENT_FILES = sorted(
    f"{folder}/{p.name}"
    for folder in ("mt940", "camt053")
    for p in (CORPUS / folder).glob("*")
    if p.is_file() and f"{folder}/{p.name}" != BROKEN
) or ["(corpus absent)"]


def _booked(db: FakeBankDatabase) -> object:
    """What booking writes: lines, payments, open amounts, accounts learned, tasks."""
    t = db.tables
    assert isinstance(t, BankTables)
    return copy.deepcopy((t.lines, t.bank_payments, t.payments, t.invoices, t.customer_ibans,
                          t.tasks))  # fmt: skip


@pytest.mark.parametrize("name", STATEMENT_FILES)
def test_every_corpus_statement_books_once(corpus: Path, db: FakeBankDatabase, name: str) -> None:
    company = seed(db)
    path = corpus / name
    statements = bank.extract(path).items
    summary, results = import_and_match(db.uow(), [path], read=bank.extract,
                                         company_hint=company, actor=ACTOR, at=NOW)  # fmt: skip
    assert summary.statements == len(statements)
    assert summary.companies == ({company.id} if statements else set())
    assert isinstance(db.tables, BankTables)
    lines = db.tables.lines.values()
    assert len(lines) == summary.new
    assert summary.new + summary.duplicates <= sum(len(s.transactions) for s in statements)
    assert "new" not in {line.status.value for line in lines}  # every line decided
    decided = sum(r.matched + r.review + r.reopened + r.ignored for r in results)
    assert decided == summary.new - summary.debits
    before = _booked(db)
    again, _ = import_and_match(db.uow(), [path], read=bank.extract, company_hint=company,
                                actor=ACTOR, at=NOW)  # fmt: skip
    assert again.new == 0 and again.duplicates == summary.new + summary.duplicates
    assert _booked(db) == before


def test_a_broken_statement_file_books_nothing(corpus: Path, db: FakeBankDatabase) -> None:
    company = seed(db)
    good = corpus / "mt940" / "oca_test-ing.940"
    before = copy.deepcopy(db.tables)
    with pytest.raises(ImportRefused):
        import_and_match(db.uow(), [good, corpus / BROKEN], read=bank.extract,
                         company_hint=company, actor=ACTOR, at=NOW)  # fmt: skip
    assert db.tables == before
