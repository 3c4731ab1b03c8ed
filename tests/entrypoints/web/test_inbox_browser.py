"""End to end in a real browser (Debian's Chromium through Playwright): a credit
controller opens the inbox from the menu, sees a reply read as a promise with its
reasons and the day promised, and confirms it with one click. The database then holds
the promise, the reply no longer holds the customer, and the audit log says who did it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from tests.services.mailbox.inbox_world import AuditRow, PromiseRow, add_reply, count
from tijdig import clock
from tijdig.adapters.db.schema.mailbox import MailMessageRow
from tijdig.bootstrap import Tijdig
from tijdig.config import Settings
from tijdig.domain.users import Role
from tijdig.entrypoints.web.app import create_app

from .browser import (  # noqa: F401 (fixtures)
    BROWSER_TEST,
    acme_database,
    app_fixture,
    browser_fixture,
    served,
    signed_in_page,
)

pytestmark = BROWSER_TEST
USERNAME = "controller"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return acme_database(tmp_path_factory.mktemp("inbox"), USERNAME, Role.CREDIT_CONTROLLER)


def test_a_reply_is_confirmed_as_a_promise_from_the_inbox(
    browser: Browser, database: str, app: Tijdig
) -> None:
    with app.uow() as uow:
        acme = uow.companies.find("ACME")
    assert acme is not None and acme.id is not None
    promised = clock.today() + timedelta(days=7)
    mail_id = add_reply(app, acme, f"Wij betalen de factuur op {promised:%d-%m-%Y}.",
                        clock.now(), customer="C001", key="<browser@klant.nl>")  # fmt: skip
    with app.uow() as uow:
        [state] = uow.run_data.customer_states(acme.id, as_of=clock.today(),
                                               customer_number="C001")  # fmt: skip
    assert [w.mail_id for w in state.waiting_replies] == [mail_id]
    with (
        served(create_app(Settings(database_url=database))) as base_url,
        signed_in_page(browser, base_url, USERNAME) as page,
    ):
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
        expect(page.locator("h1")).to_have_text("Inbox")
        row = page.locator(f"tr[data-message='{mail_id}']")
        expect(row.locator(".reply-kind")).to_have_text("Promise to pay")
        expect(row.locator(".reasons li").first).to_contain_text("Says it will be paid")
        expect(row.locator("select[name=kind]")).to_have_value("promise")
        expect(row.locator("input[name=promised_on]")).to_have_value(promised.isoformat())
        row.get_by_role("button", name="Confirm").click()
        expect(page.locator(".flash")).to_have_text("Reply confirmed.")
        expect(page.locator(f"tr[data-message='{mail_id}']")).to_have_count(0)
    assert count(app, PromiseRow, promised_date=promised) == 1
    assert count(app, AuditRow, action="mail.confirm", actor=f"{USERNAME} (web)") == 1
    assert count(app, AuditRow, action="promise.add", actor=f"{USERNAME} (web)") == 1
    with app.engine.connect() as connection:
        confirmed = connection.execute(
            select(MailMessageRow.confirmed_kind, MailMessageRow.confirmed_by)
            .where(MailMessageRow.id == mail_id)
        ).one()  # fmt: skip
    assert tuple(confirmed) == ("promise", f"{USERNAME} (web)")
    with app.uow() as uow:
        [state] = uow.run_data.customer_states(acme.id, as_of=clock.today(),
                                               customer_number="C001")  # fmt: skip
    assert state.waiting_replies == ()  # the hold is lifted
