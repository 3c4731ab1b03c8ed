"""The agenda's day ahead through TestClient (issue 15 §2): the day navigation and the
as-of day kept in every link, the cards' amounts and priority order, "not reached, call
back on" (checked in the database and the audit log), the days ahead, the calls approved
in a run, and the runs page on a day that is not a run day."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from babel.dates import format_date
from sqlalchemy import select

from tijdig.adapters.db.schema.collection import ContactEventRow, RunItemRow, RunRow, TaskRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.records import Task, TaskKind
from tijdig.domain.parties import Company
from tijdig.domain.users import Role

from .collection_data import AS_OF, TestClient, csrf, seed_small, signed_in_as, task_ids, web_client

Q = {"as_of": AS_OF.isoformat()}  # Tuesday 24 November 2026


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return seed_small(app)


@pytest.fixture
def web(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with web_client(database_url, tmp_path) as client:
        yield client


@pytest.fixture
def controller(web: TestClient, app: Tijdig, acme: Company) -> TestClient:
    assert acme.id is not None
    return signed_in_as(web, app, "carla", Role.CREDIT_CONTROLLER, (acme.id,))


def _rows(app: Tijdig, *columns: Any, where: Any = True) -> list[tuple[Any, ...]]:
    with app.uow() as uow:
        return [tuple(r) for r in uow.session.execute(select(*columns).where(where))]


def _call_back(client: TestClient, task_id: int, **form: str) -> Any:
    data = {"csrf_token": csrf(client, "/agenda?as_of=" + AS_OF.isoformat()), **form}
    return client.post(f"/agenda/tasks/{task_id}/call-back", params=Q, data=data,
                       follow_redirects=False)  # fmt: skip


def test_the_day_navigation_goes_a_day_back_and_on_and_keeps_the_day_in_links(
    controller: TestClient,
) -> None:
    page = controller.get("/agenda", params=Q).text
    assert 'href="http://testserver/agenda?as_of=2026-11-23"' in page
    assert 'href="http://testserver/agenda?as_of=2026-11-25"' in page
    # the menu and the other pages keep the day chosen (never stored: it is in the URL)
    assert 'href="http://testserver/customers?as_of=2026-11-24"' in page
    assert 'href="http://testserver/agenda/upcoming?as_of=2026-11-24"' in page
    runs = controller.get("/runs", params=Q).text
    assert 'href="http://testserver/agenda?as_of=2026-11-24"' in runs
    # without a day chosen, links carry none: today is today
    assert "as_of=" not in re.sub(r'name="as_of"[^>]*', "", controller.get("/runs").text)


@pytest.mark.parametrize(
    ("day", "before", "after"),
    [("2026-11-30", "2026-11-29", "2026-12-01"), ("2026-12-31", "2026-12-30", "2027-01-01"),
     ("2028-02-29", "2028-02-28", "2028-03-01")],
)  # fmt: skip
def test_the_days_before_and_after_cross_months_and_years(
    controller: TestClient, day: str, before: str, after: str
) -> None:
    page = controller.get("/agenda", params={"as_of": day}).text
    assert f"agenda?as_of={before}" in page and f"agenda?as_of={after}" in page


def test_a_card_shows_what_is_overdue_and_the_priority_order_is_offered(
    controller: TestClient,
) -> None:
    page = controller.get("/agenda", params=Q).text
    assert "€1,815.00" in page  # 1,210.00 + 605.00, both overdue on 24 November
    assert 'data-invoice="ACME-001"' in page and 'data-invoice="ACME-002"' in page
    assert 'data-order="priority"' in page
    ranked = controller.get("/agenda", params=Q | {"order": "priority"})
    assert ranked.status_code == 200 and "promised dates first" in ranked.text
    assert controller.get("/agenda", params=Q | {"order": "size"}).status_code == 422


def test_the_script_greets_the_contact_by_name(controller: TestClient) -> None:
    page = html.unescape(controller.get("/agenda", params=Q).text)
    assert "Goedemorgen Eline Bos, u spreekt met Carla;" in page


def test_not_reached_moves_the_task_to_the_day_to_call_back(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    [task_id] = task_ids(app, acme)
    response = _call_back(controller, task_id, call_back="2026-11-27", note="voicemail")
    assert response.status_code == 303
    assert f"moved={task_id}" in response.headers["location"]
    assert _rows(app, TaskRow.due_on, TaskRow.done_on, where=TaskRow.id == task_id) == [
        (date(2026, 11, 27), None)
    ]
    [(summary, outcome, by)] = _rows(
        app, ContactEventRow.summary, ContactEventRow.outcome, ContactEventRow.by
    )
    assert json.loads(summary)["code"] == "not_reached" and (outcome, by) == ("voicemail", "Carla")
    [(details,)] = _rows(app, AuditRow.details, where=AuditRow.action == "task.call_back")
    assert "2026-11-27" in details
    page = controller.get(response.headers["location"]).text
    assert "stays open" in page and f'data-task="{task_id}"' not in page
    later = controller.get("/agenda", params={"as_of": "2026-11-27"}).text
    assert f'data-task="{task_id}"' in later


@pytest.mark.parametrize("day", ["2026-11-24", "2026-11-01", "", "tomorrow"])
def test_a_bad_call_back_day_answers_422_and_changes_nothing(
    controller: TestClient, app: Tijdig, acme: Company, day: str
) -> None:
    [task_id] = task_ids(app, acme)
    response = _call_back(controller, task_id, call_back=day)
    assert response.status_code == 422
    assert 'class="call-back" open' in response.text and 'role="alert"' in response.text
    assert _rows(app, TaskRow.due_on, where=TaskRow.id == task_id) == [(AS_OF,)]
    assert _rows(app, ContactEventRow.id) == []


def test_the_days_ahead_list_the_tasks_by_day(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    assert acme.id is not None
    with app.uow() as uow:
        customer_id = uow.customers.ids_by_number(acme.id)["C001"]
        check = Task("C001", TaskKind.FOLLOW_UP, date(2026, 12, 1), "Check")
        later = uow.tasks.add(acme.id, customer_id, check)
        uow.commit()
    page = controller.get("/agenda/upcoming", params=Q).text
    assert 'data-day="2026-12-01"' in page and f'data-task="{later}"' in page
    [today_task] = [t for t in task_ids(app, acme) if t != later]
    assert f'data-task="{today_task}"' not in page  # due on the day itself, not ahead


def test_a_call_approved_in_a_run_is_listed_for_its_day_until_it_is_sent(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    assert acme.id is not None
    payload = {"reason": "large", "reasons": [], "due_on": AS_OF.isoformat(),
               "contact_role": None, "script": "standard"}  # fmt: skip
    with app.uow() as uow:
        customer_id = uow.customers.ids_by_number(acme.id)["C001"]
        run = RunRow(company_id=acme.id, as_of=AS_OF, created_at=datetime.now(UTC))
        uow.session.add(run)
        uow.session.flush()
        item = RunItemRow(run_id=run.id, company_id=acme.id, customer_id=customer_id,
                          kind="call", status="approved", payload=json.dumps(payload))  # fmt: skip
        uow.session.add(item)
        uow.session.flush()
        item_id = item.id
        uow.commit()
    page = controller.get("/agenda", params=Q).text
    assert f'data-approved-call="{item_id}"' in page and "Send what was approved" in page
    day_before = controller.get("/agenda", params={"as_of": "2026-11-23"}).text
    assert f'data-approved-call="{item_id}"' not in day_before
    # the day before says where the call is: on its day, 24 November
    assert 'class="ahead-count"' in day_before
    assert 'class="first-ahead" href="http://testserver/agenda?as_of=2026-11-24"' in day_before
    with app.uow() as uow:
        uow.session.get(RunItemRow, item_id).status = "done"  # type: ignore[union-attr]
        uow.commit()
    assert f'data-approved-call="{item_id}"' not in controller.get("/agenda", params=Q).text


@pytest.mark.parametrize(
    ("day", "next_day"),
    [("2026-11-23", date(2026, 11, 24)), ("2026-12-26", date(2026, 12, 29)),
     ("2028-02-28", date(2028, 2, 29))],
)  # fmt: skip
def test_the_runs_page_names_the_next_run_day_on_a_day_that_is_not_one(
    controller: TestClient, day: str, next_day: date
) -> None:
    page = html.unescape(controller.get("/runs", params={"as_of": day}).text)
    note = re.search(r'<p class="not-run-day" role="note">([^<]*)</p>', page)
    assert note and note[1].strip().endswith(format_date(next_day, "medium", locale="en_GB") + ".")
    assert 'class="start-run secondary"' in page  # a run anyway stays possible
    on_a_run_day = controller.get("/runs", params=Q).text
    assert "not-run-day" not in on_a_run_day and 'class="start-run"' in on_a_run_day


def test_the_dashboard_names_the_next_run_day_on_a_sunday(controller: TestClient) -> None:
    sunday = html.unescape(controller.get("/", params={"as_of": "2026-11-29"}).text)
    assert "Not a run day: the next run day is 1 Dec 2026." in sunday
    assert "not-run-day" not in controller.get("/", params=Q).text


def test_the_api_calls_back_through_the_same_service(
    web: TestClient, app: Tijdig, acme: Company
) -> None:
    from .test_api_data import bearer, token_for

    assert acme.id is not None
    token = token_for(app, "robot", Role.CREDIT_CONTROLLER, (acme.id,))
    [task_id] = task_ids(app, acme)
    url = f"/api/v1/tasks/{task_id}/call-back"
    body = {"call_back": "2028-02-29", "note": "no answer", "done_on": "2028-02-28"}
    answer = web.post(url, json=body, headers=bearer(token))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"id": task_id, "customer": "C001", "due_on": "2028-02-29"}
    assert _rows(app, TaskRow.due_on, TaskRow.done_on, where=TaskRow.id == task_id) == [
        (date(2028, 2, 29), None)
    ]
    again = web.post(url, json=body | {"call_back": "2028-02-28"}, headers=bearer(token))
    assert again.status_code == 422 and again.json()["code"] == "before"
    assert _rows(app, TaskRow.due_on, where=TaskRow.id == task_id) == [(date(2028, 2, 29),)]
