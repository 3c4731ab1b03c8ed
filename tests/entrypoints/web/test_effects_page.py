"""The workspace's /effects page and the API (issue 18): the response table with its
shares and intervals, grouped as asked and sortable, the messages too recent counted,
the A/B tests panel with its verdict; an unknown dimension refused with 422 in the
reader's language."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

import pytest

from tests.conftest import FrozenClock
from tests.services.collection.effects_db import add_sent
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.collection import experiments

from .conftest import AS_OF, TestClient, add_user, csrf_of, sign_in
from .test_api_data import bearer, token_for


@pytest.fixture(autouse=True)
def today(frozen_clock: FrozenClock, app: Tijdig, acme: Company) -> None:
    frozen_clock.set(AS_OF)  # Sunday 15 March 2026
    add_sent(app, acme, "C001", "T1", sent_on=date(2026, 2, 2), paid_after=3, hour=18)
    add_sent(app, acme, "C001", "T2", sent_on=date(2026, 2, 3), paid_after=10)
    add_sent(app, acme, "C001", "T3", sent_on=date(2026, 2, 4), channel="letter")
    add_sent(app, acme, "C001", "T4", sent_on=date(2026, 3, 10), paid_after=1)


@pytest.fixture
def sales(anonymous: TestClient, app: Tijdig, acme: Company) -> TestClient:
    add_user(app, "sam", Role.SALES, (acme.id or 0,))
    sign_in(anonymous, "sam")
    return anonymous


def _text(page: str) -> str:
    found = re.search(r"<table class=\"data effects\">.*?</table>", page, re.S)
    assert found, "no effect table"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def test_the_table_shows_each_cell_with_its_shares_and_intervals(sales: TestClient) -> None:
    page = sales.get("/effects", params={"by": ["channel"], "sort": "paid_14", "dir": "desc"})
    assert page.status_code == 200, page.text
    table = _text(page.text)
    # email: 2 judged, both paid within 14 (Wilson 2/2: 34-100 %), one within 7 (1/2: 9-91 %)
    assert "e-mail 2 business NL under €500 2 50% (9–91%) 100% (34–100%)" in table
    assert "letter 2 business NL under €500 1 0% (0–79%) 0% (0–79%)" in table
    assert table.index("e-mail") < table.index("letter")  # paid in 14 days, the most first
    assert "3 messages judged; 1 sent in the last 14 days are left out" in html.unescape(page.text)


def test_the_page_speaks_dutch_and_refuses_an_unknown_dimension(sales: TestClient) -> None:
    sales.post("/me/language", data={"language": "nl", "csrf_token": csrf_of(sales.get("/").text)})
    page = sales.get("/effects", params={"by": ["time"]})
    table = _text(page.text)
    assert "avond" in table and "ochtend" in table and "Betaald binnen 7 dagen" in page.text
    assert "zakelijk" in table and "onder € 500" in table
    refused = sales.get("/effects", params={"by": "colour"})
    assert refused.status_code == 422
    assert "'colour': een van step, template" in html.unescape(refused.text)


def test_the_api_gives_the_same_table(anonymous: TestClient, app: Tijdig, acme: Company) -> None:
    token = token_for(app, "robot", Role.SALES, (acme.id or 0,))
    data = anonymous.get("/api/v1/effects", params={"company": "ACME", "by": "channel"},
                         headers=bearer(token)).json()  # fmt: skip
    assert (data["counted"], data["too_recent"], data["by"]) == (3, 1, ["channel"])
    email = next(r for r in data["rows"] if r["key"]["channel"] == "email")
    assert (email["n"], email["paid_7"]["paid"], email["paid_14"]["paid"]) == (2, 1, 2)
    assert email["paid_14"]["low"] == pytest.approx(0.342372, abs=1e-5)


def test_the_experiments_panel_shows_each_test_waiting_for_its_arms(
    sales: TestClient, app: Tijdig, acme: Company
) -> None:
    with app.uow() as uow:  # a variant as stored (its letter-rule check is tested apart)
        uow.experiments.save_variant(acme.id or 0, "nl", "reminder", "B", "Tekst B",
                                     at=datetime.now(UTC), by="anne")  # fmt: skip
        uow.commit()
    experiments.start_experiment(app.uow(), acme, "reminder", baseline=0.5, smallest_effect=0.1,
                                 on=date(2026, 3, 1), actor="anne",
                                 at=datetime.now(UTC))  # fmt: skip
    page = sales.get("/effects")
    found = re.search(r'<section class="panel experiments".*?</section>', page.text, re.S)
    assert found, "no experiments panel"
    panel = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())
    assert "reminder" in panel and "Variant A: 0 / 0 · Variant B: 0 / 0" in panel
    assert "388 waiting for both arms" in panel
