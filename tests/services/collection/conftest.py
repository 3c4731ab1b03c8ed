"""Fixtures of the collection service tests: the run, review and send tests run on the
fakes (tests/fakes_collection.py, the wholesaler of data.py), as does test_delivery.py
with its own queue. test_delivery_end_to_end.py and test_messages.py run end to end on a
real database (they read claims and payments back through the SQL loader, the bank's
matching and read models); that the loader reads back the claims a message recorded is
tests/adapters/db/test_claims_sent_and_read.py. The repositories' contract is
tests/adapters/db/test_contract_collection.py."""

from __future__ import annotations

import pytest

from tests.fakes_collection import FakeCollectionDatabase
from tests.services.collection.data import seed
from tijdig.domain.parties import Company


@pytest.fixture
def db() -> FakeCollectionDatabase:
    return FakeCollectionDatabase()


@pytest.fixture
def company(db: FakeCollectionDatabase) -> Company:
    return seed(db)
