"""The debtor portal through HTTP: the page, copies, reporting a problem, promising a
date, and every way a link or a form can be wrong."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import jinja2
import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import update

from tijdig.adapters.db.schema.ledger import CustomerRow
from tijdig.adapters.security.links import PORTAL_SALT, PortalKey, PortalLinks
from tijdig.bootstrap import Tijdig
from tijdig.domain.calendar import is_business_day
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.parties import BankAccount, Company, Customer, Language
from tijdig.domain.portal import PortalSettings
from tijdig.entrypoints.web import i18n
from tijdig.entrypoints.web.deps import today
from tijdig.entrypoints.web.rendering import TEMPLATES_DIR
from tijdig.entrypoints.web.ui import portal_forms as forms
from tijdig.services.access.users import installation_secret
from tijdig.services.companies.companies import add_company

from .conftest import add_customers, add_invoices, csrf_of, invoice

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

KENMERK = "1567890123456789"
LINK = "https://pay.example/?ref={reference}&amount={amount}"


def seed(app: Tijdig) -> Company:
    """A company with a bank account and a payment link; two customers, one English."""
    company = add_company(
        app.uow(),
        Company("ZON", "Zonnig Groothandel B.V.", bank_accounts=(BankAccount(
            "NL91ABNA0417164300", "ABNANL2A"),), email="debiteuren@zonnig.nl"),
        validate=False, actor="test", at=datetime.now(UTC),
    )  # fmt: skip
    assert company.id is not None
    add_customers(app, company, [
        Customer("K1", "Bakkerij Jansen"),
        Customer("K2", "Smith Ltd", language=Language.EN),
    ])  # fmt: skip
    add_invoices(app, company, [
        invoice("F-001", "K1", date(2026, 1, 1), date(2026, 1, 31), "1210.00",
                payment_reference=KENMERK),
        invoice("F-002", "K1", date(2026, 3, 1), date(2026, 3, 31), "605.00"),
        invoice("F-100", "K2", date(2026, 2, 1), date(2026, 3, 3), "99.00"),
    ])  # fmt: skip
    with app.uow() as uow:
        uow.portal.save(company.id, PortalSettings(payment_link=LINK), datetime.now(UTC))
        uow.commit()
    return company


@pytest.fixture
def zon(app: Tijdig) -> Company:
    return seed(app)


def ids(app: Tijdig, company: Company) -> dict[str, int]:
    assert company.id is not None
    with app.uow() as uow:
        found = dict(uow.customers.ids_by_number(company.id))
        found |= {i.number: i.id or 0 for i in uow.invoices.search(company.id)}
    return found


def link(app: Tijdig, company: Company, customer: str = "K1") -> str:
    assert company.id is not None
    token = app.portal_links().token(PortalKey(company.id, ids(app, company)[customer]))
    return f"/portal/{token}"


def secret(app: Tijdig) -> str:
    return installation_secret(app.uow(), "portal", at=datetime.now(UTC))


def next_working_day(after: date) -> date:
    day = after + timedelta(days=1)
    while not is_business_day(day, "NL"):
        day += timedelta(days=1)
    return day


def _unavailable(response: object, status: int) -> None:
    text = response.text  # type: ignore[attr-defined]
    assert response.status_code == status, text  # type: ignore[attr-defined]
    assert f'data-status="{status}"' in text
    for secret_word in ("Zonnig", "Bakkerij", "F-001", "K1"):
        assert secret_word not in text


# --- the page -------------------------------------------------------------------------


def test_the_page_shows_the_open_invoices_references_qr_codes_and_pay_links(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    response = anonymous.get(link(app, zon))
    assert response.status_code == 200
    html = response.text
    assert "Uw facturen" in html and "Zonnig Groothandel B.V." in html  # Dutch: K1's language
    assert 'data-invoice="F-001"' in html and 'data-invoice="F-002"' in html
    assert "F-100" not in html  # another customer's
    assert "1567 8901 2345 6789" in html  # the kenmerk, grouped
    assert "NL91 ABNA 0417 1643 00" in html
    assert html.count("<svg") == 1  # the total's QR; each invoice's is on its pay page
    assert "https://pay.example/?ref=K1&amp;amount=1815.00" in html
    assert 'rel="noopener noreferrer"' in html
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"
    assert 'name="viewport"' in html and "portal.css" in html
    assert "mainnav" not in html  # no workspace navigation


def test_each_invoice_has_a_pay_page_with_its_reference_qr_code_and_link(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    known = ids(app, zon)
    pay = anonymous.get(f"{link(app, zon)}/invoices/{known['F-001']}/pay")
    assert pay.status_code == 200
    assert pay.text.count("<svg") == 1 and 'viewBox="0 0 ' in pay.text
    assert "1567 8901 2345 6789" in pay.text and "Betalingskenmerk" in pay.text
    assert f"https://pay.example/?ref={KENMERK}&amp;amount=1210.00" in pay.text
    no_reference = anonymous.get(f"{link(app, zon)}/invoices/{known['F-002']}/pay").text
    assert "Omschrijving" in no_reference and "Factuur F-002" in no_reference
    _unavailable(anonymous.get(f"{link(app, zon)}/invoices/{known['F-100']}/pay"), 404)


def test_an_english_customer_reads_english(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    html = anonymous.get(link(app, zon, "K2")).text
    assert "Your invoices" in html and "Report a problem" in html


def test_the_portal_is_not_in_the_openapi_schema(anonymous: TestClient) -> None:
    assert "/portal" not in anonymous.get("/openapi.json").text


def test_an_invoice_copy_is_drawn_up_or_the_stored_pdf(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    known = ids(app, zon)
    drawn = anonymous.get(f"{link(app, zon)}/invoices/{known['F-002']}/copy")
    assert drawn.status_code == 200 and drawn.content.startswith(b"%PDF")
    assert drawn.headers["content-type"] == "application/pdf"
    assert 'filename="factuur-F-002.pdf"' in drawn.headers["content-disposition"]
    with app.uow() as uow:
        uow.invoices.attach(zon.id or 0, known["F-001"], filename="F-001.pdf",
                            mime_type="application/pdf", content=b"%PDF-original",
                            is_copy=True)  # fmt: skip
        uow.commit()
    stored = anonymous.get(f"{link(app, zon)}/invoices/{known['F-001']}/copy")
    assert stored.content == b"%PDF-original"
    _unavailable(anonymous.get(f"{link(app, zon)}/invoices/{known['F-100']}/copy"), 404)


# --- links that open nothing ----------------------------------------------------------


def test_a_tampered_token_shows_the_polite_page(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    url = link(app, zon)
    tampered = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    _unavailable(anonymous.get(tampered), 404)
    _unavailable(anonymous.get("/portal/not-a-token"), 404)
    _unavailable(anonymous.get("/portal/" + "x" * 5000), 404)


def test_a_token_signed_with_another_secret_or_salt_opens_nothing(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    key = PortalKey(zon.id or 0, ids(app, zon)["K1"])
    other_secret = PortalLinks("another installation's secret").token(key)
    _unavailable(anonymous.get(f"/portal/{other_secret}"), 404)
    other_salt = URLSafeTimedSerializer(secret(app), salt="tijdig.other").dumps(
        [key.company_id, key.customer_id]
    )
    _unavailable(anonymous.get(f"/portal/{other_salt}"), 404)


class _SixtyOneDaysAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 61 * 86400


def test_an_expired_token_shows_the_polite_page(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    key = [zon.id or 0, ids(app, zon)["K1"]]
    serializer = URLSafeTimedSerializer(secret(app), salt=PORTAL_SALT, signer=_SixtyOneDaysAgo)
    expired = serializer.dumps(key)
    assert PortalLinks(secret(app), max_age_days=62).read(expired) is not None  # genuine
    response = anonymous.get(f"/portal/{expired}")
    _unavailable(response, 404)
    assert "expired" in response.text or "verlopen" in response.text


def test_an_anonymised_customer_or_a_disabled_portal_shows_the_polite_page(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    url = link(app, zon)
    with app.uow() as uow:
        uow.session.execute(update(CustomerRow).where(CustomerRow.number == "K1")
                            .values(anonymised_at=datetime.now(UTC)))  # fmt: skip
        uow.commit()
    _unavailable(anonymous.get(url), 404)
    with app.uow() as uow:
        uow.portal.save(zon.id or 0, PortalSettings(enabled=False), datetime.now(UTC))
        uow.commit()
    _unavailable(anonymous.get(link(app, zon, "K2")), 404)


def test_bad_tokens_are_rate_limited_per_address(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    good = link(app, zon)
    for n in range(9):
        assert anonymous.get(f"/portal/guess-{n}").status_code == 404
    assert anonymous.get(good).status_code == 200  # good links do not count
    assert anonymous.get("/portal/guess-10").status_code == 404  # the tenth bad one
    blocked = anonymous.get("/portal/guess-11")
    _unavailable(blocked, 429)
    assert 1 <= int(blocked.headers["retry-after"]) <= 61
    assert anonymous.get(good).status_code == 429  # the address waits, whatever it sends


# --- reporting a problem --------------------------------------------------------------


def _form(client: TestClient, url: str) -> str:
    return csrf_of(client.get(url).text)


def test_reporting_a_problem_opens_a_dispute_logged_and_audited(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    url, known = link(app, zon), ids(app, zon)
    token = _form(anonymous, url)
    response = anonymous.post(f"{url}/problem", data={
        "csrf_token": token, "invoice": str(known["F-001"]), "reason": "invoice_incorrect",
        "note": "De prijs klopt niet",
    }, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303
    done = anonymous.get(response.headers["location"])
    assert done.status_code == 200 and "F-001" in done.text and "Bedankt" in done.text
    with app.uow() as uow:
        dispute = uow.disputes.open_for(zon.id or 0, [known["F-001"]])[known["F-001"]]
        [event] = uow.contact_log.timeline(zon.id or 0, known["K1"])
        [entry] = uow.audit.for_customer(zon.id or 0, known["K1"])
    assert dispute.reason is ReasonCode.INVOICE_INCORRECT and dispute.note == "De prijs klopt niet"
    assert event.by == "portal" and event.reason is ReasonCode.INVOICE_INCORRECT
    assert (entry.actor, entry.action, entry.subject) == (
        "portal",
        "portal.dispute",
        "invoice F-001",
    )
    again = anonymous.get(url).text
    assert "U heeft een probleem gemeld" in again


def test_an_unknown_reason_code_is_refused_with_422_naming_the_field(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    url, known = link(app, zon), ids(app, zon)
    token = _form(anonymous, url)
    response = anonymous.post(f"{url}/problem", data={
        "csrf_token": token, "invoice": str(known["F-001"]), "reason": "angry",
    })  # fmt: skip
    assert response.status_code == 422
    assert 'data-field="reason"' in response.text
    with app.uow() as uow:
        assert uow.disputes.open_for(zon.id or 0, [known["F-001"]]) == {}


def test_another_customers_invoice_cannot_be_reported(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    url, known = link(app, zon), ids(app, zon)
    token = _form(anonymous, url)
    for invoice_field in (str(known["F-100"]), "abc"):
        response = anonymous.post(f"{url}/problem", data={
            "csrf_token": token, "invoice": invoice_field, "reason": "other",
        })  # fmt: skip
        assert response.status_code == 422 and 'data-field="invoice"' in response.text
    with app.uow() as uow:
        assert uow.disputes.open_for(zon.id or 0, [known["F-100"]]) == {}


def test_a_second_report_on_the_same_invoice_says_so(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    url, known = link(app, zon), ids(app, zon)
    token = _form(anonymous, url)
    data = {"csrf_token": token, "invoice": str(known["F-002"]), "reason": "other"}
    assert anonymous.post(f"{url}/problem", data=data, follow_redirects=False).status_code == 303
    again = anonymous.post(f"{url}/problem", data=data)
    assert again.status_code == 409, again.text
    assert "al een probleem gemeld" in again.text, re.findall(r"form-error.*\n.*", again.text)


def test_a_form_without_its_csrf_token_is_refused_with_403(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    url, known = link(app, zon), ids(app, zon)
    _form(anonymous, url)  # the cookie is there; the field is not
    for data in ({}, {"csrf_token": "forged"}):
        response = anonymous.post(f"{url}/problem", data={
            **data, "invoice": str(known["F-001"]), "reason": "other",
        })  # fmt: skip
        assert response.status_code == 403 and 'data-status="403"' in response.text
        promise = anonymous.post(f"{url}/promise", data={
            **data, "promised_date": next_working_day(today()).isoformat(),
        })  # fmt: skip
        assert promise.status_code == 403
    with app.uow() as uow:
        assert uow.disputes.open_for(zon.id or 0, [known["F-001"]]) == {}
        assert uow.promises.for_customer(zon.id or 0, known["K1"]) == []


def test_a_form_to_a_bad_link_gets_the_polite_page_and_counts(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    token = _form(anonymous, link(app, zon))
    response = anonymous.post("/portal/forged/promise", data={"csrf_token": token})
    _unavailable(response, 404)


# --- promising a date -----------------------------------------------------------------


def test_promising_a_date_records_it_logs_and_audits(
    anonymous: TestClient, app: Tijdig, zon: Company
) -> None:
    url, known = link(app, zon), ids(app, zon)
    day = next_working_day(today())
    token = _form(anonymous, url)
    response = anonymous.post(f"{url}/promise", data={
        "csrf_token": token, "promised_date": day.isoformat(),
    }, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303
    done = anonymous.get(response.headers["location"])
    assert done.status_code == 200 and "Bedankt" in done.text
    with app.uow() as uow:
        [promise] = uow.promises.for_customer(zon.id or 0, known["K1"])
        [event] = uow.contact_log.timeline(zon.id or 0, known["K1"])
        [entry] = uow.audit.for_customer(zon.id or 0, known["K1"])
    assert promise.promised_date == day and promise.amount is None
    assert event.by == "portal"
    assert (entry.actor, entry.action) == ("portal", "portal.promise")
    page = anonymous.get(url).text
    assert f'data-promise="{day.isoformat()}"' in page and 'name="promised_date"' not in page


@pytest.mark.parametrize(
    "offset",
    [
        pytest.param(-1, id="yesterday"),
        pytest.param(30, id="beyond-the-limit"),
        pytest.param(None, id="not-a-date"),
    ],
)
def test_a_promise_outside_the_limit_is_refused_with_422_naming_the_field(
    anonymous: TestClient, app: Tijdig, zon: Company, offset: int | None
) -> None:
    url, known = link(app, zon), ids(app, zon)
    value = "31-02-2026" if offset is None else (today() + timedelta(days=offset)).isoformat()
    token = _form(anonymous, url)
    response = anonymous.post(f"{url}/promise", data={"csrf_token": token, "promised_date": value})
    assert response.status_code == 422
    assert 'data-field="promised_date"' in response.text
    assert re.search(r'name="promised_date"[^>]*aria-invalid="true"', response.text)
    with app.uow() as uow:
        assert uow.promises.for_customer(zon.id or 0, known["K1"]) == []


def test_every_portal_text_has_a_dutch_translation() -> None:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    texts: set[str] = set(forms.REASONS.values()) | set(forms.MESSAGES.values())
    texts |= {forms.PROMISE_WINDOW, "Invoice", "Customer {customer}: {numbers}"}
    for template in (TEMPLATES_DIR / "portal").glob("*.html"):
        for _line, _function, message in env.extract_translations(template.read_text()):
            if isinstance(message, str):
                texts.add(message)
            elif message is not None:  # ngettext: (singular, plural, None)
                texts.add(message[0])  # the plural is checked below
    same = {"IBAN", "BIC"}
    missing = sorted(t for t in texts - same if i18n.gettext("nl", t) == t)
    assert not missing, missing
    assert (
        i18n.ngettext("nl", "%(num)d day late", "%(num)d days late", 2) == "%(num)d dagen te laat"
    )
