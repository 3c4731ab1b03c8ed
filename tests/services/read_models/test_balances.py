"""The balance read model on a real database: the workspace's customer list agrees with
the CLI's and API's balances, and sorts by the overdue amount it shows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.entrypoints.web.conftest import (
    AS_OF,
    add_customers,
    add_invoices,
    invoice,
    seed_acme,
)
from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import InvoiceKind
from tijdig.domain.parties import Company, Customer
from tijdig.services.companies.companies import add_company
from tijdig.services.read_models import balances as balance_model
from tijdig.services.read_models.balances import CustomerFilter


@pytest.mark.parametrize(("page", "size"), [(0, 50), (1, 7)])
def test_a_bad_page_is_refused(app: Tijdig, page: int, size: int) -> None:
    company = seed_acme(app)
    with pytest.raises(InvalidValue):
        balance_model.list_customers(app.balances, company, CustomerFilter(), as_of=AS_OF,
                                 page=page, size=size)  # fmt: skip


def test_a_search_longer_than_allowed_is_refused() -> None:
    with pytest.raises(InvalidValue, match="at most"):
        CustomerFilter("x" * 101)


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return seed_acme(app)


def test_the_list_agrees_with_the_balances(app: Tijdig, acme: Company) -> None:
    page = balance_model.list_customers(
        app.balances, acme, CustomerFilter(overdue_only=True), as_of=AS_OF
    )
    balances = balance_model.customer_balances(app.balances, acme, as_of=AS_OF, overdue_only=True)
    assert page.total == len({b.number for b in balances}) == 3
    expected = {(b.number, b.currency, b.open_amount, b.overdue_amount) for b in balances}
    found = {(line.number, a.currency, a.open_amount, a.overdue_amount)
             for line in page.lines for a in line.amounts}  # fmt: skip
    assert found == expected


def test_the_list_sorts_by_the_overdue_amount_it_shows(app: Tijdig) -> None:
    """A credit note is set off against the overdue invoices: E001 has 1000 overdue and
    a credit of 900, so it owes 100 overdue and comes after E002 with 300 overdue (sorted
    on the invoices alone, E001 would come first while showing less)."""
    company = add_company(app.uow(), Company("EVEN", "Even B.V."), validate=False, actor="test",
                          at=datetime.now(UTC))  # fmt: skip
    add_customers(app, company, [Customer("E001", "Eerste"), Customer("E002", "Tweede"),
                                 Customer("E003", "Derde")])  # fmt: skip
    add_invoices(app, company, [
        invoice("F-1", "E001", date(2026, 1, 1), date(2026, 1, 31), "1000.00"),
        invoice("C-1", "E001", date(2026, 2, 1), date(2026, 2, 1), "900.00",
                kind=InvoiceKind.CREDIT_NOTE),
        invoice("F-2", "E002", date(2026, 1, 1), date(2026, 1, 31), "300.00"),
        invoice("F-3", "E003", date(2026, 1, 1), date(2026, 1, 31), "50.00"),
        invoice("C-3", "E003", date(2026, 2, 1), date(2026, 2, 1), "80.00",
                kind=InvoiceKind.CREDIT_NOTE),
    ])  # fmt: skip
    page = balance_model.list_customers(app.balances, company, CustomerFilter(), as_of=AS_OF)
    shown = [(line.number, [a.overdue_amount for a in line.amounts]) for line in page.lines]
    assert shown == [
        ("E002", [Decimal("300.00")]),
        ("E001", [Decimal("100.00")]),
        ("E003", [Decimal("0.00")]),  # the credit exceeds the overdue invoice: nothing owed
    ]
    balances = balance_model.customer_balances(app.balances, company, as_of=AS_OF)
    assert {b.number: b.overdue_amount for b in balances} == {
        "E001": Decimal("100.00"), "E002": Decimal("300.00"), "E003": Decimal("0.00"),
    }  # fmt: skip
