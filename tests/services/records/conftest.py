"""Fixtures of the records' service tests."""

from __future__ import annotations

import pytest

from tests.services.records.data import seed
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company


@pytest.fixture
def company(app: Tijdig) -> Company:
    return seed(app)


@pytest.fixture
def uow(app: Tijdig) -> SqlUnitOfWork:
    return SqlUnitOfWork(app.engine)
