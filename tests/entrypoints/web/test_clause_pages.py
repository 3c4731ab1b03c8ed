"""The damages clause for Belgian consumers in the workspace: the company's terms on the
settings page (an administrator changes them), a customer's own contract clause on the
customer's page (a credit controller changes it). A clause above the Book XIX caps is
refused, the cap named next to the field in the user's language, and nothing stored;
a valid one is shown, audited and cited in the first reminder's preview."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import FrozenClock
from tijdig.bootstrap import Tijdig
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.domain.users import Role
from tijdig.services.companies import clauses, company_settings
from tijdig.services.companies.companies import add_company
from tijdig.services.companies.company_settings import CompanyDetails

from .conftest import TestClient, add_customers, add_invoices, add_user, csrf_of, invoice, sign_in

TODAY = date(2026, 12, 6)
SETUP = "test setup"
TERMS = {
    "reference": "artikel 7 van onze algemene voorwaarden",
    "text": "Bij niet-betaling op de vervaldag is een schadevergoeding verschuldigd.",
    "damages": "percent", "damages_percent": "8", "damages_minimum": "20,00",
    "damages_maximum": "100", "interest_rate": "8,5",
}  # fmt: skip
OWN = {
    "reference": "artikel 3 van het huurcontract",
    "text": "De huurder betaalt de wettelijke maximumvergoeding.",
    "damages": "scale", "interest_rate": "",
}  # fmt: skip


@pytest.fixture
def acme(app: Tijdig, acme: Company, frozen_clock: FrozenClock) -> Company:
    """ACME (conftest) with its KvK number (the first reminder names it) and C004, a
    Belgian consumer with an overdue invoice of EUR 400; today is 6 December 2026."""
    now = frozen_clock.set(TODAY)
    details = CompanyDetails(acme.name, "Kade 1, Amsterdam", "debiteuren@acme.nl", "",
                             "12345678", "", 30, True, "")  # fmt: skip
    acme = company_settings.update_company(app.uow(), acme, details, actor="test", at=now)
    add_customers(app, acme, [Customer("C004", "Els Peeters", kind=CustomerKind.CONSUMER,
                                       country="BE", email="els@peeters.example")])  # fmt: skip
    add_invoices(app, acme, [invoice("F-009", "C004", date(2026, 10, 1), date(2026, 10, 31),
                                     "400.00")])  # fmt: skip
    return acme


TERMS_CLAUSE = DamagesClause(TERMS["reference"], TERMS["text"], Decimal("8.5"), Decimal(8),
                             Decimal(20), Decimal(100))  # fmt: skip


def _set(app: Tijdig, company: Company, clause: DamagesClause) -> None:
    clauses.set_clause(app.uow(), company, clause, actor=SETUP,
                       now=datetime(2026, 12, 6, 9, tzinfo=UTC), today=TODAY)  # fmt: skip


def _post(client: TestClient, url: str, data: dict[str, Any], page: str) -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def _stored(app: Tijdig, company: Company, customer: str | None = None) -> DamagesClause | None:
    found = clauses.clause_in_force(app.uow(), company, customer_number=customer)
    return found.clause if customer is None or found.own else None


def _audit(app: Tijdig, company: Company) -> list[tuple[str, str, str]]:
    """The audit entries of the pages (not those of the clauses a test set itself)."""
    with app.uow() as uow:
        entries = uow.audit.for_company(company.id or 0)
    return sorted((e.action, e.actor, e.subject) for e in entries if e.actor not in (SETUP, "test"))


def _text(page: str) -> str:
    """The page's text, tags dropped and white space folded, for phrases that span tags."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _field_error(page: str, field: str) -> str:
    """The error shown next to the field: the input refers to it, and it follows it."""
    found = re.search(
        rf'name="{field}"[^>]*aria-invalid="true"[^>]*aria-describedby="clause-{field}-error"'
        rf'[^>]*>.*?<p class="form-error field-error" id="clause-{field}-error"[^>]*>(.*?)</p>',
        page, re.S,
    )  # fmt: skip
    assert found, f"no error shown next to {field}"
    return " ".join(html.unescape(found.group(1)).split())


