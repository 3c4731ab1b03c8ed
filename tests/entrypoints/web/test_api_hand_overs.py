"""`/api/v1/hand-overs` on a real database (SQLite, and PostgreSQL when set): a customer
handed over off-policy through the API, its file downloaded and opened, its status moved
(an impossible one refused), the run holding the customer while the agency has it, and
the direct payments listed (a GET writes nothing) and reported once (the POST)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest
from sqlalchemy import func, select

from tests.conftest import FrozenClock
from tijdig.adapters.db.schema.hand_over import DirectPaymentReportRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code
from tijdig.domain.users import Role
from tijdig.engine.advice import advise
from tijdig.services.collection.run import company_state

from .test_api_data import Seeded, bearer, seed_acme_records, token_for

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

API = "/api/v1/hand-overs"
SCHEMA = json.loads(
    (Path(__file__).resolve().parents[3] / "docs" / "hand_over_file.schema.json").read_text()
)
DAY = date(2026, 3, 16)  # a Monday; F-001 (C001) 44 days overdue


@pytest.fixture
def api(anonymous: TestClient, app: Tijdig, acme: Company) -> TestClient:
    seeded: Seeded = seed_acme_records(app, acme)
    assert seeded.company.id is not None
    token = token_for(app, "carla", Role.CREDIT_CONTROLLER, (seeded.company.id,))
    anonymous.headers.update(bearer(token))
    return anonymous


def test_a_customer_is_handed_over_followed_and_its_file_downloaded_through_the_api(
    api: TestClient, app: Tijdig, acme: Company, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(DAY)
    made = api.post(API, json={"customer": "C001", "reason": "Geen reactie"})
    assert made.status_code == 201, made.text
    case = made.json()
    assert (case["customer"], case["opened_on"], case["status"], case["off_policy"]) == (
        "C001", "2026-03-16", "handed_over", True)  # fmt: skip
    assert case["history"][0]["source"] == "api" and case["history"][0]["actor"] == "carla (api)"
    again = api.post(API, json={"customer": "C001", "reason": "nog eens"})
    assert again.status_code == 409 and case["reference"] in again.json()["detail"]
    # the file: the ZIP written when the case opened, the same bytes on every download
    first = api.get(f"{API}/{case['reference']}/file")
    assert first.status_code == 200 and first.headers["content-type"] == "application/zip"
    assert api.get(f"{API}/C001/file").content == first.content  # by the customer, too
    archive = zipfile.ZipFile(io.BytesIO(first.content))
    data = json.loads(archive.read("file.json"))
    jsonschema.validate(data, SCHEMA)
    assert [i["number"] for i in data["claim"]["invoices"]] == ["F-001"]  # only overdue
    assert data["case"]["reference"] == case["reference"] and data["case"]["reason"] == (
        "Geen reactie")  # fmt: skip
    # the run holds the customer while the agency has it
    assert acme.id is not None
    with app.uow() as uow:
        state = uow.run_data.customer_state(acme.id, _customer_id(app, acme, "C001"), as_of=DAY)
        company_now, policies = company_state(uow, acme)
    assert state is not None
    [hold] = advise(state, company_now, policies, as_of=DAY).holds
    assert hold.reason.code is Code.HANDED_OVER and hold.reason.params["case"] == case["reference"]
    # statuses: one at a time, an impossible one refused, the history kept
    moved = api.post(f"{API}/{case['reference']}/status", json={"status": "accepted"})
    assert moved.status_code == 200 and moved.json()["status"] == "accepted"
    back = api.post(f"{API}/C001/status", json={"status": "handed_over"})
    assert back.status_code == 422 and "cannot become handed_over" in back.json()["detail"]
    shown = api.get(f"{API}/{case['reference']}").json()
    assert [h["status"] for h in shown["history"]] == ["handed_over", "accepted"]
    assert [c["reference"] for c in api.get(API, params={"customer": "C001"}).json()] == [
        case["reference"]]  # fmt: skip
    returned = api.post(f"{API}/C001/status", json={"status": "returned", "on": "2026-03-16"})
    assert returned.json()["stops_dunning"] is False


def test_direct_payments_are_shown_by_a_get_and_marked_only_by_the_report(
    api: TestClient, app: Tijdig, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(DAY)
    assert api.post(API, json={"customer": "C001", "reason": "x"}).status_code == 201
    listed = api.get(f"{API}/direct-payments", params={"since": "2026-03-01"})
    assert listed.status_code == 200 and listed.text.splitlines() == [
        "case;customer;paid_on;amount;currency;reference;invoices"]  # fmt: skip
    reported = api.post(f"{API}/direct-payments/report")
    assert reported.status_code == 200 and reported.text.startswith("case;customer;")
    with app.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(DirectPaymentReportRow)) == 0


def _customer_id(app: Tijdig, company: Company, number: str) -> int:
    assert company.id is not None
    with app.uow() as uow:
        return uow.customers.ids_by_number(company.id)[number]


def test_the_agency_file_is_read_all_or_nothing_and_once(
    api: TestClient, app: Tijdig, acme: Company, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(DAY)
    reference = api.post(API, json={"customer": "C001", "reason": "x"}).json()["reference"]
    content = (f"dossier;datum;status;betalingskenmerk;bedrag\n"
               f"{reference};17-03-2026;geaccepteerd;;\n"
               f"{reference};18-03-2026;;AG-1;100,00\n")  # fmt: skip
    body = {"filename": "bureau.csv", "content": content}
    done = api.post(f"{API}/agency-file", json=body)
    assert done.status_code == 200, done.text
    assert done.json() == {"statuses": 1, "payments": 1, "unchanged": 0}
    assert api.post(f"{API}/agency-file", json=body).json() == {
        "statuses": 0, "payments": 0, "unchanged": 2}  # fmt: skip
    more = content + "HO999999;19-03-2026;betaald;;\n"
    bad = api.post(f"{API}/agency-file", json={"filename": "bureau.csv", "content": more})
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("bureau.csv, line 4, field case: no hand-over case")
    assert api.get(f"{API}/{reference}").json()["status"] == "accepted"
