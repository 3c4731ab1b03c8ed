"""The dashboard page through TestClient: states, chart, table and HTML errors."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.services.companies import add_company

from .conftest import AS_OF

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


def test_the_dashboard_shows_totals_chart_and_overdue_customers(
    client: TestClient, acme: Company
) -> None:
    response = client.get("/", params={"as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    html = response.text
    assert '<html lang="en">' in html
    assert "Acme Groothandel B.V." in html
    # EUR open 1210 + 605 + 2420 - 121; overdue nets the credit note too (aging semantics)
    assert "€4,114.00" in html and "€3,509.00" in html
    assert html.count('<svg class="aging-chart"') == 2  # one chart per currency: EUR, USD
    assert len(re.findall(r'<rect class="bar bucket-\d"', html)) == 10
    assert html.index("Van Dijk Bouw B.V.") < html.index("Bakkerij Jansen")  # largest first
    assert "on hold" in html


def test_the_dashboard_escapes_what_it_shows(client: TestClient, app: Tijdig) -> None:
    add_company(app.uow(), Company("XSS", "<script>alert(1)</script>"), validate=False)
    html = client.get("/").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_without_a_company_the_dashboard_says_how_to_begin(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "No company yet" in response.text
    assert "tijdig demo-data" in response.text


def test_a_company_without_open_invoices_shows_the_empty_state(
    client: TestClient, app: Tijdig
) -> None:
    add_company(app.uow(), Company("NEW", "Nieuw B.V."), validate=False)
    response = client.get("/")
    assert "No open invoices" in response.text
    assert "aging-chart" not in response.text


def test_several_companies_offer_a_choice(client: TestClient, acme: Company, app: Tijdig) -> None:
    add_company(app.uow(), Company("BETA", "Beta BV", country="BE"), validate=False)
    html = client.get("/").text
    assert "Choose a company" in html
    assert 'href="http://testserver/?company=BETA"' in html
    chosen = client.get("/", params={"company": "BETA"}).text
    assert '<option value="BETA" selected>' in chosen


def test_an_unknown_company_is_a_404_page(client: TestClient, acme: Company) -> None:
    response = client.get("/", params={"company": "NOPE"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no company &#39;NOPE&#39;" in response.text


def test_a_bad_date_is_a_422_page_naming_the_field(client: TestClient, acme: Company) -> None:
    response = client.get("/", params={"as_of": "31-31-2026"})
    assert response.status_code == 422
    assert "as_of: " in response.text


def test_an_unknown_page_is_an_html_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Not Found" in response.text and "Back to the dashboard" in response.text


def test_the_stylesheet_is_served_locally(client: TestClient) -> None:
    response = client.get("/static/tijdig.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
