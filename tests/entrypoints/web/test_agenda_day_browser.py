"""End to end in Debian's Chromium (issue 15 §2): a credit controller goes through the
agenda's days, calls, nobody answers, records "not reached, call back on" a later day,
and finds the task on that day (and in the days ahead), not before. Each step is checked
in the database, as the real app under uvicorn wrote it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tijdig import clock
from tijdig.adapters.db.schema.collection import ContactEventRow, TaskRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.domain.users import Role
from tijdig.entrypoints.web.app import create_app

from .browser import (
    BROWSER_TEST,
    chromium,
    served,
    watch_for_violations,
)
from .collection_data import AS_OF, seed_small, settings
from .conftest import PASSWORD, add_user

pytestmark = BROWSER_TEST

CALL_BACK = date(2026, 11, 27)  # the Friday after AS_OF, Tuesday 24 November


@pytest.fixture(scope="module", autouse=True)
def the_day() -> Iterator[None]:
    """It is AS_OF, 10:00 in Amsterdam, for the pages (the call is made today)."""
    moment = datetime.combine(AS_OF, time(10, 0), tzinfo=clock.BUSINESS_TIMEZONE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: moment.astimezone(UTC))
        yield


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tijdig]:
    folder = tmp_path_factory.mktemp("agenda_day")
    app = bootstrap(settings(f"sqlite:///{folder / 'tijdig.db'}", folder))
    acme = seed_small(app)
    assert acme.id is not None
    add_user(app, "anna", Role.CREDIT_CONTROLLER, (acme.id,))
    yield app
    app.close()


@pytest.fixture(scope="module")
def base_url(installation: Tijdig) -> Iterator[str]:
    with served(create_app(installation.settings)) as url:
        yield url


@pytest.fixture
def page(base_url: str) -> Iterator[Page]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        tab = context.new_page()
        problems = watch_for_violations(tab)
        yield tab
        context.close()
    assert problems == []


def _rows(app: Tijdig, *columns: Any, where: Any = True) -> list[tuple[Any, ...]]:
    with app.uow() as uow:
        return [tuple(r) for r in uow.session.execute(select(*columns).where(where))]


def _days_on(page: Page, clicks: int) -> None:
    for _ in range(clicks):
        page.locator("a.next-day").click()


def test_a_call_not_answered_moves_to_the_day_to_call_back(
    page: Page, base_url: str, installation: Tijdig
) -> None:
    page.goto(f"{base_url}/sign-in?next=/agenda?as_of={AS_OF.isoformat()}")
    page.fill('input[name="username"]', "anna")
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    task = page.locator("article.task").first
    expect(task).to_contain_text("Bakkerij Jansen")
    expect(task.locator(".overdue-amount")).to_contain_text("€1,815.00")
    task_id = int(task.get_attribute("data-task") or 0)

    # a day back: not due yet; and on again
    page.locator("a.previous-day").click()
    expect(page).to_have_url(f"{base_url}/agenda?as_of=2026-11-23")
    expect(page.locator(f"#task-{task_id}")).to_have_count(0)
    _days_on(page, 1)
    expect(page.locator(f"#task-{task_id}")).to_be_visible()

    # nobody answers: call back on Friday
    card = page.locator(f"#task-{task_id}")
    card.locator("summary", has_text="Not reached").click()
    card.locator('input[name="call_back"]').fill(CALL_BACK.isoformat())
    card.locator('input[name="note"]').fill("voicemail, left a message")
    card.get_by_role("button", name="Not reached: keep it open").click()
    expect(page.locator(".task-moved")).to_contain_text(f"#{task_id}")
    expect(page.locator(f"#task-{task_id}")).to_have_count(0)
    assert _rows(installation, TaskRow.due_on, TaskRow.done_on, where=TaskRow.id == task_id) == [
        (CALL_BACK, None)
    ]
    [(outcome, by)] = _rows(installation, ContactEventRow.outcome, ContactEventRow.by)
    assert (outcome, by) == ("voicemail, left a message", "Anna")
    assert _rows(installation, AuditRow.subject, where=AuditRow.action == "task.call_back") == [
        (f"task {task_id}",)
    ]

    # the days ahead show it on Friday; the agenda has it from Friday, not before
    page.locator("a.upcoming-link").click()
    expect(
        page.locator(f'[data-day="{CALL_BACK.isoformat()}"] [data-task="{task_id}"]')
    ).to_be_visible()
    page.locator("a.back-to-day").click()
    _days_on(page, 2)
    expect(page).to_have_url(f"{base_url}/agenda?as_of=2026-11-26")
    expect(page.locator(f"#task-{task_id}")).to_have_count(0)
    _days_on(page, 1)
    expect(page.locator(f"#task-{task_id}")).to_be_visible()

    # the day chosen goes along to the other pages, and is nowhere stored
    page.locator("nav.mainnav a", has_text="Runs").click()
    expect(page).to_have_url(f"{base_url}/runs?as_of={CALL_BACK.isoformat()}")
