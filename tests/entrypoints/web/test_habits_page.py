"""The customer page's habits panel and the API (issue 17): the habits of a paid history
shown with the suggested tolerance; Accept sets the customer's tolerance, Dismiss keeps
it, each from the page (htmx and without) and from the API, audited; a read-only user is
refused and nothing changes."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from tests.conftest import FrozenClock
from tests.services.records.habits_data import SUGGESTED, add_regular_late
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import Role

from .conftest import AS_OF, TestClient, add_user, csrf_of, sign_in
from .test_api_data import bearer, token_for

PAGE = "/customers/C001"
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def today(frozen_clock: FrozenClock, app: Tijdig, acme: Company) -> None:
    frozen_clock.set(AS_OF)  # Sunday 15 March 2026
    add_regular_late(app, acme)  # C001 paid 8 invoices 2-9 days late, on its own


def _as(client: TestClient, app: Tijdig, acme: Company, role: Role) -> TestClient:
    add_user(app, role.value, role, (acme.id or 0,))
    sign_in(client, role.value)
    return client


@pytest.fixture
def controller(anonymous: TestClient, app: Tijdig, acme: Company) -> TestClient:
    return _as(anonymous, app, acme, Role.CREDIT_CONTROLLER)


def _panel(page: str) -> str:
    found = re.search(r'<section class="panel customer-habits".*?</section>', page, re.S)
    assert found, "no habits panel in the page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def _post(client: TestClient, what: str, days: int, *, htmx: bool = False) -> Any:
    token = csrf_of(client.get(PAGE).text)
    return client.post(f"{PAGE}/tolerance/{what}", data={"csrf_token": token, "days": days},
                       headers=HTMX if htmx else {}, follow_redirects=False)  # fmt: skip


def _tolerance(app: Tijdig, acme: Company) -> int:
    with app.uow() as uow:
        customer = uow.customers.get(acme.id or 0, "C001")
        assert customer is not None
        return customer.tolerance_days


def _audited(app: Tijdig, acme: Company) -> list[str]:
    with app.uow() as uow:
        return [e.action for e in uow.audit.for_company(acme.id or 0)
                if e.action.startswith("customer.tolerance")]  # fmt: skip


def test_the_page_shows_the_habits_and_the_suggestion(controller: TestClient) -> None:
    panel = _panel(controller.get(PAGE).text)
    assert "Learned from 8 invoices paid in the last two years." in panel
    assert "Paid on time 0%" in panel
    assert "Days late, weighted by amount 4.6" in panel  # 3700 / 800 = 4.625 -> 4.6
    assert "Typical delay 4.5 days (spread 2.25 days)" in panel
    assert "on their own: 8" in panel
    assert "Suggested tolerance: 7 days" in panel
    assert "8 of 8 invoices were paid without a reminder" in panel and "6.9 days late" in panel


def test_accepting_on_the_page_sets_the_tolerance_and_moves_the_next_step(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    done = _post(controller, "accept", SUGGESTED, htmx=True)
    assert done.status_code == 200, done.text
    panel = _panel(done.text)
    assert "Tolerance accepted: no reminder before the due date plus these days." in panel
    assert "Suggested tolerance" not in panel
    assert "Tolerance of 7 days accepted by credit_controller (web) on 15 Mar 2026" in panel
    assert "tolerance 7 days" in done.text  # the page's heading
    assert _tolerance(app, acme) == SUGGESTED
    assert _audited(app, acme) == ["customer.tolerance_accept"]


def test_dismissing_on_the_page_keeps_the_tolerance(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    done = _post(controller, "dismiss", SUGGESTED)
    assert done.status_code == 303
    assert done.headers["location"].endswith(f"{PAGE}?habits=dismissed#customer-habits")
    panel = _panel(controller.get(done.headers["location"]).text)
    assert "Suggestion dismissed: the tolerance stays as it was." in panel
    assert "Suggested tolerance" not in panel
    assert _tolerance(app, acme) == 0
    assert _audited(app, acme) == ["customer.tolerance_dismiss"]


@pytest.mark.parametrize("what", ["accept", "dismiss"])
def test_a_stale_suggestion_is_refused_in_the_readers_words(
    controller: TestClient, app: Tijdig, acme: Company, what: str
) -> None:
    refused = _post(controller, what, 6)
    assert refused.status_code == 422
    assert "habit does not suggest a tolerance of 6 days today" in _panel(refused.text)
    wrong = _post(controller, what, 99, htmx=True)
    assert wrong.status_code == 200  # htmx swaps only a success: the refusal in the panel
    assert "must be between 1 and 30" in _panel(wrong.text)
    assert (_tolerance(app, acme), _audited(app, acme)) == (0, [])


def test_a_read_only_user_sees_the_suggestion_but_may_not_decide(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    sales = _as(anonymous, app, acme, Role.SALES)
    assert "Suggested tolerance: 7 days" in _panel(sales.get(PAGE).text)
    assert "tolerance-accept" not in sales.get(PAGE).text
    assert _post(sales, "accept", SUGGESTED).status_code == 403
    assert _tolerance(app, acme) == 0


def test_the_api_reads_the_habits_and_accepts_or_dismisses(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    token = bearer(token_for(app, "carla", Role.CREDIT_CONTROLLER, (acme.id or 0,)))
    read = anonymous.get("/api/v1/customers/C001/habits", headers=token).json()
    assert (read["paid_invoices"], read["weighted_days_late"], read["median_days_late"]) == (
        8, "4.6", "4.5")  # fmt: skip
    assert read["suggestion"] == {"days": 7, "invoices": 8, "on_own": 8, "p90": "6.9"}
    listed = anonymous.get("/api/v1/tolerance-suggestions", headers=token).json()
    assert [w["customer"] for w in listed] == ["C001"]
    stale = anonymous.post("/api/v1/customers/C001/tolerance/dismiss", json={"days": 6},
                           headers=token)  # fmt: skip
    assert stale.status_code == 422
    done = anonymous.post("/api/v1/customers/C001/tolerance/accept", json={"days": 7},
                          headers=token)  # fmt: skip
    assert done.status_code == 200, done.text
    assert (done.json()["decision"], done.json()["previous_days"]) == ("accepted", 0)
    assert _tolerance(app, acme) == SUGGESTED
    after = anonymous.get("/api/v1/customers/C001/habits", headers=token).json()
    assert (after["tolerance_days"], after["suggestion"]) == (7, None)
