"""The hand-over on the customer page: a credit controller hands Van Dijk Bouw over with a
reason (off-policy), sees the case, its history and the file to download (the bytes
stored when it opened), changes its status; a refused form says why in the reader's
words and stores nothing; a read-only user sees the case but no form, and is refused."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import FrozenClock
from tijdig.bootstrap import Tijdig
from tijdig.domain.hand_over import CaseStatus, Source
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.hand_over import cases

from .conftest import AS_OF, TestClient, add_user, csrf_of, sign_in

PAGE = "/customers/C002"  # Van Dijk Bouw: F-003, EUR 2420.00, 104 days overdue


@pytest.fixture(autouse=True)
def today(frozen_clock: FrozenClock) -> None:
    frozen_clock.set(AS_OF)


def _as(client: TestClient, app: Tijdig, acme: Company, role: Role) -> TestClient:
    add_user(app, role.value, role, (acme.id or 0,))
    sign_in(client, role.value)
    return client


def _post(client: TestClient, url: str, data: dict[str, Any]) -> Any:
    token = csrf_of(client.get(PAGE).text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_customer_is_handed_over_from_its_page_and_its_case_moved(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    client = _as(anonymous, app, acme, Role.CREDIT_CONTROLLER)
    assert "Not handed over." in _text(client.get(PAGE).text)
    refused = _post(client, f"{PAGE}/hand-over", {"reason": "   "})
    assert refused.status_code == 422 and "say why the customer is handed over" in refused.text
    assert cases.cases_of(app.uow(), acme, "C002") == []
    made = _post(client, f"{PAGE}/hand-over", {"reason": "Geen reactie op de aanmaning"})
    assert made.status_code == 303, made.text
    assert made.headers["location"].endswith(f"{PAGE}?hand_over=opened#hand-over")
    shown = _text(client.get(made.headers["location"]).text)
    assert "Handed over: the case is open, dunning stopped and the credit hold set." in shown
    assert "Case HO000001, handed over on 15 Mar 2026: handed over." in shown
    assert "Geen reactie op de aanmaning" in shown and "with the collection agency" in shown
    [case] = cases.cases_of(app.uow(), acme, "C002")
    assert case.history[0].source is Source.WORKSPACE and case.off_policy
    # the download reads the file stored when the case opened
    download = client.get("/hand-overs/HO000001/file")
    assert download.status_code == 200
    assert download.content == cases.case_file(app.uow(), acme, "HO000001")[1]
    data = json.loads(zipfile.ZipFile(io.BytesIO(download.content)).read("file.json"))
    assert [i["number"] for i in data["claim"]["invoices"]] == ["F-003"]
    again = _post(client, f"{PAGE}/hand-over", {"reason": "nog eens"})
    assert again.status_code == 409 and "is with the agency already (case HO000001)" in again.text
    moved = _post(client, f"{PAGE}/hand-over/status", {"status": "returned", "note": "Oninbaar"})
    assert moved.status_code == 303
    after = _text(client.get(moved.headers["location"]).text)
    assert "Returned by the agency: dunning goes on; the credit hold stays" in after
    assert "Oninbaar" in after
    [case] = cases.cases_of(app.uow(), acme, "C002")
    assert case.status is CaseStatus.RETURNED
    wrong = _post(client, f"{PAGE}/hand-over/status", {"status": "accepted"})
    assert wrong.status_code == 422 and "it cannot become accepted" in wrong.text


def test_a_read_only_user_sees_the_case_and_no_form_and_is_refused(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    cases.open_case(app.uow(), app.hand_over_files(), app.invoice_copies(), acme, "C002",
                    reason="Geen reactie", actor="test", source=Source.CLI,
                    at=datetime(2026, 3, 15, 9, tzinfo=UTC), as_of=AS_OF)  # fmt: skip
    client = _as(anonymous, app, acme, Role.SALES)
    page = client.get(PAGE).text
    assert "Case HO000001" in _text(page) and 'name="reason"' not in page
    assert 'name="status"' not in page
    refused = _post(client, f"{PAGE}/hand-over/status", {"status": "accepted"})
    assert refused.status_code == 403
    assert cases.cases_of(app.uow(), acme, "C002")[0].status is CaseStatus.HANDED_OVER


def test_the_timeline_says_when_the_customer_was_handed_over_and_its_case_moved(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    client = _as(anonymous, app, acme, Role.CREDIT_CONTROLLER)
    _post(client, f"{PAGE}/hand-over", {"reason": "Geen reactie"})
    _post(client, f"{PAGE}/hand-over/status", {"status": "accepted"})
    timeline = _text(client.get(PAGE).text).split("Timeline")[-1]
    assert "Handed over to the collection agency by credit_controller" in timeline
    assert "Hand-over case's status changed by credit_controller" in timeline
