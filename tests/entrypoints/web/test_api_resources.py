"""Every resource of the REST API, happy paths, with a bearer token: what each answers,
its paging, and that each change is made, audited and refused when it breaks a rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import FrozenClock
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.domain.users import Role

from .conftest import AS_OF
from .test_api_data import Seeded, bearer, seed_acme_records, token_for

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

API = "/api/v1"
DAY = {"as_of": AS_OF.isoformat()}


@pytest.fixture
def seeded(app: Tijdig, acme: Company) -> Seeded:
    return seed_acme_records(app, acme)


@pytest.fixture
def api(anonymous: TestClient, app: Tijdig, seeded: Seeded) -> TestClient:
    """A client with a credit controller's bearer token, granted ACME."""
    assert seeded.company.id is not None
    token = token_for(app, "carla", Role.CREDIT_CONTROLLER, (seeded.company.id,))
    anonymous.headers.update(bearer(token))
    return anonymous


def get(api: TestClient, path: str, **params: Any) -> Any:
    response = api.get(API + path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def audited(app: Tijdig, company: Company) -> list[tuple[str, str]]:
    assert company.id is not None
    with app.uow() as uow:
        return [(e.action, e.actor) for e in uow.audit.for_company(company.id)]


def test_companies_lists_those_granted_and_one_by_code(api: TestClient) -> None:
    assert [c["code"] for c in get(api, "/companies")] == ["ACME"]
    assert get(api, "/companies/acme")["name"] == "Acme Groothandel B.V."


def test_customers_are_filtered_and_paged_with_a_total_and_next_link(api: TestClient) -> None:
    response = api.get(f"{API}/customers", params={**DAY, "limit": 2})
    assert [r["number"] for r in response.json()] == ["C001", "C002"]
    assert response.headers["X-Total-Count"] == "3"
    assert 'rel="next"' in response.headers["Link"] and "offset=2" in response.headers["Link"]
    last = api.get(f"{API}/customers", params={**DAY, "limit": 2, "offset": 2})
    assert [r["number"] for r in last.json()] == ["C003"]
    assert 'rel="prev"' in last.headers["Link"] and 'rel="next"' not in last.headers["Link"]
    assert [r["number"] for r in get(api, "/customers", search="dijk", **DAY)] == ["C002"]
    assert [r["number"] for r in get(api, "/customers", credit_hold="true", **DAY)] == ["C002"]
    assert get(api, "/customers", search="100%_", **DAY) == []  # LIKE wildcards are literal


def test_a_customer_has_contacts_and_credit_status(api: TestClient) -> None:
    jansen = get(api, "/customers/C001", **DAY)
    assert jansen["contacts"] == [
        {"name": "Eline Bos", "role": "accounts_payable", "email": "eline@jansen.nl",
         "phone": "020 555 0101", "last_verified": "2026-01-05"}
    ]  # fmt: skip
    assert get(api, "/customers/C001/contacts") == jansen["contacts"]
    credit = get(api, "/customers/C001/credit", **DAY)
    assert credit == jansen["credit"]
    assert credit["credit_limit"] == "1000.00" and credit["available"] == "-694.00"
    assert credit["over_limit"] is True
    assert (
        credit["exposure"][0] | {"overdue": "1089.00", "open": "1694.00"} == credit["exposure"][0]
    )
    van_dijk = get(api, "/customers/C002/credit", **DAY)
    assert van_dijk["credit_hold"] is True and van_dijk["credit_limit"] is None
    assert van_dijk["exposure"][0]["disputed"] == "2420.00"


def test_invoices_are_paged_with_a_total_and_one_has_its_settlements(api: TestClient) -> None:
    response = api.get(f"{API}/invoices", params={"limit": 2})
    assert response.headers["X-Total-Count"] == "6"
    assert len(response.json()) == 2
    f001 = get(api, "/invoices/F-001")
    assert f001["settlements"] == [
        {"allocated_on": "2026-02-20", "amount": "500.00", "to_costs": "40.00",
         "to_interest": "10.00", "to_principal": "450.00", "payment_id": 1, "credit_note": None}
    ]  # fmt: skip
    assert get(api, "/invoices/F-003")["disputes"][0]["reason"] == "invoice_incorrect"
    assert get(api, "/invoices/C-001", kind="credit_note")["kind"] == "credit_note"


def test_payments_show_their_allocations_with_the_6_44_parts(
    api: TestClient, seeded: Seeded
) -> None:
    [payment] = get(api, "/payments", customer="C001", **{"from": "2026-02-01"})
    assert payment["amount"] == "600.00" and payment["unallocated"] == "100.00"
    assert payment["allocations"][0]["to_costs"] == "40.00"
    assert get(api, f"/payments/{seeded.payment_id}") == payment
    assert get(api, "/payments", to="2026-01-31") == []


def test_runs_list_their_counts_and_items(api: TestClient, seeded: Seeded) -> None:
    [run] = get(api, "/runs")
    assert run["id"] == seeded.run_id and run["latest"] is True
    assert {"kind": "message", "status": "proposed", "count": 1} in run["counts"]
    assert get(api, f"/runs/{seeded.run_id}") == run
    [message] = get(api, f"/runs/{seeded.run_id}/items", kind="message")
    assert message["customer"] == "C003" and message["detail"]["lines"]
    holds = get(api, f"/runs/{seeded.run_id}/items", kind="hold", customer="C002")
    assert holds and all(h["customer"] == "C002" for h in holds)


def test_approving_a_runs_proposal_is_audited(api: TestClient, app: Tijdig, seeded: Seeded) -> None:
    [message] = get(api, f"/runs/{seeded.run_id}/items", kind="message")
    response = api.post(f"{API}/runs/{seeded.run_id}/approve", json={"items": [message["id"]]})
    assert response.json() == {"run": seeded.run_id, "decided": 1, "status": "approved"}
    assert get(api, f"/runs/{seeded.run_id}/items", status="approved")[0]["id"] == message["id"]
    again = api.post(f"{API}/runs/{seeded.run_id}/skip", json={"items": [message["id"]]})
    assert again.json()["decided"] == 0  # only proposals move
    assert ("run.approve", "carla (api)") in audited(app, seeded.company)


def test_an_item_of_another_run_or_an_older_run_is_refused(api: TestClient, seeded: Seeded) -> None:
    response = api.post(f"{API}/runs/{seeded.run_id}/skip", json={"items": [99999]})
    assert response.status_code == 422
    assert response.json()["detail"] == f"run {seeded.run_id} has no item 99999"
    assert api.post(f"{API}/runs/{seeded.run_id}/skip", json={"items": []}).status_code == 422


def test_the_agenda_lists_the_call_and_completing_it_records_a_promise(
    api: TestClient, app: Tijdig, seeded: Seeded
) -> None:
    [task] = get(api, "/tasks", **DAY)
    assert task["id"] == seeded.task_id and task["contact"]["name"] == "Eline Bos"
    assert task["script"]
    body = {"outcome": "pays Friday", "promise_date": "2026-03-27", "amount": "1089.00",
            "done_on": "2026-03-15"}  # fmt: skip
    response = api.post(f"{API}/tasks/{seeded.task_id}/complete", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["promise_date"] == "2026-03-27"
    assert get(api, "/tasks", **DAY) == []
    assert get(api, "/promises", customer="C001")[0]["amount"] == "1089.00"
    again = api.post(f"{API}/tasks/{seeded.task_id}/complete", json=body)
    assert again.status_code == 422 and "was done on" in again.json()["detail"]
    assert ("task.done", "carla (api)") in audited(app, seeded.company)


def test_a_dispute_is_opened_listed_and_resolved(
    api: TestClient, app: Tijdig, seeded: Seeded
) -> None:
    body = {"invoice": "F-001", "reason": "dissatisfied", "note": "late delivery",
            "opened_on": "2026-03-15"}  # fmt: skip
    response = api.post(f"{API}/disputes", json=body)
    assert response.status_code == 201, response.text
    assert response.json() | {"id": 0} == {
        "id": 0, "invoice": "F-001", "customer": "C001", "reason": "dissatisfied",
        "note": "late delivery", "opened_on": "2026-03-15", "resolved_on": None,
        "department": None, "owner": None, "deadline": None, "lines": [],
        "disputed_amount": None, "outcome": None, "explanation": "", "credit_note": None,
        "corrected_invoice": None, "plan_id": None,
    }  # fmt: skip
    twice = api.post(f"{API}/disputes", json=body)
    assert twice.status_code == 409 and twice.json()["field"] is None
    assert {d["invoice"] for d in get(api, "/disputes")} == {"F-001", "F-003"}
    resolved = api.post(f"{API}/disputes/F-001/resolve", json={"resolved_on": "2026-03-16"})
    assert resolved.json()["resolved_on"] == "2026-03-16"
    assert [d["invoice"] for d in get(api, "/disputes", state="resolved")] == ["F-001"]
    actions = [a for a, _ in audited(app, seeded.company)]
    assert "dispute.open" in actions and "dispute.resolve" in actions


def test_a_promise_is_added_and_a_bad_one_names_its_field(
    api: TestClient, app: Tijdig, seeded: Seeded
) -> None:
    body = {"customer": "C003", "promised_date": "2026-04-01", "made_on": "2026-03-15"}
    response = api.post(f"{API}/promises", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["customer"] == "C003" and response.json()["amount"] is None
    assert [p["customer"] for p in get(api, "/promises", state="pending")] == ["C003", "C001"]
    late = api.post(f"{API}/promises", json=body | {"promised_date": "2026-03-01"})
    assert late.status_code == 422 and "lies before" in late.json()["detail"]
    negative = api.post(f"{API}/promises", json=body | {"amount": "-5"})
    assert negative.status_code == 422 and negative.json()["field"] == "amount"
    assert ("promise.add", "carla (api)") in audited(app, seeded.company)


def test_the_aging_report_has_every_bucket_per_currency(api: TestClient) -> None:
    report = get(api, "/reports/aging", **DAY)
    eur, usd = report["currencies"]
    assert (eur["currency"], eur["total"], eur["overdue"]) == ("EUR", "4114.00", "3509.00")
    assert [b["bucket"] for b in usd["buckets"]] == ["not_due", "1-30", "31-60", "61-90", "90+"]
    assert usd["buckets"][0]["amount"] == "0.00"


def test_a_customer_in_hardship_is_set_listed_ended_and_on_the_insolvency_line(
    api: TestClient, app: Tijdig, seeded: Seeded, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(AS_OF)
    path = f"{API}/customers/C002/hardship"
    body = {"kind": "bankruptcy", "since": "2026-03-02", "evidence": "Vonnis rechtbank Utrecht",
            "evidence_file": "faillissement/C002.pdf"}  # fmt: skip
    made = api.post(path, json=body)
    assert made.status_code == 201, made.text
    assert made.json() | {"task": ""} == {
        "customer": "C002", "kind": "bankruptcy", "since": "2026-03-02", "ended_on": None,
        "evidence": "Vonnis rechtbank Utrecht", "evidence_file": "faillissement/C002.pdf",
        "active": True, "task": "",
    }  # fmt: skip
    assert made.json()["task"].endswith("Register the claim with the trustee in bankruptcy.")
    again = api.post(path, json=body | {"kind": "wsnp"})
    assert again.status_code == 409 and "end it first" in again.json()["detail"]
    later = api.post(path, json=body | {"since": "2026-03-16"})
    assert later.status_code == 422 and "cannot begin after 2026-03-15" in later.json()["detail"]
    [eur, _usd] = get(api, "/reports/aging", **DAY)["currencies"]
    assert (eur["insolvency"], eur["insolvency_items"]) == ("2420.00", 1)  # F-003
    assert eur["buckets"][4]["amount"] == "0.00"  # 90+: F-003 was the only one
    ended = api.post(f"{path}/end", json={"ended_on": "2026-03-10"})
    assert ended.status_code == 200 and ended.json()["active"] is False
    assert [s["ended_on"] for s in get(api, "/customers/C002/hardship")] == ["2026-03-10"]
    assert get(api, "/reports/aging", **DAY)["currencies"][0]["insolvency"] == "0.00"
    assert ("customer.hardship", "carla (api)") in audited(app, seeded.company)
    unknown = api.post(f"{API}/customers/NOPE/hardship", json=body)
    assert unknown.status_code == 404
    bad = api.post(path, json=body | {"kind": "broke"})
    assert bad.status_code == 422 and bad.json()["field"] == "kind"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ('{"invoice": "F-001",', 400, None),
        ('{"invoice": "F-001", "reason": "bored"}', 422, "reason"),
        ('{"reason": "other"}', 422, "invoice"),
        ('{"invoice": "F-001", "reason": "other", "extra": 1}', 422, "extra"),
    ],
)
def test_a_bad_body_names_its_field(
    api: TestClient, body: str, status: int, field: str | None
) -> None:
    response = api.post(
        f"{API}/disputes", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == status
    assert response.json()["field"] == field


def test_the_spec_documents_bearer_auth_and_the_error_shape(anonymous: TestClient) -> None:
    spec = anonymous.get("/api/openapi.json").json()
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    operation = spec["paths"]["/api/v1/disputes"]["post"]
    assert operation["security"] == [{"bearer": []}]
    for status in ("401", "403", "404", "409", "422"):
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorRead"}
    error = spec["components"]["schemas"]["ErrorRead"]
    assert all("description" in p for p in error["properties"].values())
    listing = spec["paths"]["/api/v1/payments"]["get"]["responses"]["200"]
    assert set(listing["headers"]) == {"X-Total-Count", "Link"}
    assert "/health" in spec["paths"]
