"""End to end: a customer opens their portal link on a phone (Debian's Chromium through
Playwright, 390x844), reports a problem and promises a date; both are in the database.
Then they propose a payment plan, tick and confirm it, and it is in force."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tijdig.adapters.security.links import PortalKey
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.domain.collection.plans import PlanStatus
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.invoices import Invoice
from tijdig.entrypoints.web.deps import today

from .browser import (  # noqa: F401 (fixtures)
    BROWSER_TEST,
    app_fixture,
    base_url_fixture,
    browser_fixture,
    watch_for_violations,
)
from .test_portal import next_working_day, seed

SCREENSHOT_DIR = os.environ.get("TIJDIG_SCREENSHOT_DIR")
PHONE = {"width": 390, "height": 844}

pytestmark = BROWSER_TEST


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('portal') / 'tijdig.db'}"
    installation = bootstrap(Settings(database_url=url))
    seed(installation)
    installation.close()
    return url


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  device_scale_factor=2, locale="nl-NL")  # fmt: skip
    tab = context.new_page()
    problems = watch_for_violations(tab)
    yield tab
    context.close()
    assert problems == []


def _link(app: Tijdig, base_url: str) -> tuple[str, int, int]:
    with app.uow() as uow:
        company = uow.companies.find("ZON")
        assert company is not None and company.id is not None
        customer = uow.customers.get(company.id, "K1")
    assert customer is not None and customer.id is not None
    token = app.portal_links().token(PortalKey(company.id, customer.id))
    return f"{base_url}/portal/{token}", company.id, customer.id


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"
    heights = page.locator("summary.button, a.button, button, label.choice").evaluate_all(
        "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44  # tap targets


def test_a_customer_reports_a_problem_and_promises_a_date_on_a_phone(
    phone: Page, base_url: str, app: Tijdig
) -> None:
    url, company_id, customer_id = _link(app, base_url)
    response = phone.goto(url)
    assert response is not None and response.status == 200
    expect(phone.locator("h1")).to_have_text("Uw facturen")
    _fits_the_phone(phone)
    if SCREENSHOT_DIR:
        phone.screenshot(path=str(Path(SCREENSHOT_DIR) / "portal.png"), full_page=True)

    phone.locator('li[data-invoice="F-001"]').get_by_role("link", name="Probleem melden").click()
    expect(phone.locator("h1")).to_have_text("Probleem melden")
    _fits_the_phone(phone)
    phone.get_by_label("De factuur klopt niet").check()
    phone.get_by_label("Licht kort toe").fill("De prijs per doos klopt niet")
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.locator("h1")).to_have_text("Bedankt")
    expect(phone.locator(".done")).to_contain_text("F-001")

    phone.get_by_role("link", name="Terug naar uw facturen").click()
    expect(phone.locator('li[data-invoice="F-001"] .badge')).to_be_visible()
    day = next_working_day(today())
    phone.get_by_label("Ik betaal uiterlijk op").fill(day.isoformat())
    phone.get_by_role("button", name="Deze datum toezeggen").click()
    expect(phone.locator("h1")).to_have_text("Bedankt")

    with app.uow() as uow:
        f001 = next(i for i in uow.invoices.search(company_id) if i.number == "F-001")
        dispute = uow.disputes.open_for(company_id, [f001.id or 0])[f001.id or 0]
        [promise] = uow.promises.for_customer(company_id, customer_id)
    assert dispute.reason is ReasonCode.INVOICE_INCORRECT
    assert dispute.note == "De prijs per doos klopt niet"
    assert promise.promised_date == day
    assert promise.made_on >= datetime.now(UTC).date() - timedelta(days=1)


def test_a_tampered_link_shows_a_polite_page_that_names_no_one(
    phone: Page, base_url: str, app: Tijdig
) -> None:
    url, _, _ = _link(app, base_url)
    response = phone.goto(url[:-4] + "AAAA")
    assert response is not None and response.status == 404
    expect(phone.locator("h1")).to_have_text("Deze link werkt niet")
    assert "Zonnig" not in phone.content() and "Jansen" not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_customer_proposes_a_payment_plan_and_accepts_it_on_a_phone(
    phone: Page, base_url: str, app: Tijdig
) -> None:
    """Within the company's limits the plan the customer proposes is in force at once,
    once ticked and confirmed; the text shown is kept with the moment and address."""
    url, company_id, customer_id = _link(app, base_url)
    phone.goto(url)
    phone.get_by_role("link", name="Betalingsregeling voorstellen").click()
    expect(phone.locator("h1")).to_have_text("Betalingsregeling voorstellen")
    phone.get_by_label("Aantal termijnen").fill("3")
    first = next_working_day(today() + timedelta(days=7))
    phone.get_by_label("Eerste termijn op").fill(first.isoformat())
    phone.get_by_role("button", name="Regeling tonen").click()
    expect(phone.locator(".agreement")).to_contain_text("Termijn 3 van 3")
    _fits_the_phone(phone)
    if SCREENSHOT_DIR:
        phone.screenshot(path=str(Path(SCREENSHOT_DIR) / "portal-plan.png"), full_page=True)
    phone.get_by_label("Ik aanvaard deze betalingsregeling").check()
    phone.get_by_role("button", name="Bevestigen en regeling aanvaarden").click()
    expect(phone.locator('[data-plan-status="in_force"]')).to_be_visible()
    expect(phone.locator(".agreement")).to_contain_text("betalingskenmerk 7900 0000 0000 0001")

    with app.uow() as uow:
        [stored] = uow.plans.listed(company_id, customer_id=customer_id)
        evidence = uow.plans.acceptance(company_id, stored.plan_id)
        in_force = uow.plans.in_force_by_customer(company_id, today())
    assert stored.plan.status is PlanStatus.IN_FORCE and in_force[customer_id] == [stored.plan]
    assert len(stored.plan.instalments) == 3 and stored.plan.instalments[0].due_on == first
    assert evidence is not None and evidence.ip_address == "127.0.0.1"
    assert "Termijn 3 van 3" in evidence.shown_text
    assert abs(datetime.now(UTC) - evidence.accepted_at) < timedelta(minutes=1)


def test_a_customer_with_95_invoices_pages_through_them_on_a_phone(
    app: Tijdig, base_url: str, phone: Page
) -> None:
    """Issue 15: 95 open invoices made a page 39,000 px tall; ten to a page, it stays a
    few screens long, and "next" shows the following ten with the same total."""
    with app.uow() as uow:
        company = uow.companies.find("ZON")
        assert company is not None and company.id is not None
        customer = uow.customers.get(company.id, "K2")
        assert customer is not None and customer.id is not None
        for n in range(94):
            late = Invoice(f"K2-{n:03d}", "K2", date(2026, 1, 1) + timedelta(days=n % 28),
                           date(2026, 2, 1) + timedelta(days=n % 28), Decimal("12.00"))  # fmt: skip
            uow.invoices.add(late, company_id=company.id, customer_id=customer.id,
                             fingerprint=late.number, source="test")  # fmt: skip
        uow.commit()
    token = app.portal_links().token(PortalKey(company.id, customer.id))
    phone.goto(f"{base_url}/portal/{token}")
    expect(phone.locator("li.invoice")).to_have_count(10)
    total = phone.locator("p.total").inner_text()
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 9000, height  # 95 cards were 39,000 px
    phone.locator("a[rel=next]").first.click()
    expect(phone.locator("li.invoice")).to_have_count(10)
    assert "page=2" in phone.url and phone.locator("p.total").inner_text() == total
