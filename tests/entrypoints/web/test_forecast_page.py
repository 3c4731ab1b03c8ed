"""The workspace's `/forecast` page, the dashboard's card and the API (issue 17 §3): they
read the latest stored forecast (the job "forecast" makes it; making one takes minutes at
a million invoices), say the day it was made, and write nothing; the weeks drawn as an
inline SVG with their interval as whiskers, the amounts in the reader's language, the
invoices apart. With none stored the page says so and one who may change things queues
the job; the API answers 404."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from sqlalchemy import update

from tests.conftest import FrozenClock
from tests.services.read_models.test_forecast import _dispute, _pay
from tests.snapshot import Tables, changed
from tijdig.adapters.db.schema.users import UserRow
from tijdig.analytics.forecast import Forecast
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.entrypoints.web.i18n import LOCALES
from tijdig.entrypoints.web.rendering import money
from tijdig.services.background import JobKind, JobState, Moment, run_job
from tijdig.services.risk import forecast as forecast_model

from .conftest import AS_OF, TestClient, add_user, sign_in
from .test_api_data import bearer, token_for

NEXT_DAY = AS_OF + timedelta(days=1)
Q = {"as_of": NEXT_DAY.isoformat(), "company": "ACME"}  # the day after it was made
MADE_AT = datetime(2026, 3, 15, 6, 30, tzinfo=UTC)


def _store(app: Tijdig, acme: Company, day: date = AS_OF) -> Forecast:
    return forecast_model.store_forecast(app.risk_uow(), app.risk_reads, app.forecast_data,
                                         acme, as_of=day, actor="scheduler",
                                         at=MADE_AT)  # fmt: skip


@pytest.fixture
def controller(anonymous: TestClient, app: Tijdig, acme: Company,
               frozen_clock: FrozenClock) -> TestClient:  # fmt: skip
    frozen_clock.set(NEXT_DAY)
    _dispute(app, acme, "F-003", date(2026, 3, 1))
    _pay(app, acme, "F-003", date(2026, 1, 20), 21_000)
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
def test_the_page_shows_the_forecast_stored_the_day_before_and_writes_nothing(
    controller: TestClient, app: Tijdig, acme: Company, language: str
) -> None:
    _reads_in(app, language)
    made = _store(app, acme)
    tables = Tables(app.engine)
    before = tables.snapshot()
    page = controller.get("/forecast", params=Q)
    assert page.status_code == 200
    assert tables.snapshot() == before, changed(before, tables.snapshot())
    body = html.unescape(page.text)
    assert 'data-made-on="2026-03-15"' in body  # made on D, shown on D + 1
    assert body.count('<g class="week') == 14  # 13 weeks and the later bucket
    assert body.count('class="whisker"') == 14
    rows = re.findall(r'<tr data-week="([^"]+)">(.*?)</tr>', body, re.S)
    assert [w for w, _ in rows][:2] == ["2026-03-16", "2026-03-23"] and rows[-1][0] == "later"
    locale = LOCALES[language]  # amounts in the reader's locale: € 1.210,00 in Dutch
    for (_, row), week in zip(rows, (*made.weeks, made.later), strict=True):
        assert money(week.expected, "EUR", locale) in row
        assert money(week.low, "EUR", locale) in row
        assert money(week.high, "EUR", locale) in row
    assert 'data-apart="disputed"' in body
    assert money(Decimal("2210.00"), "EUR", locale) in body  # 2420 less the 210 paid
    # no risk model stored: the habits, said for the forecast and for the one it checked
    assert body.count('data-basis="habits" data-fallback="no_model"') == 2
    said = {
        "nl": ("Betaaldatums uit de betaalgewoonten van de klanten: er is geen risicomodel",
               "Gemaakt op"),
        "fr": ("Dates de paiement tirées des habitudes des clients : aucun modèle de risque",
               "Établie le"),
        "en": ("Payment dates from the customers' habits: no risk model is stored.",
               "Made on"),
    }  # fmt: skip
    for words in said[language]:
        assert words in _text(page.text)
    assert 'action="/forecast/make' not in body


def test_the_page_shows_the_latest_made_by_the_day_looked_from(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    _store(app, acme, date(2026, 3, 1))
    _store(app, acme, AS_OF)
    later = controller.get("/forecast", params=Q).text
    assert 'data-made-on="2026-03-15"' in later
    earlier = controller.get("/forecast", params=Q | {"as_of": "2026-03-10"}).text
    assert 'data-made-on="2026-03-01"' in earlier and "2026-03-15" not in earlier


def test_with_none_stored_the_page_says_so_and_queues_the_job(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    tables = Tables(app.engine)
    before = tables.snapshot()
    page = controller.get("/forecast", params=Q)
    assert page.status_code == 200 and tables.snapshot() == before
    assert "No forecast stored yet" in _text(page.text)
    assert '<g class="week' not in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    action = re.search(r'<form method="post" action="([^"]+)" class="forecast-make">', page.text)
    assert csrf and action
    answer = controller.post(html.unescape(action.group(1)),
                             data={"csrf_token": csrf.group(1)},
                             follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    found = re.match(r"/jobs/(\d+)", urlsplit(answer.headers["location"]).path)
    assert found is not None
    job = app.jobs().get(int(found.group(1)))
    assert job is not None and job.kind is JobKind.FORECAST and job.queued_by == "cc (web)"
    assert job.arguments == {"day": NEXT_DAY.isoformat()}
    job_page = controller.get(answer.headers["location"])
    assert job_page.status_code == 200, job_page.text
    assert re.search(r'href="[^"]*/forecast\?', job_page.text), job_page.text
    done = run_job(app, app.jobs(), job.id,
                   Moment(at=MADE_AT, today=NEXT_DAY, now=lambda: MADE_AT))  # fmt: skip
    assert done is not None and done.state is JobState.DONE, done
    assert 'data-made-on="2026-03-16"' in controller.get("/forecast", params=Q).text


def test_sales_may_not_queue_it(
    anonymous: TestClient, app: Tijdig, acme: Company, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(NEXT_DAY)
    add_user(app, "sales", Role.SALES, (acme.id or 0,))
    sign_in(anonymous, "sales")
    page = anonymous.get("/forecast", params=Q).text
    assert "No forecast stored yet" in _text(page) and "forecast-make" not in page


def test_the_dashboard_links_to_the_forecast(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    _reads_in(app, "nl")
    _store(app, acme)
    body = controller.get("/", params=Q).text
    link = re.search(r'<a class="forecast-link" href="([^"]+)"', body)
    assert link is not None
    assert urlsplit(html.unescape(link.group(1))).path == "/forecast"
    assert controller.get(html.unescape(link.group(1))).status_code == 200
    assert "Kasstroomprognose" in body


def test_the_api_gives_the_stored_figures(
    anonymous: TestClient, app: Tijdig, acme: Company, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(NEXT_DAY)
    _dispute(app, acme, "F-003", date(2026, 3, 1))
    token = token_for(app, "reader", Role.SALES, (acme.id or 0,))
    none = anonymous.get("/api/v1/forecast", params=Q, headers=bearer(token))
    assert none.status_code == 404
    made = _store(app, acme)
    got = anonymous.get("/api/v1/forecast", params=Q, headers=bearer(token)).json()
    assert got["as_of"] == "2026-03-15"
    assert datetime.fromisoformat(got["made_at"].replace("Z", "+00:00")) == MADE_AT
    assert [w["expected"] for w in got["weeks"]] == [f"{w.expected:.2f}" for w in made.weeks]
    assert [w["low"] for w in got["weeks"]] == [f"{w.low:.2f}" for w in made.weeks]
    assert got["weeks"][0]["week"] == "2026-W12"
    assert got["later"]["expected"] == f"{made.later.expected:.2f}"
    assert got["apart"] == [{"reason": "disputed", "invoices": 1, "amount": "2420.00"}]
    assert (got["basis"], got["fallback"], got["model_id"]) == ("habits", "no_model", None)
    assert got["common_spread"] == made.spread
    check = anonymous.get("/api/v1/forecast/check", params=Q | {"made_on": "2026-02-01"},
                          headers=bearer(token)).json()  # fmt: skip
    assert check["passed"] == 6 and len(check["weeks"]) == 13
    assert (check["basis"], check["fallback"]) == ("habits", "no_model")
    assert check["weeks"][6]["actual"] is None


def test_the_check_stored_with_the_forecast_shows_the_one_made_13_weeks_before(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    """Stored on D with the forecast: the one made 14 Dec 2025 (13 weeks before D), whose
    210 paid on F-003 on 20 Jan 2026 (week 2026-W04) came in; the page only reads it."""
    _store(app, acme)
    stored = forecast_model.stored_forecast(app.risk_uow(), acme, as_of=NEXT_DAY)
    assert stored is not None and stored.checked is not None
    assert stored.checked.forecast.as_of == date(2025, 12, 14)
    body = controller.get("/forecast", params=Q).text
    checked = re.search(r'<table class="data forecast-check">.*?</table>', body, re.S)
    assert checked is not None
    assert "2026-W04" in checked.group(0) and "€210.00" in checked.group(0)
    direct = forecast_model.check_forecast(app.risk_uow(), app.risk_reads, app.forecast_data,
                                           acme, made_on=date(2025, 12, 14),
                                           as_of=AS_OF)  # fmt: skip
    assert stored.checked == direct  # stored as made, read back whole
