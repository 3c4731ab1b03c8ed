"""End to end (issue 16, part 3): a credit controller uploads the books' latest invoice
export in a real browser (Debian's Chromium through Playwright), reads the difference
from the previous export, and applies it; a broken export is refused naming its line.
The database is checked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect
from sqlalchemy import select

from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.adapters.db.schema.syncs import InvoiceClosureRow
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.entrypoints.web.app import create_app
from tijdig.services.receivables.sync import apply_sync, source_key

from .browser import chromium, served
from .conftest import ACME_INVOICES, ADMIN, PASSWORD, add_user, seed_acme
from .test_book_sync_page import DECEMBER
from .test_dashboard_browser import CHROMIUM, watch_for_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} is absent: `apt-get install chromium` to run the browser tests",
    ),
]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """ACME's ledger, synced from the books' November export (F-001, F-002, F-003)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('books') / 'tijdig.db'}"
    installation = bootstrap(Settings(database_url=url))
    acme = seed_acme(installation)
    add_user(installation, ADMIN)
    november = [i for i in ACME_INVOICES if i.number in ("F-001", "F-002", "F-003")]
    apply_sync(installation.uow(), acme, november, source=source_key("csv"),
               exported_on=date(2026, 3, 2), filename="november.csv", actor="test",
               at=datetime.now(UTC))  # fmt: skip
    installation.close()
    return Settings(database_url=url)


@pytest.fixture(scope="module")
def base_url(settings: Settings) -> Iterator[str]:
    with served(create_app(settings)) as url:
        yield url


@pytest.fixture
def app(settings: Settings) -> Iterator[Tijdig]:
    installation = bootstrap(settings, migrate_schema=False)
    yield installation
    installation.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
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


def _file(name: str, text: str) -> FilePayload:
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


def _show(page: Page, base_url: str, name: str, text: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("Invoice export (CSV)").set_input_files([_file(name, text)])
    page.get_by_label("Exported on").fill("2026-03-14")
    page.get_by_role("button", name="Show the difference").click()


def test_the_books_export_is_shown_then_applied(page: Page, base_url: str, app: Tijdig) -> None:
    _show(page, base_url, "december.csv", DECEMBER)
    expect(page.locator("h1")).to_have_text("Keep in step with the books")
    expect(page.locator(".sync-counts")).to_have_text("0 new, 1 changed, 1 gone, 1 unchanged")
    changed = page.locator(".sync-changed tbody tr")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text("due date")
    expect(changed).to_contain_text("31 Mar 2026")
    expect(changed).to_contain_text("15 Apr 2026")
    gone = page.locator(".sync-gone tbody tr")
    expect(gone).to_have_count(1)
    expect(gone).to_contain_text("€1,210.00 paid outside Tijdig on 14 Mar 2026")
    with app.uow() as uow:  # shown, not booked
        assert uow.session.scalar(select(InvoiceRow.open_minor).where(
            InvoiceRow.number == "F-001")) == 121000  # fmt: skip

    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".sync-done")).to_be_visible()
    expect(page.locator(".sync-counts")).to_have_text("0 new, 0 changed, 0 gone, 2 unchanged")
    expect(page.get_by_role("button", name="Apply")).to_have_count(0)
    with app.uow() as uow:
        open_ = dict(uow.session.execute(select(InvoiceRow.number, InvoiceRow.open_minor)).all())
        closed = uow.session.execute(
            select(InvoiceClosureRow.reason, InvoiceClosureRow.closed_on)
        ).all()
    assert open_["F-001"] == 0 and open_["F-002"] == 60500
    assert [tuple(c) for c in closed] == [("paid_outside", date(2026, 3, 14))]
    page.goto(f"{base_url}/customers/C001")  # the customer's timeline says so
    expect(page.locator("body")).to_contain_text("F-001: €1,210.00 paid outside Tijdig")


def test_a_broken_export_is_refused_naming_its_line(page: Page, base_url: str) -> None:
    _show(page, base_url, "kapot.csv", DECEMBER + "F-009;C001;2026-02-30;2026-03-31;1,00;1,00\n")
    expect(page.locator("body")).to_contain_text("kapot.csv, line 4")
    expect(page.get_by_role("button", name="Apply")).to_have_count(0)
