"""Who may use the REST API for what: a user granted only ACME tries every resource of
BETA (by company code, by id in the path, by customer in the query) and finds nothing;
a sales user changes nothing; no token, a wrong or revoked token is 401; a session's
writes need the CSRF header, a bearer token's do not."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest

from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import AuditEntry, Role
from tijdig.services.access import users

from .conftest import ADMIN, add_user, csrf_of, sign_in
from .test_api_data import Seeded, bearer, seed_acme_records, seed_beta, token_for

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

API = "/api/v1"


@pytest.fixture
def both(app: Tijdig, acme: Company) -> tuple[Seeded, Seeded]:
    return seed_acme_records(app, acme), seed_beta(app)


def _as(client: TestClient, app: Tijdig, username: str, role: Role, company: Company) -> None:
    assert company.id is not None
    client.headers.update(bearer(token_for(app, username, role, (company.id,))))


def _reads(beta: Seeded) -> list[tuple[str, dict[str, str]]]:
    """Every read of the API aimed at BETA, for a user who sees only ACME."""
    by_code = {"company": "BETA"}
    paths = ["/customers", "/invoices", "/payments", "/runs", "/tasks", "/disputes",
             "/promises", "/reports/aging", "/customers/B001", "/invoices/B-INV-1",
             "/customers/B001/clause", "/customers/B001/hardship"]  # fmt: skip
    return [
        ("/companies/BETA", {}),
        ("/companies/BETA/clause", {}),
        *((path, by_code) for path in paths),
        # BETA's numbers and ids, with the user's own company implied (the only one)
        ("/customers/B001", {}),
        ("/customers/B001/contacts", {}),
        ("/customers/B001/credit", {}),
        ("/customers/B001/clause", {}),
        ("/customers/B001/hardship", {}),
        ("/invoices/B-INV-1", {}),
        (f"/payments/{beta.payment_id}", {}),
        (f"/runs/{beta.run_id}", {}),
        (f"/runs/{beta.run_id}/items", {}),
        # BETA's customer in the query
        ("/invoices", {"customer": "B001"}),
        ("/payments", {"customer": "B001"}),
        ("/disputes", {"customer": "B001"}),
        ("/promises", {"customer": "B001"}),
    ]


HARDSHIP = {"kind": "wsnp", "since": "2026-01-01", "evidence": "vonnis"}


def _writes(acme: Seeded, beta: Seeded) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    """Every write of the API aimed at BETA: (path, body, query)."""
    return [
        (f"/runs/{beta.run_id}/approve", {"items": None}, {}),
        (f"/runs/{beta.run_id}/skip", {"items": [1]}, {}),
        (f"/runs/{acme.run_id}/approve", {}, {"company": "BETA"}),
        (f"/tasks/{beta.task_id}/complete", {"outcome": "paid"}, {}),
        ("/disputes", {"invoice": "B-INV-1", "reason": "other"}, {}),
        ("/disputes/B-INV-2/resolve", {}, {}),
        ("/promises", {"customer": "B001", "promised_date": "2999-01-01"}, {}),
        ("/promises", {"customer": "C001", "promised_date": "2999-01-01"}, {"company": "BETA"}),
        ("/customers/B001/hardship", HARDSHIP, {}),
        ("/customers/B001/hardship", HARDSHIP, {"company": "BETA"}),
        ("/customers/B001/hardship/end", {}, {}),
    ]


def test_a_user_of_one_company_finds_nothing_of_another(
    anonymous: TestClient, app: Tijdig, both: tuple[Seeded, Seeded]
) -> None:
    acme, beta = both
    _as(anonymous, app, "carla", Role.CREDIT_CONTROLLER, acme.company)
    for path, params in _reads(beta):
        response = anonymous.get(API + path, params=params)
        assert response.status_code == 404, (path, params, response.text)
        asked = ("'BETA'", "no company BETA", '"key":"BETA"')  # the code it was asked for
        shown = response.text
        for echo in asked:
            shown = shown.replace(echo, "")
        assert "BETA" not in shown  # names nothing of it
    assert [c["code"] for c in anonymous.get(f"{API}/companies").json()] == ["ACME"]
    # the same user's own records are there (the refusals above are not blanket ones)
    assert anonymous.get(f"{API}/payments/{acme.payment_id}").status_code == 200


def _audit_of(app: Tijdig, company: Company) -> list[AuditEntry]:
    with app.uow() as uow:
        return uow.audit.for_company(company.id or 0)


def test_a_user_of_one_company_changes_nothing_of_another(
    anonymous: TestClient, app: Tijdig, both: tuple[Seeded, Seeded]
) -> None:
    acme, beta = both
    admin = bearer(token_for(app, "root", Role.ADMIN))

    def beta_state() -> list[Any]:
        return [
            anonymous.get(
                f"{API}/{what}", params={"company": "BETA", **params}, headers=admin
            ).json()
            for what, params in (
                (f"runs/{beta.run_id}/items", {}),
                ("tasks", {"as_of": "2026-03-15"}),
                ("disputes", {"state": "all"}),
                ("promises", {}),
            )
        ]

    before = beta_state()
    audited = _audit_of(app, beta.company)  # the seed's own (its run's start)
    _as(anonymous, app, "carla", Role.CREDIT_CONTROLLER, acme.company)
    for path, body, params in _writes(acme, beta):
        response = anonymous.post(API + path, json=body, params=params)
        assert response.status_code == 404, (path, response.text)
    assert beta_state() == before
    assert _audit_of(app, beta.company) == audited  # nothing audited since


def test_a_sales_users_write_is_403_saying_why(
    anonymous: TestClient, app: Tijdig, both: tuple[Seeded, Seeded]
) -> None:
    """Every write's 403, and nothing changed: test_routes.py. Here: what it says."""
    acme, _ = both
    _as(anonymous, app, "sam", Role.SALES, acme.company)
    body = {"customer": "C001", "promised_date": "2999-01-01"}
    response = anonymous.post(f"{API}/promises", json=body)
    assert response.status_code == 403, response.text
    assert response.json() == {
        "detail": "your role (read-only) cannot change anything",
        "field": None,
        "code": "read_only",
        "params": {},
    }


