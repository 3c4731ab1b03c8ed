"""Settings: an administrator changes company details, bank accounts, collection settings,
policies, the portal and users, each audited; others read or are refused; a bad value
is named; the message preview shows what a customer would get."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain import refusal_texts
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.access import users
from tijdig.services.companies.companies import add_company

from .conftest import add_user, csrf_of, sign_in

COMPANY = {
    "name": "Acme Groothandel B.V.", "address": "Kade 1, Amsterdam",
    "email": "debiteuren@acme.nl", "phone": "020 123 4567", "registration_number": "12345678",
    "vat_id": "NL000099998B57", "payment_term_days": "21", "can_deduct_vat": "true",
    "creditor_id": "NL69ZZZ123456780000",
}  # fmt: skip


def _post(client: TestClient, url: str, data: dict[str, object], page: str = "/settings") -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def _actions(app: Tijdig) -> list[str]:
    """What the requests changed (the test's own setup is audited as actor "test")."""
    with app.uow() as uow:
        return list(uow.session.scalars(select(AuditRow.action).where(AuditRow.actor != "test")
                                        .order_by(AuditRow.id)))  # fmt: skip


def _company(app: Tijdig) -> Company:
    with app.uow() as uow:
        found = uow.companies.find("ACME")
    assert found is not None
    return found


def test_an_admin_changes_the_company_details(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    page = client.get("/settings")
    assert page.status_code == 200 and "Acme Groothandel" in page.text
    response = _post(client, "/settings/company", COMPANY)
    assert response.status_code == 303 and "done=company" in response.headers["location"]
    stored = _company(app)
    assert (stored.vat_id, stored.payment_term_days, stored.phone) == (
        "NL000099998B57", 21, "+31201234567")  # fmt: skip
    assert stored.creditor_id == "NL69ZZZ123456780000" and stored.code == "ACME"
    assert _actions(app) == ["company.update"]
    assert "Company details saved" in client.get(response.headers["location"]).text


def test_a_bad_value_is_refused_naming_the_field(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    for field, value in [("vat_id", "NL123"), ("email", "not-an-email"),
                         ("registration_number", "123"), ("creditor_id", "NL00ZZZ1")]:  # fmt: skip
        response = _post(client, "/settings/company", COMPANY | {field: value})
        assert response.status_code == 422, field
        assert f"{refusal_texts.WORDS['field'][field]}: " in html.unescape(response.text), field
        assert value in response.text  # what was typed is shown again
    assert _company(app).vat_id is None and _actions(app) == []
    other = add_company(app.uow(), Company("OTHER", "Other B.V.", vat_id="NL000099998B57"),
                        validate=False, actor="test", at=datetime.now(UTC))  # fmt: skip
    assert other.id is not None
    clash = _post(client, "/settings/company?company=ACME", COMPANY, "/settings?company=ACME")
    assert clash.status_code == 409 and "vat_id" in clash.text


def test_bank_accounts_are_added_checked_and_removed(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    assert (
        _post(client, "/settings/accounts", {"iban": "NL91 ABNA 0417 1643 00"}).status_code == 303
    )
    assert [a.iban for a in _company(app).bank_accounts] == ["NL91ABNA0417164300"]
    bad = _post(client, "/settings/accounts", {"iban": "NL91ABNA0417164301"})
    assert bad.status_code == 422 and "not a valid IBAN" in bad.text
    twice = _post(client, "/settings/accounts", {"iban": "NL91ABNA0417164300"})
    assert twice.status_code == 409
    removed = _post(client, "/settings/accounts/remove", {"iban": "NL91ABNA0417164300"})
    assert removed.status_code == 303 and _company(app).bank_accounts == ()
    assert _actions(app) == ["company.account_add", "company.account_remove"]


def test_collection_settings_and_policies_are_saved_or_refused_with_the_reason(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    data = {"large_amount": "2.500,00", "bank_stale_working_days": "5",
            "auto_approve_friendly": "true"}  # fmt: skip
    assert _post(client, "/settings/collection", data).status_code == 303
    with app.uow() as uow:
        settings, _ = uow.collection_settings.get(acme.id or 0)
    assert (str(settings.large_amount), settings.auto_approve_friendly) == ("2500.00", True)
    bad = _post(client, "/settings/collection", data | {"large_amount": "lots"})
    assert bad.status_code == 422 and "large_amount" in bad.text
    page = client.get("/settings").text
    toml = page.split('name="policies_toml"')[1].split(">", 1)[1].split("</textarea>")[0]
    assert "[[policies]]" in toml
    refused = _post(client, "/settings/policies", {"policies_toml": "[[policies]]\ncode = 1\n"})
    assert refused.status_code == 422 and "policies" in refused.text and "code = 1" in refused.text
    assert (
        _post(client, "/settings/policies", {"policies_toml": html.unescape(toml)}).status_code
        == 303
    )
    assert "own policy set" in client.get("/settings").text
    assert _actions(app) == ["collection.settings", "policy.import"]


def test_the_escalation_ladder_is_saved_or_refused_with_the_reason(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    page = client.get("/settings").text
    assert page.count('name="rung"') == 3 and page.count("checked") >= 3
    data = {"rung": ["agency", "payment_plan"], "name_agency_after": "1", "new_term_days": "10"}
    assert _post(client, "/settings/ladder", data).status_code == 303
    with app.uow() as uow:
        ladder = uow.agreements.ladder(acme.id or 0)
    assert (ladder.said(), ladder.name_agency_after, ladder.new_term_days) == (
        "payment_plan,agency", 1, 10)  # fmt: skip
    refused = _post(client, "/settings/ladder", data | {"rung": []})
    assert refused.status_code == 422 and "at least one rung" in refused.text
    assert _actions(app) == ["ladder.set"]


def test_portal_settings_are_checked(client: TestClient, app: Tijdig, acme: Company) -> None:
    link = "https://pay.example.com/?ref={reference}&amount={amount}"
    data = {"enabled": "true", "max_promise_days": "21", "payment_link": link}
    assert _post(client, "/settings/portal", data).status_code == 303
    with app.uow() as uow:
        portal = uow.portal.get(acme.id or 0)
    assert (portal.enabled, portal.max_promise_days, portal.payment_link) == (True, 21, link)
    too_far = _post(client, "/settings/portal", data | {"max_promise_days": "400"})
    assert too_far.status_code == 422 and "max_promise_days" in too_far.text
    not_web = _post(client, "/settings/portal", data | {"payment_link": "javascript:alert(1)"})
    assert not_web.status_code == 422 and "payment_link" in not_web.text


def test_an_admin_sets_the_run_schedule(client: TestClient, app: Tijdig, acme: Company) -> None:
    page = client.get("/settings")
    assert 'value="07:30"' in page.text  # the default: 07:30, Tuesday to Friday
    data = {"run_time": "06:45", "run_day": ["0", "5"]}
    response = _post(client, "/settings/schedule", data)
    assert response.status_code == 303 and "done=schedule" in response.headers["location"]
    with app.uow() as uow:
        schedule = uow.run_schedules.get(acme.id or 0)
    assert (schedule.time_text, schedule.days_text) == ("06:45", "mon,sat")
    assert _actions(app) == ["company.schedule"]
    for refused in ({"run_time": "06:45"}, {"run_time": "6.45", "run_day": ["1"]},
                    {"run_time": "06:45", "run_day": ["6"]}):  # fmt: skip
        answer = _post(client, "/settings/schedule", refused)
        assert answer.status_code == 422 and "form-error" in answer.text
    assert _actions(app) == ["company.schedule"]  # refusals change nothing


def test_others_read_settings_without_its_forms(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    """Their 403 on every change is test_routes.py's."""
    for username, role in [("carla", Role.CREDIT_CONTROLLER), ("sam", Role.SALES)]:
        add_user(app, username, role, (acme.id or 0,))
        sign_in(anonymous, username)
        page = anonymous.get("/settings")
        assert page.status_code == 200 and "Read only" in page.text
        assert "Save company details" not in page.text
        anonymous.cookies.clear()


def test_a_change_without_the_csrf_token_is_refused(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    response = client.post("/settings/company", data=COMPANY, follow_redirects=False)
    assert response.status_code == 403 and _actions(app) == []


def test_an_admin_manages_users(client: TestClient, app: Tijdig, acme: Company) -> None:
    assert "admin" in client.get("/settings/users").text
    data = {"username": "carla", "name": "Carla", "password": "a long password",
            "role": "credit_controller", "language": "en", "company": ["ACME"]}  # fmt: skip
    assert _post(client, "/settings/users", data, "/settings/users").status_code == 303
    carla = users.get_user(app.uow(), "carla")
    assert carla.role is Role.CREDIT_CONTROLLER and carla.company_ids == {acme.id}
    short = _post(client, "/settings/users", data | {"username": "dirk", "password": "short"},
                  "/settings/users")  # fmt: skip
    assert short.status_code == 422 and "password" in short.text
    again = _post(client, "/settings/users", data, "/settings/users")
    assert again.status_code == 409
    change = {"role": "sales", "language": "nl", "active": "true"}
    assert _post(client, "/settings/users/carla", change, "/settings/users").status_code == 303
    carla = users.get_user(app.uow(), "carla")
    assert carla.role is Role.SALES and carla.company_ids == frozenset()
    assert (
        _post(client, "/settings/users/carla", {"role": "sales"}, "/settings/users").status_code
        == 303
    )
    assert not users.get_user(app.uow(), "carla").active
    pw = _post(client, "/settings/users/carla/password", {"password": "another long one"},
               "/settings/users")  # fmt: skip
    assert pw.status_code == 303
    myself = _post(client, "/settings/users/admin", {"role": "sales", "active": "true"},
                   "/settings/users")  # fmt: skip
    assert myself.status_code == 422 and "your own" in myself.text
    assert _post(client, "/settings/users/nobody", change, "/settings/users").status_code == 404
    assert _actions(app) == ["user.add", "user.change", "user.change", "user.password"]


def test_the_template_preview_renders_the_message_for_a_customer(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    page = client.get("/settings/templates")
    assert page.status_code == 200 and "<option" in page.text
    params = {"step": "reminder", "customer": "C002", "as_of": "2026-03-15"}
    shown = client.get("/settings/templates/preview", params=params)
    assert shown.status_code == 200, shown.text
    assert "F-003" in shown.text and "iframe" in shown.text
    unknown = client.get("/settings/templates/preview", params=params | {"customer": "NOPE"})
    assert unknown.status_code == 404 and "NOPE" in unknown.text
    no_step = client.get("/settings/templates/preview", params=params | {"step": "nope"})
    assert no_step.status_code == 422 and "nope" in no_step.text
    swapped = client.get("/settings/templates/preview", params=params | {"step": "nope"},
                         headers={"HX-Request": "true"})  # fmt: skip
    assert swapped.status_code == 200 and "nope" in swapped.text  # htmx shows the reason


def test_the_pages_speak_dutch_to_a_dutch_user(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    token = csrf_of(client.get("/settings").text)
    client.post("/me/language", data={"csrf_token": token, "language": "nl", "next": "/"})
    assert "Bedrijfsgegevens opslaan" in client.get("/settings").text
    assert "Gebruiker toevoegen" in client.get("/settings/users").text
    assert "Bank controleren" in client.get("/bank").text
    assert "Voorbeeld tonen" in client.get("/settings/templates").text
