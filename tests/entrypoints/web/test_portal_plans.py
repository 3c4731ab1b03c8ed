"""Payment plans in the debtor portal through HTTP: a plan proposed within the limits and
accepted at once with its evidence (moment, address, the Dutch text shown); one not
ticked, or other than shown, accepted by no one; one outside the limits waiting for a
person and then accepted as offered; another customer's plan opening nothing; and a
Belgian consumer's request during the first reminder's term, recorded."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from tijdig.adapters.db.schema.collection import StepTakenRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.plans import AcceptanceWay, PlanStatus
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.domain.reason_texts import plain
from tijdig.entrypoints.web.deps import today
from tijdig.services.plans import plans
from tijdig.services.plans.plans import PlanTerms

from .conftest import ADMIN, add_customers, add_invoices, add_user, csrf_of, invoice, sign_in
from .test_portal import _unavailable, ids, link, seed

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

SHOWN = re.compile(r'name="shown" value="([0-9a-f]{64})"')


@pytest.fixture
def zon(app: Tijdig) -> Company:
    return seed(app)


def _preview(client: TestClient, url: str, count: int, **more: str) -> tuple[str, dict[str, str]]:
    """The proposal's page with the plan shown, and the fields its form sends back."""
    first = (today() + timedelta(days=7)).isoformat()
    query = {"instalments": str(count), "first": first, "deposit": "", **more}
    page = client.get(f"{url}/plan", params=query)
    assert page.status_code == 200, page.text
    found = SHOWN.search(page.text)
    assert found, "the plan is not shown"
    fields = query | {"csrf_token": csrf_of(page.text), "shown": found.group(1)}
    return page.text.replace("\xa0", " "), fields


def _plans(app: Tijdig, company: Company, customer: str = "K1") -> list[plans.StoredPlan]:
    return plans.plans_of(app.uow(), company, customer_number=customer)


