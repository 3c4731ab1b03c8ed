"""End to end (issue 14, part 2): a credit controller uploads this morning's bank file and
two invoice files in a real browser (Debian's Chromium through Playwright), watches the
job's progress, which htmx polls, and sees the result per file. The job is done by the
real SQLite runner, the child process `tijdig serve` starts. The database is checked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import FilePayload, Page, expect
from sqlalchemy import select

from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.bootstrap import Tijdig
from tijdig.config import Settings
from tijdig.entrypoints.background import start_runner
from tijdig.entrypoints.web.app import create_app

from .browser import (  # noqa: F401 (fixtures)
    BROWSER_TEST,
    acme_database,
    app_fixture,
    browser_fixture,
    page_fixture,
    served,
    username_fixture,
)
from .conftest import ADMIN
from .test_imports_page import BAD, BANK, GOOD

pytestmark = BROWSER_TEST


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return acme_database(tmp_path_factory.mktemp("imports"), ADMIN)


@pytest.fixture(scope="module")
def base_url(database: str) -> Iterator[str]:
    """The real app under uvicorn in a thread, and the job runner `tijdig serve` starts
    on SQLite (a spawned child process)."""
    settings = Settings(database_url=database)
    runner = start_runner(settings)
    try:
        with served(create_app(settings)) as url:
            yield url
    finally:
        runner.terminate()
        runner.join(timeout=10)


def _file(name: str, text: str) -> FilePayload:
    return {"name": name, "mimeType": "text/plain", "buffer": text.encode()}


def _open_amounts(app: Tijdig) -> dict[str, int]:
    with app.uow() as uow:
        rows = uow.session.execute(select(InvoiceRow.number, InvoiceRow.open_minor)).all()
        lines = uow.session.scalars(select(BankTransactionRow.status)).all()
    return {**dict(rows), "bank lines": len(lines)}


def test_files_uploaded_are_followed_to_their_result_per_file(
    page: Page, base_url: str, app: Tijdig
) -> None:
    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("Bank statements (MT940, CAMT.053)").set_input_files(
        [_file("statement.mt940", BANK)]
    )
    page.get_by_label("Invoices (CSV, UBL e-invoices)").set_input_files(
        [_file("march.csv", GOOD), _file("broken.csv", BAD)]
    )
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator("h1")).to_contain_text("import")
    progress = page.locator("#job-progress")
    # htmx polls until the runner has done the job; the page is never reloaded
    expect(progress).to_have_attribute("data-state", "done", timeout=30_000)
    # a step per invoice file, one for the bank files' reading, one for their booking
    expect(progress.locator("progress")).to_have_attribute("max", "4")
    expect(progress.locator("progress")).to_have_attribute("value", "4")
    rows = progress.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(progress.locator('[data-file="march.csv"] .outcome')).to_have_text("booked")
    expect(progress.locator('[data-file="statement.mt940"] .outcome')).to_have_text("booked")
    expect(progress.locator('[data-file="statement.mt940"]')).to_contain_text("1 payment(s) booked")
    refused = progress.locator('[data-file="broken.csv"]')
    expect(refused.locator(".outcome")).to_have_text("refused: nothing booked")
    expect(refused).to_contain_text("broken.csv, line 3, field factuurdatum")

    found = _open_amounts(app)
    assert found["F-100"] == 0 and found["F-101"] == 10000 and found["bank lines"] == 1
    assert "F-200" not in found and "F-201" not in found

    page.get_by_role("link", name="Import files").click()  # left, and back from the list
    page.locator(".imports-table a").first.click()
    expect(page.locator("#job-progress")).to_have_attribute("data-state", "done")
    expect(page.locator('[data-file="march.csv"] .outcome')).to_have_text("booked")
