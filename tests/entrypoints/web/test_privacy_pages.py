"""Privacy in the web workspace: administrators export and erase a debtor, set and apply
the retention period; everyone else is refused, and every action is audited."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.companies.companies import add_company

from ...adapters.db.test_personal_data import EMAIL, NAME, personal_values_left, seed_debtor
from .conftest import add_user, csrf_of, sign_in


def _post(client: TestClient, url: str, data: dict[str, object] | None = None) -> Any:
    token = csrf_of(client.get("/settings").text)
    return client.post(url, data={"csrf_token": token, **(data or {})}, follow_redirects=False)


def _actions(app: Tijdig) -> list[str]:
    with app.uow() as uow:
        return list(uow.session.scalars(select(AuditRow.action).where(AuditRow.actor != "test")
                                        .order_by(AuditRow.id)))  # fmt: skip


def test_an_admin_downloads_everything_held_on_a_debtor(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    seed_debtor(app, acme, "K100", year=2015)
    response = _post(client, "/privacy/customers/K100/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert "ACME-K100-personal-data.json" in response.headers["content-disposition"]
    data = json.loads(response.text)
    assert data["customer"]["name"] == NAME and data["messages"][0]["recipient"] == EMAIL
    assert {"contacts", "invoices", "payments", "allocations", "contact_log", "promises",
            "disputes", "tasks", "mandates", "bank_lines", "audit"} <= set(data)  # fmt: skip
    assert "customer.export" in _actions(app)
    form = _post(client, "/privacy/export", {"customer": " K100 "})
    assert form.status_code == 200 and json.loads(form.text)["customer"]["name"] == NAME
    assert _actions(app).count("customer.export") == 2
    assert _post(client, "/privacy/customers/NOPE/export").status_code == 404
    # Audited, so never a GET: a link or an image on another site cannot make an entry.
    assert client.get("/privacy/customers/K100/export").status_code == 405
    assert _actions(app).count("customer.export") == 2


def test_erasing_is_refused_with_the_reason_while_a_claim_is_open(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    response = _post(client, "/privacy/customers/C001/erase")
    assert response.status_code == 422
    assert "open invoice" in response.text and "C001" in response.text
    form = _post(client, "/privacy/erase", {"customer": "C002"})
    assert form.status_code == 422 and "open invoice" in form.text
    assert "customer.erase" not in _actions(app)


def test_an_admin_erases_a_settled_debtor_and_the_data_is_gone(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    seed_debtor(app, acme, "K100", year=2015)
    response = _post(client, "/privacy/customers/K100/erase")
    assert response.status_code == 303 and "done=erased" in response.headers["location"]
    assert personal_values_left(app) == []
    assert _actions(app)[-1] == "customer.erase"
    again = _post(client, "/privacy/erase", {"customer": "K100"})
    assert again.status_code == 422 and "already anonymised" in again.text


def test_the_retention_period_is_set_and_applied(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    seed_debtor(app, acme, "K100", year=2020)
    assert "7 years" in client.get("/settings").text
    refused = _post(client, "/settings/privacy", {"years": "0"})
    assert refused.status_code == 422 and "years" in refused.text
    assert _post(client, "/settings/privacy", {"years": "3"}).status_code == 303
    page = client.get("/settings").text
    assert "3 years" in page and "art. 52" in page  # shorter than fiscal: said so
    preview = client.get("/privacy/apply")
    assert preview.status_code == 200 and "K100" in preview.text
    assert personal_values_left(app)  # a preview changes nothing
    assert _post(client, "/privacy/apply").status_code == 303
    assert personal_values_left(app) == []
    assert _actions(app)[1:] == ["privacy.retention", "customer.erase"]  # after the seeded one


def test_another_companys_debtor_is_not_found(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    other = add_company(
        app.uow(),
        Company("OTHER", "Other B.V."),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    seed_debtor(app, other, "K900", year=2015)
    add_user(app, "carla", Role.CREDIT_CONTROLLER, (acme.id or 0,))
    sign_in(anonymous, "carla")
    assert _post(anonymous, "/privacy/customers/K900/export?company=OTHER").status_code == 404
    anonymous.cookies.clear()
    add_user(app, "root", Role.ADMIN)
    sign_in(anonymous, "root")
    # An administrator of ACME's page does not reach OTHER's debtor through it.
    assert _post(anonymous, "/privacy/customers/K900/export?company=ACME").status_code == 404
    response = _post(anonymous, "/privacy/customers/K900/erase?company=ACME")
    assert response.status_code == 404
    assert personal_values_left(app)


def test_an_erasure_without_the_csrf_token_is_refused(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    seed_debtor(app, acme, "K100", year=2015)
    response = client.post("/privacy/customers/K100/erase", follow_redirects=False)
    assert response.status_code == 403 and personal_values_left(app)
