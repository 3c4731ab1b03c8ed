"""The workspace's credit settings: an administrator sets the rules (the statuses follow
at once) and adds a webhook, whose secret the answer shows once and no page again;
removes it; reads the delivery log. A credit controller reads the rules, changes
nothing, and sees no webhooks."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from tijdig.bootstrap import Tijdig
from tijdig.domain.credit import CreditRules
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.credit import status as credit

from .conftest import add_user, csrf_of, sign_in

PAGE = "/settings/credit"
SECRET = re.compile(r"whsec_[A-Za-z0-9_-]+")


def _post(client: TestClient, url: str, data: Mapping[str, object]) -> Any:
    token = csrf_of(client.get(PAGE).text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def test_an_admin_sets_the_rules_and_adds_a_webhook_whose_secret_shows_once(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    rules = {"overdue_days": "30", "overdue_amount": "1.000,00", "handed_over": "true"}
    saved = _post(client, "/settings/credit/rules", rules)
    assert saved.status_code == 303
    assert credit.rules(app.uow(), acme) == CreditRules(
        overdue_days=30, overdue_amount=Decimal("1000.00"),
        over_limit=False, broken_plan=False, handed_over=True,
    )  # fmt: skip
    refused = _post(client, "/settings/credit/rules", {"overdue_days": "-3"})
    assert refused.status_code == 422
    added = _post(client, "/settings/webhooks", {"url": "https://erp.example.com/tijdig"})
    page = added.text
    [secret] = SECRET.findall(page)
    assert "https://erp.example.com/tijdig" in html.unescape(page)
    again = client.get(PAGE).text
    assert secret not in again and "https://erp.example.com/tijdig" in again
    refused = _post(client, "/settings/webhooks", {"url": "http://erp.example.com/tijdig"})
    assert refused.status_code == 422
    assert "must start with https://" in html.unescape(refused.text)
    credit.hold(
        app.uow(), acme, "C001", reason="x", as_of=date.today(), actor="test", at=datetime.now(UTC)
    )
    log = client.get(PAGE).text
    assert "Delivery log" in log and "C001" in log and "pending" in log
    webhook_id = re.search(r'name="webhook_id" value="(\d+)"', log)
    assert webhook_id is not None
    removed = _post(client, "/settings/webhooks/remove", {"webhook_id": webhook_id.group(1)})
    assert removed.status_code == 303
    after = client.get(PAGE).text
    assert "No webhook yet." in after and "cancelled" in after


def test_a_credit_controller_reads_the_rules_and_sees_no_webhooks(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    add_user(app, "carla", Role.CREDIT_CONTROLLER, (acme.id or 0,))
    sign_in(anonymous, "carla")
    page = anonymous.get(PAGE)
    assert page.status_code == 200
    assert "Rules for a credit hold" in page.text and "Delivery log" not in page.text
    assert "<fieldset disabled>" in page.text
    refused = _post(anonymous, "/settings/credit/rules", {"overdue_days": "5"})
    assert refused.status_code == 403
    assert credit.rules(app.uow(), acme) == CreditRules()
