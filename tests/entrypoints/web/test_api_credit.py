"""Credit hold by rule through the API: `GET /customers/{number}/credit` keeps its fields
and answers `ok` or `hold` with the reasons (code, params, English text); the rules are
an administrator's, flip the status around the end of February; a hold by hand and its
lifting; webhook URLs only by an administrator, https only, the secret shown once; and
an event announced through the API reaches a real receiver, signed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.webhook_receiver import receiving
from tijdig.bootstrap import Tijdig
from tijdig.config import Settings
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.domain.webhooks import verify
from tijdig.services.credit import webhooks as hooks

from .app_pool import web_app
from .test_api_data import bearer, token_for

CREDIT = "/api/v1/customers/{}/credit"
RULES = "/api/v1/companies/ACME/credit-rules"
HOOKS = "/api/v1/companies/ACME/webhooks"


@pytest.fixture
def api(database_url: str, app: Tijdig, acme: Company) -> Iterator[TestClient]:
    """The API where webhooks may go to 127.0.0.1 over http (the test setting)."""
    settings = Settings(database_url=database_url, webhooks_allow_local_http=True)
    with web_app(settings) as web, TestClient(web) as client:
        yield client


@pytest.fixture
def tokens(app: Tijdig, acme: Company) -> dict[str, dict[str, str]]:
    assert acme.id is not None
    return {"root": bearer(token_for(app, "root", Role.ADMIN)),
            "carla": bearer(token_for(app, "carla", Role.CREDIT_CONTROLLER, (acme.id,))),
            "sam": bearer(token_for(app, "sam", Role.SALES, (acme.id,)))}  # fmt: skip


def _credit(api: TestClient, who: dict[str, str], number: str, day: str) -> dict[str, Any]:
    response = api.get(CREDIT.format(number), params={"company": "ACME", "as_of": day},
                       headers=who)  # fmt: skip
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_the_credit_answers_ok_or_hold_with_the_reasons(
    api: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    sam = tokens["sam"]
    jansen = _credit(api, sam, "C001", "2026-03-15")
    assert jansen["status"] == "ok" and jansen["reasons"] == []
    assert jansen["exposure"][0]["open"] == "1694.00" and jansen["credit_hold"] is False
    van_dijk = _credit(api, sam, "C002", "2026-03-15")  # on hold in the customer file
    assert van_dijk["credit_hold"] is True and van_dijk["status"] == "hold"
    assert van_dijk["reasons"] == [{
        "code": "credit_hold_imported", "params": {},
        "text": "On credit hold in the customer file of the bookkeeping",
    }]  # fmt: skip


def test_the_rules_are_an_administrators_and_flip_the_status_at_the_month_end(
    api: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    body = {"overdue_days": 28, "overdue_amount": None, "over_limit": True,
            "broken_plan": False, "handed_over": True}  # fmt: skip
    assert api.put(RULES, json=body, headers=tokens["carla"]).status_code == 403
    assert api.get(RULES, headers=tokens["carla"]).json()["overdue_days"] is None
    put = api.put(RULES, json=body, headers=tokens["root"])
    assert put.status_code == 200, put.text
    assert api.get(RULES, headers=tokens["sam"]).json() == body | {"overdue_amount": None}
    # F-001, due 31 January 2026: 28 days overdue on 28 February, 29 on 1 March
    assert _credit(api, tokens["sam"], "C001", "2026-02-28")["status"] == "ok"
    held = _credit(api, tokens["sam"], "C001", "2026-03-01")
    assert held["status"] == "hold"
    assert held["reasons"] == [{
        "code": "credit_overdue_days",
        "params": {"days": 29, "due": {"date": "2026-01-31"}, "limit": 28},
        "text": "An invoice is 29 days overdue (due 2026-01-31), more than the 28 days allowed",
    }]  # fmt: skip
    amount = api.put(RULES, json=body | {"overdue_days": None, "overdue_amount": "1000.00"},
                     headers=tokens["root"])  # fmt: skip
    assert amount.status_code == 200
    [why] = _credit(api, tokens["sam"], "C001", "2026-03-15")["reasons"]
    assert why["params"] == {"overdue": {"money": "1089.00", "currency": "EUR"},
                             "limit": {"money": "1000.00", "currency": "EUR"}}  # fmt: skip
    assert api.put(RULES, json={"overdue_days": -1}, headers=tokens["root"]).status_code == 422


def test_a_hold_by_hand_is_set_and_lifted_by_a_credit_controller(
    api: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    hold = "/api/v1/customers/C001/credit/hold?company=ACME"
    lift = "/api/v1/customers/C001/credit/lift?company=ACME"
    reason = {"reason": "Geen leveringen tot de directeur belt"}
    assert api.post(hold, json=reason, headers=tokens["sam"]).status_code == 403
    assert api.post(hold, json={"reason": ""}, headers=tokens["carla"]).status_code == 422
    held = api.post(hold, json=reason, headers=tokens["carla"])
    assert held.status_code == 200, held.text
    assert held.json()["status"] == "hold"
    [why] = held.json()["reasons"]
    assert why["code"] == "credit_hold_manual" and why["params"]["by"] == "carla (api)"
    assert api.post(hold, json=reason, headers=tokens["carla"]).status_code == 409
    lifted = api.post(lift, headers=tokens["carla"])
    assert lifted.status_code == 200 and lifted.json()["status"] == "ok"
    assert api.post(lift, headers=tokens["carla"]).status_code == 404


def test_webhooks_are_an_administrators_and_https_only(
    api: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    url = {"url": "https://erp.example.com/tijdig"}
    assert api.post(HOOKS, json=url, headers=tokens["carla"]).status_code == 403
    assert api.get(HOOKS, headers=tokens["carla"]).status_code == 403
    refused = api.post(HOOKS, json={"url": "http://erp.example.com/h"}, headers=tokens["root"])
    assert refused.status_code == 422
    made = api.post(HOOKS, json=url, headers=tokens["root"])
    assert made.status_code == 201 and made.json()["secret"].startswith("whsec_")
    [listed] = api.get(HOOKS, headers=tokens["root"]).json()
    assert listed["url"] == url["url"] and "secret" not in listed
    assert api.post(HOOKS, json=url, headers=tokens["root"]).status_code == 409
    gone = api.delete(f"{HOOKS}/{listed['id']}", headers=tokens["root"])
    assert gone.status_code == 204
    assert api.get(HOOKS, headers=tokens["root"]).json() == []


def test_a_change_made_through_the_api_reaches_the_receiver_signed(
    api: TestClient, app: Tijdig, tokens: dict[str, dict[str, str]]
) -> None:
    with receiving([500]) as receiver:
        made = api.post(HOOKS, json={"url": receiver.url}, headers=tokens["root"]).json()
        api.post("/api/v1/customers/C001/credit/hold?company=ACME",
                 json={"reason": "Fraude vermoed"}, headers=tokens["carla"])  # fmt: skip
        [pending] = api.get(f"{HOOKS}/log", headers=tokens["root"]).json()
        assert pending["status"] == "pending" and pending["attempts"] == []
        now = datetime.now(UTC)
        first = hooks.deliver(app.uow, app.webhook_sender(), now=now)
        again = hooks.deliver(app.uow, app.webhook_sender(), now=now + timedelta(minutes=2))
        assert (first.failed, again.delivered) == (1, 1)
    [logged] = api.get(f"{HOOKS}/log", headers=tokens["root"]).json()
    assert logged["status"] == "delivered"
    assert [a["status_code"] for a in logged["attempts"]] == [500, 200]
    tried = receiver.at("/hook")
    assert len(tried) == 2 and tried[0].body == tried[1].body
    for received in tried:
        headers = {k.lower(): v for k, v in received.headers.items()}
        assert verify(made["secret"], int(headers["tijdig-timestamp"]), received.body,
                      headers["tijdig-signature"])  # fmt: skip
        assert headers["tijdig-event-id"] == logged["event_id"]
    event = json.loads(tried[0].body)
    assert event["data"]["customer"] == "C001" and event["data"]["status"] == "hold"
    assert event["data"]["reasons"][0]["params"]["why"] == "Fraude vermoed"
