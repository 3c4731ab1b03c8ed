"""`/api/v1/plans`: a plan offered over an open invoice, accepted with a signed copy
(base64), listed; a second plan over the same invoice is refused naming the field; an
unknown plan is not found; a plan outside the limits is proposed and approved."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest

from tests.conftest import FrozenClock
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.plans import PlanLimits
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.outbox import OutboxStatus
from tijdig.services.plans.limits import set_plan_limits

from .test_api_data import bearer, token_for

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

API = "/api/v1/plans"
OFFER = {"customer": "C001", "invoices": ["F-001"], "instalments": 3, "first": "2026-04-01"}


@pytest.fixture
def carla(
    anonymous: TestClient, app: Tijdig, acme: Company, frozen_clock: FrozenClock
) -> TestClient:
    """A credit controller of ACME (conftest); today is Monday 16 March 2026."""
    frozen_clock.set(date(2026, 3, 16))
    anonymous.headers.update(bearer(token_for(app, "carla", Role.CREDIT_CONTROLLER,
                                              (acme.id or 0,))))  # fmt: skip
    return anonymous


def test_a_plan_is_offered_accepted_and_listed(
    carla: TestClient, app: Tijdig, acme: Company
) -> None:
    offered = carla.post(API, json=OFFER)
    assert offered.status_code == 201, offered.text
    plan = offered.json()
    assert (plan["status"], plan["reference"], plan["total"], plan["made_on"]) == (
        "offered", "7900000000000001", "1210.00", "2026-03-16")  # fmt: skip
    assert [i["amount"] for i in plan["instalments"]] == ["403.33", "403.33", "403.34"]
    again = carla.post(API, json=OFFER)
    assert again.status_code == 422 and again.json()["field"] == "invoices"
    signed = {"way": "signed_copy", "filename": "akkoord.pdf", "mime_type": "application/pdf",
              "content": base64.b64encode(b"%PDF-1.7").decode()}  # fmt: skip
    accepted = carla.post(f"{API}/{plan['id']}/accept", json=signed)
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["status"], accepted.json()["accepted_on"]) == ("in_force", "2026-03-16")
    with app.uow() as uow:  # its confirmation waits for `tijdig send`
        [queued] = uow.outbox.with_status(OutboxStatus.PENDING, company_id=acme.id)
    assert queued.key == f"plan_confirmation-{acme.id}-{plan['id']}"
    assert queued.subject == "Bevestiging van uw betalingsregeling 7900000000000001"
    listed = carla.get(API, params={"status": "in_force"})
    assert listed.headers["X-Total-Count"] == "1" and listed.json() == [accepted.json()]
    assert carla.post(f"{API}/999/approve").status_code == 404


def test_a_plan_outside_the_limits_is_proposed_then_approved(
    carla: TestClient, app: Tijdig, acme: Company
) -> None:
    set_plan_limits(app.uow(), acme, PlanLimits(max_instalments=2), actor="test",
                    at=datetime(2026, 3, 16, 9, 0, tzinfo=UTC))  # fmt: skip
    proposed = carla.post(API, json=OFFER).json()
    assert proposed["status"] == "proposed"
    assert proposed["outside_limits"] == ["3 plan instalments: more than the 2 the company allows."]
    approved = carla.post(f"{API}/{proposed['id']}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "offered"
