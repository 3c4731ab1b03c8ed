"""The customer page's actions (issue 15): a credit controller logs a call, records a
promise, opens a dispute, pauses dunning, sets the next action and offers a plan, each
through the one service of its use case; each shows at once in the timeline (htmx gets
the page with the timeline to swap) and is audited. A refused form names the field in
the reader's language and stores nothing; a read-only user is refused."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import FrozenClock
from tijdig.adapters.db.schema.collection import OutboxRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company, Customer
from tijdig.domain.users import Role
from tijdig.services.access import users
from tijdig.services.collection.run import policies_for
from tijdig.services.plans import plans
from tijdig.services.read_models import customer_file
from tijdig.services.records import pauses
from tijdig.services.records.agenda import customer_activity

from .conftest import (
    AS_OF,
    PASSWORD,
    TestClient,
    add_customers,
    add_invoices,
    add_user,
    csrf_of,
    invoice,
    sign_in,
)
from .test_api_data import bearer, token_for

PAGE = "/customers/C001"  # Bakkerij Jansen: F-001 43 days overdue, F-002 not yet due
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def today(frozen_clock: FrozenClock) -> None:
    frozen_clock.set(AS_OF)  # Sunday 15 March 2026


def _as(client: TestClient, app: Tijdig, acme: Company, role: Role) -> TestClient:
    add_user(app, role.value, role, (acme.id or 0,))
    sign_in(client, role.value)
    return client


@pytest.fixture
def controller(anonymous: TestClient, app: Tijdig, acme: Company) -> TestClient:
    return _as(anonymous, app, acme, Role.CREDIT_CONTROLLER)


def _post(client: TestClient, action: str, data: dict[str, Any], *, htmx: bool = False) -> Any:
    token = csrf_of(client.get(PAGE).text)
    return client.post(f"{PAGE}/actions/{action}", data={"csrf_token": token, **data},
                       headers=HTMX if htmx else {}, follow_redirects=False)  # fmt: skip


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _timeline(page: str) -> str:
    found = re.search(r'<section class="panel" id="timeline".*?</section>', page, re.S)
    assert found, "no timeline in the page"
    return _text(found.group(0))


def _actions(page: str) -> str:
    found = re.search(r'<section class="panel customer-actions".*?</section>', page, re.S)
    assert found, "no actions in the page"
    return _text(found.group(0))


def _audited(app: Tijdig, acme: Company) -> list[str]:
    with app.uow() as uow:
        return sorted(e.action for e in uow.audit.for_company(acme.id or 0)
                      if e.actor == "credit_controller (web)")  # fmt: skip


def _activity(app: Tijdig, acme: Company) -> Any:
    return customer_activity(app.uow(), acme, "C001", as_of=AS_OF)


def test_a_call_with_a_promise_is_logged_audited_and_in_the_timeline_at_once(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    done = _post(controller, "contact", {"kind": "call", "with_whom": "Piet Jansen",
                                         "summary": "Asked about F-001", "outcome": "Pays soon",
                                         "promise": "2026-03-27"}, htmx=True)  # fmt: skip
    assert done.status_code == 200, done.text
    assert "Contact logged: it is in the timeline." in _actions(done.text)
    timeline = _timeline(done.text)
    assert "Asked about F-001 with Piet Jansen" in timeline and "Pays soon" in timeline
    assert "To pay everything overdue by 27 Mar 2026" in timeline
    assert "Call logged by credit_controller" in timeline
    activity = _activity(app, acme)
    assert [(e.kind.value, e.with_whom, e.outcome) for e in activity.events] == [
        ("call", "Piet Jansen", "Pays soon")]  # fmt: skip
    assert [p.promised_date for p in activity.promises] == [date(2026, 3, 27)]
    assert _audited(app, acme) == ["contact.call", "promise.add"]


def test_a_contact_without_what_was_said_names_the_field_and_stores_nothing(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    refused = _post(controller, "contact", {"kind": "call", "summary": "  "})
    assert refused.status_code == 422
    assert "What was said: is empty" in _actions(refused.text)
    wrong = _post(controller, "contact", {"kind": "fax", "summary": "x"}, htmx=True)
    assert wrong.status_code == 200  # htmx swaps only a success: the refusal in the form
    assert "Kind: " in _actions(wrong.text) and "fax" in _actions(wrong.text)
    assert _activity(app, acme).events == () and _audited(app, acme) == []


def test_a_promise_is_recorded_and_a_past_day_refused(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    done = _post(controller, "promise", {"promised": "2026-03-31", "amount": "500,00"})
    assert done.status_code == 303
    assert done.headers["location"].endswith(f"{PAGE}?done=promise#customer-actions")
    shown = controller.get(done.headers["location"]).text
    assert "Promise to pay recorded" in _actions(shown)
    assert "To pay €500.00 by 31 Mar 2026" in _timeline(shown)
    [promise] = _activity(app, acme).promises
    assert (promise.promised_date, promise.amount) == (date(2026, 3, 31), 500)
    refused = _post(controller, "promise", {"promised": "31-03-2026"})
    assert refused.status_code == 422
    assert "Pay by: '31-03-2026' is not a date" in _actions(refused.text)
    late = _post(controller, "promise", {"promised": "2026-03-01"})
    assert late.status_code == 422 and "lies before" in _actions(late.text)
    assert len(_activity(app, acme).promises) == 1


def test_a_dispute_holds_the_invoice_and_another_customers_invoice_is_refused(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    done = _post(controller, "dispute", {"invoice": "F-001", "reason": "invoice_incorrect",
                                         "note": "Wrong price"}, htmx=True)  # fmt: skip
    assert done.status_code == 200
    assert "Invoice F-001: Invoice incorrect" in _timeline(done.text)
    assert [(d.invoice_number, d.note) for d in _activity(app, acme).disputes] == [
        ("F-001", "Wrong price")]  # fmt: skip
    other = _post(controller, "dispute", {"invoice": "F-003", "reason": "other"})
    assert other.status_code == 422
    assert "Invoice: F-003 belongs to customer C002, not C001" in _actions(other.text)
    with app.uow() as uow:
        assert uow.disputes.for_customer(acme.id or 0, 2) == []  # C002's F-003 is not held
    assert _audited(app, acme) == ["dispute.open"]


@pytest.mark.parametrize(
    ("until", "holds_on", "resumes_on"),
    [("2026-03-16", AS_OF, date(2026, 3, 16)),  # one day
     ("2026-12-31", date(2026, 12, 30), date(2026, 12, 31)),  # to the year's end
     ("2028-02-29", date(2028, 2, 28), date(2028, 2, 29))],  # a leap day
)  # fmt: skip
def test_a_pause_holds_the_customer_until_its_day_with_its_coded_reason(
    controller: TestClient, app: Tijdig, acme: Company, until: str, holds_on: date,
    resumes_on: date,
) -> None:  # fmt: skip
    done = _post(controller, "pause", {"until": until, "reason": "Director away"}, htmx=True)
    assert done.status_code == 200
    assert "Dunning paused: no reminder and no call" in _actions(done.text)
    assert "Director away" in _timeline(done.text)
    assert "Dunning paused by credit_controller" in _timeline(done.text)
    [pause] = pauses.pauses_of(app.uow(), acme, "C001")
    assert (pause.since, pause.until, pause.reason) == (AS_OF, resumes_on, "Director away")
    with app.uow() as uow:
        settings, policies = policies_for(uow, acme)
    for day, held in ((holds_on, True), (resumes_on, False)):
        step = customer_file.next_step(app.workspace, acme, 1, settings=settings,
                                       policies=policies, as_of=day)  # fmt: skip
        codes = [h.code.value for h in step.holds]
        assert ("dunning_paused" in codes) is held, (day, codes)
    assert _audited(app, acme) == ["customer.pause"]


def test_a_pause_is_lifted_from_the_page_and_lifting_none_is_refused(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    _post(controller, "pause", {"until": "2026-04-01", "reason": "Director away"})
    assert "Resume dunning now" in _actions(controller.get(PAGE).text)
    done = _post(controller, "pause/lift", {}, htmx=True)
    assert done.status_code == 200
    assert "Dunning resumes today." in _actions(done.text)
    assert "Dunning resumed on 15 Mar 2026, before 1 Apr 2026" in _timeline(done.text)
    assert "Resume dunning now" not in _actions(done.text)
    [pause] = pauses.pauses_of(app.uow(), acme, "C001")
    assert pause.lifted_on == AS_OF
    again = _post(controller, "pause/lift", {})
    assert again.status_code == 404
    assert "dunning of customer C001 is not paused on 15 Mar 2026" in _actions(again.text)
    assert _audited(app, acme) == ["customer.pause", "customer.pause_lift"]


@pytest.mark.parametrize(
    ("form", "says"),
    [({"until": "2026-03-15", "reason": "x"},
      "Dunning resumes on: 15 Mar 2026 must be after 15 Mar 2026"),
     ({"until": "2026-04-01", "reason": "   "}, "Reason: say why dunning is paused"),
     ({"until": "soon", "reason": "x"}, "Dunning resumes on: 'soon' is not a date")],
)  # fmt: skip
def test_a_refused_pause_names_the_field_and_stores_nothing(
    controller: TestClient, app: Tijdig, acme: Company, form: dict[str, str], says: str
) -> None:
    refused = _post(controller, "pause", form)
    assert refused.status_code == 422
    assert says in _actions(refused.text)
    assert pauses.pauses_of(app.uow(), acme, "C001") == [] and _audited(app, acme) == []


def test_the_next_action_goes_in_the_agenda_and_not_before_today(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    done = _post(controller, "next", {"due": "2026-03-18", "title": "Call back Piet"}, htmx=True)
    assert done.status_code == 200 and "Call back Piet" in _timeline(done.text)
    assert [(t.due_on, t.title) for _id, t in _activity(app, acme).tasks] == [
        (date(2026, 3, 18), "Call back Piet")]  # fmt: skip
    refused = _post(controller, "next", {"due": "2026-03-14", "title": "Too late"})
    assert refused.status_code == 422
    assert "On: the next action's day 14 Mar 2026 is before today" in _actions(refused.text)
    assert len(_activity(app, acme).tasks) == 1 and _audited(app, acme) == ["task.add"]


def test_a_plan_is_offered_over_the_invoices_ticked_and_a_bad_count_refused(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    refused = _post(controller, "plan", {"invoice": ["F-001"], "instalments": "three",
                                         "first": "2026-04-01"})  # fmt: skip
    assert refused.status_code == 422
    assert "Plan instalments: 'three' is not a number" in _actions(refused.text)
    assert plans.plans_of(app.uow(), acme) == []
    done = _post(controller, "plan", {"invoice": ["F-001"], "instalments": "3",
                                      "first": "2026-04-01"}, htmx=True)  # fmt: skip
    assert done.status_code == 200
    assert "Payment plan offered by credit_controller" in _timeline(done.text)
    [stored] = plans.plans_of(app.uow(), acme)
    assert stored.plan.invoice_numbers == ("F-001",) and len(stored.plan.instalments) == 3
    assert _audited(app, acme) == ["plan.offer"]


def test_a_read_only_user_sees_no_form_and_is_refused(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    client = _as(anonymous, app, acme, Role.SALES)
    assert "Your role may look, not change" in _actions(client.get(PAGE).text)
    refused = _post(client, "pause", {"until": "2026-04-01", "reason": "x"})
    assert refused.status_code == 403
    assert pauses.pauses_of(app.uow(), acme, "C001") == []


def test_a_refusal_reads_in_the_users_language(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    users.add_user(
        app.uow(), app.passwords(), username="anne", name="Anne", password=PASSWORD,
        role=Role.CREDIT_CONTROLLER, language="nl", company_ids=(acme.id or 0,),
        actor="test", at=datetime.now(UTC),
    )  # fmt: skip
    sign_in(anonymous, "anne")
    refused = _post(anonymous, "pause", {"until": "2026-03-10", "reason": "x"})
    assert refused.status_code == 422
    shown = _actions(refused.text)
    assert "Aanmanen pauzeren" in shown
    assert "Aanmanen gaat verder op: 10 mrt 2026 moet na 15 mrt 2026 liggen" in shown


def test_the_api_pauses_and_sets_the_next_action_through_the_same_services(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    headers = bearer(token_for(app, "robot", Role.CREDIT_CONTROLLER, (acme.id or 0,)))
    paused = anonymous.post("/api/v1/customers/C001/pause", headers=headers,
                            json={"until": "2026-04-01", "reason": "Director away"})  # fmt: skip
    assert paused.status_code == 201, paused.text
    expected = {"id": 0, "customer": "C001", "since": "2026-03-15", "until": "2026-04-01",
                "reason": "Director away"}  # fmt: skip
    assert paused.json() | {"id": 0} == expected
    refused = anonymous.post("/api/v1/customers/C001/pause", headers=headers,
                             json={"until": "2026-03-15", "reason": "x"})  # fmt: skip
    assert refused.status_code == 422
    assert [p.until for p in pauses.pauses_of(app.uow(), acme, "C001")] == [date(2026, 4, 1)]
    planned = anonymous.post("/api/v1/customers/C001/tasks", headers=headers,
                             json={"due_on": "2026-03-16", "title": "Call back"})  # fmt: skip
    assert planned.status_code == 201 and planned.json()["title"] == "Call back"
    assert [t.title for _id, t in _activity(app, acme).tasks] == ["Call back"]


def test_a_statement_is_queued_once_a_day_in_the_customers_language(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    add_customers(app, acme, [Customer("C009", "Mail BV", email="boekhouding@mail.nl")])
    add_invoices(app, acme, [invoice("F-900", "C009", date(2026, 1, 5), date(2026, 2, 4),
                                     "242.00")])  # fmt: skip
    page = "/customers/C009"
    for _ in range(2):  # asked twice the same day: queued once
        token = csrf_of(controller.get(page).text)
        done = controller.post(f"{page}/actions/statement", data={"csrf_token": token},
                               headers=HTMX)  # fmt: skip
        assert done.status_code == 200
    assert "Statement of account queued" in _actions(done.text)
    assert "Statement of account sent to boekhouding@mail.nl: €242.00 open" in _timeline(done.text)
    with Session(app.engine) as session:
        rows = session.execute(select(OutboxRow.recipient, OutboxRow.subject, OutboxRow.body_text)
                               .where(OutboxRow.company_id == acme.id)).all()  # fmt: skip
    [(recipient, subject, text)] = rows
    assert recipient == "boekhouding@mail.nl"
    assert subject == "Overzicht van uw openstaande posten op 15 maart 2026"
    assert "F-900" in text and "Totaal openstaand" in text
    refused = _post(controller, "statement", {})  # C001 has no e-mail address
    assert refused.status_code == 422
    assert "customer C001 has no e-mail address for the statement" in _actions(refused.text)
