"""Debtors in hardship in the workspace: a credit controller gives a customer a status on
its page (collection pauses, a task goes in the agenda, the dashboard shows the
insolvency line) and ends it; a refused form says why and stores nothing; a read-only
user sees the status but no form, and is refused; an administrator writes the
company's own task texts on the settings page."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.conftest import FrozenClock
from tijdig.bootstrap import Tijdig
from tijdig.domain.hardship import HardshipKind
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.records import hardship

from .conftest import AS_OF, TestClient, add_user, csrf_of, sign_in

PAGE = "/customers/C002"  # Van Dijk Bouw: F-003, EUR 2420.00, 104 days overdue
SET = {"kind": "bankruptcy", "since": "2026-03-02",
       "evidence": "Faillissementsvonnis rechtbank Utrecht",
       "evidence_file": "C002/vonnis.pdf"}  # fmt: skip


@pytest.fixture(autouse=True)
def today(frozen_clock: FrozenClock) -> None:
    frozen_clock.set(AS_OF)  # Sunday 15 March 2026


def _as(client: TestClient, app: Tijdig, acme: Company, role: Role) -> TestClient:
    add_user(app, role.value, role, (acme.id or 0,))
    sign_in(client, role.value)
    return client


def _post(client: TestClient, url: str, data: dict[str, Any], page: str = PAGE) -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _history(app: Tijdig, acme: Company) -> list[tuple[HardshipKind, date | None]]:
    return [(s.kind, s.ended_on) for s in hardship.hardship_history(app.uow(), acme, "C002")]


def _audit(app: Tijdig, acme: Company) -> list[str]:
    with app.uow() as uow:
        entries = uow.audit.for_company(acme.id or 0)
    return sorted(e.action for e in entries if "hardship" in e.action)


def test_a_status_pauses_collection_shows_on_the_dashboard_and_ends(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    client = _as(anonymous, app, acme, Role.CREDIT_CONTROLLER)
    assert "No hardship status: collection goes on as usual." in _text(client.get(PAGE).text)
    made = _post(client, f"{PAGE}/hardship", SET)
    assert made.status_code == 303, made.text
    assert made.headers["location"].endswith(f"{PAGE}?hardship=set#hardship")
    shown = _text(client.get(made.headers["location"]).text)
    assert "Hardship status recorded: collection is paused" in shown
    assert "Bankruptcy since 2 Mar 2026: no reminders, costs or interest" in shown
    assert "Faillissementsvonnis rechtbank Utrecht (C002/vonnis.pdf)" in shown
    assert "Held back: Bankruptcy since 2026-03-02" not in shown  # words, not the ISO day
    assert (
        "Bankruptcy since 2 Mar 2026: no reminders, costs or interest while it lasts."
        in (shown.split("Held back:")[1])
    )  # the next step says why nothing goes
    agenda = _text(client.get("/agenda").text)
    assert "Register the claim with the trustee in bankruptcy." in agenda
    dashboard = client.get("/").text
    assert 'class="amount total-insolvency"' in dashboard and "Insolvency" in dashboard
    # on the insolvency line, not in the overdue list that asks for action
    overdue = dashboard.split('aria-labelledby="overdue-title"')[1]
    assert "Van Dijk Bouw B.V." not in overdue and "Bakkerij Jansen" in overdue
    ended = _post(client, f"{PAGE}/hardship/end", {"ended_on": "2026-03-13"})
    assert ended.headers["location"].endswith(f"{PAGE}?hardship=ended#hardship")
    after = _text(client.get(ended.headers["location"]).text)
    assert "Hardship status ended: collection resumes." in after
    timeline = after.split("Timeline")[-1]
    assert "Hardship status recorded by credit_controller: collection paused" in timeline
    assert "Hardship status ended by credit_controller: collection resumes" in timeline
    dashboard = client.get("/").text
    assert "total-insolvency" not in dashboard
    assert "Van Dijk Bouw B.V." in dashboard.split('aria-labelledby="overdue-title"')[1]
    assert _history(app, acme) == [(HardshipKind.BANKRUPTCY, date(2026, 3, 13))]
    assert _audit(app, acme) == ["customer.hardship", "customer.hardship_end"]


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        (SET | {"evidence": "  "}, 422, "Say what shows the status"),
        (SET | {"since": "2026-03-16"}, 422, "cannot begin or end after the day looked from"),
        (SET | {"since": "2 maart"}, 422, "Give the day as YYYY-MM-DD."),
        (SET | {"kind": "broke"}, 422, None),
    ],
)
def test_a_refused_status_says_why_on_the_page_and_stores_nothing(
    anonymous: TestClient, app: Tijdig, acme: Company, data: dict[str, str], status: int,
    words: str | None,
) -> None:  # fmt: skip
    client = _as(anonymous, app, acme, Role.CREDIT_CONTROLLER)
    refused = _post(client, f"{PAGE}/hardship", data)
    assert refused.status_code == status
    if words is not None:
        page = _text(refused.text)
        assert words in page and "Van Dijk Bouw B.V." in page  # the customer's page again
    assert _history(app, acme) == [] and _audit(app, acme) == []


def test_a_second_status_while_one_runs_is_refused_and_the_day_looked_from_counts(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    client = _as(anonymous, app, acme, Role.CREDIT_CONTROLLER)
    # looked at from 1 March, a status since 2 March would begin after that day
    early = _post(client, f"{PAGE}/hardship?as_of=2026-03-01", SET, f"{PAGE}?as_of=2026-03-01")
    assert early.status_code == 422
    assert _post(client, f"{PAGE}/hardship", SET).status_code == 303
    again = _post(client, f"{PAGE}/hardship", SET | {"kind": "wsnp"})
    assert again.status_code == 409
    assert "The customer has a running status: end it first." in _text(again.text)
    assert _history(app, acme) == [(HardshipKind.BANKRUPTCY, None)]


def test_a_read_only_user_sees_the_status_but_is_refused_every_change(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    hardship.set_hardship(app.uow(), acme, "C002", HardshipKind.WSNP, since=date(2026, 3, 2),
                          evidence=hardship.Evidence("vonnis"), as_of=AS_OF, actor="test",
                          at=datetime.now(UTC))  # fmt: skip
    client = _as(anonymous, app, acme, Role.SALES)
    page = client.get(PAGE).text
    assert "WSNP (statutory debt rescheduling) since" in _text(page)
    assert "End the status" not in page and "Pause collection" not in page
    assert _post(client, f"{PAGE}/hardship", SET).status_code == 403
    assert _post(client, f"{PAGE}/hardship/end", {}).status_code == 403
    tasks = _post(client, "/settings/hardship-tasks", {"task_wsnp": "x"}, "/settings")
    assert tasks.status_code == 403
    assert _history(app, acme) == [(HardshipKind.WSNP, None)]


def test_an_admin_writes_the_companys_own_task_text_and_the_default_stays_per_language(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    settings = _text(client.get("/settings").text)
    assert "Register the claim with the WSNP administrator." in settings
    own = "Meld de vordering aan bij de bewindvoerder en zet de rente stil."
    form = {f"task_{k.value}": "" for k in HardshipKind} | {"task_wsnp": own}
    saved = _post(client, "/settings/hardship-tasks", form, "/settings")
    assert saved.status_code == 303 and saved.headers["location"].endswith("#hardship")
    assert hardship.task_texts(app.uow(), acme) == {HardshipKind.WSNP: own}
    too_long = _post(client, "/settings/hardship-tasks", form | {"task_wsnp": "x" * 301},
                     "/settings")  # fmt: skip
    assert too_long.status_code == 422
    assert "A task text has 1 to 300 characters." in _text(too_long.text)
    dutch = csrf_of(client.get("/settings").text)
    client.post("/me/language", data={"csrf_token": dutch, "language": "nl", "next": "/"})
    shown = _text(client.get("/settings").text)
    assert "Dien de vordering in bij de curator." in shown and own in shown
    # saved unchanged in Dutch, the defaults stay defaults (and English for an English user)
    unchanged = {"task_bankruptcy": "Dien de vordering in bij de curator.", "task_wsnp": own}
    assert _post(client, "/settings/hardship-tasks", unchanged, "/settings").status_code == 303
    assert hardship.task_texts(app.uow(), acme) == {HardshipKind.WSNP: own}
    assert _audit(app, acme) == ["settings.hardship_task"]
