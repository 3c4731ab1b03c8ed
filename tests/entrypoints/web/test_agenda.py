"""The agenda page through TestClient: the day's calls with script and contact, and the
form that records the outcome (a note, a promise, a dispute) and completes the task,
checked in the database and the audit log; and every refusal."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tijdig.adapters.db.schema.collection import ContactEventRow, DisputeRow, PromiseRow, TaskRow
from tijdig.bootstrap import Tijdig
from tijdig.domain import refusal_texts
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.collection import run as dunning
from tijdig.services.records import promises

from .collection_data import AS_OF, TestClient, csrf, seed_small, signed_in_as, task_ids, web_client

Q = {"as_of": AS_OF.isoformat()}


@pytest.fixture
def acme(app: Tijdig) -> Company:
    return seed_small(app)


@pytest.fixture
def beta(app: Tijdig) -> Company:
    return seed_small(app, "BETA", "Beta B.V.")


@pytest.fixture
def web(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with web_client(database_url, tmp_path) as client:
        yield client


@pytest.fixture
def controller(web: TestClient, app: Tijdig, acme: Company) -> TestClient:
    assert acme.id is not None
    return signed_in_as(web, app, "carla", Role.CREDIT_CONTROLLER, (acme.id,))


def _task(app: Tijdig, task_id: int) -> tuple[date | None, str]:
    with app.uow() as uow:
        row = uow.session.execute(
            select(TaskRow.done_on, TaskRow.outcome).where(TaskRow.id == task_id)
        ).one()
        return row[0], row[1]


def _rows(app: Tijdig, *columns: Any) -> list[Any]:
    with app.uow() as uow:
        return list(uow.session.execute(select(*columns)))


def _done(client: TestClient, task_id: int, **form: str) -> Any:
    data = {"csrf_token": csrf(client, "/agenda?as_of=" + AS_OF.isoformat()), **form}
    return client.post(f"/agenda/tasks/{task_id}", params=Q, data=data, follow_redirects=False)


def test_the_agenda_shows_the_call_with_its_script_and_whom_to_call(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    html = controller.get("/agenda", params=Q).text
    [task_id] = task_ids(app, acme)
    assert f'data-task="{task_id}"' in html
    assert "Bakkerij Jansen" in html and "a large overdue amount" in html
    # The accounts-payable contact with a phone number, as a tel: link (S3-5).
    assert "Eline Bos" in html and 'href="tel:0205550101"' in html
    assert "Piet Jansen" not in html
    # The call script: the quick-fix questions first, in the customer's language (S0-3).
    assert "Klopt de factuur" in html and "Welke datum kunt u toezeggen?" in html
    assert 'name="promise"' in html and 'name="dispute"' in html


def test_a_late_call_says_how_late_and_a_day_without_calls_says_so(
    controller: TestClient, acme: Company
) -> None:
    """Which calls are due on a day: tests/services/records/test_call_outcomes.py."""
    later = controller.get("/agenda", params={"as_of": "2026-11-27"}).text
    assert "3 day(s) late" in later
    earlier = controller.get("/agenda", params={"as_of": "2026-11-20"}).text
    assert "Nothing due" in earlier


def test_recording_a_promise_reads_the_form_and_shows_the_promise_to_watch(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    """What completing a call stores, logs and audits: tests/services/records/
    test_call_outcomes.py and test_audit_entries.py. Here: the form (an amount as people
    type it), the redirect, the page after."""
    [task_id] = task_ids(app, acme)
    response = _done(controller, task_id, outcome="Pays Friday, confirmed by e-mail",
                     promise="2026-11-27", amount="1.210,00")  # fmt: skip
    assert response.status_code == 303
    assert f"done={task_id}" in response.headers["location"]
    assert _task(app, task_id) == (AS_OF, "Pays Friday, confirmed by e-mail")
    [promise] = _rows(app, PromiseRow.promised_date, PromiseRow.made_on, PromiseRow.amount_minor,
                      PromiseRow.company_id)  # fmt: skip
    assert tuple(promise) == (date(2026, 11, 27), AS_OF, 121_000, acme.id)
    [event] = _rows(app, ContactEventRow.by)
    assert tuple(event) == ("Carla",)  # the signed-in user's name
    page = controller.get(response.headers["location"]).text
    assert "Task completed" in page and f'data-task="{task_id}"' not in page
    # The promise is in the agenda until its date: the week's promises to watch for.
    assert 'data-promise-customer="C001"' in page and "€1,210.00" in page


def test_a_lapsed_promise_shows_as_not_yet_judged_until_a_run_judges_it(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    """Promised for Friday 27 November, nothing paid: from Monday the page shows it with
    the follow-up a run will raise, and the run (not the page) raises it."""
    made = datetime(2026, 11, 23, 9, tzinfo=UTC)
    promises.add_promise(app.uow(), acme, "C001", date(2026, 11, 27), made_at=made,
                         actor="test", at=made)  # fmt: skip
    monday = {"as_of": "2026-11-30"}
    assert 'data-lapsed-customer="C001"' not in controller.get("/agenda", params=Q).text
    for _ in range(2):  # shown again and again: reading it judged nothing
        html = controller.get("/agenda", params=monday).text
        assert 'data-lapsed-customer="C001"' in html and "not yet judged" in html
        assert '<time datetime="2026-11-30">' in html  # the follow-up's day
    dunning.start_run(app.uow(), acme, as_of=date(2026, 11, 30), actor="test",
                      at=datetime.now(UTC), today=date(2026, 11, 30))  # fmt: skip
    html = controller.get("/agenda", params=monday).text
    assert 'data-lapsed-customer="C001"' not in html and "not kept" in html


def test_the_dispute_fields_of_the_form_reach_the_service(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    """That the dispute holds the invoice: tests/services/records/test_call_outcomes.py."""
    [task_id] = task_ids(app, acme)
    response = _done(controller, task_id, outcome="The price is wrong",
                     reason="invoice_incorrect", dispute="ACME-001")  # fmt: skip
    assert response.status_code == 303
    disputes = _rows(app, DisputeRow.reason, DisputeRow.resolved_on, DisputeRow.opened_on)
    assert ("invoice_incorrect", None, AS_OF) in [tuple(d) for d in disputes]


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"outcome": "  "}, "outcome"),  # the rest of what the service refuses:
        ({"outcome": "ok", "promise": "next friday"}, "promise"),  # test_call_outcomes.py
        ({"outcome": "ok", "promise": "2026-02-31"}, "promise"),
        ({"outcome": "ok", "promise": "2026-11-27", "amount": "lots"}, "amount"),
        ({"outcome": "ok", "reason": "angry"}, "reason"),
        ({"outcome": "ok", "dispute": "ACME-001"}, "reason"),
    ],
)
def test_bad_form_values_answer_422_naming_the_field_and_change_nothing(
    controller: TestClient, app: Tijdig, acme: Company, form: dict[str, str], field: str
) -> None:
    [task_id] = task_ids(app, acme)
    response = _done(controller, task_id, **form)
    assert response.status_code == 422
    error = re.search(r'class="form-error" role="alert">([^<]*)<', response.text)
    named = refusal_texts.WORDS["field"][field]  # the field in the reader's words
    assert error and html.unescape(error[1]).startswith(f"{named}: "), response.text[-800:]
    assert 'class="outcome" open' in response.text  # the form stays open, as typed
    assert _task(app, task_id) == (None, "")
    assert _rows(app, PromiseRow.id) == [] and _rows(app, ContactEventRow.id) == []


def test_the_agenda_shows_none_of_another_companys_tasks(
    controller: TestClient, app: Tijdig, acme: Company, beta: Company
) -> None:
    """Recording one of them is a 404: test_routes.py."""
    [beta_task] = task_ids(app, beta)
    assert f'data-task="{beta_task}"' not in controller.get("/agenda", params=Q).text


def test_sales_reads_the_agenda_without_its_form(
    web: TestClient, app: Tijdig, acme: Company
) -> None:
    """Its 403 is test_routes.py's."""
    assert acme.id is not None
    client = signed_in_as(web, app, "sam", Role.SALES, (acme.id,))
    page = client.get("/agenda", params=Q).text
    assert "Eline Bos" in page and 'name="outcome"' not in page


