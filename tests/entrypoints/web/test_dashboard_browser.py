"""End to end: the real app under uvicorn, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import random
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.domain.users import Role
from tijdig.entrypoints.web.app import create_app
from tijdig.services.companies.companies import add_company

from .browser import BROWSER_TEST, chromium, served, watch_for_violations
from .conftest import AS_OF, PASSWORD, add_customers, add_invoices, add_user, invoice

# Set to a folder to keep a screenshot of the dashboard (for a person to look at).
SCREENSHOT_DIR = os.environ.get("TIJDIG_SCREENSHOT_DIR")
USERNAME = "controller"

pytestmark = BROWSER_TEST

NAMES = [
    "Bakkerij Jansen",
    "Van Dijk Bouw B.V.",
    "Peeters NV",
    "De Vries Logistiek",
    "Janssens & Zonen BV",
    "Hoveniersbedrijf Bakker",
    "Smit Elektrotechniek",
    "Brouwerij Het Anker",
    "Mulder Transport B.V.",
    "Claes Architecten",
    "Visser Installaties",
    "Maes Interieur BVBA",
    "Groot Horeca Groep",
    "Dekker Autoschade",
    "Willems Schilderwerken",
    "Boer Agrarisch Loonwerk",
    "Vermeulen Keukens",
    "Meijer IT Diensten",
    "Wouters Drukkerij",
    "Kok Catering",
    "Hendriks Metaal B.V.",
    "Jacobs Tandartspraktijk",
    "Bos Fietsen",
    "Dubois Immobilier SA",
    "Van Leeuwen Tegels",
    "Mertens Boekhouding",
    "Koster Zonwering",
    "Lambert Garage",
    "Dijkstra Zorg B.V.",
    "Goossens Elektro",
]


def _wholesale_customers() -> list[Customer]:
    return [
        Customer(
            f"K{n:04d}",
            name,
            country="BE" if name.endswith(("NV", "BVBA", "SA")) else "NL",
            credit_hold=n in {7, 19},
        )
        for n, name in enumerate(NAMES, start=1)
    ]


def _wholesale_invoices(customers: list[Customer]) -> list[Invoice]:
    """180 invoices over half a year, more than half of the older ones paid; two in GBP."""
    rng = random.Random(7)
    invoices = []
    for n in range(1, 181):
        customer = rng.choice(customers[: 12 + n % 18])
        issued = AS_OF - timedelta(days=rng.randint(1, 170))
        total = f"{rng.randint(90, 9000)}.{rng.randint(0, 99):02d}"
        paid = rng.random() < 0.55 and issued < AS_OF - timedelta(days=45)
        invoices.append(
            invoice(f"2026-{n:04d}", customer.number, issued, issued + timedelta(days=30), total,
                    open_amount=Decimal(0) if paid else None, payment_reference=f"{n:016d}")
        )  # fmt: skip
    return [
        *invoices,
        invoice(
            "GB-0001", "K0004", date(2026, 1, 20), date(2026, 2, 19), "4250.00", currency="GBP"
        ),
        invoice("GB-0002", "K0004", date(2026, 3, 2), date(2026, 4, 1), "1980.00", currency="GBP"),
    ]


def seed_wholesaler(app: Tijdig) -> Company:
    """A wholesaler with 30 customers and a few months of invoices, some paid, some late."""
    company = add_company(
        app.uow(),
        Company("VDB", "Van den Berg Installatietechniek B.V."),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    customers = _wholesale_customers()
    add_customers(app, company, customers)
    add_invoices(app, company, _wholesale_invoices(customers))
    return company


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app under uvicorn in a thread, on a free loopback port."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'tijdig.db'}"
    installation = bootstrap(Settings(database_url=url))
    seed_wholesaler(installation)
    add_user(installation, USERNAME, Role.CREDIT_CONTROLLER, (1,))
    installation.close()
    with served(create_app(Settings(database_url=url))) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A browser tab signed in through the sign-in form, as a person would."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    problems = watch_for_violations(tab)
    tab.goto(f"{base_url}/")
    expect(tab).to_have_url(re.compile(r"/sign-in\?next=%2F$"))
    tab.get_by_label("User name").fill(USERNAME)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.locator("h1")).to_have_text("Van den Berg Installatietechniek B.V.")
    yield tab
    context.close()
    assert problems == []


def test_the_dashboard_shows_the_aging_chart_totals_and_overdue_customers(
    page: Page, base_url: str
) -> None:
    response = page.goto(f"{base_url}/?as_of={AS_OF.isoformat()}")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text("Van den Berg Installatietechniek B.V.")
    expect(page.locator("figure.chart figcaption")).to_have_text(["EUR", "GBP"])
    eur_bars = page.locator("figure.chart").first.locator("svg rect.bar")
    expect(eur_bars).to_have_count(5)
    heights = [
        float(h or 0) for h in eur_bars.evaluate_all("rs => rs.map(r => r.getAttribute('height'))")
    ]
    assert sum(h > 0 for h in heights) >= 4
    eur = page.locator('.total-card[data-currency="EUR"]')
    expect(eur.locator(".total-open")).to_contain_text("€")
    expect(eur.locator(".total-overdue")).to_contain_text("€")
    rows = page.locator("table.overdue-customers tbody tr")
    expect(rows.first).to_be_visible()
    assert 0 < rows.count() <= 25
    expect(page.locator("table.overdue-customers")).to_contain_text("Van Dijk Bouw B.V.")
    if SCREENSHOT_DIR:
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / "dashboard.png"), full_page=True)


def test_a_customer_name_opens_the_customer_file(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/?as_of={AS_OF.isoformat()}")
    first = page.locator("table.overdue-customers a.customer-name").first
    name = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator("table.open-invoices tbody tr").first).to_be_visible()
    expect(page.locator("#next-title")).to_have_text("Next planned step")
    if SCREENSHOT_DIR:
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / "customer.png"), full_page=True)
    page.get_by_role("link", name="Customers", exact=True).first.click()
    page.get_by_label("Search number or name").fill("Van Dijk")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.customer-list a.customer-name")).to_have_text(["Van Dijk Bouw B.V."])


def test_an_unknown_company_shows_the_error_page_with_404(page: Page, base_url: str) -> None:
    response = page.goto(f"{base_url}/?company=NOPE")
    assert response is not None and response.status == 404
    expect(page.locator(".error-status")).to_have_text("404")
    expect(page.locator(".error-message")).to_contain_text("no company NOPE")
    page.get_by_role("link", name="Back to the dashboard").click()
    expect(page.locator("h1")).to_have_text("Van den Berg Installatietechniek B.V.")


def test_the_api_docs_work_under_the_pages_policy(page: Page, base_url: str) -> None:
    response = page.goto(f"{base_url}/api/docs")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI builds the page from the whole OpenAPI document: on a busy machine (the
    # suite runs two workers beside the browser) that takes longer than expect's 5 s.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Tijdig", timeout=20_000)
    customers = page.locator(".opblock-summary-path", has_text="/api/v1/customers")
    expect(customers.first).to_be_visible()


def test_a_filter_select_sends_its_form_without_inline_script(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/disputes")  # waits for the load event: the scripts have run
    expect(page.locator("h1")).to_contain_text("Disputes")
    page.locator('select[name="reason"][data-autosubmit]').select_option("dissatisfied")
    expect(page).to_have_url(re.compile(r"reason=dissatisfied"))
