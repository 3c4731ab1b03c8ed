"""`/api/v1/disputes` and `/api/v1/notes` end to end on the real database (S3-2): a
dispute opened with its owner, deadline and lines holds its invoice only, until its
outcome (each with its effect: a credit note lowers what is open, a corrected invoice
replaces the original, a rejection's explanation goes over real SMTP in the customer's
language, a plan is linked); an internal note holds and then releases. The daily run
and the sending are `tijdig run` and `tijdig send` on the same database."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tests.conftest import FrozenClock
from tests.services.direct_debit.sepa_data import body
from tijdig.bootstrap import Tijdig
from tijdig.domain.invoices import InvoiceLine
from tijdig.domain.parties import Company, Customer, Language
from tijdig.domain.users import Role
from tijdig.entrypoints.cli.app import app as cli_app

from .conftest import add_customers, add_invoices, invoice
from .test_api_data import bearer, token_for

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

DISPUTES, NOTES = "/api/v1/disputes", "/api/v1/notes"
# Wednesdays before today (Monday 16 March 2026): contact days
BEFORE, AFTER = "2026-03-04", "2026-03-11"
LINES = (InvoiceLine("Oven", Decimal("800.00")), InvoiceLine("Installatie", Decimal("200.00")))


@pytest.fixture
def smtp() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def carla(
    anonymous: TestClient,
    app: Tijdig,
    acme: Company,
    frozen_clock: FrozenClock,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    smtp: tuple[RecordingHandler, int],
) -> TestClient:
    """A credit controller of ACME; customer C009 (English) with F-010 (two lines) and
    F-011, both overdue. The CLI (the run, the sending) works on the same database."""
    frozen_clock.set(datetime(2026, 3, 16, 10, 0))
    for name, value in (
        ("DATABASE_URL", database_url),
        ("SMTP_HOST", "127.0.0.1"),
        ("SMTP_PORT", str(smtp[1])),
        ("MAIL_FROM", "debiteuren@acme.example"),
    ):
        monkeypatch.setenv(f"TIJDIG_{name}", value)  # fmt: skip
    add_customers(app, acme, [Customer("C009", "Oven Works Ltd", email="ap@ovenworks.example",
                                       language=Language.EN)])  # fmt: skip
    add_invoices(app, acme, [
        invoice("F-010", "C009", date(2026, 1, 15), date(2026, 2, 15), "1210.00", lines=LINES),
        invoice("F-011", "C009", date(2026, 1, 20), date(2026, 2, 19), "300.00"),
    ])  # fmt: skip
    anonymous.headers.update(bearer(token_for(app, "carla", Role.CREDIT_CONTROLLER,
                                              (acme.id or 0,))))  # fmt: skip
    return anonymous


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli_app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _proposed(day: str) -> tuple[dict[str, list[str]], list[str]]:
    """`tijdig run` of `day`: the invoices proposed per customer, and the holds' texts."""
    items = json.loads(_cli("run", "--as-of", day, "--json"))["items"]
    proposed = {i["customer"]: [line["invoice"] for line in i["detail"]["lines"]]
                for i in items if i["kind"] == "message"}  # fmt: skip
    return proposed, [i["summary"] for i in items if i["kind"] == "hold"]


def _open(client: TestClient, number: str) -> str:
    found = client.get(f"/api/v1/invoices/{number}")
    assert found.status_code == 200, found.text
    return str(found.json()["open"])


def _dispute(client: TestClient, **extra: Any) -> dict[str, Any]:
    opened = client.post(DISPUTES, json={"invoice": "F-010", "reason": "dissatisfied",
                                         "opened_on": "2026-02-20", **extra})  # fmt: skip
    assert opened.status_code == 201, opened.text
    return dict(opened.json())


def _outcome(client: TestClient, **outcome: Any) -> Any:
    return client.post(f"{DISPUTES}/F-010/outcome", json=outcome)


def test_a_dispute_holds_its_invoice_only_until_a_credit_note_lowers_what_is_open(
    carla: TestClient,
) -> None:
    dispute = _dispute(carla, department="delivery", owner="carla", deadline="2026-03-20",
                       lines=[1])  # fmt: skip
    assert dispute["lines"] == [{"line": 1, "name": "Oven", "amount": "800.00"}]
    assert (dispute["department"], dispute["owner"], dispute["deadline"]) == (
        "delivery", "carla", "2026-03-20")  # fmt: skip
    assert dispute["disputed_amount"] == "800.00" and dispute["outcome"] is None
    [task] = carla.get("/api/v1/tasks", params={"as_of": "2026-03-20"}).json()
    assert task["due_on"] == "2026-03-20" and "F-010" in task["title"]
    proposed, holds = _proposed(BEFORE)
    assert proposed["C009"] == ["F-011"]
    assert any(h.startswith("F-010: disputed since 2026-02-20") for h in holds), holds

    refused = _outcome(carla, kind="credit_note")
    assert refused.status_code == 422 and refused.json()["code"] == "outcome_needs"
    closed = _outcome(carla, kind="credit_note", amount="150.00", on="2026-03-05")
    assert closed.status_code == 200, closed.text
    assert (closed.json()["outcome"], closed.json()["credit_note"]) == ("credit_note", "F-010-C1")
    assert (_open(carla, "F-010"), closed.json()["resolved_on"]) == ("1060.00", "2026-03-05")
    proposed, _ = _proposed(AFTER)
    assert sorted(proposed["C009"]) == ["F-010", "F-011"]  # collection resumes
    again = _outcome(carla, kind="rejected", explanation="x")
    assert again.status_code == 404 and again.json()["code"] == "no_open_dispute"
    listed = carla.get(DISPUTES, params={"state": "all"}).json()
    assert [(d["invoice"], d["outcome"]) for d in listed] == [("F-010", "credit_note")]


