"""End to end in Debian's Chromium: a credit controller starts the day's run, reviews it,
approves items (htmx) and sends; another records a call's outcome with a promise in
the agenda. Each step is checked in the database, as the real app under uvicorn wrote it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from tijdig import clock
from tijdig.adapters.db.schema.collection import ContactEventRow, PromiseRow, RunItemRow, TaskRow
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.domain.users import Role
from tijdig.entrypoints.background import do_job
from tijdig.entrypoints.web.app import create_app

from .browser import BROWSER_TEST, browser_fixture, served, watch_for_violations  # noqa: F401 (fixtures)
from .collection_data import AS_OF, seed_demo, seed_small, settings
from .conftest import PASSWORD, add_user

pytestmark = BROWSER_TEST

DAY = f"as_of={AS_OF.isoformat()}"


@pytest.fixture(scope="module", autouse=True)
def run_day() -> Iterator[None]:
    """The pages read the edge's clock: it is the demo's run day, 10:00 in Amsterdam (a
    message previewed or sent is worked out for today)."""
    moment = datetime.combine(AS_OF, time(10, 0), tzinfo=clock.BUSINESS_TIMEZONE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: moment.astimezone(UTC))
        yield


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tijdig]:
    """A database with the demo wholesaler (carla's) and a small company (anna's)."""
    folder = tmp_path_factory.mktemp("collection")
    url = f"sqlite:///{folder / 'tijdig.db'}"
    app = bootstrap(settings(url, folder))
    demo = seed_demo(app)
    acme = seed_small(app)
    assert demo.id is not None and acme.id is not None
    add_user(app, "carla", Role.CREDIT_CONTROLLER, (demo.id,))
    add_user(app, "anna", Role.CREDIT_CONTROLLER, (acme.id,))
    yield app
    app.close()


@pytest.fixture(scope="module")
def base_url(installation: Tijdig) -> Iterator[str]:
    with served(create_app(installation.settings)) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    problems = watch_for_violations(tab)
    yield tab
    context.close()
    assert problems == []


def _sign_in(page: Page, base_url: str, username: str, target: str) -> None:
    page.goto(f"{base_url}/sign-in?next={target}")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')


def _rows(app: Tijdig, *columns: Any, where: Any = True) -> list[Any]:
    with app.uow() as uow:
        return list(uow.session.execute(select(*columns).where(where)))


def _statuses(app: Tijdig, ids: list[int]) -> list[str]:
    rows = _rows(app, RunItemRow.id, RunItemRow.status, where=RunItemRow.id.in_(ids))
    found = dict(rows)
    return [found[i] for i in ids]


def _ids(page: Page, selector: str) -> list[int]:
    values = page.locator(selector).evaluate_all("els => els.map(e => e.value)")
    return [int(v) for v in values]


def test_start_review_approve_preview_and_send_a_run(
    page: Page, base_url: str, installation: Tijdig
) -> None:
    _sign_in(page, base_url, "carla", f"/runs?{DAY}")
    expect(page.locator("h1")).to_have_text("Runs")
    page.get_by_role("button", name="Start the run of").click()
    expect(page.locator("h1")).to_contain_text("Run")
    expect(page.locator(".warning-note").first).to_contain_text("Import the bank first")
    # The first group with proposals is shown; the reminders are a tab away.
    expect(page.locator('.group-tabs a[aria-current="page"]')).to_have_attribute(
        "data-group", "step:friendly"
    )
    page.locator('.group-tabs a[data-group="step:reminder"]').click()
    expect(page.locator(".group-head h2")).to_have_text("Reminder")
    boxes = page.locator('input[name="item"]')
    chosen = _ids(page, 'input[name="item"]')[:2]
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Approve selected").click()  # htmx: the section swaps
    expect(page.locator(".decided-count")).to_have_text("2")
    assert _statuses(installation, chosen) == ["approved", "approved"]
    expect(page.locator(f'tr[data-item="{chosen[0]}"]')).to_have_attribute(
        "data-status", "approved"
    )
    # "Select all on this page", then skip: every proposal left on the page is skipped.
    left = _ids(page, 'input[name="item"]')
    page.locator("input.select-all").check()
    page.get_by_role("button", name="Skip selected").click()
    expect(page.locator(".decided-count")).to_have_text(str(len(left)))
    assert set(_statuses(installation, left)) == {"skipped"}

    # The message as the customer will see it: the e-mail in a sandboxed frame.
    page.locator(f'tr[data-item="{chosen[0]}"] a.preview-link').click()
    expect(page.locator(".preview-subject")).not_to_be_empty()
    frame = page.frame_locator("iframe.mail-frame")
    expect(frame.locator("body")).to_contain_text("IBAN")  # how to pay, as sent
    expect(frame.locator('img[alt="EPC QR"]')).to_be_visible()  # inline image, no cid:
    page.go_back()

    page.get_by_role("button", name="Send what was approved").click()
    # Sending is a background job: its page waits for a worker, which then sends.
    expect(page.locator("#job-progress")).to_have_attribute("data-state", "queued")
    assert _statuses(installation, chosen) == ["approved", "approved"]
    job_id = int(page.url.split("/jobs/")[1].split("?")[0])
    done = do_job(installation, job_id)
    assert done is not None and done.state.value == "done"
    expect(page.locator(".sent-outcome")).to_contain_text("Send finished")
    expect(page.locator('.sent-outcome [data-count="sent"]')).to_have_text("2")
    assert _statuses(installation, chosen) == ["sent", "sent"]
    assert len(list((installation.settings.mail_dir).glob("*.eml"))) == 2


def test_a_refused_approval_says_why_on_the_page(page: Page, base_url: str) -> None:
    _sign_in(page, base_url, "carla", f"/runs?{DAY}")
    page.get_by_role("button", name="Start the run of").click()
    page.get_by_role("button", name="Approve selected").click()  # nothing ticked
    expect(page.locator(".collection-error")).to_contain_text("choose at least one item")


def test_record_a_call_with_a_promise_from_the_agenda(
    page: Page, base_url: str, installation: Tijdig
) -> None:
    _sign_in(page, base_url, "anna", f"/agenda?{DAY}")
    task = page.locator("article.task").first
    expect(task).to_contain_text("Bakkerij Jansen")
    expect(task.locator(".contact")).to_contain_text("Eline Bos")
    task.locator("summary", has_text="Call script").click()
    expect(task.locator("pre.script")).to_contain_text("Klopt de factuur")
    task_id = int(task.get_attribute("data-task") or 0)

    task.locator("summary", has_text="Record the outcome").click()
    task.locator('textarea[name="outcome"]').fill("Pays Friday")
    task.locator('input[name="promise"]').fill("2026-11-27")
    task.locator('input[name="amount"]').fill("12,50x")  # a typo first
    task.get_by_role("button", name="Record and complete").click()
    expect(page.locator(f"#task-{task_id} .form-error")).to_contain_text("amount")
    assert _rows(installation, PromiseRow.id) == []

    page.locator(f'#task-{task_id} input[name="amount"]').fill("1.210,00")
    page.locator(f"#task-{task_id}").get_by_role("button", name="Record and complete").click()
    expect(page.locator(".task-done")).to_contain_text(f"#{task_id}")
    [promise] = _rows(installation, PromiseRow.promised_date, PromiseRow.amount_minor)
    assert tuple(promise) == (date(2026, 11, 27), 121_000)
    [event] = _rows(installation, ContactEventRow.kind, ContactEventRow.outcome,
                    where=ContactEventRow.outcome == "Pays Friday")  # fmt: skip
    assert tuple(event) == ("call", "Pays Friday")
    [(done_on,)] = _rows(installation, TaskRow.done_on, where=TaskRow.id == task_id)
    assert done_on == AS_OF


def test_the_template_preview_shows_the_e_mail_in_its_frame(page: Page, base_url: str) -> None:
    _sign_in(page, base_url, "anna", f"/settings/templates?{DAY}")
    expect(page.locator("h1")).to_have_text("Message templates")
    page.locator('select[name="step"]').select_option("reminder")
    page.get_by_label("Customer number").fill("C001")
    page.get_by_role("button", name="Show preview").click()  # htmx swaps the preview in
    frame = page.frame_locator("iframe.mail-preview")
    expect(frame.locator("body")).to_contain_text("ACME-001")
