"""Imported payment history on the customer page (issue 16): the behaviour chart, the
trend and the figures come from the books on the first day, before any reminder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from tests.entrypoints.web.app_pool import web_app
from tests.services.receivables.history_sample import CUSTOMERS, LATE, PUNCTUAL, books
from tijdig.bootstrap import Tijdig
from tijdig.config import Settings
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.companies.companies import add_company
from tijdig.services.receivables.history import book_history

from .conftest import TestClient, add_customers, add_user, sign_in

AS_OF = date(2026, 11, 25)


@pytest.fixture
def web(database_url: str) -> Iterator[TestClient]:
    with web_app(Settings(database_url=database_url)) as warm, TestClient(warm) as client:
        yield client


@pytest.fixture
def company(app: Tijdig, web: TestClient) -> Company:
    company = add_company(app.uow(), Company("ACME", "Acme B.V."), validate=False,
                          actor="test", at=datetime.now(UTC))  # fmt: skip
    assert company.id is not None
    add_customers(app, company, list(CUSTOMERS))
    add_user(app, "anna", Role.CREDIT_CONTROLLER, (company.id,))
    sign_in(web, "anna")
    return company


def _bars(html: str) -> list[tuple[str, str]]:
    return re.findall(r'class="bar (late|early)" data-month="(\d{4}-\d\d)"', html)


def test_the_customer_page_draws_the_history_of_the_books(
    web: TestClient, app: Tijdig, company: Company
) -> None:
    params = {"as_of": AS_OF.isoformat()}
    assert (
        "No invoice was paid in the last twelve months."
        in web.get(f"/customers/{LATE}", params=params).text
    )
    sample = books(AS_OF, seed=16)
    book_history(app.uow(), company, [("books.xlsx", sample.result())], actor="cli:test",
                 at=datetime.now(UTC))  # fmt: skip
    late = web.get(f"/customers/{LATE}", params=params)
    assert late.status_code == 200
    bars = _bars(late.text)
    assert len(bars) == 12 and bars[-1][1] == f"{AS_OF:%Y-%m}"
    assert sum(kind == "late" for kind, _ in bars) == 10  # late in 10 of 12 months
    assert f"24 invoices paid, {sample.late_invoices} of them late" in late.text
    punctual = web.get(f"/customers/{PUNCTUAL}", params=params).text
    assert [kind for kind, _ in _bars(punctual)] == ["early"] * 12
    assert "24 invoices paid, 0 of them late" in punctual
