"""What the browser tests share: the real app under uvicorn in a thread, Chromium, a tab
signed in through the sign-in form, ACME's database seeded with a user, and a job runner
beside the app (the loop `tijdig serve`'s SQLite runner runs, in this process, so a test's
patched clock holds for the jobs too).

The fixtures at the end (`browser`, `base_url`, `app`, `username`, `page`) serve a module
that defines `database` (module-scoped: the URL of the database the app is served on) and
imports the `*_fixture` functions it needs; `page` signs in as `username`, the
administrator unless the module defines a `username` fixture of its own."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from tijdig import clock
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.entrypoints.background import do_job
from tijdig.entrypoints.web.app import create_app
from tijdig.services.background import next_job

from .conftest import ADMIN, PASSWORD, add_user, seed_acme

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ACME_NAME = "Acme Groothandel B.V."
# A browser test module's marks: `pytestmark = BROWSER_TEST`.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} is absent: `apt-get install chromium` to run the browser tests",
    ),
]


def watch_for_violations(page: Page) -> list[str]:
    """Collect, as they happen, what the browser reports against a page: a breach of its
    Content-Security-Policy (Chromium says so in the console, for frames too) and
    script errors. Every browser test ends with none."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            problems.append(f"{message.type}: {message.text} ({message.location})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return problems


@contextmanager
def served(asgi: Any) -> Iterator[str]:
    """`asgi` under uvicorn on a free loopback port; its base URL."""
    config = uvicorn.Config(asgi, log_config=None, log_level="warning", access_log=False)
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


@contextmanager
def job_runner(app: Tijdig) -> Iterator[None]:
    """A thread doing the queued jobs as they come, until the block ends."""
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            job_id = next_job(app.jobs(), at=clock.now())
            if job_id is None:
                stop.wait(0.2)
            else:
                do_job(app, job_id)

    working = threading.Thread(target=run, name="test-job-runner", daemon=True)
    working.start()
    try:
        yield
    finally:
        stop.set()
        working.join(timeout=30)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, through Playwright."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def signed_in_page(
    browser: Browser, base_url: str, username: str, *, heading: str = ACME_NAME
) -> Iterator[Page]:
    """A desktop tab (en-GB) signed in as `username` through the sign-in form, landed on
    the page whose heading is `heading`; on leaving, no breach of the page's
    Content-Security-Policy and no script error was reported."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    problems = watch_for_violations(tab)
    tab.goto(f"{base_url}/sign-in")
    tab.get_by_label("User name").fill(username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.locator("h1")).to_have_text(heading)
    yield tab
    context.close()
    assert problems == []


def acme_database(
    folder: Path,
    username: str,
    role: Role = Role.ADMIN,
    *,
    then: Callable[[Tijdig, Company], object] = lambda _app, _acme: None,
) -> str:
    """A new SQLite database in `folder` holding ACME (conftest's `seed_acme`) and the
    user `username` (an administrator, or given `role` for ACME), after which `then` adds
    what the test needs; its URL."""
    url = f"sqlite:///{folder / 'tijdig.db'}"
    installation = bootstrap(Settings(database_url=url))
    acme = seed_acme(installation)
    companies = () if role is Role.ADMIN else (acme.id or 0,)
    add_user(installation, username, role, companies)
    then(installation, acme)
    installation.close()
    return url


@contextmanager
def opened(database_url: str) -> Iterator[Tijdig]:
    """The installation on an existing database (the served app's), to check what it
    stored."""
    installation = bootstrap(Settings(database_url=database_url), migrate_schema=False)
    try:
        yield installation
    finally:
        installation.close()


@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module", name="base_url")
def base_url_fixture(database: str) -> Iterator[str]:
    """The real app on the module's database under uvicorn in a thread."""
    with served(create_app(Settings(database_url=database))) as url:
        yield url


@pytest.fixture(name="app")
def app_fixture(database: str) -> Iterator[Tijdig]:
    with opened(database) as installation:
        yield installation


@pytest.fixture(scope="module", name="username")
def username_fixture() -> str:
    return ADMIN


@pytest.fixture(name="page")
def page_fixture(browser: Browser, base_url: str, username: str) -> Iterator[Page]:
    """A tab signed in as `username` through the sign-in form."""
    with signed_in_page(browser, base_url, username) as tab:
        yield tab
