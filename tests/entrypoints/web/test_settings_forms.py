"""Settings a person can edit (issue 15): a policy's steps and the segment rules in a
form, and a template's text per language with a preview, the letter rules and a reset.
Saved through the same service as the TOML box (audited); a refusal names the row and
the column, or what the letter leaves out, in the reader's language; nothing refused
is stored."""

from __future__ import annotations

import html
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from tijdig.adapters.db.schema.collection import TemplateTextRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.policy import Policy, PolicySet
from tijdig.domain.collection.policy_form import FLAGS, form_of
from tijdig.domain.collection.policy_toml import default_policy_set, load_policy_set
from tijdig.domain.parties import Company

from .conftest import csrf_of

AS_OF = "as_of=2026-03-15"
EDIT = "/settings/templates/edit/nl/reminder"


def policy_data(policy: Policy, **typed: Any) -> dict[str, Any]:
    """The form as the page fills it in for `policy`, with `typed` in place."""
    rows = form_of(policy).steps
    data: dict[str, Any] = {
        "name": policy.name, "min_interval_days": str(policy.min_interval_days),
        "min_amount": str(policy.min_amount),
        **{column: [getattr(r, column) for r in rows]
           for column in ("key", "basis", "days", "channel", "template", "legal_notice")},
        **{flag: [str(i) for i, r in enumerate(rows) if getattr(r, flag)] for flag in FLAGS},
    }  # fmt: skip
    return data | typed


def post(client: TestClient, url: str, data: dict[str, Any], page: str) -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def stored(app: Tijdig, company: Company) -> PolicySet | None:
    assert company.id is not None
    with app.uow() as uow:
        text = uow.collection_settings.get(company.id)[1]
    return None if text is None else load_policy_set(text)


def actions(app: Tijdig) -> list[str]:
    with app.uow() as uow:
        return list(uow.session.scalars(select(AuditRow.action).where(AuditRow.actor != "test")
                                        .order_by(AuditRow.id)))  # fmt: skip


def wording_rows(app: Tijdig) -> list[tuple[str, str]]:
    with app.uow() as uow:
        rows = uow.session.execute(select(TemplateTextRow.language, TemplateTextRow.template))
        return [(language, template) for language, template in rows]