def test_recording_without_the_csrf_token_is_refused(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    [task_id] = task_ids(app, acme)
    response = controller.post(f"/agenda/tasks/{task_id}", params=Q, data={"outcome": "x"})
    assert response.status_code == 403
    assert _task(app, task_id) == (None, "")


def test_the_agenda_is_paged(
    controller: TestClient, app: Tijdig, acme: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tijdig.domain.collection.records import Task, TaskKind
    from tijdig.entrypoints.web.ui import agenda as agenda_ui

    monkeypatch.setattr(agenda_ui, "PER_PAGE", 2)
    assert acme.id is not None
    with app.uow() as uow:
        customer_id = uow.customers.ids_by_number(acme.id)["C001"]
        for n in range(4):
            uow.tasks.add(acme.id, customer_id,
                          Task("C001", TaskKind.FOLLOW_UP, AS_OF, f"Follow-up {n}"))  # fmt: skip
        uow.commit()
    ids = task_ids(app, acme)
    pages = [controller.get("/agenda", params=Q | {"page": p}).text for p in (1, 2, 3)]
    shown = [[int(i) for i in re.findall(r'data-task="(\d+)"', html)] for html in pages]
    assert shown == [ids[0:2], ids[2:4], ids[4:5]]
    assert controller.get("/agenda", params=Q | {"page": 0}).status_code == 422
