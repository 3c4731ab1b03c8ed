"""French for Belgium in the workspace (issue 15): a user reads the pages in French
(chosen with the switcher, dates and amounts in fr_BE), and a credit controller sets a
customer's language on the customer page, after which that customer's reminder preview
is in French. The API sets it too; a read-only user cannot."""

from __future__ import annotations

import html
import re
from datetime import date

import httpx
import pytest
from sqlalchemy import select

from tests.conftest import FrozenClock
from tijdig.adapters.db.schema.ledger import CustomerRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.domain.users import Role
from tijdig.services.companies import company_settings
from tijdig.services.companies.company_settings import CompanyDetails

from .conftest import TestClient, add_customers, add_invoices, add_user, csrf_of, invoice, sign_in
from .test_api_data import bearer, token_for

TODAY = date(2026, 12, 6)


@pytest.fixture
def acme(app: Tijdig, acme: Company, frozen_clock: FrozenClock) -> Company:
    """ACME (conftest) with its KvK number (the first reminder names it) and C004, a
    Belgian consumer with EUR 400 overdue; today is 6 December 2026."""
    now = frozen_clock.set(TODAY)
    details = CompanyDetails(acme.name, "Kade 1, Amsterdam", "debiteuren@acme.nl", "",
                             "12345678", "", 30, True, "")  # fmt: skip
    acme = company_settings.update_company(app.uow(), acme, details, actor="test", at=now)
    add_customers(app, acme, [Customer("C004", "Élise Dupont", kind=CustomerKind.CONSUMER,
                                       country="BE", email="elise@dupont.example")])  # fmt: skip
    add_invoices(app, acme, [invoice("F-009", "C004", date(2026, 10, 1), date(2026, 10, 31),
                                     "400.00")])  # fmt: skip
    return acme


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _language_of(app: Tijdig, number: str) -> str:
    with app.uow() as uow:
        return str(uow.session.scalar(select(CustomerRow.language)
                                      .where(CustomerRow.number == number)))  # fmt: skip


def _switch(client: TestClient, number: str, language: str) -> httpx.Response:
    token = csrf_of(client.get(f"/customers/{number}").text)
    return client.post(f"/customers/{number}/language",
                       data={"csrf_token": token, "language": language},
                       follow_redirects=False)  # fmt: skip


def _preview(client: TestClient) -> str:
    """C004's first reminder as the template preview shows it, in the customer's words."""
    step = {"step": "first_reminder", "customer": "C004"}
    return _text(client.get("/settings/templates/preview", params=step).text)


def test_a_user_switches_the_workspace_to_french(client: TestClient, acme: Company) -> None:
    page = client.get("/").text
    assert 'value="fr"' in page and "Français" in page and "Nederlands" in page
    token = csrf_of(page)
    moved = client.post("/me/language", data={"csrf_token": token, "language": "fr",
                                              "next": "/customers/C004"},
                        follow_redirects=False)  # fmt: skip
    assert moved.status_code == 303 and moved.headers["location"] == "/customers/C004"
    french = client.get("/customers/C004").text
    assert '<html lang="fr">' in french
    text = _text(french)
    for phrase in ("Se déconnecter", "Factures ouvertes", "Langue du client", "consommateur",
                   "31 oct. 2026", "400,00 €"):  # fmt: skip
        assert phrase in text, phrase
    assert "Open invoices" not in text and "Openstaande facturen" not in text
    assert "Nederlands" in french and "English" in french  # the others offered


def test_a_credit_controller_sets_a_belgian_customer_to_french_and_its_reminder_follows(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    assert _language_of(app, "C004") == "nl"
    before = _preview(client)
    assert "Eerste herinnering" in before and "Deze eerste herinnering is kosteloos." in before
    moved = _switch(client, "C004", "fr")
    assert moved.status_code == 303
    assert moved.headers["location"].endswith("/customers/C004#customer-language")
    assert _language_of(app, "C004") == "fr"
    with app.uow() as uow:
        changed = AuditRow.action == "customer.language"
        audited = uow.session.scalars(select(AuditRow.details).where(changed)).all()
    assert audited == ["nl -> fr"]
    page = client.get("/customers/C004").text
    assert '<option value="fr" selected>Français</option>' in page
    assert "The customer's language changed by" in _text(page)  # in the timeline
    after = _preview(client)
    assert "Premier rappel" in after and "Ce premier rappel est gratuit." in after
    assert "Vous disposez d'un délai de quatorze jours calendrier" in after
    assert "kosteloos" not in after


def test_an_unknown_language_is_refused_on_the_page_and_nothing_changes(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    refused = _switch(client, "C004", "de")
    assert refused.status_code == 422
    assert "nl, en, fr" in _text(refused.text)
    assert _language_of(app, "C004") == "nl"


def test_a_read_only_user_cannot_change_the_language(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    add_user(app, "sam", Role.SALES, (acme.id or 0,))
    sign_in(anonymous, "sam")
    page = anonymous.get("/customers/C004").text
    assert 'name="language"' not in page.split('id="customer-language"')[1].split("</section>")[0]
    assert _switch(anonymous, "C004", "fr").status_code == 403
    assert _language_of(app, "C004") == "nl"


def test_the_api_sets_the_language(app: Tijdig, anonymous: TestClient, acme: Company) -> None:
    headers = bearer(token_for(app, "api", Role.CREDIT_CONTROLLER, (acme.id or 0,)))
    answer = anonymous.put("/api/v1/customers/C004/language", json={"language": "fr"},
                           params={"company": "ACME"}, headers=headers)  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.json()["language"] == "fr" and _language_of(app, "C004") == "fr"
    wrong = anonymous.put("/api/v1/customers/C004/language", json={"language": "de"},
                          params={"company": "ACME"}, headers=headers)  # fmt: skip
    assert wrong.status_code == 422 and _language_of(app, "C004") == "fr"
