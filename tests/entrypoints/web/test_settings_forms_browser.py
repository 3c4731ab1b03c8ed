"""End to end (issue 15): an administrator edits a policy step and a template text in a
real browser (Debian's Chromium through Playwright). A step with days that are no
number is refused with the step and the field named; the corrected one is stored as the
TOML the run reads. A template text without the day to pay by is refused by the letter
rules; a reworded one is previewed, saved and used, then reset. The database is checked
after each step."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tijdig.adapters.db.schema.collection import TemplateTextRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.policy import PolicySet
from tijdig.domain.collection.policy_toml import load_policy_set

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

pytestmark = BROWSER_TEST
FRIENDLY_LINE = "Mogelijk is de betaling aan uw aandacht ontsnapt."


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """ACME: C001 Bakkerij Jansen, F-001 overdue since 31 January 2026."""
    return acme_database(tmp_path_factory.mktemp("settings-forms"), ADMIN)


def _policies(app: Tijdig) -> PolicySet | None:
    with app.uow() as uow:
        company = uow.companies.find("ACME")
        assert company is not None and company.id is not None
        text = uow.collection_settings.get(company.id)[1]
    return None if text is None else load_policy_set(text)


def _texts(app: Tijdig) -> dict[tuple[str, str], str]:
    with app.uow() as uow:
        rows = uow.session.execute(
            select(TemplateTextRow.language, TemplateTextRow.template, TemplateTextRow.text)
        )
        return {(language, template): text for language, template, text in rows}


def _actions(app: Tijdig) -> list[str]:
    with app.uow() as uow:
        return list(uow.session.scalars(select(AuditRow.action).where(AuditRow.actor != "test")
                                        .where(AuditRow.action.not_like("session.%"))
                                        .order_by(AuditRow.id)))  # fmt: skip


def test_an_admin_edits_a_policy_step_and_a_template_text(
    page: Page, base_url: str, app: Tijdig
) -> None:
    page.goto(f"{base_url}/settings")
    page.get_by_role("link", name="Edit the steps and segment rules in a form").click()
    page.locator("section#policy-nl_business").get_by_role("link", name="Edit the steps").click()
    expect(page.locator("h1")).to_contain_text("Netherlands, business customers")

    days = page.get_by_label("Days 2", exact=True)
    expect(days).to_have_value("7")
    days.fill("soon")
    page.get_by_role("button", name="Check and save the policy").click()
    expect(page.locator("#policy-error")).to_have_text("Step 2 · Days: 'soon' is not a number")
    expect(page.get_by_label("Days 2", exact=True)).to_have_attribute("aria-invalid", "true")
    assert _policies(app) is None

    page.get_by_label("Days 2", exact=True).fill("10")
    page.get_by_label("Channel 2", exact=True).select_option("letter")
    page.get_by_role("button", name="Check and save the policy").click()
    expect(page.locator(".flash")).to_have_text("Policy saved.")
    stored = _policies(app)
    assert stored is not None
    step = stored.policy("nl_business").steps[1]
    assert (step.key, step.days, step.channel.value) == ("reminder", 10, "letter")
    assert _actions(app) == ["policy.edit"]

    page.goto(f"{base_url}/settings/templates")
    page.get_by_role("link", name="Edit reminder nl").click()
    text = page.locator("textarea[name=text]")
    shipped = text.input_value()
    assert FRIENDLY_LINE in shipped
    page.get_by_label("Customer number for the preview").fill("C001")
    text.fill(shipped.replace("uiterlijk op {{ pay_by }} ", ""))
    page.get_by_role("button", name="Check and save the text").click()
    expect(page.locator("#wording-error")).to_contain_text("it leaves out the day to pay by")
    assert _texts(app) == {}

    text.fill(shipped.replace(FRIENDLY_LINE, "Wellicht is de factuur tussen de post geraakt."))
    page.get_by_role("button", name="Preview and check").click()
    expect(page.locator("#preview")).to_contain_text("tussen de post geraakt")
    expect(page.locator("#preview")).to_contain_text("F-001")
    assert _texts(app) == {}  # a preview stores nothing
    page.get_by_role("button", name="Check and save the text").click()
    expect(page.locator(".flash")).to_have_text("Template text saved.")
    assert "tussen de post geraakt" in _texts(app)[("nl", "reminder")]
    expect(page.locator(".page-heading")).to_contain_text("The company's own text is in use.")

    page.get_by_role("button", name="Reset to the default text").click()
    expect(page.locator(".flash")).to_have_text("Template text reset to the default.")
    expect(page.locator("textarea[name=text]")).to_have_value(shipped)
    assert _texts(app) == {}
    assert _actions(app) == ["policy.edit", "template.edit", "template.reset"]
    expect(page).to_have_url(re.compile(r"/settings/templates/edit/nl/reminder\?done=reset$"))