def test_a_wrong_or_revoked_token_is_401(anonymous: TestClient, app: Tijdig, acme: Company) -> None:
    token = token_for(app, "carla", Role.CREDIT_CONTROLLER, (acme.id or 0,))
    assert anonymous.get(f"{API}/customers", headers=bearer(token)).status_code == 200
    assert anonymous.get(f"{API}/customers", headers=bearer(token + "x")).status_code == 401
    user = users.get_user(app.uow(), "carla")
    with app.uow() as uow:
        [(token_id, *_)] = uow.api_tokens.of_user(user.id or 0)
        assert uow.api_tokens.revoke(user.id or 0, token_id, datetime.now(UTC))
        uow.commit()
    assert anonymous.get(f"{API}/customers", headers=bearer(token)).status_code == 401


def test_guessing_tokens_is_429_after_the_limit(anonymous: TestClient, acme: Company) -> None:
    statuses = [
        anonymous.get(f"{API}/customers", headers=bearer(f"tjd_guess{i}")).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    refused = anonymous.get(f"{API}/customers", headers=bearer("tjd_guess"))
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["field"] is None


def test_a_sessions_write_needs_the_csrf_header_a_bearer_token_does_not(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    body = {"customer": "C001", "promised_date": "2999-01-01"}
    add_user(app, ADMIN)
    sign_in(anonymous, ADMIN)
    refused = anonymous.post(f"{API}/promises", json=body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    token = csrf_of(anonymous.get("/").text)
    accepted = anonymous.post(f"{API}/promises", json=body, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 201, accepted.text
    with app.uow() as uow:
        entries = uow.audit.for_company(acme.id or 0)
        assert [e.actor for e in entries if e.actor != "test"] == ["admin (web)"]
    anonymous.cookies.clear()
    api_token = token_for(app, "carla", Role.CREDIT_CONTROLLER, (acme.id or 0,))
    by_token = anonymous.post(f"{API}/promises", json=body, headers=bearer(api_token))
    assert by_token.status_code == 201, by_token.text
