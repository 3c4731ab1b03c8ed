"""The disputes page through TestClient: the open disputes with invoice, customer, reason
and age; resolving one (in the database and the audit log); and every refusal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tijdig.adapters.db.schema.collection import DisputeRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.parties import Company
from tijdig.domain.users import Role
from tijdig.services.records import disputes

from .collection_data import (
    AS_OF,
    TestClient,
    csrf,
    dispute_ids,
    seed_small,
    signed_in_as,
    web_client,
)

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


def _resolved_on(app: Tijdig, dispute_id: int) -> date | None:
    with app.uow() as uow:
        found: date | None = uow.session.scalar(
            select(DisputeRow.resolved_on).where(DisputeRow.id == dispute_id)
        )
        return found


def _resolve(client: TestClient, dispute_id: int, **params: str) -> Any:
    return client.post(
        f"/disputes/{dispute_id}/resolve",
        params=Q | params,
        data={"csrf_token": csrf(client, "/disputes")},
        follow_redirects=False,
    )


def test_the_open_disputes_show_invoice_customer_reason_and_age(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    html = controller.get("/disputes", params=Q).text
    [dispute_id] = dispute_ids(app, acme)
    assert f'data-dispute="{dispute_id}"' in html
    assert "ACME-002" in html and "Bakkerij Jansen" in html
    assert "Dissatisfied with goods or service" in html and "late delivery" in html
    assert '<td class="num">22</td>' in html  # open since 2 Nov, seen on 24 Nov
    assert "€605.00" in html


def test_the_reason_in_the_query_reaches_the_filter(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    """The filter itself: tests/services/records/test_dispute_worklist.py."""
    disputes.open_dispute(app.uow(), acme, "ACME-001", ReasonCode.CASH_FLOW, as_of=AS_OF,
                          actor="test", at=datetime(2026, 11, 24, 9, tzinfo=UTC))  # fmt: skip
    cash = controller.get("/disputes", params=Q | {"reason": "cash_flow"}).text
    assert "ACME-001" in cash and "ACME-002" not in cash
    response = controller.get("/disputes", params=Q | {"reason": "grumpy"})
    assert response.status_code == 422 and "reason" in response.text
    assert controller.get("/disputes", params=Q | {"page": "0"}).status_code == 422


def test_resolving_a_dispute_stores_the_day_and_audits_it(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    [dispute_id] = dispute_ids(app, acme)
    response = _resolve(controller, dispute_id)
    assert response.status_code == 303
    assert _resolved_on(app, dispute_id) == AS_OF
    with app.uow() as uow:
        entries = list(uow.session.execute(
            select(AuditRow.action, AuditRow.subject, AuditRow.customer_id, AuditRow.actor)
            .where(AuditRow.actor != "test")  # the data set up's own entries
        ))  # fmt: skip
    [(action, subject, customer_id, actor)] = entries
    assert (action, subject, actor) == ("dispute.resolve", "invoice ACME-002", "carla (web)")
    assert customer_id is not None
    page = controller.get(response.headers["location"]).text
    assert "Dispute resolved" in page and "No open disputes" in page
    # A second time there is nothing to resolve.
    assert _resolve(controller, dispute_id).status_code == 422


def test_the_list_shows_none_of_another_companys_disputes(
    controller: TestClient, app: Tijdig, acme: Company, beta: Company
) -> None:
    """Resolving one of them is a 404: test_routes.py."""
    [beta_dispute] = dispute_ids(app, beta)
    assert f'data-dispute="{beta_dispute}"' not in controller.get("/disputes", params=Q).text


def test_sales_reads_the_disputes_without_a_resolve_button(
    web: TestClient, app: Tijdig, acme: Company
) -> None:
    """Its 403 is test_routes.py's."""
    assert acme.id is not None
    client = signed_in_as(web, app, "sam", Role.SALES, (acme.id,))
    page = client.get("/disputes", params=Q).text
    assert "ACME-002" in page and "Resolve" not in page


def test_resolving_without_the_csrf_token_is_refused(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    [dispute_id] = dispute_ids(app, acme)
    response = controller.post(f"/disputes/{dispute_id}/resolve", params=Q)
    assert response.status_code == 403
    assert _resolved_on(app, dispute_id) is None
