"""The workspace's dispute and internal-note forms through TestClient, on the real
database: a dispute opened with its owner, deadline and lines shows them on its page;
its outcome recorded there (a rejection queues the explanation to the customer's
accounts payable address); a refused form shows why, changing nothing; internal notes
added and closed on the customer page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tijdig.adapters.db.schema.collection import DisputeRow, InternalNoteRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.invoices import InvoiceLine
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.outbox import OutboxStatus

from .collection_data import AS_OF, TestClient, csrf, seed_small, signed_in_as, web_client
from .conftest import add_invoices, invoice

Q = {"as_of": AS_OF.isoformat()}
LINES = (InvoiceLine("Oven", Decimal("800.00")), InvoiceLine("Installatie", Decimal("200.00")))


@pytest.fixture
def acme(app: Tijdig) -> Company:
    company = seed_small(app)
    add_invoices(app, company, [invoice("ACME-003", "C001", date(2026, 9, 20), date(2026, 10, 20),
                                        "1210.00", lines=LINES)])  # fmt: skip
    return company


@pytest.fixture
def carla(database_url: str, tmp_path: Path, app: Tijdig, acme: Company) -> Iterator[TestClient]:
    assert acme.id is not None
    with web_client(database_url, tmp_path) as client:
        yield signed_in_as(client, app, "carla", Role.CREDIT_CONTROLLER, (acme.id,))


def _count(app: Tijdig, table: type) -> int:
    with app.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_dispute_is_opened_with_its_owner_and_lines_and_closed_with_a_rejection(
    carla: TestClient, app: Tijdig, acme: Company
) -> None:
    token = csrf(carla, "/disputes")
    form = {"csrf_token": token, "invoice": "ACME-003", "reason": "dissatisfied",
            "department": "sales", "owner": "carla", "deadline": "2026-12-01",
            "lines": "5"}  # fmt: skip
    before = _count(app, DisputeRow)
    refused = carla.post("/disputes", params=Q, data=form)
    assert refused.status_code == 422 and "invoice ACME-003 has no line 5" in refused.text
    assert _count(app, DisputeRow) == before  # nothing opened
    opened = carla.post("/disputes", params=Q, data=form | {"lines": "2"}, follow_redirects=False)
    assert opened.status_code == 303, opened.text
    page = carla.get(opened.headers["location"])
    assert page.status_code == 200
    for shown in ("Installatie", "€200.00", "carla", "Sales", "Record the outcome"):
        assert shown in page.text, shown
    listed = carla.get("/disputes", params=Q).text
    assert "lines 2: €200.00" in listed and "Decide by" in listed

    outcome = opened.headers["location"].split("?")[0] + "/outcome"
    empty = carla.post(outcome, params=Q, data={"csrf_token": token, "kind": "rejected"})
    assert empty.status_code == 422 and "this outcome needs an explanation" in empty.text
    why = "Our engineer installed it as ordered."
    rejected = {"csrf_token": token, "kind": "rejected", "explanation": why}
    done = carla.post(outcome, params=Q, data=rejected, follow_redirects=False)
    assert done.status_code == 303
    closed = carla.get(done.headers["location"]).text
    assert "rejected, explanation sent" in closed and why in closed
    with app.uow() as uow:
        [queued] = uow.outbox.with_status(OutboxStatus.PENDING, company_id=acme.id)
    assert queued.recipient == "eline@jansen.example"  # accounts payable first
    assert queued.subject == "Uw bezwaar tegen factuur ACME-003"  # the customer's language


def test_internal_notes_are_added_and_closed_on_the_customer_page(
    carla: TestClient, app: Tijdig
) -> None:
    token = csrf(carla, "/customers/C001")
    note = {"csrf_token": token, "department": "delivery", "kind": "pending_delivery",
            "text": "Tweede oven nog niet geleverd", "invoice": "ACME-001"}  # fmt: skip
    wrong = carla.post("/customers/C001/notes", params=Q, data=note | {"invoice": "X-9"})
    assert wrong.status_code == 404 and "no invoice X-9" in wrong.text
    assert _count(app, InternalNoteRow) == 0
    added = carla.post("/customers/C001/notes", params=Q, data=note, follow_redirects=False)
    assert added.status_code == 303
    page = carla.get("/customers/C001", params=Q).text
    assert "Tweede oven nog niet geleverd" in page and "delivery pending" in page
    assert 'class="holding"' in page
    with app.uow() as uow:
        note_id = uow.session.scalar(select(InternalNoteRow.id))
    closed = carla.post(f"/customers/C001/notes/{note_id}/close", params=Q,
                        data={"csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert closed.status_code == 303
    page = carla.get("/customers/C001", params=Q).text
    assert 'class="holding"' not in page and "Closed" in page
    again = carla.post(f"/customers/C001/notes/{note_id}/close", params=Q,
                       data={"csrf_token": token})  # fmt: skip
    assert again.status_code == 409 and "was closed on" in again.text