def _dutch(client: TestClient) -> None:
    token = csrf_of(client.get("/settings").text)
    client.post("/me/language", data={"csrf_token": token, "language": "nl", "next": "/"})


def test_an_admin_sets_the_companys_clause_it_is_shown_and_cited(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    before = _text(client.get("/settings").text)
    assert "Damages clause for Belgian consumers" in before
    assert "nothing is announced or claimed from Belgian consumers" in before
    saved = _post(client, "/settings/clause", TERMS, "/settings")
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"].endswith("/settings?done=clause#clause")
    assert _stored(app, acme) == TERMS_CLAUSE
    shown = _text(client.get(saved.headers["location"]).text)
    assert "Clause saved." in shown
    assert "artikel 7 van onze algemene voorwaarden" in shown and TERMS["text"] in shown
    assert "8 % of the balance, at least €20.00, at most €100.00" in shown
    assert "8.5 % a year, never above the Late Payment Act rate" in shown
    assert _audit(app, acme) == [("clause.set", "admin (web)", "company ACME")]
    # Used: the Belgian consumer's first reminder announces the damages and cites it.
    preview = client.get("/settings/templates/preview",
                         params={"step": "first_reminder", "customer": "C004"})  # fmt: skip
    letter = _text(preview.text)
    assert "een schadevergoeding van € 32,00 en verwijlinterest van 8,5% per jaar" in letter
    assert "volgens artikel 7 van onze algemene voorwaarden" in letter and TERMS["text"] in letter


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("10,5", Decimal("10.5")), ("10.5", Decimal("10.5")), ("8,125", Decimal("8.125")),
     (" 9 % ", Decimal(9)), ("", None)],
)  # fmt: skip
def test_a_rate_is_read_as_people_type_it(
    client: TestClient, app: Tijdig, acme: Company, typed: str, stored: Decimal | None
) -> None:
    data = TERMS | {"interest_rate": typed, "damages": "none"}
    assert _post(client, "/settings/clause", data, "/settings").status_code == 303
    found = _stored(app, acme)
    assert found is not None and found.interest_rate == stored and not found.agrees_damages


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"damages_percent": "12", "damages_maximum": ""}, "damages_percent",
         "On a balance of €571.46 the clause gives €68.58, above the cap of €68.57 "
         "(€65 + 5 % of the part above €500; Book XIX WER, art. XIX.4 (Act of 4 May 2023))."),
        ({"damages_minimum": "25"}, "damages_minimum",
         "above the cap of €20.00 (€20 for a balance up to €150; Book XIX WER"),
        ({"damages_percent": "5", "damages_minimum": "", "damages_maximum": ""},
         "damages_percent", "above the cap of €2,000.00 (at most €2,000.00 in all; Book XIX"),
        ({"interest_rate": "10,6"}, "interest_rate",
         "10.6 % is above the cap: the Late Payment Act rate, 10.5 % from 1 Jan 2026 "
         "(Book XIX WER"),
        ({"damages_maximum": "2,0001"}, "damages_maximum",
         "2,0001 has more than two decimals: amounts are in euros and cents"),
        ({"damages_percent": "veel"}, "damages_percent", "“veel” is not a number"),
        ({"damages_minimum": "-5"}, "damages_minimum", "-5 cannot be negative"),
        ({"reference": "  "}, "reference", "Say where the clause is"),
    ],
)  # fmt: skip
def test_a_clause_above_the_caps_is_refused_next_to_the_field_and_nothing_is_stored(
    client: TestClient, app: Tijdig, acme: Company, values: dict[str, str], field: str,
    words: str,
) -> None:  # fmt: skip
    refused = _post(client, "/settings/clause", TERMS | values, "/settings")
    assert refused.status_code == 422
    assert words in _field_error(refused.text, field)
    for name, typed in values.items():  # what was typed is shown again
        assert f'name="{name}" value="{html.escape(typed.strip())}"' in refused.text or (
            name == "reference")  # fmt: skip
    assert _stored(app, acme) is None and _audit(app, acme) == []


