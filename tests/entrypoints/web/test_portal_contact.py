"""Confirming or correcting contact details in the debtor portal, through HTTP: the page
shows what the company writes to (and says when it bounces), a confirmation records the
day, a correction is validated (422 with the field named) and shown in the timeline."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company, Contact, ContactRole, Customer
from tijdig.domain.reasons import Code
from tijdig.entrypoints.web.deps import today
from tijdig.services.collection.messages import email_of
from tijdig.services.contacts.bounces import record_bounce

from .conftest import add_customers, csrf_of
from .test_portal import link, seed

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


def _customer(app: Tijdig, company: Company, number: str = "K3") -> Customer:
    with app.uow() as uow:
        found = uow.customers.get(company.id or 0, number)
    assert found is not None
    return found


def _seed(app: Tijdig) -> Company:
    company = seed(app)
    add_customers(app, company, [Customer(
        "K3", "Slagerij Bos", email="info@bos.nl", phone="020 123 4567",
        contacts=(Contact("Anna Bos", ContactRole.ACCOUNTS_PAYABLE, email="ap@bos.nl"),),
    )])  # fmt: skip
    return company


def test_the_customer_confirms_its_contact_details_as_shown(
    anonymous: TestClient, app: Tijdig
) -> None:
    company = _seed(app)
    page = anonymous.get(f"{link(app, company, 'K3')}/contact")
    assert page.status_code == 200, page.text
    assert 'value="ap@bos.nl"' in page.text and 'value="020 123 4567"' in page.text
    assert "Uw contactgegevens" in page.text  # Dutch, the customer's language
    assert f"{link(app, company, 'K3')}/contact" in anonymous.get(link(app, company, "K3")).text
    form = {"csrf_token": csrf_of(page.text), "email": "ap@bos.nl", "phone": "020 123 4567"}
    sent = anonymous.post(f"{link(app, company, 'K3')}/contact", data=form,
                          follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303, sent.text
    done = anonymous.get(sent.headers["location"])
    assert "Bedankt voor het controleren van uw contactgegevens" in done.text
    customer = _customer(app, company)
    assert customer.contact_confirmed_on == today()  # the edge's business day
    assert (email_of(customer), customer.phone) == ("ap@bos.nl", "020 123 4567")


def test_a_bounced_address_is_corrected_and_a_bad_one_refused(
    anonymous: TestClient, app: Tijdig
) -> None:
    company = _seed(app)
    at = datetime(2026, 11, 24, 9, tzinfo=UTC)
    for address in ("ap@bos.nl", "info@bos.nl"):  # nothing deliverable is left
        record_bounce(app.uow(), company, address=address, hard=True, sent_message_id=None,
                      diagnostic="5.1.1", actor="mail", at=at)  # fmt: skip
    url = f"{link(app, company, 'K3')}/contact"
    page = anonymous.get(url)
    assert 'data-field="bounced"' in page.text  # it asks for another address
    assert 'value="ap@bos.nl"' in page.text
    token = csrf_of(page.text)
    refused = anonymous.post(url, data={"csrf_token": token, "email": "geen adres",
                                        "phone": ""})  # fmt: skip
    assert refused.status_code == 422
    assert 'data-field="email"' in refused.text and 'value="geen adres"' in refused.text
    assert _customer(app, company).contact_confirmed_on is None
    corrected = {"csrf_token": token, "email": "boekhouding@bos.nl", "phone": "+32 2 555 12 12"}
    sent = anonymous.post(url, data=corrected, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    customer = _customer(app, company)
    assert (email_of(customer), customer.phone) == ("boekhouding@bos.nl", "+3225551212")
    with app.uow() as uow:
        events = uow.contact_log.timeline(company.id or 0, customer.id or 0)
    codes = [getattr(e.summary, "code", None) for e in events]
    assert Code.CONTACT_CORRECTED in codes and Code.BOUNCE_HARD in codes


def test_without_the_form_s_token_nothing_is_confirmed(anonymous: TestClient, app: Tijdig) -> None:
    company = _seed(app)
    refused = anonymous.post(f"{link(app, company, 'K3')}/contact",
                             data={"email": "x@bos.nl", "phone": ""})  # fmt: skip
    assert refused.status_code == 403
    assert _customer(app, company).contact_confirmed_on is None
