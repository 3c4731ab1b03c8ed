"""The demo wholesaler on Tuesday 24 November 2026, for the run, review and send tests."""

from __future__ import annotations

from datetime import date

import pytest

from tijdig.adapters.demo.loader import load_demo
from tijdig.adapters.demo.spec import DemoSpec
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company

DEMO_DAY = date(2026, 11, 24)


@pytest.fixture
def company(app: Tijdig) -> Company:
    loaded = load_demo(app.engine, DemoSpec(as_of=DEMO_DAY, customers=40, invoices=600))
    with app.uow() as uow:
        found = uow.companies.by_id(loaded.company_id)
    assert found is not None
    return found
