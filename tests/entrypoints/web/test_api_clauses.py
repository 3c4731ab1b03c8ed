"""`/api/v1/companies/{code}/clause` and `/api/v1/customers/{number}/clause`: the damages
clause for Belgian consumers (Book XIX WER) read, put and deleted with a bearer token;
a clause above the caps is 422 naming the field, and nothing is stored; a customer's
own clause overrides the company's; sales reads only; another company's is not found."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import FrozenClock
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.domain.users import Role
from tijdig.services.companies.companies import add_company

from .conftest import add_customers
from .test_api_data import bearer, token_for

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

API = "/api/v1"
TERMS = {
    "reference": "artikel 7 van onze algemene voorwaarden",
    "text": "Bij niet-betaling op de vervaldag is een schadevergoeding verschuldigd.",
    "damages_percent": "8", "damages_minimum": "20.00", "damages_maximum": "100.00",
    "interest_rate": "8",
}  # fmt: skip
OWN = {
    "reference": "artikel 3 van het huurcontract",
    "text": "De huurder betaalt bij laattijdige betaling de wettelijke maximumvergoeding.",
    "legal_scale": True,
}


@pytest.fixture
def acme(app: Tijdig, acme: Company, frozen_clock: FrozenClock) -> Company:
    """ACME (conftest) with a Belgian consumer, C004; today is 6 December 2026."""
    frozen_clock.set(date(2026, 12, 6))
    add_customers(app, acme, [Customer("C004", "Els Peeters", kind=CustomerKind.CONSUMER,
                                       country="BE")])  # fmt: skip
    return acme


def _client(client: TestClient, app: Tijdig, username: str, role: Role, *ids: int) -> TestClient:
    client.headers.update(bearer(token_for(app, username, role, ids)))
    return client


@pytest.fixture
def admin(anonymous: TestClient, app: Tijdig, acme: Company) -> TestClient:
    return _client(anonymous, app, "root", Role.ADMIN)


def _audit(app: Tijdig, company: Company) -> list[tuple[str, str, str]]:
    with app.uow() as uow:
        entries = uow.audit.for_company(company.id or 0)
    return [(e.action, e.actor, e.subject) for e in entries if e.actor != "test"]  # not the setup


def _read(body: dict[str, Any], source: str) -> dict[str, Any]:
    """What GET answers for a clause written as `body`."""
    empty = {"interest_rate": None, "legal_scale": False, "damages_percent": "0",
             "damages_minimum": "0.00", "damages_maximum": None}  # fmt: skip
    return {"source": source, **empty, **body}


def test_an_administrator_puts_reads_and_deletes_the_companys_clause(
    admin: TestClient, app: Tijdig, acme: Company
) -> None:
    url = f"{API}/companies/ACME/clause"
    none = admin.get(url)
    assert none.status_code == 404 and "nothing is announced or claimed" in none.json()["detail"]
    put = admin.put(url, json=TERMS)
    assert put.status_code == 200, put.text
    assert put.json() == _read(TERMS, "company") == admin.get(url).json()
    assert admin.delete(url).status_code == 204
    assert admin.get(url).status_code == 404
    again = admin.delete(url)
    assert again.status_code == 404 and again.json()["field"] is None
    assert sorted(_audit(app, acme)) == [
        ("clause.remove", "root (api)", "company ACME"),
        ("clause.set", "root (api)", "company ACME"),
    ]


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"damages_percent": "12"}, "damages_percent",
         "above the cap of EUR 68.57 (€65 + 5 % of the part above €500"),
        ({"damages_minimum": "25"}, "damages_minimum", "€20 for a balance up to €150"),
        ({"interest_rate": "10.6"}, "interest_rate",
         "10.6 % is above the cap: the Late Payment Act rate"),
        ({"damages_percent": "10,5"}, "damages_percent", "decimal"),  # JSON: a decimal string
        ({"damages_minimum": "20.005"}, "damages_minimum", "2 decimal places"),
        ({"reference": ""}, "reference", "at least 1 character"),
    ],
)  # fmt: skip
def test_a_clause_above_the_caps_is_422_naming_the_field_and_nothing_is_stored(
    admin: TestClient, app: Tijdig, acme: Company, values: dict[str, Any], field: str, words: str
) -> None:
    for url in (f"{API}/companies/ACME/clause", f"{API}/customers/C004/clause"):
        refused = admin.put(url, json=TERMS | {"damages_maximum": None} | values)
        assert refused.status_code == 422, refused.text
        assert refused.json()["field"] == field
        assert words in refused.json()["detail"]
        assert admin.get(url).status_code == 404
    assert _audit(app, acme) == []


def test_a_customers_own_clause_overrides_the_companys(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    """A credit controller sets a customer's own contract clause; the company's terms
    are the administrator's, as on the settings page."""
    admin = bearer(token_for(app, "root", Role.ADMIN))
    carla = _client(anonymous, app, "carla", Role.CREDIT_CONTROLLER, acme.id or 0)
    company, customer = f"{API}/companies/ACME/clause", f"{API}/customers/C004/clause"
    refused = carla.put(company, json=TERMS)
    assert refused.status_code == 403 and refused.json()["field"] is None
    assert carla.put(company, json=TERMS, headers=admin).status_code == 200
    assert carla.get(customer).json() == _read(TERMS, "company")
    own = carla.put(customer, json=OWN)
    assert own.status_code == 200 and own.json() == _read(OWN, "customer")
    assert carla.get(customer).json() == _read(OWN, "customer")
    assert carla.get(company).json() == _read(TERMS, "company")
    assert carla.delete(customer).status_code == 204
    assert carla.get(customer).json() == _read(TERMS, "company")
    assert carla.delete(customer).status_code == 404  # no own clause left: the terms stay
    assert carla.get(company).status_code == 200
    assert carla.get(f"{API}/customers/NOPE/clause").status_code == 404
    assert sorted(_audit(app, acme)) == [
        ("clause.remove", "carla (api)", "customer C004"),
        ("clause.set", "carla (api)", "customer C004"),
        ("clause.set", "root (api)", "company ACME"),
    ]


