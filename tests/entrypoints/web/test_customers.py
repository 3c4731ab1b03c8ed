"""The customer list and the customer page through TestClient: filters and pages, the
file (S0-2), invoice copies, the one-click re-send, and every line that must hold:
another company's data, a read-only role, a missing CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from httpx import Response

from tests.entrypoints.web.app_pool import web_app
from tijdig.bootstrap import Tijdig
from tijdig.config import Settings
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.parties import Company, Contact, ContactRole, Customer
from tijdig.domain.users import Role
from tijdig.services.companies.companies import add_company
from tijdig.services.records import disputes, promises

from .conftest import (
    AS_OF,
    TestClient,
    add_customers,
    add_invoices,
    add_user,
    csrf_of,
    invoice,
    seed_acme,
    sign_in,
)

PARAMS = {"as_of": AS_OF.isoformat()}
SENDER = "Acme <debiteuren@acme.nl>"
JANSEN = Customer(
    "C001", "Bakkerij Jansen", email="info@jansen.nl",
    contacts=(
        Contact("Eline Bos", ContactRole.ACCOUNTS_PAYABLE, "crediteuren@jansen.nl",
                last_verified=date(2024, 1, 10)),
        Contact("Piet Jansen", ContactRole.MANAGEMENT, phone="0612345678",
                last_verified=date(2026, 1, 5)),
    ),
)  # fmt: skip


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    return tmp_path / "mail"


@pytest.fixture
def web(database_url: str, mail_dir: Path) -> Iterator[TestClient]:
    """The app with its mail going to a folder of the test, not signed in."""
    settings = Settings(database_url=database_url, mail_dir=mail_dir, mail_from=SENDER)
    with web_app(settings) as warm, TestClient(warm) as client:
        yield client


@pytest.fixture
def acme(app: Tijdig) -> Company:
    company = seed_acme(app)
    add_customers(app, company, [JANSEN])  # the contacts and an e-mail address
    return company


def signed_in_as(web: TestClient, app: Tijdig, role: Role, company_ids: tuple[int, ...]) -> None:
    add_user(app, role.value.replace("_", "-"), role, company_ids)
    sign_in(web, role.value.replace("_", "-"))


@pytest.fixture
def controller(web: TestClient, app: Tijdig, acme: Company) -> TestClient:
    assert acme.id is not None
    signed_in_as(web, app, Role.CREDIT_CONTROLLER, (acme.id,))
    return web


def names_in(html: str) -> list[str]:
    return re.findall(r'class="customer-name" href="[^"]+">([^<]+)</a>', html)


# --- the list ---------------------------------------------------------------------------


def test_the_list_shows_each_customer_linked_in_the_services_order(
    controller: TestClient,
) -> None:
    """The order, search and filters are the read model's (tests/services/read_models/
    test_customer_list.py); the page shows them, links each customer and counts."""
    response = controller.get("/customers", params=PARAMS)
    assert response.status_code == 200
    assert names_in(response.text) == ["Van Dijk Bouw B.V.", "Bakkerij Jansen", "Peeters NV"]
    assert "1–3 of 3 customers" in response.text
    # on the day chosen: the customer's page keeps it (issue 15)
    assert f'href="http://testserver/customers/C002?as_of={PARAMS["as_of"]}"' in response.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "jans"}, ["Bakkerij Jansen"]),
        ({"hold": "true"}, ["Van Dijk Bouw B.V."]),
        ({"overdue": "true", "q": "peeters"}, ["Peeters NV"]),
        ({"q": "%"}, []),
    ],
)
def test_the_lists_query_reaches_the_filter(
    controller: TestClient, params: dict[str, str], expected: list[str]
) -> None:
    response = controller.get("/customers", params=PARAMS | params)
    assert response.status_code == 200
    assert names_in(response.text) == expected
    if not expected:
        assert "No customer matches." in response.text


def test_the_list_is_paged_with_page_and_size(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    add_customers(app, acme, [Customer(f"Q{n:03d}", f"Stil {n:03d}") for n in range(60)])
    for page in (1, 2, 3):
        html = controller.get("/customers", params=PARAMS | {"size": 25, "page": page}).text
        assert f"Page {page} of 3" in html
        assert len(names_in(html)) == (25 if page < 3 else 13)
    last = controller.get("/customers", params=PARAMS | {"size": 25, "page": 3}).text
    assert "51–63 of 63 customers" in last and 'rel="next"' not in last
    assert 'rel="next"' in controller.get("/customers", params=PARAMS | {"size": 25}).text
    beyond = controller.get("/customers", params=PARAMS | {"size": 25, "page": 9}).text
    assert names_in(beyond) == []


@pytest.mark.parametrize(
    ("params", "field"), [({"page": "0"}, "page"), ({"size": "7"}, "size"), ({"q": "x" * 101}, "q")]
)
def test_bad_list_parameters_are_refused_naming_the_field(
    controller: TestClient, params: dict[str, str], field: str
) -> None:
    response = controller.get("/customers", params=params)
    assert response.status_code == 422
    assert field in response.text


# --- the customer page ----------------------------------------------------------------------


def test_the_customer_page_shows_the_file(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    made = datetime(2026, 3, 12, 10, tzinfo=UTC)
    disputes.open_dispute(app.uow(), acme, "F-001", ReasonCode.INVOICE_INCORRECT,
                          note="wrong price", as_of=date(2026, 3, 10), actor="test",
                          at=made)  # fmt: skip
    promises.add_promise(app.uow(), acme, "C001", date(2026, 3, 20), made_at=made,
                         actor="test", at=made)  # fmt: skip
    response = controller.get("/customers/C001", params=PARAMS)
    assert response.status_code == 200
    html = response.text
    assert "<h1>Bakkerij Jansen" in html
    row = re.search(r'<tr data-invoice="F-001">.*?</tr>', html, re.S)
    assert row is not None
    assert ">43<" in row.group(0)  # days late
    assert "disputed" in row.group(0)
    assert "/customers/C001/invoices/F-001/copy" in row.group(0)
    assert "Re-send" in row.group(0)
    assert "not yet due" in html  # F-002
    assert "stale: verify" in html  # Eline Bos, verified in January 2024
    assert html.count("stale: verify") == 1
    assert "accounts payable" in html
    assert "Invoice F-001: Invoice incorrect" in html and "wrong price" in html
    assert "Promise to pay everything overdue by 20 Mar 2026." in html  # the log, in words
    assert "Next planned step" in html


def test_the_customer_page_speaks_dutch(web: TestClient, app: Tijdig, acme: Company) -> None:
    assert acme.id is not None
    signed_in_as(web, app, Role.CREDIT_CONTROLLER, (acme.id,))
    web.post("/me/language", data={"language": "nl", "csrf_token": csrf_of(web.get("/").text)})
    html = web.get("/customers/C001", params=PARAMS).text
    assert '<html lang="nl">' in html
    for text in ("Openstaande facturen", "Volgende geplande stap", "Contactpersonen", "Tijdlijn",
                 "verouderd: controleren", "Opnieuw sturen", "1.210,00"):  # fmt: skip
        assert text in html, text
    listing = web.get("/customers", params=PARAMS).text
    assert "Zoek op nummer of naam" in listing and "1–3 van 3 klanten" in listing


def test_a_customer_without_history_has_an_empty_timeline(controller: TestClient) -> None:
    html = controller.get("/customers/C003", params=PARAMS).text
    assert "No contacts, agreements or reminders recorded yet." in html
    assert "No invoice was paid in the last twelve months." in html


# --- another company's data -------------------------------------------------------------------


@pytest.fixture
def beta(app: Tijdig) -> Company:
    company = add_company(
        app.uow(),
        Company("BETA", "Beta BV", country="BE"),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    add_customers(app, company, [Customer("B001", "Geheim NV", email="x@geheim.be")])
    add_invoices(app, company, [invoice("B-1", "B001", date(2026, 1, 1), date(2026, 1, 31), "99")])
    return company


@pytest.mark.parametrize(
    "path",
    [
        "/customers?company=BETA",
        "/customers/B001?company=BETA",
        "/customers/B001",
        "/customers/B001/invoices/B-1/copy",
        "/customers/B001/invoices/B-1/copy?company=BETA",
        "/customers/C001/invoices/B-1/copy",
    ],
)
def test_a_user_of_one_company_cannot_see_another(
    controller: TestClient, beta: Company, path: str
) -> None:
    response = controller.get(path)
    assert response.status_code == 404
    assert "Geheim" not in response.text


# --- invoice copies -------------------------------------------------------------------------------


def test_the_copy_is_drawn_up_when_no_pdf_is_stored(controller: TestClient) -> None:
    response = controller.get("/customers/C001/invoices/F-001/copy")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "invoice-F-001.pdf" in response.headers["content-disposition"]


def test_the_stored_pdf_is_served_as_it_was_imported(
    controller: TestClient, app: Tijdig, acme: Company
) -> None:
    assert acme.id is not None
    original = b"%PDF-1.4 the original\n%%EOF"
    with app.uow() as uow:
        [f001] = [i for i in uow.invoices.search(acme.id) if i.number == "F-001"]
        assert f001.id is not None
        uow.invoices.attach(acme.id, f001.id, filename="F-001.pdf", mime_type="application/pdf",
                            content=original, is_copy=True)  # fmt: skip
        uow.commit()
    assert controller.get("/customers/C001/invoices/F-001/copy").content == original


# --- re-send in one click ---------------------------------------------------------------


def _resend(
    client: TestClient, token: str, key: str = "form-key-0123456789ab", **headers: str
) -> Response:
    return client.post(
        "/customers/C001/invoices/F-001/resend",
        data={"csrf_token": token, "form_key": key},
        headers=headers,
        follow_redirects=False,
    )


def test_resend_answers_htmx_with_what_became_of_it_and_the_timeline_shows_it(
    controller: TestClient, app: Tijdig, acme: Company, mail_dir: Path
) -> None:
    """What is mailed, logged and audited, once per form: tests/services/collection/
    test_invoice_resend.py. Here: the fragment, a double click, the timeline."""
    page = controller.get("/customers/C001", params=PARAMS).text
    token = csrf_of(page)
    key = re.search(r'name="form_key" value="([^"]+)"', page)
    assert key is not None
    first = _resend(controller, token, key.group(1), **{"HX-Request": "true"})
    assert first.status_code == 200
    assert "Sent to crediteuren@jansen.nl" in first.text
    again = _resend(controller, token, key.group(1), **{"HX-Request": "true"})  # a double click
    assert "Already sent to crediteuren@jansen.nl" in again.text
    assert len(list(mail_dir.glob("*.eml"))) == 1
    html = controller.get("/customers/C001", params=PARAMS).text
    assert "Invoice copy sent again by" in html  # the audit log, on the timeline
    assert "Copy of invoice F-001 e-mailed" in html


def test_a_resend_the_mail_server_refuses_for_now_says_it_is_queued_and_why(
    database_url: str, app: Tijdig, acme: Company, tmp_path: Path
) -> None:
    assert acme.id is not None
    settings = Settings(database_url=database_url, mail_dir=tmp_path / "mail")  # no sender
    with web_app(settings) as warm, TestClient(warm) as client:
        signed_in_as(client, app, Role.ADMIN, ())
        token = csrf_of(client.get("/customers/C001", params=PARAMS).text)
        response = _resend(client, token, **{"HX-Request": "true"})
    assert "Queued for crediteuren@jansen.nl" in response.text
    assert "no sender address" in response.text


def test_resend_without_htmx_redirects_back_to_the_customer(
    controller: TestClient, mail_dir: Path
) -> None:
    token = csrf_of(controller.get("/customers/C001", params=PARAMS).text)
    response = _resend(controller, token)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/customers/C001?sent=F-001")
    followed = controller.get(response.headers["location"])
    assert "The copy of invoice F-001 was e-mailed." in followed.text


def test_a_sales_user_gets_no_resend_button(web: TestClient, app: Tijdig, acme: Company) -> None:
    """Its 403 is test_routes.py's."""
    assert acme.id is not None
    signed_in_as(web, app, Role.SALES, (acme.id,))
    assert "Re-send" not in web.get("/customers/C001", params=PARAMS).text


def test_resend_without_the_csrf_token_is_refused(controller: TestClient, mail_dir: Path) -> None:
    response = controller.post(
        "/customers/C001/invoices/F-001/resend", data={"form_key": "form-key-0123456789ab"}
    )
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert not mail_dir.exists() or not any(mail_dir.iterdir())


def test_the_list_without_a_date_looks_from_today(controller: TestClient) -> None:
    response = controller.get("/customers")
    assert response.status_code == 200
    assert len(names_in(response.text)) == 3
