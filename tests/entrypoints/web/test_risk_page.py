"""The risk of late payment on the customer page and in the API (issue 17 section 2):
without a trained model the scores come from the rules and the page says so; the
reasons are in the reader's language, in the API as codes with their direction."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from tests.conftest import FrozenClock
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company, Customer

from .conftest import TestClient, add_customers, add_invoices, csrf_of, invoice

TODAY = date(2026, 12, 7)


@pytest.fixture
def late_customer(app: Tijdig, acme: Company, frozen_clock: FrozenClock) -> str:
    """R001 with three invoices overdue (one 60 days): high risk by the rules."""
    frozen_clock.set(TODAY)
    add_customers(app, acme, [Customer("R001", "Risico B.V.")])
    add_invoices(app, acme, [
        invoice("R-1", "R001", date(2026, 9, 8), date(2026, 10, 8), "500.00"),
        invoice("R-2", "R001", date(2026, 10, 1), date(2026, 10, 31), "250.00"),
        invoice("R-3", "R001", date(2026, 10, 20), date(2026, 11, 19), "120.00"),
    ])  # fmt: skip
    return "R001"


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_customer_page_shows_the_risk_by_the_rules_with_reasons(
    client: TestClient, late_customer: str
) -> None:
    page = client.get(f"/customers/{late_customer}").text
    text = _text(page)
    assert "Risk of late payment: high" in text
    assert "From the rules: no trained model is in use." in text
    assert "2 other invoices overdue (raises the risk)" in text
    assert "60 days past the due date" in text  # due 8 October, today 7 December
    client.post("/me/language", data={"csrf_token": csrf_of(page), "language": "fr",
                                      "next": "/"})  # fmt: skip
    french = _text(client.get(f"/customers/{late_customer}").text)
    assert "Risque de paiement tardif: élevé" in french
    assert "2 autres factures échues (augmente le risque)" in french
    assert "60 jours après l'échéance" in french


def test_the_api_gives_the_risk_with_reason_codes(client: TestClient, late_customer: str) -> None:
    body = client.get(f"/api/v1/customers/{late_customer}/risk",
                      params={"company": "ACME"}).json()  # fmt: skip
    assert body["source"] == "rules" and body["model"] is None and body["risk_class"] == "high"
    assert [i["invoice"] for i in body["invoices"]] == ["R-1", "R-2", "R-3"]
    first = body["invoices"][0]
    assert first["probability"] is None and first["expected_payment"] is None
    assert {"feature": "overdue_open", "direction": "raises", "value": 2.0,
            "text": "2 other invoices overdue"} in first["reasons"]  # fmt: skip
    assert client.get("/api/v1/customers/NOPE/risk", params={"company": "ACME"}).status_code == 404