def test_another_companys_clause_is_not_found_nor_changed(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    beta = add_company(
        app.uow(),
        Company("BETA", "Beta BV", country="BE"),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    add_customers(app, beta, [Customer("B001", "Jan Claes", kind=CustomerKind.CONSUMER,
                                       country="BE")])  # fmt: skip
    admin = bearer(token_for(app, "root", Role.ADMIN))
    for url in (f"{API}/companies/BETA/clause", f"{API}/customers/B001/clause?company=BETA"):
        assert anonymous.put(url, json=TERMS, headers=admin).status_code == 200
    carla = _client(anonymous, app, "carla", Role.CREDIT_CONTROLLER, acme.id or 0)
    calls = [
        ("GET", f"{API}/companies/BETA/clause"),
        ("GET", f"{API}/customers/B001/clause"),  # ACME implied: no such customer
        ("GET", f"{API}/customers/B001/clause?company=BETA"),
        ("PUT", f"{API}/customers/B001/clause"),
        ("PUT", f"{API}/customers/B001/clause?company=BETA"),
        ("DELETE", f"{API}/customers/B001/clause"),
        ("DELETE", f"{API}/customers/B001/clause?company=BETA"),
    ]
    for method, url in calls:
        response = carla.request(method, url, json=OWN if method == "PUT" else None)
        assert response.status_code == 404, (method, url, response.text)
        assert "Beta" not in response.text and "Jan Claes" not in response.text
    beta_clause = anonymous.get(f"{API}/customers/B001/clause?company=BETA", headers=admin)
    assert beta_clause.json() == _read(TERMS, "customer")
    assert [who for _, who, _ in _audit(app, beta)] == ["root (api)", "root (api)"]


def test_the_openapi_spec_documents_the_clause(admin: TestClient) -> None:
    spec = admin.get("/api/openapi.json").json()
    for path in ("/api/v1/companies/{code}/clause", "/api/v1/customers/{number}/clause"):
        assert set(spec["paths"][path]) == {"get", "put", "delete"}, path
        put = spec["paths"][path]["put"]
        assert put["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
            "/ClauseWrite"
        )
        assert "422" in put["responses"] and "403" in put["responses"]
    schemas = spec["components"]["schemas"]
    assert schemas["ClauseRead"]["properties"]["damages_minimum"]["type"] == "string"
    assert "source" in schemas["ClauseRead"]["required"]
    assert all(field.get("description") for field in schemas["ClauseWrite"]["properties"].values())
