"""Fixtures of the bank service tests: on the fake unit of work (tests/fakes_bank.py),
but for test_end_to_end.py, which books real statement files and claims on a real
database; the repositories' contract is tests/adapters/db/test_contract_bank.py."""

from __future__ import annotations

import pytest

from tests.fakes_bank import FakeBankDatabase
from tests.services.bank.bank_data import Book, booking


@pytest.fixture
def db() -> FakeBankDatabase:
    return FakeBankDatabase()


@pytest.fixture(params=["in one go", "stored, then matched"])
def book(request: pytest.FixtureRequest) -> Book:
    """Books a statement of the transactions both ways: `import_and_match` (what the
    command does) and `import_statements` followed by `match_new`; they must agree."""
    return booking(request.param == "in one go")
