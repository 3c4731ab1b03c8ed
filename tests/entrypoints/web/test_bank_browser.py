"""End to end: a credit controller works the bank review queue in a real browser (Debian's
Chromium through Playwright): books a line as suggested, sets another aside as not a
customer payment; each decision is stored with its audit entry naming the user."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import select

from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.entrypoints.web.app import create_app

from .conftest import ADMIN, PASSWORD, add_user, seed_acme
from .test_bank_page import add_lines
from .test_dashboard_browser import CHROMIUM, CHROMIUM_ARGS, watch_for_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} is absent: `apt-get install chromium` to run the browser tests",
    ),
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('bank') / 'tijdig.db'}"
    installation = bootstrap(Settings(database_url=url))
    acme = seed_acme(installation)
    add_lines(installation, acme, ["1210.00", "99.00"])  # each suggesting F-001
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


def _statuses(app: Tijdig) -> list[str]:
    with app.uow() as uow:
        t = BankTransactionRow
        return list(uow.session.scalars(select(t.status).order_by(t.id)))


def _audit(app: Tijdig) -> list[tuple[str, str]]:
    with app.uow() as uow:
        ours = AuditRow.action.like("bank.%")  # not the set-up's company.add and user.add
        rows = uow.session.scalars(select(AuditRow).where(ours).order_by(AuditRow.id))
        return [(r.action, r.actor) for r in rows]


def test_a_line_is_booked_as_suggested_and_another_set_aside(
    page: Page, base_url: str, app: Tijdig
) -> None:
    page.goto(f"{base_url}/bank")
    lines = page.locator("article.bank-line")
    expect(lines).to_have_count(2)
    expect(lines.first.locator(".suggestions")).to_contain_text("amount and name match")
    lines.first.get_by_role("button", name="Book").click()
    expect(page.locator(".flash")).to_have_text("Payment booked.")
    expect(page.locator("article.bank-line")).to_have_count(1)
    assert _statuses(app) == ["matched", "review"]

    line = page.locator("article.bank-line")
    line.get_by_label("Note").fill("refund from supplier")
    line.get_by_role("button", name="Not a customer payment").click()
    expect(page.locator(".flash")).to_have_text("Set aside: not a customer payment.")
    expect(page.get_by_text("Nothing waits for review.")).to_be_visible()
    assert _statuses(app) == ["matched", "ignored"]
    assert _audit(app) == [("bank.book", f"{ADMIN} (web)"), ("bank.dismiss", f"{ADMIN} (web)")]
