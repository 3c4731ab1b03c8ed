"""The runs pages through TestClient: start a run, review it by group and page, preview
a message as the customer sees it, approve or skip many at once, send; each change in
the database and the audit log, and every refusal (company, role, CSRF, bad values)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, get_args

import pytest
from sqlalchemy import select, update

from tests.conftest import FrozenClock
from tijdig.adapters.db.schema.collection import BankStatementRow, RunItemRow, RunRow, TaskRow
from tijdig.adapters.db.schema.ledger import ContactRow, CustomerRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.plans import AcceptanceWay, PlanStatus, WrittenAcceptance
from tijdig.domain.collection.run_items import RunItemKind, RunItemStatus
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.entrypoints.background import do_job
from tijdig.entrypoints.web.api import runs as api_runs
from tijdig.entrypoints.web.ui import runs as runs_ui
from tijdig.entrypoints.web.ui.collection import STATUS_LABELS
from tijdig.services.background import JobState
from tijdig.services.collection.queue import queue_approved
from tijdig.services.outbox import OutboxStatus
from tijdig.services.plans import plans
from tijdig.services.records.promises import add_promise

from .collection_data import (
    AS_OF,
    TestClient,
    csrf,
    item_statuses,
    items_of,
    seed_demo,
    seed_small,
    signed_in_as,
    start_run,
    web_client,
)

Q = {"as_of": AS_OF.isoformat()}


@pytest.fixture
def demo(app: Tijdig, frozen_clock: FrozenClock) -> Company:
    frozen_clock.set(AS_OF)  # the workspace previews and sends as of today: the run's day
    return seed_demo(app)


@pytest.fixture
def beta(app: Tijdig) -> Company:
    """A second company, made before the demo where both are used: the demo loader
    writes explicit ids without moving PostgreSQL's sequences on."""
    return seed_small(app, "BETA", "Beta B.V.")


