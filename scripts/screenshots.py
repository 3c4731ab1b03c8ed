"""Save screenshots of the main pages under docs/screenshots/ (`make screenshots`).

Builds a small demo installation in a temporary folder with the real commands
(demo data, bank statements, today's run, a user), starts `tijdig serve`, and drives
Debian's Chromium through Playwright: sign in, then each page at 1280 px wide, and the
debtor portal at phone size. The customer page is also shot with its actions (log a
call, pause, next action) in view, and the customer list for a user who reads Tijdig
in French.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from web import PASSWORD, USER, _cli, server

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
AS_OF = "2026-11-23"
FRENCH_USER = "claire"  # an admin who reads the workspace in French (Belgium)
PAGES = [
    ("dashboard", "/"),
    ("customers", "/customers?overdue=1"),
    ("runs", "/runs"),
    ("agenda", "/agenda"),
    ("bank", "/bank"),
    ("disputes", "/disputes"),
    ("settings", "/settings"),
]


def build(folder: Path) -> dict[str, str]:
    database = folder / "demo.db"
    env = {**os.environ, "TIJDIG_DATABASE_URL": f"sqlite:///{database}"}
    _cli(env, "demo-data", "--as-of", AS_OF, "--bank-days", "10", "--bank-dir",
         str(folder / "bank"), cwd=folder)  # fmt: skip
    _cli(env, "import", "bank", *map(str, sorted((folder / "bank").glob("*.xml"))))
    _cli(env, "run", "--as-of", AS_OF)
    _cli(env, "user", "add", USER, "--role", "admin", "--password", PASSWORD, "--language", "en")
    _cli(env, "user", "add", FRENCH_USER, "--role", "admin", "--password", PASSWORD,
         "--language", "fr")  # fmt: skip
    return env


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/sign-in")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def shoot_actions(page: Page, base: str, path: str) -> None:
    """The customer page scrolled to its actions: the forms a credit controller uses."""
    response = page.goto(base + path)
    actions = page.locator("#customer-actions")
    if response is None or response.status != 200 or actions.count() == 0:
        print(f"skipped customer_actions: {path} shows no actions")
        return
    actions.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(OUT / "customer_actions.png"), full_page=False)
    print("saved docs/screenshots/customer_actions.png")


def shoot(page: Page, base: str, name: str, path: str) -> None:
    response = page.goto(base + path)
    if response is None or response.status != 200:
        print(f"skipped {name}: {path} answered {response.status if response else 'nothing'}")
        return
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=False)
    print(f"saved docs/screenshots/{name}.png")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tijdig-screens-") as folder:
        env = build(Path(folder))
        database = Path(folder) / "demo.db"
        with server(database) as running, sync_playwright() as playwright:
            base = running.base
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            sign_in(page, base, USER)
            for name, path in PAGES:
                shoot(page, base, name, path)
            for name, listing, pattern in (
                (
                    "customer",
                    "/customers?overdue=1",
                    r'href="(?:https?://[^/"]+)?(/customers/[^"?/]+)"',
                ),
                ("run", "/runs", r'href="(?:https?://[^/"]+)?(/runs/\d+)"'),
            ):
                page.goto(base + listing)
                found = re.search(pattern, page.content())
                if found:
                    shoot(page, base, name, found.group(1))
                    if name == "customer":
                        shoot_actions(page, base, found.group(1))
            french = browser.new_page(viewport={"width": 1280, "height": 900})
            sign_in(french, base, FRENCH_USER)
            shoot(french, base, "customers_fr", "/customers?overdue=1")
            link = _portal_link({**env, "TIJDIG_PUBLIC_URL": base})
            if link:
                phone = browser.new_page(viewport={"width": 390, "height": 844})
                shoot(phone, "", "portal", link)
            browser.close()


def _portal_link(env: dict[str, str]) -> str | None:
    """The portal link of the customer with the most overdue, from `tijdig portal link`."""
    try:
        overdue = _cli(env, "customers", "--overdue", "--json")
        number = re.search(r'"number": "([^"]+)"', overdue)
        if not number:
            return None
        out = _cli(env, "portal", "link", number.group(1))
    except subprocess.CalledProcessError:
        return None
    found = re.search(r"https?://\S+", out)
    return found.group(0) if found else None


if __name__ == "__main__":
    main()
