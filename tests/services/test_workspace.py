"""The workspace's read models: days-to-pay per month (pure), and on a real database the
SQL aging and customer list against the reports they stand in for, and the next step."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.entrypoints.web.conftest import (
    AS_OF,
    add_customers,
    add_invoices,
    invoice,
    seed_acme,
)
from tijdig.adapters.db.workspace_queries import SqlWorkspace
from tijdig.analytics.behaviour import Settled
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import InvoiceKind
from tijdig.domain.parties import Company, Customer
from tijdig.engine.model import CollectionSettings
from tijdig.services import reports, workspace
from tijdig.services.companies import add_company
from tijdig.services.workspace import CustomerFilter, MonthFigure, days_to_pay_by_month


def test_days_to_pay_are_averaged_per_month_of_payment() -> None:
    history = [
        Settled(date(2026, 1, 10), date(2026, 1, 20)),  # 10 days late
        Settled(date(2026, 1, 31), date(2026, 1, 25)),  # 6 days early
        Settled(date(2026, 3, 1), date(2026, 3, 4)),
        Settled(date(2025, 1, 1), date(2025, 2, 1)),  # more than a year ago: left out
        Settled(date(2026, 3, 1), date(2026, 3, 20)),  # after as-of: left out
    ]
    assert days_to_pay_by_month(history, as_of=date(2026, 3, 15)) == (
        MonthFigure("2026-01", 2, Decimal("2.0")),
        MonthFigure("2026-03", 1, Decimal("3.0")),
    )


def test_the_twelve_months_start_at_the_first_of_a_month() -> None:
    history = [
        Settled(date(2025, 4, 1), date(2025, 4, 1)),
        Settled(date(2025, 3, 31), date(2025, 3, 31)),
    ]
    months = days_to_pay_by_month(history, as_of=date(2026, 3, 15))
    assert [m.month for m in months] == ["2025-04"]


@pytest.mark.parametrize(("page", "size"), [(0, 50), (1, 7)])
def test_a_bad_page_is_refused(app: Tijdig, page: int, size: int) -> None:
    company = seed_acme(app)
    with pytest.raises(InvalidValue):
        workspace.list_customers(app.balances, company, CustomerFilter(), as_of=AS_OF,
                                 page=page, size=size)  # fmt: skip


def test_a_search_longer_than_allowed_is_refused() -> None:
    with pytest.raises(InvalidValue, match="at most"):
        CustomerFilter("x" * 101)


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return seed_acme(app)


def test_the_list_agrees_with_the_balances(app: Tijdig, acme: Company) -> None:
    page = workspace.list_customers(
        app.balances, acme, CustomerFilter(overdue_only=True), as_of=AS_OF
    )
    balances = reports.customer_balances(app.balances, acme, as_of=AS_OF, overdue_only=True)
    assert page.total == len({b.number for b in balances}) == 3
    expected = {(b.number, b.currency, b.open_amount, b.overdue_amount) for b in balances}
    found = {(line.number, a.currency, a.open_amount, a.overdue_amount)
             for line in page.lines for a in line.amounts}  # fmt: skip
    assert found == expected


def test_the_list_sorts_by_the_overdue_amount_it_shows(app: Tijdig) -> None:
    """A credit note is set off against the overdue invoices: E001 has 1000 overdue and
    a credit of 900, so it owes 100 overdue and comes after E002 with 300 overdue (sorted
    on the invoices alone, E001 would come first while showing less)."""
    company = add_company(app.uow(), Company("EVEN", "Even B.V."), validate=False)
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
    page = workspace.list_customers(app.balances, company, CustomerFilter(), as_of=AS_OF)
    shown = [(line.number, [a.overdue_amount for a in line.amounts]) for line in page.lines]
    assert shown == [
        ("E002", [Decimal("300.00")]),
        ("E001", [Decimal("100.00")]),
        ("E003", [Decimal("0.00")]),  # the credit exceeds the overdue invoice: nothing owed
    ]
    balances = reports.customer_balances(app.balances, company, as_of=AS_OF)
    assert {b.number: b.overdue_amount for b in balances} == {
        "E001": Decimal("100.00"), "E002": Decimal("300.00"), "E003": Decimal("0.00"),
    }  # fmt: skip


def _step(app: Tijdig, company: Company, number: str, as_of: date) -> workspace.NextStep:
    assert company.id is not None
    with app.uow() as uow:
        customer = uow.customers.get(company.id, number)
    assert customer is not None and customer.id is not None
    return workspace.next_step(
        SqlWorkspace(app.engine), company, customer.id, settings=CollectionSettings(),
        policies=default_policy_set(), as_of=as_of,
    )  # fmt: skip


def test_the_next_step_is_what_the_run_would_decide_today(app: Tijdig, acme: Company) -> None:
    step = _step(app, acme, "C002", AS_OF)  # F-003, 104 days late, no bank statement yet
    assert step.today is not None or step.holds
    assert any("bank" in w for w in step.warnings)


def test_before_anything_is_due_the_next_step_says_when(app: Tijdig, acme: Company) -> None:
    step = _step(app, acme, "C001", date(2026, 1, 2))  # F-001 due 31 January
    assert step.today is None
    assert step.upcoming is not None and "F-001" in step.upcoming
    assert step.upcoming_on is not None and step.upcoming_on > date(2026, 1, 2)


def test_a_customer_without_open_invoices_has_nothing_planned(app: Tijdig, acme: Company) -> None:
    add_customers(app, acme, [Customer("C009", "Leeg BV")])
    assert _step(app, acme, "C009", AS_OF).nothing