@pytest.fixture
def web(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    with web_client(database_url, tmp_path) as client:
        yield client


def _controller(web: TestClient, app: Tijdig, demo: Company) -> TestClient:
    assert demo.id is not None
    return signed_in_as(web, app, "carla", Role.CREDIT_CONTROLLER, (demo.id,))


def _decide(client: TestClient, run_id: int, token: str, **form: Any) -> Any:
    return client.post(
        f"/runs/{run_id}/decide", params=Q, data={"csrf_token": token, **form},
        follow_redirects=False,
    )  # fmt: skip


def _audit(app: Tijdig, action: str) -> list[Any]:
    """The audit log's entries of `action`: (actor, subject, customer_id, details)."""
    with app.uow() as uow:
        return list(uow.session.execute(
            select(AuditRow.actor, AuditRow.subject, AuditRow.customer_id, AuditRow.details)
            .where(AuditRow.action == action)
        ))  # fmt: skip


def test_starting_a_run_opens_it_and_lists_it(web: TestClient, app: Tijdig, demo: Company) -> None:
    """What starting stores and audits: tests/services/collection/test_review.py."""
    client = _controller(web, app, demo)
    assert "No run yet" in client.get("/runs", params=Q).text
    response = client.post(
        "/runs", params=Q, data={"csrf_token": csrf(client)}, follow_redirects=False
    )
    assert response.status_code == 303
    run_id = int(re.search(r"/runs/(\d+)", response.headers["location"])[1])  # type: ignore[index]
    with app.uow() as uow:  # on the day the page looked from
        run = uow.session.get(RunRow, run_id)
        assert run is not None and run.as_of == AS_OF and run.company_id == demo.id
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    assert "Import the bank first" in page.text  # the run's own warning
    listing = client.get("/runs", params=Q).text
    assert f'data-run="{run_id}"' in listing


def test_a_run_shows_its_groups_and_a_page_of_the_first_with_proposals(
    web: TestClient, app: Tijdig, demo: Company
) -> None:
    client = _controller(web, app, demo)
    run_id = start_run(app, demo)
    html = client.get(f"/runs/{run_id}", params=Q).text
    groups = re.findall(r'data-group="([^"]+)"', html)
    assert groups[:2] == ["step:friendly", "step:reminder"]  # steps in escalation order
    assert {"call", "hold"} <= set(groups)
    friendly = items_of(app, run_id, "message", "friendly")
    shown = [int(i) for i in re.findall(r'data-item="(\d+)"', html)]
    assert shown == friendly[:25]
    assert 'name="item" value=' in html and "Preview" in html
    assert "€" in html  # the open amounts
    reminders = client.get(f"/runs/{run_id}", params=Q | {"group": "step:reminder"}).text
    assert "Reminder" in reminders
    assert "days overdue" in reminders.lower()


def test_a_group_is_paged_on_the_server(
    web: TestClient, app: Tijdig, demo: Company, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runs_ui, "PER_PAGE", 5)
    client = _controller(web, app, demo)
    run_id = start_run(app, demo)
    reminders = items_of(app, run_id, "message", "reminder")
    assert len(reminders) > 10
    seen = []
    for page in (1, 2, 3):
        html = client.get(f"/runs/{run_id}", params=Q | {"group": "step:reminder",
                                                          "page": page}).text  # fmt: skip
        seen += [int(i) for i in re.findall(r'data-item="(\d+)"', html)]
    assert seen == reminders[:15]
    assert 'rel="next"' in html and 'rel="prev"' in html


def test_approving_the_items_ticked_moves_those_and_counts_them(
    web: TestClient, app: Tijdig, demo: Company
) -> None:
    """Each decision's audit entry per customer: tests/services/collection/test_review.py."""
    client = _controller(web, app, demo)
    run_id = start_run(app, demo)
    chosen = items_of(app, run_id, "message", "reminder")[:3]
    response = client.post(
        f"/runs/{run_id}/decide", params=Q,
        data={"csrf_token": csrf(client), "action": "approve", "item": chosen,
              "group": "step:reminder"},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303
    assert "decided=3" in response.headers["location"]
    statuses = item_statuses(app, run_id)
    assert [statuses[i] for i in chosen] == ["approved"] * 3
    assert sum(s == "approved" for s in statuses.values()) == 3
    page = client.get(response.headers["location"]).text
    assert 'class="decided-count">3<' in page


def test_approve_all_in_a_group_and_skip_selected(
    web: TestClient, app: Tijdig, demo: Company
) -> None:
    client = _controller(web, app, demo)
    run_id = start_run(app, demo)
    token = csrf(client)
    friendly = items_of(app, run_id, "message", "friendly")
    skipped = items_of(app, run_id, "message", "reminder")[:2]
    client.post(f"/runs/{run_id}/decide", params=Q, data={
        "csrf_token": token, "action": "approve_group", "group": "step:friendly"})  # fmt: skip
    client.post(f"/runs/{run_id}/decide", params=Q, data={
        "csrf_token": token, "action": "skip", "item": skipped})  # fmt: skip
    statuses = item_statuses(app, run_id)
    assert {statuses[i] for i in friendly} == {"approved"}
    assert [statuses[i] for i in skipped] == ["skipped", "skipped"]
    # A decided item does not move again: approving it now moves nothing.
    again = _decide(client, run_id, token, action="approve", item=skipped)
    assert "decided=0" in again.headers["location"]
    assert item_statuses(app, run_id)[skipped[0]] == "skipped"


def test_an_e_mail_is_previewed_in_a_sandboxed_frame(
    web: TestClient, app: Tijdig, demo: Company
) -> None:
    client = _controller(web, app, demo)
    run_id = start_run(app, demo)
    item = items_of(app, run_id, "message", "reminder")[0]
    page = client.get(f"/runs/{run_id}/items/{item}/preview", params=Q)
    assert page.status_code == 200
    assert '<iframe class="mail-frame" sandbox' in page.text
    assert 'class="preview-subject"' in page.text
    body = client.get(f"/runs/{run_id}/items/{item}/preview/body", params=Q)
    assert body.status_code == 200
    assert body.headers["content-security-policy"].startswith("sandbox;")
    assert "cid:" not in body.text  # inline images come as data URIs
    assert "<html" in body.text.lower()


def test_a_letter_is_previewed_as_its_pdf(web: TestClient, app: Tijdig, demo: Company) -> None:
    client = _controller(web, app, demo)
    run_id = start_run(app, demo)
    item = items_of(app, run_id, "message", "reminder")[0]
    _without_email(app, item)
    page = client.get(f"/runs/{run_id}/items/{item}/preview", params=Q)
    assert page.status_code == 200
    assert 'class="letter-pdf"' in page.text and "preview/files/0" in page.text
    pdf = client.get(f"/runs/{run_id}/items/{item}/preview/files/0", params=Q)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    assert pdf.content.startswith(b"%PDF")
    assert client.get(f"/runs/{run_id}/items/{item}/preview/files/9", params=Q).status_code == 404


def _without_email(app: Tijdig, item_id: int) -> None:
    """The item's customer loses every e-mail address: its message goes as a letter."""
    with app.uow() as uow:
        customer_id = uow.session.scalar(
            select(RunItemRow.customer_id).where(RunItemRow.id == item_id)
        )
        uow.session.execute(update(CustomerRow).where(CustomerRow.id == customer_id)
                            .values(email=None))  # fmt: skip
        uow.session.execute(update(ContactRow).where(ContactRow.customer_id == customer_id)
                            .values(email=None))  # fmt: skip
        uow.commit()


def test_send_queues_and_sends_what_was_approved_for_this_company_only(
    web: TestClient, app: Tijdig, beta: Company, demo: Company, tmp_path: Path
) -> None:
    client = _controller(web, app, demo)
    run_id = start_run(app, demo)
    beta_run = start_run(app, beta)
    _approve_all_of(app, beta_run)
    _queue_without_sending(app, beta)
    token = csrf(client)
    chosen = items_of(app, run_id, "message", "reminder")[:2]
    calls = items_of(app, run_id, "call")
    _decide(client, run_id, token, action="approve", item=chosen + calls)
    response = client.post(
        "/runs/send", params=Q, data={"csrf_token": token, "run": run_id}, follow_redirects=False
    )
    assert response.status_code == 303
    location = response.headers["location"]
    # sending is a background job: nothing sent before a worker does it
    assert "/jobs/" in location and len(list((tmp_path / "mail").glob("*.eml"))) == 0
    assert 'hx-trigger="every 1s"' in client.get(location).text
    done = _do_send_job(client, location)
    assert done.result is not None
    assert done.result["sent"] == 2 and done.result["tasks"] == len(calls)
    statuses = item_statuses(app, run_id)
    assert [statuses[i] for i in chosen] == ["sent", "sent"]
    assert {statuses[i] for i in calls} == {"done"}
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 2
    # BETA's queued message is BETA's to send: still waiting.
    assert _pending(app, beta) == 1
    assert len(_audit(app, "message.send")) == 2
    page = client.get(location).text
    assert "Send finished" in page and 'data-count="sent">2<' in page
    assert f"/runs/{run_id}" in page  # back to the run


def _do_send_job(client: TestClient, location: str) -> Any:
    """The send job done by the worker's function, with the web app's installation (its
    mail goes to the test's folder)."""
    found = re.search(r"/jobs/(\d+)", location)
    assert found, location
    done = do_job(client.app.state.tijdig, int(found.group(1)))  # type: ignore[attr-defined]
    assert done is not None and done.state is JobState.DONE, done
    return done


def test_send_from_a_run_sends_that_runs_approved_items_only(
    web: TestClient, app: Tijdig, beta: Company, demo: Company, tmp_path: Path
) -> None:
    """An older run's approvals stay approved (a new run supersedes proposals only): the
    send button of the newer run leaves them, the older run's own button sends them."""
    client = _controller(web, app, demo)
    token = csrf(client)
    older = start_run(app, demo)
    older_chosen = items_of(app, older, "message", "reminder")[:2]
    _decide(client, older, token, action="approve", item=older_chosen)
    newer = start_run(app, demo)
    [newer_chosen] = items_of(app, newer, "message", "reminder")[:1]
    _decide(client, newer, token, action="approve", item=[newer_chosen])

    def send(run_id: int) -> Any:
        return client.post("/runs/send", params=Q, data={"csrf_token": token, "run": run_id},
                           follow_redirects=False)  # fmt: skip

    response = send(newer)
    assert response.status_code == 303
    assert _do_send_job(client, response.headers["location"]).result["sent"] == 1
    assert item_statuses(app, newer)[newer_chosen] == "sent"
    assert [item_statuses(app, older)[i] for i in older_chosen] == ["approved", "approved"]
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 1
    assert _do_send_job(client, send(older).headers["location"]).result["sent"] == 2
    assert [item_statuses(app, older)[i] for i in older_chosen] == ["sent", "sent"]
    # Another company's run is not found from this one: nothing queued, nothing sent.
    beta_run = start_run(app, beta)
    _approve_all_of(app, beta_run)
    assert send(beta_run).status_code == 404
    assert "sent" not in set(item_statuses(app, beta_run).values())
    assert _pending(app, beta) == 0 and len(list((tmp_path / "mail").glob("*.eml"))) == 3


def _approve_all_of(app: Tijdig, run_id: int) -> None:
    with app.uow() as uow:
        ids = [i for i, s in item_statuses(app, run_id).items() if s == "proposed"]
        uow.runs.set_status(ids, "approved", only_from=("proposed",), at=datetime.now(UTC))
        uow.commit()


def _queue_without_sending(app: Tijdig, company: Company) -> None:
    queue_approved(app.uow, company, app.composer(), now=datetime.now(UTC), today=AS_OF)


def _pending(app: Tijdig, company: Company) -> int:
    with app.uow() as uow:
        return uow.outbox.counts(company_id=company.id)[OutboxStatus.PENDING]


# --- refusals --------------------------------------------------------------------------


def test_another_companys_item_posted_against_our_own_run_is_refused(
    web: TestClient, app: Tijdig, beta: Company, demo: Company
) -> None:
    """Its run and items asked for outright are a 404: test_routes.py."""
    client = _controller(web, app, demo)
    beta_run = start_run(app, beta)
    beta_item = items_of(app, beta_run, "message")[0]
    token = csrf(client)
    own_run = start_run(app, demo)
    foreign = _decide(client, own_run, token, action="approve", item=[beta_item])
    assert foreign.status_code == 422 and "item" in foreign.text
    assert item_statuses(app, beta_run)[beta_item] == "proposed"


def test_sales_looks_at_a_run_without_its_forms(
    web: TestClient, app: Tijdig, demo: Company
) -> None:
    """Its 403 on starting, deciding and sending is test_routes.py's."""
    assert demo.id is not None
    client = signed_in_as(web, app, "sam", Role.SALES, (demo.id,))
    run_id = start_run(app, demo)
    page = client.get(f"/runs/{run_id}", params=Q)
    assert page.status_code == 200
    assert 'name="item"' not in page.text and "Approve selected" not in page.text


def test_a_form_without_its_csrf_token_changes_nothing(
    web: TestClient, app: Tijdig, demo: Company
) -> None:
    client = _controller(web, app, demo)
    run_id = start_run(app, demo)
    item = items_of(app, run_id, "message")[0]
    for path, data in (
        ("/runs", {}),
        (f"/runs/{run_id}/decide", {"action": "approve", "item": [item]}),
        ("/runs/send", {}),
    ):
        assert client.post(path, params=Q, data=data).status_code == 403, path
        wrong = client.post(path, params=Q, data={**data, "csrf_token": "forged"})
        assert wrong.status_code == 403, path
    assert item_statuses(app, run_id)[item] == "proposed"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"action": "approve_everything"}, "action"),
        ({"action": "approve"}, "item"),
        ({"action": "approve", "item": ["seven"]}, "item"),
        ({"action": "approve", "item": [999_999]}, "item"),
        ({"action": "approve_group", "group": "step:no such!"}, "group"),
        ({"action": "approve_group"}, "group"),
        ({"action": "approve", "item": [1], "page": 0}, "page"),
    ],
)
def test_bad_form_values_answer_422_naming_the_field(
    web: TestClient, app: Tijdig, demo: Company, data: dict[str, Any], field: str
) -> None:
    client = _controller(web, app, demo)
    run_id = start_run(app, demo)
    response = client.post(
        f"/runs/{run_id}/decide", params=Q, data={"csrf_token": csrf(client), **data}
    )
    assert response.status_code == 422
    assert field in re.search(r'class="error-message">([^<]*)<', response.text)[1].lower()  # type: ignore[index]
    assert "approved" not in item_statuses(app, run_id).values()


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "maybe"}, "status"), ({"page": "0"}, "page"), ({"group": "cal l"}, "group")],
)
def test_bad_filters_answer_422_naming_the_field(
    web: TestClient, app: Tijdig, demo: Company, params: dict[str, str], field: str
) -> None:
    client = _controller(web, app, demo)
    run_id = start_run(app, demo)
    response = client.get(f"/runs/{run_id}", params=Q | params)
    assert response.status_code == 422
    assert field in response.text


