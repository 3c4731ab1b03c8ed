"""End to end: a credit controller works the bank review queue in a real browser (Debian's
Chromium through Playwright): books a line as suggested, sets another aside as not a
customer payment; each decision is stored with its audit entry naming the user."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company

from .browser import (  # noqa: F401 (fixtures)
    BROWSER_TEST,
    acme_database,
    app_fixture,
    base_url_fixture,
    browser_fixture,
    page_fixture,
    username_fixture,
)
from .conftest import ADMIN
from .test_bank_page import add_lines

pytestmark = BROWSER_TEST


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    def lines(app: Tijdig, acme: Company) -> None:
        add_lines(app, acme, ["1210.00", "99.00"])  # each suggesting F-001

    return acme_database(tmp_path_factory.mktemp("bank"), ADMIN, then=lines)


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