def test_the_cap_is_named_in_dutch_to_a_dutch_user(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    _dutch(client)
    assert "Schadebeding voor Belgische consumenten" in client.get("/settings").text
    refused = _post(client, "/settings/clause", TERMS | {"damages_percent": "12",
                    "damages_maximum": ""}, "/settings")  # fmt: skip
    assert _field_error(refused.text, "damages_percent") == (
        "Op een saldo van € 571,46 geeft het beding € 68,58, boven het maximum van € 68,57 "
        "(€ 65 + 5% van het deel boven € 500; Boek XIX WER, art. XIX.4 (wet van 4 mei 2023))."
    )
    interest = _post(client, "/settings/clause", TERMS | {"interest_rate": "10,6"}, "/settings")
    assert (
        "10,6% ligt boven het maximum: de rentevoet van de wet betalingsachterstand, "
        "10,5% vanaf 1 jan 2026" in _field_error(interest.text, "interest_rate")
    )
    assert _post(client, "/settings/clause", TERMS, "/settings").status_code == 303
    shown = _text(client.get("/settings").text)
    assert "8% van het saldo, minstens € 20,00, hoogstens € 100,00" in shown
    assert 'name="interest_rate" value="8,5"' in client.get("/settings").text  # as typed


def test_an_admin_removes_the_companys_clause(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    assert _post(client, "/settings/clause", TERMS, "/settings").status_code == 303
    removed = _post(client, "/settings/clause/remove", {}, "/settings")
    assert removed.status_code == 303 and "done=clause_removed" in removed.headers["location"]
    assert _stored(app, acme) is None
    assert "Clause removed." in client.get(removed.headers["location"]).text
    assert [action for action, *_ in _audit(app, acme)] == ["clause.remove", "clause.set"]


def test_others_read_the_companys_clause_but_only_an_admin_changes_it(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    _set(app, acme, TERMS_CLAUSE)
    for username, role in [("carla", Role.CREDIT_CONTROLLER), ("sam", Role.SALES)]:
        add_user(app, username, role, (acme.id or 0,))
        sign_in(anonymous, username)
        page = anonymous.get("/settings").text
        assert "artikel 7 van onze algemene voorwaarden" in page
        assert "Save clause" not in page and "Remove the clause" not in page
        for url in ("/settings/clause", "/settings/clause/remove"):
            assert _post(anonymous, url, OWN, "/settings").status_code == 403, (username, url)
        anonymous.cookies.clear()
    assert _stored(app, acme) == TERMS_CLAUSE and _audit(app, acme) == []


def test_a_credit_controller_sets_a_customers_own_clause_which_wins(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    _set(app, acme, TERMS_CLAUSE)
    add_user(app, "carla", Role.CREDIT_CONTROLLER, (acme.id or 0,))
    sign_in(anonymous, "carla")
    page = "/customers/C004"
    before = _text(anonymous.get(page).text)
    assert "Damages clause for Belgian consumers" in before
    assert "In force The company's terms" in before and "artikel 7 van onze" in before
    saved = _post(anonymous, "/customers/C004/clause", OWN, page)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"].endswith("/customers/C004?clause=saved#clause")
    shown = _text(anonymous.get(saved.headers["location"]).text)
    assert "Clause saved." in shown and "In force The customer's own contract" in shown
    assert "The Book XIX maximum" in shown and "No interest" in shown
    assert _stored(app, acme, "C004") == DamagesClause(OWN["reference"], OWN["text"],
                                                       legal_scale=True)  # fmt: skip
    assert _stored(app, acme) == TERMS_CLAUSE  # the company's terms stay
    preview = anonymous.get("/settings/templates/preview",
                            params={"step": "first_reminder", "customer": "C004"})  # fmt: skip
    letter = _text(preview.text)
    assert "volgens artikel 3 van het huurcontract" in letter and "artikel 7" not in letter
    assert "een schadevergoeding van € 55,00" in letter  # the Book XIX maximum on EUR 400
    refused = _post(anonymous, "/customers/C004/clause", TERMS | {"interest_rate": "11"}, page)
    assert refused.status_code == 422
    assert "11 % is above the cap" in _field_error(refused.text, "interest_rate")
    assert "Els Peeters" in refused.text  # the customer's page, with the refusal
    removed = _post(anonymous, "/customers/C004/clause/remove", {}, page)
    assert removed.headers["location"].endswith("/customers/C004?clause=removed#clause")
    assert _stored(app, acme, "C004") is None
    assert "In force The company's terms" in _text(anonymous.get(page).text)
    assert _audit(app, acme) == [
        ("clause.remove", "carla (web)", "customer C004"),
        ("clause.set", "carla (web)", "customer C004"),
    ]


def test_sales_reads_a_customers_clause_but_cannot_change_it(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    _set(app, acme, TERMS_CLAUSE)
    add_user(app, "sam", Role.SALES, (acme.id or 0,))
    sign_in(anonymous, "sam")
    page = anonymous.get("/customers/C004").text
    assert "artikel 7 van onze algemene voorwaarden" in page and "Save clause" not in page
    for url in ("/customers/C004/clause", "/customers/C004/clause/remove"):
        assert _post(anonymous, url, OWN, "/customers/C004").status_code == 403, url
    assert _stored(app, acme, "C004") is None and _audit(app, acme) == []


def test_only_a_belgian_consumers_page_shows_the_clause(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    assert "Damages clause" not in client.get("/customers/C001").text  # Dutch business
    assert "Damages clause" not in client.get("/customers/C003").text  # Belgian business
    assert "No clause: nothing is announced" in _text(client.get("/customers/C004").text)


def test_another_companys_clause_is_not_found_nor_changed(
    anonymous: TestClient, app: Tijdig, acme: Company
) -> None:
    beta = add_company(
        app.uow(),
        Company("BETA", "Beta BV", country="BE"),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    add_customers(app, beta, [Customer("B001", "Jan Claes", kind=CustomerKind.CONSUMER,
                                       country="BE")])  # fmt: skip
    _set(app, beta, TERMS_CLAUSE)
    add_user(app, "carla", Role.CREDIT_CONTROLLER, (acme.id or 0,))
    sign_in(anonymous, "carla")
    assert anonymous.get("/customers/B001", params={"company": "BETA"}).status_code == 404
    assert anonymous.get("/customers/B001").status_code == 404
    for url in ("/customers/B001/clause?company=BETA", "/customers/B001/clause",
                "/customers/B001/clause/remove?company=BETA", "/settings/clause?company=BETA",
                "/settings/clause/remove?company=BETA"):  # fmt: skip
        response = _post(anonymous, url, OWN, "/settings")
        assert response.status_code == 404, (url, response.status_code)
        assert "Jan Claes" not in response.text and "Beta BV" not in response.text
    assert _stored(app, beta) == TERMS_CLAUSE and _stored(app, beta, "B001") is None
    assert _audit(app, beta) == []


ODD_FIGURES = ("99999999999999999999", "999999999,99", "1e5", "NaN", "Infinity", "-0",
               "0,00001", "1.000.000,00", "€ 20", "20 %", ",5", "x" * 30, "٣")  # fmt: skip


def test_odd_figures_are_refused_or_kept_never_a_server_error(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    """Every figure field of both forms gets odd numbers; reference and text get the
    longest they may be: the answer is a saved clause or a refusal, never an error."""
    answers = []
    for url, page in (("/settings/clause", "/settings"),
                      ("/customers/C004/clause", "/customers/C004")):  # fmt: skip
        token = csrf_of(client.get(page).text)
        for name in ("damages_percent", "damages_minimum", "damages_maximum", "interest_rate"):
            for odd in ODD_FIGURES:
                data = TERMS | {"damages_percent": "0", "damages_minimum": "",
                                "interest_rate": "", name: odd, "csrf_token": token}  # fmt: skip
                response = client.post(url, data=data, follow_redirects=False)
                answers.append((response.status_code, url, name, odd))
        longest = TERMS | {"reference": "é" * 201, "text": "x" * 10_000, "csrf_token": token}
        refused = client.post(url, data=longest, follow_redirects=False)
        assert "at most 200 characters" in _field_error(refused.text, "reference")
        kept = client.post(url, data=longest | {"reference": "é" * 200}, follow_redirects=False)
        assert kept.status_code == 303, kept.text
    assert not [a for a in answers if a[0] not in {303, 422}], answers
    assert {a[0] for a in answers} == {303, 422}
