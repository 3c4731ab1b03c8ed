"""Fixtures of the web tests: a database filled through the real services, and a client."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.entrypoints.web.app_pool import web_app
from tijdig.bootstrap import Tijdig
from tijdig.config import Settings
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.parties import Company, Customer
from tijdig.domain.users import Role
from tijdig.services.access import users
from tijdig.services.companies.companies import add_company

with warnings.catch_warnings():
    # Starlette 1.x asks for `httpx2` in its TestClient and warns once, on import, when it
    # finds `httpx` (our dev dependency) instead. Only that warning is silenced, only here.
    warnings.filterwarnings(
        "ignore", message="Using `httpx` with `starlette.testclient` is deprecated"
    )
    from fastapi.testclient import TestClient

AS_OF = date(2026, 3, 15)


def add_customers(app: Tijdig, company: Company, customers: list[Customer]) -> None:
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, customers)
        uow.commit()


def add_invoices(app: Tijdig, company: Company, invoices: list[Invoice]) -> None:
    assert company.id is not None
    with app.uow() as uow:
        ids = uow.customers.ids_by_number(company.id)
        for invoice in invoices:
            uow.invoices.add(
                invoice,
                company_id=company.id,
                customer_id=ids[invoice.customer_number],
                fingerprint="x",
                source="test",
            )
        uow.commit()


def invoice(number: str, customer: str, issued: date, due: date, total: str, **kw: Any) -> Invoice:
    return Invoice(number, customer, issued, due, Decimal(total), **kw)


# ACME's ledger, seen on 15 March 2026 (AS_OF):
#   F-001 Jansen   EUR 1210.00 due 31 Jan 2026 -> 43 days overdue (31-60)
#   F-002 Jansen   EUR  605.00 due 31 Mar 2026 -> not yet due
#   F-003 Van Dijk EUR 2420.00 due  1 Dec 2025 -> 104 days overdue (90+)
#   F-004 Peeters  USD  500.00 due  3 Mar 2026 -> 12 days overdue (1-30)
#   F-005 Van Dijk EUR  100.00 paid            -> not open
#   C-001 Jansen   EUR  121.00 credit note     -> open credit
ACME_CUSTOMERS = (
    Customer("C001", "Bakkerij Jansen"),
    Customer("C002", "Van Dijk Bouw B.V.", credit_hold=True),
    Customer("C003", "Peeters NV", country="BE"),
)
ACME_INVOICES = (
    invoice("F-001", "C001", date(2026, 1, 1), date(2026, 1, 31), "1210.00",
            payment_reference="1234567890123456"),
    invoice("F-002", "C001", date(2026, 3, 1), date(2026, 3, 31), "605.00"),
    invoice("F-003", "C002", date(2025, 11, 1), date(2025, 12, 1), "2420.00"),
    invoice("F-004", "C003", date(2026, 2, 1), date(2026, 3, 3), "500.00", currency="USD"),
    invoice("F-005", "C002", date(2026, 1, 5), date(2026, 2, 4), "100.00",
            open_amount=Decimal(0)),
    invoice("C-001", "C001", date(2026, 2, 10), date(2026, 2, 10), "121.00",
            kind=InvoiceKind.CREDIT_NOTE),
)  # fmt: skip


def seed_acme(app: Tijdig) -> Company:
    """ACME with three customers and the invoices above."""
    company = add_company(
        app.uow(),
        Company("ACME", "Acme Groothandel B.V."),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    add_customers(app, company, list(ACME_CUSTOMERS))
    add_invoices(app, company, list(ACME_INVOICES))
    return company


ADMIN = "admin"
PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_user(
    app: Tijdig, username: str, role: Role = Role.ADMIN, company_ids: tuple[int, ...] = ()
) -> None:
    users.add_user(
        app.uow(), app.passwords(), username=username, name=username.title(),
        password=PASSWORD, role=role, language="en", company_ids=company_ids,
        actor="test", at=datetime.now(UTC),
    )  # fmt: skip


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a browser does; the session cookie stays on `client`."""
    token = csrf_of(client.get("/sign-in").text)
    response = client.post(
        "/sign-in",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


@pytest.fixture
def anonymous(database_url: str) -> Iterator[TestClient]:
    """The web app on the test database, started (lifespan) and stopped, not signed in."""
    with web_app(Settings(database_url=database_url)) as web, TestClient(web) as client:
        yield client


@pytest.fixture
def client(anonymous: TestClient, app: Tijdig) -> TestClient:
    """Signed in as an administrator (who sees every company)."""
    add_user(app, ADMIN)
    sign_in(anonymous, ADMIN)
    return anonymous


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return seed_acme(app)