def test_a_dispute_refuses_a_line_the_invoice_does_not_have_and_an_unknown_owner(
    carla: TestClient,
) -> None:
    line = carla.post(DISPUTES, json={"invoice": "F-010", "reason": "other", "lines": [3]})
    assert line.status_code == 422 and line.json()["code"] == "no_invoice_line"
    owner = carla.post(DISPUTES, json={"invoice": "F-010", "reason": "other",
                                       "department": "sales", "owner": "nobody"})  # fmt: skip
    assert owner.status_code == 422 and owner.json()["code"] == "not_a_company_user"
    assert carla.get(DISPUTES).json() == []  # nothing was opened


def test_a_corrected_invoice_replaces_the_original(carla: TestClient) -> None:
    _dispute(carla, department="finance")
    replaced = _outcome(carla, kind="corrected_invoice", number="F-012", amount="1089.00",
                        due_on="2026-02-23", on="2026-02-23")  # fmt: skip
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["corrected_invoice"] == "F-012"
    assert (_open(carla, "F-010"), _open(carla, "F-012")) == ("0.00", "1089.00")
    proposed, _ = _proposed(AFTER)
    assert sorted(proposed["C009"]) == ["F-011", "F-012"]


def test_a_rejection_sends_the_explanation_in_the_customers_language(
    carla: TestClient, smtp: tuple[RecordingHandler, int]
) -> None:
    _dispute(carla)
    why = "Our engineer checked the oven on 2 March: it works as specified."
    rejected = _outcome(carla, kind="rejected", explanation=why, on="2026-03-03")
    assert rejected.status_code == 200 and rejected.json()["explanation"] == why
    assert "Sent: 1;" in _cli("send")
    [mail] = smtp[0].accepted
    assert str(mail["To"]) == "ap@ovenworks.example"
    assert str(mail["Subject"]) == "Your objection to invoice F-010"
    text = " ".join(body(mail).split())
    assert why in text and "On 20 February 2026 you objected to invoice F-010." in text
    proposed, _ = _proposed(BEFORE)
    assert sorted(proposed["C009"]) == ["F-010", "F-011"]


def test_a_plan_that_covers_the_invoice_resolves_it(carla: TestClient) -> None:
    _dispute(carla)
    signed = {"way": "signed_copy", "filename": "akkoord.pdf", "mime_type": "application/pdf",
              "content": base64.b64encode(b"%PDF-1.7").decode()}  # fmt: skip
    ids = []
    for number in ("F-011", "F-010"):
        offer = {"customer": "C009", "invoices": [number], "instalments": 2,
                 "first": "2026-04-01"}  # fmt: skip
        offered = carla.post("/api/v1/plans", json=offer)
        assert offered.status_code == 201, offered.text
        ids.append(offered.json()["id"])
        assert carla.post(f"/api/v1/plans/{ids[-1]}/accept", json=signed).status_code == 200
    other = _outcome(carla, kind="plan", plan_id=ids[0])
    assert other.status_code == 422 and other.json()["code"] == "plan_not_covering"
    linked = _outcome(carla, kind="plan", plan_id=ids[1])
    assert (linked.json()["outcome"], linked.json()["plan_id"]) == ("plan", ids[1])


def test_a_customer_note_holds_until_closed_and_an_invoice_note_until_its_end(
    carla: TestClient,
) -> None:
    note = carla.post(NOTES, json={"customer": "C009", "department": "delivery",
                                   "kind": "pending_delivery", "text": "Second oven not delivered",
                                   "opened_on": "2026-03-02"})  # fmt: skip
    assert note.status_code == 201, note.text
    proposed, holds = _proposed(BEFORE)
    assert "C009" not in proposed and "C001" in proposed
    assert "Delivery: delivery pending since 2026-03-02: customer held." in holds
    closed = carla.post(f"{NOTES}/{note.json()['id']}/close", json={"closed_on": "2026-03-05"})
    assert closed.status_code == 200 and closed.json()["closed_on"] == "2026-03-05"
    again = carla.post(f"{NOTES}/{note.json()['id']}/close")
    assert again.status_code == 409 and again.json()["code"] == "note_closed"
    assert sorted(_proposed(AFTER)[0]["C009"]) == ["F-010", "F-011"]

    ends = carla.post(NOTES, json={"customer": "C009", "invoice": "F-011", "department": "sales",
                                   "kind": "extra_work", "text": "Extra work to invoice",
                                   "opened_on": "2026-03-06", "until": "2026-03-11"})  # fmt: skip
    assert ends.status_code == 201 and ends.json()["holding"] is False  # ended by today
    assert _proposed(AFTER)[0]["C009"] == ["F-010"]  # its last day: F-011 held
    assert sorted(_proposed("2026-03-12")[0]["C009"]) == ["F-010", "F-011"]  # released
    listed = carla.get(NOTES, params={"state": "all", "customer": "C009"}).json()
    assert [(n["kind"], n["invoice"]) for n in listed] == [
        ("extra_work", "F-011"), ("pending_delivery", None)]  # fmt: skip
    assert carla.get(NOTES).json() == []  # none holds today
