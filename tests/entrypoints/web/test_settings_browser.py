"""End to end: an administrator sets the damages clause for Belgian consumers on the
settings page in a real browser (Debian's Chromium through Playwright). A clause above
the caps is refused with the cap named next to the field and nothing stored; the
corrected one is saved and shown; then removed."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import Company
from tijdig.entrypoints.web.app import create_app
from tijdig.services.companies import clauses
from tijdig.services.companies.companies import add_company

from .conftest import ADMIN, PASSWORD, add_user
from .test_dashboard_browser import CHROMIUM, CHROMIUM_ARGS, watch_for_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} is absent: `apt-get install chromium` to run the browser tests",
    ),
]
REFERENCE = "artikel 7 van onze algemene voorwaarden"
WORDS = "Bij niet-betaling op de vervaldag is een schadevergoeding verschuldigd."


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('settings') / 'tijdig.db'}"
    installation = bootstrap(Settings(database_url=url))
    add_company(
        installation.uow(),
        Company("ACME", "Acme Groothandel B.V."),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    add_user(installation, ADMIN)
    installation.close()
    return url


@pytest.fixture(scope="module")
def base_url(database: str) -> Iterator[str]:
    """The real app under uvicorn in a thread, on a free loopback port."""
    config = uvicorn.Config(create_app(Settings(database_url=database)), log_config=None,
                            log_level="warning", access_log=False)  # fmt: skip
    server = uvicorn.Server(config)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{sock.getsockname()[1]}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)


@pytest.fixture
def app(database: str) -> Iterator[Tijdig]:
    installation = bootstrap(Settings(database_url=database), migrate_schema=False)
    yield installation
    installation.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A tab signed in as the administrator through the sign-in form."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    problems = watch_for_violations(tab)
    tab.goto(f"{base_url}/sign-in")
    tab.get_by_label("User name").fill(ADMIN)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.locator("h1")).to_have_text("Acme Groothandel B.V.")
    yield tab
    context.close()
    assert problems == []


def _screenshot(page: Page, name: str) -> None:
    """The clause section, for a person to look at (TIJDIG_SCREENSHOT_DIR set)."""
    if folder := os.environ.get("TIJDIG_SCREENSHOT_DIR"):
        page.locator("section#clause").screenshot(path=str(Path(folder) / name))


def _stored(app: Tijdig) -> DamagesClause | None:
    with app.uow() as uow:
        company = uow.companies.find("ACME")
    assert company is not None
    return clauses.clause_of(app.uow(), company)


def test_an_admin_sets_the_clause_refused_above_the_caps_then_saved_and_removed(
    page: Page, base_url: str, app: Tijdig
) -> None:
    page.goto(f"{base_url}/settings")
    page.get_by_role("link", name="Damages clause (BE)").click()
    section = page.locator("section#clause")
    expect(section.locator(".no-clause")).to_contain_text("nothing is announced or claimed")
    section.get_by_label("Where the clause is").fill(REFERENCE)
    section.get_by_label("The clause's words").fill(WORDS)
    section.get_by_label("A percentage of the balance").check()
    section.get_by_label("Percent of the balance").fill("12")
    section.get_by_label("Interest, percent a year").fill("8,5")
    section.get_by_role("button", name="Save clause").click()

    # Refused: 12 % gives more than EUR 65 + 5 % of the part above EUR 500.
    error = page.locator("#clause-damages_percent-error")
    expect(error).to_contain_text("above the cap of €68.57 (€65 + 5 % of the part above €500")
    expect(page.get_by_label("Percent of the balance")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Interest, percent a year")).to_have_value("8,5")  # as typed
    assert _stored(app) is None
    _screenshot(page, "settings_clause_refused.png")

    page.get_by_label("Percent of the balance").fill("8")
    page.get_by_label("At most (EUR").fill("100")
    page.get_by_role("button", name="Save clause").click()
    expect(page).to_have_url(re.compile(r"/settings\?done=clause#clause$"))
    expect(page.locator(".flash")).to_have_text("Clause saved.")
    expect(page.locator(".clause-damages")).to_have_text("8 % of the balance, at most €100.00")
    expect(page.locator(".clause-interest")).to_contain_text("8.5 % a year")
    expect(page.locator(".clause-text")).to_have_text(WORDS)
    assert _stored(app) == DamagesClause(REFERENCE, WORDS, Decimal("8.5"), Decimal(8),
                                         damages_maximum=Decimal(100))  # fmt: skip
    _screenshot(page, "settings_clause.png")

    page.get_by_role("button", name="Remove the clause").click()
    expect(page.locator(".flash")).to_have_text("Clause removed.")
    expect(page.locator("section#clause .no-clause")).to_be_visible()
    assert _stored(app) is None
