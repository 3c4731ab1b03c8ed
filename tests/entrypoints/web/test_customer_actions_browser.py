"""End to end: a credit controller works from the customer page in a real browser
(Debian's Chromium through Playwright): logs a call with a promise, pauses dunning
(first refused for a day not after today, then set), and sets the next action. Each form
goes by htmx: the page is not reloaded, the timeline shows the change at once, and the
database is checked after each step."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tijdig import clock
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.records import pauses
from tijdig.services.records.agenda import customer_activity

from .browser import (  # noqa: F401 (fixtures)
    BROWSER_TEST,
    acme_database,
    app_fixture,
    base_url_fixture,
    browser_fixture,
    page_fixture,
)

pytestmark = BROWSER_TEST
USERNAME = "controller"


@pytest.fixture(scope="module")
def username() -> str:
    return USERNAME


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return acme_database(tmp_path_factory.mktemp("actions"), USERNAME, Role.CREDIT_CONTROLLER)


def _screenshot(page: Page, name: str) -> None:
    """The actions and the timeline, for a person to look at (TIJDIG_SCREENSHOT_DIR set)."""
    if folder := os.environ.get("TIJDIG_SCREENSHOT_DIR"):
        page.locator("#customer-actions").screenshot(path=str(Path(folder) / name))


def _acme(app: Tijdig) -> Company:
    with app.uow() as uow:
        found = uow.companies.find("ACME")
    assert found is not None
    return found


def test_a_credit_controller_logs_a_call_pauses_and_plans_from_the_customer_page(
    page: Page, base_url: str, app: Tijdig
) -> None:
    acme, today = _acme(app), clock.today()
    page.goto(f"{base_url}/customers/C001")
    actions, timeline = page.locator("#customer-actions"), page.locator("#timeline")
    page.evaluate("window.notReloaded = true")  # gone if a form reloads the page

    form = actions.locator("form.action-contact")
    form.get_by_label("With whom").fill("Piet Jansen")
    form.get_by_label("What was said").fill("Asked about F-001")
    form.get_by_label("What came out of it").fill("Pays in two weeks")
    form.get_by_label("Promised to pay by (optional)").fill(str(today + timedelta(days=14)))
    form.get_by_role("button", name="Log it").click()
    expect(actions.locator(".flash")).to_have_text("Contact logged: it is in the timeline.")
    expect(timeline).to_contain_text("Asked about F-001 with Piet Jansen")
    expect(timeline).to_contain_text("To pay everything overdue by")
    activity = customer_activity(app.uow(), acme, "C001", as_of=today)
    assert [(e.with_whom, e.outcome) for e in activity.events] == [
        ("Piet Jansen", "Pays in two weeks")]  # fmt: skip
    assert [p.promised_date for p in activity.promises] == [today + timedelta(days=14)]

    form = page.locator("#customer-actions form.action-pause")
    form.get_by_label("Dunning resumes on").fill(str(today))
    form.get_by_label("Reason").fill("Director away")
    form.get_by_role("button", name="Pause dunning").click()
    expect(page.locator("#customer-actions form.action-pause .form-error")).to_contain_text(
        "Dunning resumes on: "
    )
    assert pauses.pauses_of(app.uow(), acme, "C001") == []
    form = page.locator("#customer-actions form.action-pause")
    expect(form.get_by_label("Reason")).to_have_value("Director away")  # kept as typed
    form.get_by_label("Dunning resumes on").fill(str(today + timedelta(days=30)))
    form.get_by_role("button", name="Pause dunning").click()
    expect(page.locator("#customer-actions .paused")).to_contain_text("Director away")
    expect(timeline).to_contain_text("Dunning paused by controller")
    expect(page.locator("#next-step")).to_contain_text("Dunning paused by hand since")
    _screenshot(page, "customer_actions.png")
    [pause] = pauses.pauses_of(app.uow(), acme, "C001")
    assert (pause.since, pause.until) == (today, today + timedelta(days=30))

    form = page.locator("#customer-actions form.action-next")
    form.get_by_label("On", exact=True).fill(str(today + timedelta(days=3)))
    form.get_by_label("What is to be done").fill("Call Piet back about the pause")
    form.get_by_role("button", name="Put it in the agenda").click()
    expect(page.locator("#customer-actions .flash")).to_have_text(
        "Next action set: it is in the agenda."
    )
    expect(timeline).to_contain_text("Call Piet back about the pause")
    tasks = customer_activity(app.uow(), acme, "C001", as_of=today).tasks
    assert [(t.due_on, t.title) for _id, t in tasks] == [
        (today + timedelta(days=3), "Call Piet back about the pause")]  # fmt: skip
    assert page.evaluate("window.notReloaded") is True
