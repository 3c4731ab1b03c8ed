"""Fixtures of the direct-debit service tests: on the fake unit of work
(tests/fakes_direct_debit.py), but for test_end_to_end.py, which runs on a real
database; the repositories' contract is tests/adapters/db/test_contract_direct_debit.py."""

from __future__ import annotations

import pytest

from tests.fakes import FakeMailer
from tests.fakes_direct_debit import FakeDirectDebitDatabase
from tests.services.direct_debit.sepa_data import seed
from tijdig.domain.parties import Company


@pytest.fixture
def db() -> FakeDirectDebitDatabase:
    return FakeDirectDebitDatabase()


@pytest.fixture
def company(db: FakeDirectDebitDatabase) -> Company:
    return seed(db)


@pytest.fixture
def mailer() -> FakeMailer:
    """Takes every notice `hand_to` sends; script refusals with `FakeMailer(error)`."""
    return FakeMailer()