def test_a_plan_proposed_within_the_limits_is_in_force_at_once_with_its_evidence(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    url = link(app, zon)
    assert "Betalingsregeling voorstellen" in anonymous.get(url).text
    shown, form = _preview(anonymous, url, 3)
    assert 'data-within="yes"' in shown and "Termijn 3 van 3: € 605,00" in shown
    response = anonymous.post(f"{url}/plan", data=form | {"agree": "yes"}, follow_redirects=False)
    assert response.status_code == 303
    page = anonymous.get(response.headers["location"]).text
    assert 'data-plan-status="in_force"' in page and "7900000000000001" in page  # with its kenmerk
    [stored] = _plans(app, zon)
    with app.uow() as uow:
        evidence = uow.plans.acceptance(zon.id or 0, stored.plan_id)
        actions = [e.action for e in uow.audit.for_customer(zon.id or 0, ids(app, zon)["K1"])]
    assert stored.plan.status is PlanStatus.IN_FORCE and stored.plan.accepted_on == today()
    assert stored.plan.invoice_numbers == ("F-001", "F-002") and stored.plan.total == 1815
    assert evidence is not None and evidence.way is AcceptanceWay.PORTAL
    assert evidence.ip_address == "testclient"
    assert abs(datetime.now(UTC) - evidence.accepted_at) < timedelta(minutes=1)
    text = evidence.shown_text  # exactly what was shown, in the customer's language
    assert text.startswith("Betalingsregeling van Zonnig Groothandel B.V. voor Bakkerij Jansen")
    assert all(line.replace("\xa0", " ") in shown for line in text.splitlines())
    assert text.endswith("Ik aanvaard deze betalingsregeling en betaal de termijnen hierboven "
                         "op tijd.")  # fmt: skip
    assert sorted(actions) == ["plan.accept", "plan.offer"]
    assert "Uw betalingsregeling loopt" in anonymous.get(url).text


def test_a_plan_not_ticked_or_other_than_shown_is_not_accepted(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    url = link(app, zon)
    _shown, form = _preview(anonymous, url, 3)
    unticked = anonymous.post(f"{url}/plan", data=form)
    assert unticked.status_code == 422 and 'data-field="agree"' in unticked.text
    changed = anonymous.post(f"{url}/plan", data=form | {"agree": "yes", "instalments": "4"})
    assert changed.status_code == 409 and 'data-field="shown"' in changed.text
    assert "Termijn 4 van 4" in changed.text  # shown again, to read before accepting
    wrong = anonymous.get(f"{url}/plan", params={"instalments": "nul", "first": "gisteren"})
    assert wrong.status_code == 422 and 'data-field="instalments"' in wrong.text
    assert _plans(app, zon) == []


def test_a_plan_outside_the_limits_waits_for_a_person_then_is_accepted_as_offered(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    url = link(app, zon)
    shown, form = _preview(anonymous, url, 24)
    assert 'data-within="no"' in shown and 'name="agree"' not in shown
    assert "Mijn voorstel versturen" in shown
    response = anonymous.post(f"{url}/plan", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert 'data-plan-status="proposed"' in anonymous.get(response.headers["location"]).text
    [stored] = _plans(app, zon)
    with app.uow() as uow:
        [(_, task)] = uow.tasks.open_for_customer(zon.id or 0, ids(app, zon)["K1"])
        assert uow.plans.acceptance(zon.id or 0, stored.plan_id) is None
    assert stored.plan.status is PlanStatus.PROPOSED and "approve" in plain(task.title)
    plans.approve_plan(app.uow(), zon, stored.plan_id, actor="anne", at=datetime.now(UTC))
    assert "Regeling lezen en aanvaarden" in anonymous.get(url).text
    page = anonymous.get(f"{url}/plans/{stored.plan_id}").text
    digest = SHOWN.search(page)
    assert digest and 'data-plan-status="offered"' in page
    accepted = anonymous.post(f"{url}/plans/{stored.plan_id}/accept", data={
        "csrf_token": csrf_of(page), "shown": digest.group(1), "agree": "yes",
    }, follow_redirects=False)  # fmt: skip
    assert accepted.status_code == 303
    assert _plans(app, zon)[0].plan.status is PlanStatus.IN_FORCE


def test_another_customers_plan_opens_nothing_and_cannot_be_accepted(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    first = today() + timedelta(days=7)
    offered = plans.offer_plan(app.uow(), zon, "K1", PlanTerms(("F-001",), 2, first),
                               on=today(), actor="anne", at=datetime.now(UTC))  # fmt: skip
    own = link(app, zon)
    page = anonymous.get(f"{own}/plans/{offered.plan_id}").text
    digest = SHOWN.search(page)
    assert digest and "Termijn 2 van 2" in page
    other = link(app, zon, "K2")
    _unavailable(anonymous.get(f"{other}/plans/{offered.plan_id}"), 404)
    token = csrf_of(anonymous.get(other).text)
    fields = {"csrf_token": token, "shown": digest.group(1), "agree": "yes"}
    _unavailable(anonymous.post(f"{other}/plans/{offered.plan_id}/accept", data=fields), 404)
    without = anonymous.post(f"{own}/plans/{offered.plan_id}/accept",
                             data=fields | {"csrf_token": "forged"})  # fmt: skip
    assert without.status_code == 403
    assert _plans(app, zon)[0].plan.status is PlanStatus.OFFERED


def test_a_belgian_consumer_asks_a_plan_during_the_first_reminders_term(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    add_customers(app, zon, [Customer("K3", "Lotte Peeters", kind=CustomerKind.CONSUMER,
                                      country="BE")])  # fmt: skip
    sent = today() - timedelta(days=3)
    add_invoices(app, zon, [invoice("F-300", "K3", sent - timedelta(days=40),
                                    sent - timedelta(days=10), "250.00")])  # fmt: skip
    with app.uow() as uow:
        uow.session.add(StepTakenRow(company_id=zon.id, invoice_id=ids(app, zon)["F-300"],
                                     step_key="first_reminder", channel="email",
                                     taken_on=sent))  # fmt: skip
        uow.commit()
    nl_business = link(app, zon)
    token = csrf_of(anonymous.get(nl_business).text)
    refused = anonymous.post(f"{nl_business}/plan/request", data={"csrf_token": token})
    assert refused.status_code == 409 and 'data-field="request"' in refused.text
    url = link(app, zon, "K3")
    page = anonymous.get(url).text
    assert "data-request-until" in page
    response = anonymous.post(f"{url}/plan/request", data={"csrf_token": csrf_of(page)},
                              follow_redirects=False)  # fmt: skip
    assert response.status_code == 303
    assert "verzoek om een betalingsregeling" in anonymous.get(response.headers["location"]).text
    with app.uow() as uow:
        entries = uow.audit.for_customer(zon.id or 0, ids(app, zon)["K3"])
        [(_, task)] = uow.tasks.open_for_customer(zon.id or 0, ids(app, zon)["K3"])
    assert [(e.actor, e.action) for e in entries] == [("portal", "portal.plan_request")]
    assert "asked a payment plan" in plain(task.title)
    add_user(app, ADMIN)  # the customer's timeline, as a colleague reads it
    sign_in(anonymous, ADMIN)
    timeline = anonymous.get("/customers/K3").text
    assert "Payment plan asked for by the customer in the portal" in timeline


def test_an_english_customer_reads_and_accepts_the_plan_in_english(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    url = link(app, zon, "K2")
    shown, form = _preview(anonymous, url, 2)
    assert 'lang="en"' in shown and "Plan instalment 2 of 2: €49.50" in shown
    response = anonymous.post(f"{url}/plan", data=form | {"agree": "yes"}, follow_redirects=False)
    assert response.status_code == 303
    [stored] = _plans(app, zon, "K2")
    with app.uow() as uow:
        evidence = uow.plans.acceptance(zon.id or 0, stored.plan_id)
    assert evidence is not None
    assert evidence.shown_text.splitlines()[-1] == (
        "I accept this payment plan and will pay the plan instalments above on time."
    )