def test_an_unknown_group_answers_404(web: TestClient, app: Tijdig, demo: Company) -> None:
    """An unknown run or item: test_routes.py."""
    client = _controller(web, app, demo)
    run_id = start_run(app, demo)
    assert client.get(f"/runs/{run_id}", params=Q | {"group": "step:nope"}).status_code == 404


def test_the_api_and_the_pages_name_every_kind_and_status_of_the_lifecycle() -> None:
    """The API spells the wire names out for its schema; the pages label every status."""
    assert set(get_args(api_runs.Kind)) == {k.value for k in RunItemKind}
    assert set(get_args(api_runs.Status)) == {s.value for s in RunItemStatus}
    assert set(STATUS_LABELS) == {s.value for s in RunItemStatus}


def test_a_broken_promise_shows_as_plan_b_and_is_carried_out_when_approved(
    web: TestClient, app: Tijdig, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(AS_OF)
    acme = seed_small(app)
    add_promise(app.uow(), acme, "C001", date(2026, 11, 20), made_at=datetime(2026, 11, 16,
                tzinfo=UTC), actor="test", at=datetime(2026, 11, 16, tzinfo=UTC))  # fmt: skip
    client = _controller(web, app, acme)
    run_id = start_run(app, acme)
    [item] = items_of(app, run_id, "fallback")
    html = client.get(f"/runs/{run_id}", params=Q | {"group": "fallback"}).text
    assert f'data-item="{item}"' in html and "Plan B" in html and "New term" in html
    response = _decide(client, run_id, csrf(client), action="approve", item=[item])
    assert response.status_code == 303
    assert item_statuses(app, run_id)[item] == "done"
    [entry] = _audit(app, "ladder.carry_out")
    assert entry.details == "new_term"


def test_starting_a_run_judges_the_plans_in_force_as_tijdig_run_does(
    web: TestClient, app: Tijdig, frozen_clock: FrozenClock
) -> None:
    """ACME-001 in one plan instalment due Thu 11-19, unpaid; the statement of Fri 11-20
    is booked: starting the run of 11-24 plans its call (Mon 11-23) and queues its reminder;
    the plan stays in force."""
    frozen_clock.set(AS_OF)
    acme = seed_small(app)
    assert acme.id is not None
    made = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    terms = plans.PlanTerms(("ACME-001",), 1, date(2026, 11, 19))
    offered = plans.offer_plan(app.uow(), acme, "C001", terms, on=made.date(), actor="t", at=made)
    signed = WrittenAcceptance(AcceptanceWay.SIGNED_COPY, made, filename="ok.pdf", content=b"%")
    plans.accept_plan(app.uow(), acme, offered.plan_id, signed, letters=app.plan_letters(),
                      on=made.date(), actor="t",
                      at=made)  # fmt: skip
    with app.uow() as uow:
        uow.session.add(BankStatementRow(
            company_id=acme.id, account_iban="NL91ABNA0417164300",
            statement_date=date(2026, 11, 20), imported_at=made,
        ))  # fmt: skip
        uow.commit()
    client = signed_in_as(web, app, "carla", Role.CREDIT_CONTROLLER, (acme.id,))
    response = client.post(
        "/runs", params=Q, data={"csrf_token": csrf(client)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert plans.plan_of(app.uow(), acme, offered.plan_id).plan.status is PlanStatus.IN_FORCE
    [entry] = _audit(app, "plan.missed_reminder")
    assert entry.actor == "carla (web)"
    with app.uow() as uow:
        [title] = uow.session.scalars(select(TaskRow.title).where(
            TaskRow.kind == "call", TaskRow.due_on == date(2026, 11, 23)
        )).all()  # fmt: skip
    assert offered.plan.reference in title and "task_plan_missed" in title
