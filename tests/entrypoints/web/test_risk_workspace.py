"""The risk in the workspace (issue 17 section 2): Accept and Dismiss of the risk's
suggestions on the customer page (htmx and without, audited, refused once decided, for
another company's suggestion and for a read-only user), the dashboard's risk figure from
the stored scores with the list of invoices at high risk, and the risk settings."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.conftest import FrozenClock
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company, Customer
from tijdig.domain.risk import RiskClass, Suggestion, SuggestionKind, SuggestionStatus
from tijdig.domain.users import Role
from tijdig.services.risk import scoring, suggestions

from .conftest import TestClient, add_customers, add_invoices, add_user, csrf_of, invoice, sign_in
from .test_api_data import seed_beta

TODAY = date(2026, 12, 7)
AT = datetime(2026, 12, 7, 9, tzinfo=UTC)
PAGE = "/customers/R001"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def made(app: Tijdig, acme: Company, frozen_clock: FrozenClock) -> dict[SuggestionKind, int]:
    """R001 with three invoices overdue (one 60 days): high risk by the rules, so a
    deposit and a plan are suggested (no credit limit: no lower limit)."""
    frozen_clock.set(TODAY)
    add_customers(app, acme, [Customer("R001", "Risico B.V.")])
    add_invoices(app, acme, [
        invoice("R-1", "R001", date(2026, 9, 8), date(2026, 10, 8), "500.00"),
        invoice("R-2", "R001", date(2026, 10, 1), date(2026, 10, 31), "250.00"),
        invoice("R-3", "R001", date(2026, 10, 20), date(2026, 11, 19), "120.00"),
    ])  # fmt: skip
    found = suggestions.propose(app.risk_uow(), app.risk_reads, acme, as_of=TODAY,
                                actor="test", at=AT)  # fmt: skip
    return {s.kind: s.id for s in found if s.customer == "R001" and s.id is not None}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _panel(page: str) -> str:
    found = re.search(r'<section class="panel risk".*?</section>', page, re.S)
    assert found, "no risk panel in the page"
    return _text(found.group(0))


def _post(client: TestClient, suggestion: int, what: str, *, htmx: bool = False,
          page: str = PAGE) -> Any:  # fmt: skip
    token = csrf_of(client.get(PAGE).text)
    return client.post(f"{page}/risk/suggestions/{suggestion}/{what}",
                       data={"csrf_token": token}, headers=HTMX if htmx else {},
                       follow_redirects=False)  # fmt: skip


def _status(app: Tijdig, acme: Company, suggestion: int) -> SuggestionStatus:
    [found] = [s for s in suggestions.for_customer(app.risk_uow(), acme, "R001")
               if s.id == suggestion]  # fmt: skip
    return found.status


def _audited(app: Tijdig, acme: Company) -> list[tuple[str, str, str]]:
    with app.uow() as uow:
        return [(e.action, e.actor, e.subject) for e in uow.audit.for_company(acme.id or 0)
                if e.action.startswith("risk.suggestion_")]  # fmt: skip


def test_the_panel_offers_accept_and_dismiss_for_each_open_suggestion(
    client: TestClient, made: dict[SuggestionKind, int]
) -> None:
    page = client.get(PAGE).text
    assert set(made) == {SuggestionKind.DEPOSIT, SuggestionKind.OFFER_PLAN}
    for suggestion in made.values():
        assert f'/customers/R001/risk/suggestions/{suggestion}/accept" hx-post=' in page
        assert f'/customers/R001/risk/suggestions/{suggestion}/dismiss" hx-post=' in page


def test_accepting_without_htmx_records_it_audited_and_redirects_back(
    client: TestClient, app: Tijdig, acme: Company, made: dict[SuggestionKind, int]
) -> None:
    deposit = made[SuggestionKind.DEPOSIT]
    response = _post(client, deposit, "accept")
    assert response.status_code == 303
    assert response.headers["location"].endswith("/customers/R001?risk=accepted#risk")
    assert _status(app, acme, deposit) is SuggestionStatus.ACCEPTED
    assert _status(app, acme, made[SuggestionKind.OFFER_PLAN]) is SuggestionStatus.OPEN
    said = ("risk.suggestion_accept", "admin (web)", f"suggestion {deposit}")
    assert _audited(app, acme) == [said]
    panel = _panel(client.get(response.headers["location"]).text)
    assert "Suggestion accepted." in panel and "accepted, admin" in panel
    assert f"/risk/suggestions/{deposit}/" not in client.get(PAGE).text  # decided: no form


def test_dismissing_with_htmx_swaps_the_panel_and_is_audited(
    client: TestClient, app: Tijdig, acme: Company, made: dict[SuggestionKind, int]
) -> None:
    plan = made[SuggestionKind.OFFER_PLAN]
    response = _post(client, plan, "dismiss", htmx=True)
    assert response.status_code == 200
    panel = _panel(response.text)
    assert "Suggestion dismissed." in panel and "dismissed, admin" in panel
    assert _status(app, acme, plan) is SuggestionStatus.DISMISSED
    assert _audited(app, acme) == [("risk.suggestion_dismiss", "admin (web)", f"suggestion {plan}")]


def test_a_decided_suggestion_is_refused_and_stays_as_it_was(
    client: TestClient, app: Tijdig, acme: Company, made: dict[SuggestionKind, int]
) -> None:
    deposit = made[SuggestionKind.DEPOSIT]
    assert _post(client, deposit, "dismiss").status_code == 303
    refused = _post(client, deposit, "accept")
    assert refused.status_code == 422
    assert "already" in _panel(refused.text)
    assert _status(app, acme, deposit) is SuggestionStatus.DISMISSED
    assert [a for a, _, _ in _audited(app, acme)] == ["risk.suggestion_dismiss"]


def test_another_companys_suggestion_is_not_found(
    anonymous: TestClient, app: Tijdig, acme: Company, made: dict[SuggestionKind, int]
) -> None:
    beta = seed_beta(app).company
    with app.risk_uow() as uow:
        b001 = uow.customers.get(beta.id or 0, "B001")
        assert b001 is not None and b001.id is not None
        theirs = uow.risk_suggestions.add(beta.id or 0, b001.id, Suggestion(
            "B001", SuggestionKind.DEPOSIT, TODAY, RiskClass.HIGH, None))  # fmt: skip
        uow.commit()
    add_user(app, "carla", Role.CREDIT_CONTROLLER, (acme.id or 0,))
    sign_in(anonymous, "carla")
    for what in ("accept", "dismiss"):
        assert _post(anonymous, theirs, what).status_code == 404
        # nor through BETA's customer: carla does not see BETA
        assert _post(anonymous, theirs, what, page="/customers/B001").status_code == 404
    [status] = [s.status for s in suggestions.for_customer(app.risk_uow(), beta, "B001")
                if s.id == theirs]  # fmt: skip
    assert status is SuggestionStatus.OPEN
    assert _audited(app, acme) == []


def test_a_suggestion_of_another_customer_is_not_found_on_this_ones_page(
    client: TestClient, app: Tijdig, acme: Company, made: dict[SuggestionKind, int]
) -> None:
    deposit = made[SuggestionKind.DEPOSIT]
    assert _post(client, deposit, "accept", page="/customers/C001").status_code == 404
    assert _status(app, acme, deposit) is SuggestionStatus.OPEN


def test_a_read_only_user_sees_no_buttons_and_is_refused(
    anonymous: TestClient, app: Tijdig, acme: Company, made: dict[SuggestionKind, int]
) -> None:
    add_user(app, "sam", Role.SALES, (acme.id or 0,))
    sign_in(anonymous, "sam")
    assert "/risk/suggestions/" not in anonymous.get(PAGE).text
    deposit = made[SuggestionKind.DEPOSIT]
    assert _post(anonymous, deposit, "accept").status_code == 403
    assert _status(app, acme, deposit) is SuggestionStatus.OPEN


def test_the_dashboard_reads_the_stored_scores_and_links_to_the_list(
    client: TestClient, app: Tijdig, acme: Company, made: dict[SuggestionKind, int]
) -> None:
    before = _text(client.get("/").text)
    assert "Not scored yet: this command stores the scores of the open invoices:" in before
    done = scoring.store_scores(app.risk_uow(), app.risk_reads, acme, as_of=TODAY,
                                actor="test", at=AT)  # fmt: skip
    assert done.model_id is None and done.scored >= 3
    text = _text(client.get("/").text)
    figure = scoring.risk_figure(app.risk_uow(), acme)
    assert figure is not None and figure.invoices >= 3
    assert f"open in {figure.invoices} invoices at high risk" in text
    assert "by the rules (no trained model in use)" in text
    assert "Show them" in text and '/risk"' in client.get("/").text
    listed = _text(client.get("/risk").text)
    assert "R-1" in listed and "Risico B.V." in listed
    # R-1 (500.00) before R-2 (250.00) before R-3 (120.00): by the rules, by amount
    assert listed.index("R-1") < listed.index("R-2") < listed.index("R-3")


def test_the_settings_page_shows_and_saves_the_risk_settings(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    page = client.get("/settings").text
    assert 'name="risk_late_days" type="number" min="1" max="365" value="30"' in page
    assert 'name="risk_high_percent" type="number" min="1" max="99" value="40"' in page
    saved = client.post("/settings/collection", data={
        "csrf_token": csrf_of(page), "large_amount": "5000,00", "bank_stale_working_days": "3",
        "risk_late_days": "45", "risk_high_percent": "25"}, follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    assert scoring.late_days_of(app.risk_uow(), acme) == 45
    assert scoring.high_from(app.risk_uow(), acme) == 0.25
