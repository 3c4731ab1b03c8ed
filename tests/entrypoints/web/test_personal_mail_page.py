"""A personal e-mail from the customer page (issue 19): the form's text is the template
filled in for the customer in their language; sent over real SMTP (aiosmtpd), once per
form however often it is posted, it appears in the customer's timeline as the user's
personal e-mail. The inbox's "Reply" opens the same form answering the reply, threaded.
A refusal re-shows the form with what was typed; a read-only user cannot send."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date

import pytest

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tests.entrypoints.web.app_pool import web_app
from tests.services.mailbox.inbox_world import AuditRow, add_reply, count, moment
from tijdig.bootstrap import Tijdig
from tijdig.config import Settings
from tijdig.domain.parties import Company, Customer, Language
from tijdig.domain.users import Role

from .conftest import ADMIN, TestClient, add_customers, add_invoices, add_user, invoice, sign_in

FORM_KEY = re.compile(r'name="form_key" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def server() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as found:
        yield found


@pytest.fixture
def web(database_url: str, server: tuple[RecordingHandler, int]) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, smtp_host="127.0.0.1", smtp_port=server[1],
                        mail_from="Acme <debiteuren@acme.nl>")  # fmt: skip
    with web_app(settings) as app, TestClient(app) as client:
        yield client


@pytest.fixture
def world(app: Tijdig, acme: Company) -> Company:
    """ACME (conftest) with C007, a French-speaking Belgian customer with an address."""
    add_customers(app, acme, [Customer("C007", "Dupont SPRL", country="BE", language=Language.FR,
                                       email="compta@dupont.be")])  # fmt: skip
    add_invoices(app, acme, [invoice("F-070", "C007", date(2026, 2, 1), date(2026, 3, 1),
                                     "1500.00")])  # fmt: skip
    return acme


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _form(page: str) -> dict[str, str]:
    key, csrf = FORM_KEY.search(page), CSRF.search(page)
    assert key and csrf
    subject = re.search(r'name="subject" value="([^"]*)"', page)
    body = re.search(r'name="body"[^>]*>([^<]*)</textarea>', page)
    assert subject and body
    return {"form_key": key.group(1), "csrf_token": csrf.group(1),
            "subject": html.unescape(subject.group(1)),
            "body": html.unescape(body.group(1))}  # fmt: skip


def test_an_e_mail_from_the_customer_page_once_and_in_the_timeline(
    app: Tijdig, world: Company, web: TestClient, server: tuple[RecordingHandler, int]
) -> None:
    handler, _ = server
    add_user(app, ADMIN)
    sign_in(web, ADMIN)
    customer_page = web.get("/customers/C007").text
    assert "/customers/C007/mail" in customer_page  # the button
    page = web.get("/customers/C007/mail", params={"template": "follow_up"})
    assert page.status_code == 200
    shown = _text(page.text)
    assert "compta@dupont.be" in shown and "facture F-070, échue le 1 mars 2026" in shown
    form = _form(page.text)
    assert form["body"].startswith("Bonjour Dupont SPRL,")
    assert count(app, AuditRow, action="mail.personal") == 0  # the form wrote nothing
    form |= {"template": "follow_up"}
    sent = web.post("/customers/C007/mail", data=form)
    assert sent.status_code == 200 and "Sent to compta@dupont.be." in _text(sent.text)
    again = web.post("/customers/C007/mail", data=form)  # a double click, a reload
    assert "nothing was sent twice" in _text(again.text)
    [got] = handler.received
    assert got.rcpt_tos == ("compta@dupont.be",)
    assert "Bonjour Dupont SPRL," in got.message().get_content()
    timeline = _text(web.get("/customers/C007").text)
    assert "Personal e-mail sent to compta@dupont.be" in timeline and f"by {ADMIN}" in timeline
    assert count(app, AuditRow, action="mail.personal") == 1


def test_reply_from_the_inbox_opens_the_form_threaded(
    app: Tijdig, world: Company, web: TestClient, server: tuple[RecordingHandler, int]
) -> None:
    handler, _ = server
    add_user(app, ADMIN)
    sign_in(web, ADMIN)
    with app.uow() as uow:  # C001 gets an address, and replied
        assert world.id is not None
        customer = uow.customers.get(world.id, "C001")
        assert customer is not None
    add_customers(app, world, [Customer("C001", customer.name, email="boekhouding@jansen.nl")])
    mail_id = add_reply(app, world, "Kunt u de factuur nog eens sturen?", moment(date(2026, 3, 14)),
                        customer="C001")  # fmt: skip
    message = web.get(f"/inbox/{mail_id}").text
    reply_url = f"/customers/C001/mail?reply_to={mail_id}"
    assert html.escape(reply_url) in message or reply_url in message
    page = web.get("/customers/C001/mail", params={"reply_to": mail_id})
    assert "Answers the reply of boekhouding@klant.nl" in _text(page.text)
    form = _form(page.text)
    assert form["subject"] == "Re: Herinnering factuur A"
    left = web.post("/customers/C001/mail", data=form | {"reply_to": str(mail_id)})
    assert left.status_code == 422  # the template's [[...]] is still in it
    assert "still has a part to fill in" in _text(left.text)
    assert "Kunt u" not in form["body"] and handler.received == []
    body = re.sub(r"\[\[[^\]]*\]\]", "Hierbij de factuur nogmaals.", form["body"])
    assert 'name="attach" value="F-001"' in page.text  # its open invoices, to tick
    data = form | {"body": body, "reply_to": str(mail_id), "template": "answer",
                   "attach": ["F-001"]}  # fmt: skip
    sent = web.post("/customers/C001/mail", data=data)
    assert "Sent to boekhouding@jansen.nl." in _text(sent.text)
    [got] = handler.received
    assert got.header("In-Reply-To") == "<r1@klant.nl>"
    assert got.header("Subject") == "Re: Herinnering factuur A"
    assert [a.get_filename() for a in got.message().iter_attachments()] == ["invoice-F-001.pdf"]


def test_refused_for_a_customer_without_address_and_for_a_read_only_user(
    app: Tijdig, world: Company, web: TestClient
) -> None:
    add_user(app, ADMIN)
    sign_in(web, ADMIN)
    page = web.get("/customers/C001/mail")  # C001 has no e-mail address
    assert "customer C001 has no e-mail address" in _text(page.text)
    form = _form(page.text) | {"body": "Graag betaling."}
    refused = web.post("/customers/C001/mail", data=form)
    assert refused.status_code == 422 and "no e-mail address" in _text(refused.text)
    assert "Graag betaling." in refused.text  # what was typed stays
    assert world.id is not None
    add_user(app, "sam", Role.SALES, (world.id,))
    sign_in(web, "sam")
    page = web.get("/customers/C007/mail")
    assert page.status_code == 200 and 'name="subject"' not in page.text
    csrf = CSRF.search(page.text)
    assert csrf is not None
    form = {"csrf_token": csrf.group(1), "subject": "x", "body": "y", "form_key": "k" * 24}
    assert web.post("/customers/C007/mail", data=form).status_code == 403
    assert count(app, AuditRow, action="mail.personal") == 0
