"""The dashboard page through TestClient: states, chart, table and HTML errors."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI

from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.collection import BankStatementRow, RunItemRow, RunRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.records import Task, TaskKind
from tijdig.domain.parties import Company
from tijdig.entrypoints.web.ui.workspace import route_names
from tijdig.services.companies.companies import add_company

from .conftest import AS_OF, csrf_of

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
    # each customer links to its page, on the day chosen (issue 15: the day is kept)
    customer = f'href="http://testserver/customers/C002?as_of={AS_OF.isoformat()}"'
    assert f"{customer}>Van Dijk Bouw B.V.</a>" in html


def test_the_dashboard_shows_what_waits_today(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    """Calls due, runs waiting for approval, bank lines to review, the last statements."""
    assert acme.id is not None
    with app.uow() as uow:
        ids = uow.customers.ids_by_number(acme.id)
        for n, due in enumerate((date(2026, 3, 14), date(2026, 3, 15), date(2026, 3, 20))):
            uow.tasks.add(acme.id, ids["C001"],
                          Task("C001", TaskKind.CALL, due, f"Call Jansen {n}"))  # fmt: skip
        uow.commit()
    _run(app, acme.id, proposed=3)
    _bank_lines(app, acme.id)
    html = client.get("/", params={"as_of": AS_OF.isoformat()}).text
    agenda = _card(html, "queue-agenda")
    assert re.search(r'class="count">2</span>\s*calls and follow-ups due', agenda)  # not the 20th
    assert agenda.count("Bakkerij Jansen") == 2 and "due 14 Mar 2026" in agenda
    runs = _card(html, "queue-runs")
    assert "Run 1" in runs and "3 proposals" in runs
    assert re.search(r'class="count">1</span>\s*run, 3 proposals', runs)
    bank = _card(html, "queue-bank")
    assert re.search(r'class="count">1</span>\s*transaction waiting for review', bank)
    assert "NL91ABNA0417164300" in bank and "last statement 13 Mar 2026" in bank


def test_the_dashboard_links_only_to_pages_that_exist(client: TestClient, acme: Company) -> None:
    html = client.get("/", params={"as_of": AS_OF.isoformat()}).text
    routes = route_names(client.app.routes)  # type: ignore[attr-defined]
    assert {"dashboard", "customers", "customer", "invoice_copy"} <= routes
    for name, text in (("agenda", "Open the agenda"), ("runs", "Review runs"),
                       ("bank_review", "Review bank transactions")):  # fmt: skip
        assert (text in html) == (name in routes), name


def test_route_names_look_into_included_routers() -> None:
    inner, outer = APIRouter(), APIRouter()
    inner.add_api_route("/a", lambda: None, name="a")
    outer.include_router(inner)
    outer.add_api_route("/b", lambda: None, name="b")
    app = FastAPI()
    app.include_router(outer)
    assert {"a", "b"} <= route_names(app.routes)


def test_the_dashboard_speaks_dutch(client: TestClient, acme: Company) -> None:
    client.post(
        "/me/language", data={"language": "nl", "csrf_token": csrf_of(client.get("/").text)}
    )
    html = client.get("/", params={"as_of": AS_OF.isoformat()}).text
    assert '<html lang="nl">' in html
    dutch = (
        "Debiteuren per 15 mrt 2026", "Vervallen", "Ouderdom naar dagen over de vervaldatum",
        "Klanten met vervallen facturen", "geblokkeerd", "Agenda van vandaag",
        "Runs die wachten op goedkeuring", "meer dan 90 dagen", "Nog geen bankafschrift",
    )  # fmt: skip
    for text in dutch:
        assert text in html, text
    assert "Overdue customers" not in html


def _card(html: str, name: str) -> str:
    found = re.search(rf'<article class="queue-card {name}">.*?</article>', html, re.S)
    assert found is not None, name
    return found.group(0)


def _run(app: Tijdig, company_id: int, *, proposed: int) -> None:
    """A run with `proposed` proposals waiting and one approved already."""
    with app.uow() as uow:
        ids = uow.customers.ids_by_number(company_id)
        uow.session.add(RunRow(id=1, company_id=company_id, as_of=AS_OF,
                               created_at=datetime(2026, 3, 15, 8, tzinfo=UTC)))  # fmt: skip
        uow.session.flush()
        for n in range(proposed + 1):
            uow.session.add(RunItemRow(
                run_id=1, company_id=company_id, customer_id=ids["C001"], kind="message",
                status="proposed" if n else "approved",
            ))  # fmt: skip
        uow.commit()


def _bank_lines(app: Tijdig, company_id: int) -> None:
    """A statement of 13 March with one credit matching could not place (status review)."""
    with app.uow() as uow:
        uow.session.add(BankStatementRow(
            id=1, company_id=company_id, account_iban="NL91ABNA0417164300",
            statement_date=date(2026, 3, 13), imported_at=datetime(2026, 3, 13, 18, tzinfo=UTC),
        ))  # fmt: skip
        uow.session.flush()
        for n, status in enumerate(("review", "matched")):
            uow.session.add(BankTransactionRow(
                company_id=company_id, statement_id=1, account_iban="NL91ABNA0417164300",
                booking_date=date(2026, 3, 13), amount_minor=10_000 + n, currency="EUR",
                dedup_key=f"k{n}", status=status,
            ))  # fmt: skip
        uow.commit()


def test_the_dashboard_escapes_what_it_shows(client: TestClient, app: Tijdig) -> None:
    add_company(
        app.uow(),
        Company("XSS", "<script>alert(1)</script>"),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
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
    add_company(
        app.uow(), Company("NEW", "Nieuw B.V."), validate=False, actor="test", at=datetime.now(UTC)
    )
    response = client.get("/")
    assert "No open invoices" in response.text
    assert "aging-chart" not in response.text


def test_several_companies_offer_a_choice(client: TestClient, acme: Company, app: Tijdig) -> None:
    add_company(
        app.uow(),
        Company("BETA", "Beta BV", country="BE"),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    html = client.get("/").text
    assert "Choose a company" in html
    assert 'href="http://testserver/?company=BETA"' in html
    chosen = client.get("/", params={"company": "BETA"}).text
    assert '<option value="BETA" selected>' in chosen


def test_an_unknown_company_is_a_404_page(client: TestClient, acme: Company) -> None:
    response = client.get("/", params={"company": "NOPE"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no company NOPE" in response.text


def test_a_bad_date_is_a_422_page_naming_the_field(client: TestClient, acme: Company) -> None:
    response = client.get("/", params={"as_of": "31-31-2026"})
    assert response.status_code == 422
    assert "as_of: " in response.text


def test_an_unknown_page_is_an_html_404_in_the_users_language_with_the_menu(
    client: TestClient, anonymous: TestClient
) -> None:
    # No route matched, yet the signed-in user is looked up: their language and the menu.
    response = client.get("/no/such/page", headers={"Accept-Language": "nl"})
    assert response.status_code == 404
    assert "Not found" in response.text and "Back to the dashboard" in response.text
    assert 'class="mainnav"' in response.text and ">Customers</a>" in response.text
    anonymous.cookies.clear()
    dutch = anonymous.get("/no/such/page", headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    assert "Niet gevonden" in dutch.text and "Terug naar het overzicht" in dutch.text
    assert 'class="mainnav"' not in dutch.text


def test_the_stylesheet_is_served_locally(client: TestClient) -> None:
    response = client.get("/static/tijdig.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
