"""Fixtures of the records' service tests: on the fake unit of work (tests/fakes.py);
the repositories' own contract is tests/adapters/db/test_contract_records.py."""

from __future__ import annotations

import pytest

from tests.fakes import FakeDatabase, FakeUnitOfWork
from tests.services.records.data import seed
from tijdig.domain.parties import Company


@pytest.fixture
def db() -> FakeDatabase:
    return FakeDatabase()


@pytest.fixture
def company(db: FakeDatabase) -> Company:
    return seed(db)


@pytest.fixture
def uow(db: FakeDatabase) -> FakeUnitOfWork:
    return db.uow()
