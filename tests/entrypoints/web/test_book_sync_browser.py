"""End to end (issue 16, part 3): a credit controller uploads the books' latest invoice
export in a real browser (Debian's Chromium through Playwright), reads the difference
from the previous export, and applies it; a broken export is refused naming its line.
The database is checked."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import FilePayload, Page, expect
from sqlalchemy import select

from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.adapters.db.schema.syncs import InvoiceClosureRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.services.receivables.sync import apply_sync, source_key

from .browser import (  # noqa: F401 (fixtures)
    BROWSER_TEST,
    acme_database,
    app_fixture,
    base_url_fixture,
    browser_fixture,
    page_fixture,
    username_fixture,
)
from .conftest import ACME_INVOICES, ADMIN
from .test_book_sync_page import DECEMBER

pytestmark = BROWSER_TEST


def _synced_from_november(app: Tijdig, acme: Company) -> None:
    november = [i for i in ACME_INVOICES if i.number in ("F-001", "F-002", "F-003")]
    apply_sync(app.uow(), acme, november, source=source_key("csv"),
               exported_on=date(2026, 3, 2), filename="november.csv", actor="test",
               at=datetime.now(UTC))  # fmt: skip


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """ACME's ledger, synced from the books' November export (F-001, F-002, F-003)."""
    return acme_database(tmp_path_factory.mktemp("books"), ADMIN, then=_synced_from_november)


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
