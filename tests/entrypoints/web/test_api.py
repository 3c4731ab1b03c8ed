"""The JSON API and health check, through TestClient against a real database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine

from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.services.companies.companies import add_company

from .conftest import AS_OF

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

CUSTOMERS = "/api/v1/customers"
INVOICES = "/api/v1/invoices"


def test_health_says_the_app_and_its_database_answer(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_is_503_when_the_database_does_not_answer(client: TestClient) -> None:
    state = client.app.state  # type: ignore[attr-defined]
    broken = create_engine("sqlite:////nonexistent-dir/for/tijdig.db")
    working = state.tijdig
    state.tijdig = Tijdig(settings=working.settings, engine=broken)
    try:
        response = client.get("/health")
    finally:
        state.tijdig = working
        broken.dispose()
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_customers_shows_open_and_overdue_per_customer_and_currency(
    client: TestClient, acme: Company
) -> None:
    """The amounts, the day and the overdue filter: tests/services/read_models/
    test_balance_page.py. Here: the query reaching it, and the JSON it is given as."""
    assert (
        client.get(CUSTOMERS, params={"overdue": "true", "as_of": "2026-01-15"}).json()[0]["number"]
        == "C002"
    )
    response = client.get(CUSTOMERS, params={"as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    rows = {(r["number"], r["currency"]): r for r in response.json()}
    assert set(rows) == {("C001", "EUR"), ("C002", "EUR"), ("C003", "USD")}
    jansen = rows["C001", "EUR"]
    assert jansen["open"] == "1694.00"  # 1210 + 605 - credit note 121
    assert jansen["overdue"] == "1089.00"  # the open credit note is set against it first
    assert jansen["overdue_invoices"] == 1
    assert jansen["oldest_due"] == "2026-01-31"
    assert rows["C002", "EUR"]["credit_hold"] is True


def test_invoices_lists_every_field_with_amounts_as_decimal_strings(
    client: TestClient, acme: Company
) -> None:
    response = client.get(INVOICES, params={"company": "ACME"})
    assert response.status_code == 200
    first = response.json()[0]
    assert first == {
        "number": "F-003",
        "company": "ACME",
        "customer": "C002",
        "kind": "invoice",
        "currency": "EUR",
        "total": "2420.00",
        "open": "2420.00",
        "issue_date": "2025-11-01",
        "due_date": "2025-12-01",
        "payment_reference": None,
    }
    assert len(response.json()) == 6


def test_invoices_filter_by_customer_and_open(client: TestClient, acme: Company) -> None:
    response = client.get(INVOICES, params={"customer": "C002", "open": "true"})
    assert [i["number"] for i in response.json()] == ["F-003"]
    response = client.get(INVOICES, params={"customer": "C001", "open": "false"})
    kinds = {i["number"]: i["kind"] for i in response.json()}
    assert kinds == {"F-001": "invoice", "C-001": "credit_note", "F-002": "invoice"}


def test_invoices_are_paged_with_limit_and_offset(client: TestClient, acme: Company) -> None:
    everything = [i["number"] for i in client.get(INVOICES).json()]
    page = client.get(INVOICES, params={"limit": 2, "offset": 3}).json()
    assert [i["number"] for i in page] == everything[3:5]
    assert client.get(INVOICES, params={"offset": 99}).json() == []


@pytest.mark.parametrize("path", [CUSTOMERS, INVOICES])
def test_an_unknown_company_is_404(client: TestClient, acme: Company, path: str) -> None:
    response = client.get(path, params={"company": "NOPE"})
    assert response.status_code == 404
    assert "no company NOPE" in response.json()["detail"]


def test_an_unknown_customer_is_404(client: TestClient, acme: Company) -> None:
    response = client.get(INVOICES, params={"customer": "C999"})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "no customer C999 at ACME",
        "field": None,
        "code": "not_found_at",
        "params": {"thing": "customer", "key": "C999", "company": "ACME"},
    }


def test_no_company_at_all_is_404_saying_how_to_add_one(client: TestClient) -> None:
    response = client.get(CUSTOMERS)
    assert response.status_code == 404
    assert "no company yet" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        (CUSTOMERS, {"as_of": "yesterday"}, "as_of"),
        (CUSTOMERS, {"as_of": "2026-02-30"}, "as_of"),
        (CUSTOMERS, {"overdue": "maybe"}, "overdue"),
        (INVOICES, {"open": "perhaps"}, "open"),
        (INVOICES, {"limit": "0"}, "limit"),
        (INVOICES, {"limit": "ten"}, "limit"),
        (INVOICES, {"offset": "-1"}, "offset"),
    ],
)
def test_a_bad_query_value_is_422_naming_the_field(
    client: TestClient, acme: Company, path: str, params: dict[str, str], field: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith(f"{field}: ")
    assert response.json()["field"] == field
    assert repr(next(iter(params.values()))) in detail


def test_several_companies_need_a_company_named(
    client: TestClient, acme: Company, app: Tijdig
) -> None:
    add_company(
        app.uow(),
        Company("BETA", "Beta BV", country="BE"),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    response = client.get(CUSTOMERS)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert response.json()["field"] == "company"
    assert detail.startswith("company: there are several companies (ACME, BETA)")
    assert "?company=" in detail
    named = client.get(CUSTOMERS, params={"company": "BETA"})
    assert named.status_code == 200
    assert named.json() == []


def test_an_unknown_api_path_is_a_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found", "field": None}


def test_the_openapi_schema_documents_amounts_as_strings(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    invoice = schema["components"]["schemas"]["InvoiceRead"]
    assert invoice["properties"]["total"]["type"] == "string"


def test_no_page_loads_scripts_from_a_cdn(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    assert "cdn" not in client.get("/").text.lower()
    docs = client.get("/api/docs").text
    assert "cdn" not in docs.lower() and "https://" not in docs
    assert '<script src="/static/swagger/swagger-ui-bundle.js">' in docs


def test_a_malformed_query_is_422_before_the_company_is_looked_up(client: TestClient) -> None:
    response = client.get(INVOICES, params={"limit": "x"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("limit: ")
