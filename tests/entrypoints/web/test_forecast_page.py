"""The workspace's `/forecast` page, the dashboard's card and the API (issue 17 §3): the
weeks drawn as an inline SVG with their interval as whiskers, the amounts in the reader's
language, the invoices apart, the check of the forecast made 13 weeks before; the API
gives the same figures as the service."""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from sqlalchemy import update

from tests.conftest import FrozenClock
from tests.services.read_models.test_forecast import _dispute, _pay
from tijdig.adapters.db.schema.users import UserRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.entrypoints.web.i18n import LOCALES
from tijdig.entrypoints.web.rendering import money
from tijdig.services.read_models.forecast import cash_forecast

from .conftest import AS_OF, TestClient, add_user, sign_in
from .test_api_data import bearer, token_for

Q = {"as_of": AS_OF.isoformat(), "company": "ACME"}


@pytest.fixture
def controller(anonymous: TestClient, app: Tijdig, acme: Company,
               frozen_clock: FrozenClock) -> TestClient:  # fmt: skip
    frozen_clock.set(AS_OF)
    _dispute(app, acme, "F-003", date(2026, 3, 1))
    _pay(app, acme, "F-003", date(2026, 1, 20), 21_000)  # in a week of the check
    add_user(app, "cc", Role.CREDIT_CONTROLLER, (acme.id or 0,))
    sign_in(anonymous, "cc")
    return anonymous


def _reads_in(app: Tijdig, language: str) -> None:
    with app.uow() as uow:
        uow.session.execute(update(UserRow).where(UserRow.username == "cc")
                            .values(language=language))  # fmt: skip
        uow.commit()


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_page_draws_the_weeks_with_their_interval(
    controller: TestClient, app: Tijdig, acme: Company, language: str
) -> None:
    _reads_in(app, language)
    page = controller.get("/forecast", params=Q)
    assert page.status_code == 200
    body = html.unescape(page.text)
    assert body.count('<g class="week') == 14  # 13 weeks and the later bucket
    assert body.count('class="whisker"') == 14
    made = cash_forecast(app.forecast_data, acme, as_of=AS_OF)
    rows = re.findall(r'<tr data-week="([^"]+)">(.*?)</tr>', body, re.S)
    assert [w for w, _ in rows][:2] == ["2026-03-16", "2026-03-23"] and rows[-1][0] == "later"
    locale = LOCALES[language]  # amounts in the reader's locale: € 1.210,00 in Dutch
    for (_, row), week in zip(rows, (*made.weeks, made.later), strict=True):
        assert money(week.expected, "EUR", locale) in row
        assert money(week.high, "EUR", locale) in row
    assert 'data-apart="disputed"' in body
    assert money(Decimal("2210.00"), "EUR", locale) in body  # 2420 less the 210 paid
    # no risk model stored: the habits, said for the forecast and for the one checked
    assert body.count('data-basis="habits" data-fallback="no_model"') == 2
    said = {
        "nl": "Betaaldatums uit de betaalgewoonten van de klanten: er is geen risicomodel",
        "fr": "Dates de paiement tirées des habitudes des clients : aucun modèle de risque",
        "en": "Payment dates from the customers' habits: no risk model is stored.",
    }
    assert said[language] in _text(page.text)


def test_the_check_shows_the_forecast_made_13_weeks_before(controller: TestClient) -> None:
    # made on 14 Dec 2025; the 210 paid on F-003 on 20 Jan 2026 (week 2026-W04) came in
    body = controller.get("/forecast", params=Q).text
    checked = re.search(r'<table class="data forecast-check">.*?</table>', body, re.S)
    assert checked is not None
    assert "2026-W04" in checked.group(0) and "€210.00" in checked.group(0)
    assert "13 weeks" in _text(body)


def test_the_dashboard_links_to_the_forecast(controller: TestClient, app: Tijdig) -> None:
    _reads_in(app, "nl")
    body = controller.get("/", params=Q).text
    link = re.search(r'<a class="forecast-link" href="([^"]+)"', body)
    assert link is not None
    assert urlsplit(html.unescape(link.group(1))).path == "/forecast"
    assert controller.get(html.unescape(link.group(1))).status_code == 200
    assert "Kasstroomprognose" in body


def test_the_api_gives_the_services_figures(
    anonymous: TestClient, app: Tijdig, acme: Company, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(AS_OF)
    _dispute(app, acme, "F-003", date(2026, 3, 1))
    token = token_for(app, "reader", Role.SALES, (acme.id or 0,))
    got = anonymous.get("/api/v1/forecast", params=Q, headers=bearer(token)).json()
    made = cash_forecast(app.forecast_data, acme, as_of=AS_OF)
    assert [w["expected"] for w in got["weeks"]] == [f"{w.expected:.2f}" for w in made.weeks]
    assert got["weeks"][0]["week"] == "2026-W12"
    assert got["apart"] == [{"reason": "disputed", "invoices": 1, "amount": "2420.00"}]
    assert (got["basis"], got["fallback"], got["model_id"]) == ("habits", "no_model", None)
    check = anonymous.get("/api/v1/forecast/check", params=Q | {"made_on": "2026-02-01"},
                          headers=bearer(token)).json()  # fmt: skip
    assert check["passed"] == 6 and len(check["weeks"]) == 13
    assert (check["basis"], check["fallback"]) == ("habits", "no_model")
    assert check["weeks"][6]["actual"] is None
