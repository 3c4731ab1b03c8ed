"""End to end: an administrator sets the damages clause for Belgian consumers on the
settings page in a real browser (Debian's Chromium through Playwright). A clause above
the caps is refused with the cap named next to the field and nothing stored; the
corrected one is saved and shown; then removed."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import Company
from tijdig.services.companies import clauses
from tijdig.services.companies.companies import add_company

from .browser import (  # noqa: F401 (fixtures)
    BROWSER_TEST,
    app_fixture,
    base_url_fixture,
    browser_fixture,
    page_fixture,
    username_fixture,
)
from .conftest import ADMIN, add_user

pytestmark = BROWSER_TEST
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