def test_a_policy_step_is_edited_in_the_form(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    listed = client.get("/settings/policies")
    assert listed.status_code == 200 and "nl_business" in listed.text
    page = client.get("/settings/policies/nl_business")
    assert page.status_code == 200 and 'name="days"' in page.text
    policy = default_policy_set().policy("nl_business")
    days = [r.days for r in form_of(policy).steps]
    data = policy_data(policy, days=[days[0], "10", *days[2:]], min_amount="25,50")
    data["channel"] = [*data["channel"][:1], "letter", *data["channel"][2:]]
    saved = post(client, "/settings/policies/nl_business", data, "/settings/policies/nl_business")
    assert saved.status_code == 303, saved.text
    found = stored(app, acme)
    assert found is not None
    step = found.policy("nl_business").steps[1]
    assert (step.key, step.days, step.channel.value) == ("reminder", 10, "letter")
    assert str(found.policy("nl_business").min_amount) == "25.50"
    assert found.policy("be_business") == default_policy_set().policy("be_business")
    assert actions(app) == ["policy.edit"]
    assert "Policy saved" in client.get(saved.headers["location"]).text


def test_a_bad_step_is_refused_naming_the_step_and_the_field(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    policy = default_policy_set().policy("nl_consumer")
    url = "/settings/policies/nl_consumer"
    bad_days = policy_data(policy, days=["3", "7", "soon", "15", "14"])
    refused = post(client, url, bad_days, url)
    text = html.unescape(refused.text)
    assert refused.status_code == 422 and "Step 3 · Days: 'soon' is not a number" in text
    assert 'value="soon"' in refused.text  # what was typed is shown again
    costs_early = policy_data(policy, claims_costs=["2", "3"])  # in the 14-day letter itself
    refused = post(client, url, costs_early, url)
    text = html.unescape(refused.text)
    assert refused.status_code == 422 and "Step 3 · Claims costs: " in text
    assert "charges a consumer costs before a 14-day letter" in text
    friendly_costs = policy_data(policy, claims_costs=["1", "3"])  # the friendly reminder
    refused = post(client, url, friendly_costs, url)
    assert "Step 2 · Approval: " in html.unescape(refused.text)
    assert stored(app, acme) is None and actions(app) == []


def test_the_refusal_is_in_dutch_for_a_dutch_user(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    token = csrf_of(client.get("/settings").text)
    client.post("/me/language", data={"csrf_token": token, "language": "nl", "next": "/"})
    policy = default_policy_set().policy("nl_business")
    url = "/settings/policies/nl_business"
    refused = post(client, url, policy_data(policy, days=["3", "-1", "21", "35", "14"]), url)
    text = html.unescape(refused.text)
    assert refused.status_code == 422 and "Stap 2 · Dagen: moet tussen 0 en 365 liggen" in text
    page = client.get(url).text
    assert 'value="10,00"' in page  # the amount in the reader's format


def test_segment_rules_are_saved_and_a_bad_one_is_named(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    page = "/settings/policies"
    rules = {"policy": ["nl_business", "other"], "kind": ["business", ""],
             "country": ["NL", ""], "risk_class": ["", ""], "min_amount": ["1.000,00", ""],
             "payable_on_receipt": ["", ""]}  # fmt: skip
    bad = post(client, "/settings/rules", rules | {"country": ["NLD", ""]}, page)
    assert bad.status_code == 422
    assert "Rule 1 · Country: 'NLD' is not an ISO 3166" in html.unescape(bad.text)
    assert stored(app, acme) is None
    saved = post(client, "/settings/rules", rules, page)
    assert saved.status_code == 303, saved.text
    found = stored(app, acme)
    assert found is not None and [r.policy for r in found.rules] == ["nl_business", "other"]
    assert str(found.rules[0].min_amount) == "1000.00"
    assert found.policies == default_policy_set().policies
    assert actions(app) == ["policy.rules"]


def test_a_template_text_is_previewed_saved_and_reset(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    page = client.get(f"{EDIT}?{AS_OF}")
    assert page.status_code == 200 and "Mogelijk is de betaling" in html.unescape(page.text)
    text = (default_text := _default(app)).replace(
        "Mogelijk is de betaling aan uw aandacht ontsnapt.", "Wellicht bent u het vergeten."
    )
    shown = post(client, f"{EDIT}/preview?{AS_OF}", {"text": text, "customer": "C002"}, EDIT)
    assert shown.status_code == 200 and "Wellicht bent u het vergeten." in shown.text
    assert "F-003" in shown.text and wording_rows(app) == []  # a preview stores nothing
    saved = post(client, f"{EDIT}?{AS_OF}", {"text": text, "customer": "C002"}, EDIT)
    assert saved.status_code == 303, saved.text
    assert wording_rows(app) == [("nl", "reminder")]
    params = {"step": "reminder", "customer": "C002", "as_of": "2026-03-15"}
    preview = client.get("/settings/templates/preview", params=params)
    assert "Wellicht bent u het vergeten." in preview.text  # the run's messages use it
    reset = post(client, f"{EDIT}/reset", {}, EDIT)
    assert reset.status_code == 303 and wording_rows(app) == []
    assert default_text in html.unescape(client.get(EDIT).text)
    assert actions(app) == ["template.edit", "template.reset"]


def test_a_template_text_that_leaves_out_the_pay_by_day_is_refused(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    text = _default(app).replace("uiterlijk op {{ pay_by }} ", "")
    refused = post(client, f"{EDIT}?{AS_OF}", {"text": text, "customer": "C002"}, EDIT)
    said = html.unescape(refused.text)
    assert refused.status_code == 422 and "leaves out the day to pay by" in said
    typo = _default(app).replace("Mogelijk is", "{{ nope }} Mogelijk is")
    broken = post(client, f"{EDIT}?{AS_OF}", {"text": typo, "customer": "C002"}, EDIT)
    assert broken.status_code == 422 and "cannot be used" in html.unescape(broken.text)
    assert wording_rows(app) == [] and actions(app) == []
    assert client.get("/settings/templates/edit/nl/nope").status_code == 404


def test_the_wording_page_keeps_the_language_switcher_and_names_a_french_wording(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    """The page's names of the wording languages once hid the switcher's own (base.html):
    it offered "Dutch" and no French."""
    token = csrf_of(client.get("/settings").text)
    client.post("/me/language", data={"csrf_token": token, "language": "fr", "next": "/"})
    page = html.unescape(client.get("/settings/templates/edit/fr/reminder").text)
    assert 'value="nl" class="link">Nederlands</button>' in page
    assert 'value="en" class="link">English</button>' in page
    assert "<code>reminder</code> · Français</h1>" in page


def _default(app: Tijdig) -> str:
    return app.shipped_templates().text("nl", "reminder")
