"""What issue 19 adds to the workspace: the reply hold days on the settings page (0 to
20, a refusal naming the field); in the inbox, a reply that asks for a payment plan
links to the customer's plan form with the invoices of the message it answers ticked;
on the customer page, an address that bounced for good is marked undeliverable with
the day of its bounce."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from tests.conftest import FrozenClock
from tests.services.collection.effects_db import add_sent
from tests.services.mailbox.inbox_world import add_reply
from tijdig.adapters.db.schema.collection import OutboxRow
from tijdig.adapters.db.schema.mailbox import MailMessageRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company, Customer

from .conftest import AS_OF, TestClient, add_customers, csrf_of

COLLECTION = {"large_amount": "2.500,00", "bank_stale_working_days": "3"}


@pytest.fixture(autouse=True)
def today(frozen_clock: FrozenClock) -> None:
    frozen_clock.set(AS_OF)


def _hold_days(app: Tijdig, company: Company) -> int:
    with app.uow() as uow:
        return uow.collection_settings.get(company.id or 0)[0].reply_hold_working_days


def test_the_reply_hold_days_are_set_on_the_settings_page_and_refused_outside_0_to_20(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    page = client.get("/settings")
    assert 'name="reply_hold_days" type="number" min="0" max="20"' in page.text
    assert 'value="3"' in page.text  # the default
    token = csrf_of(page.text)
    saved = client.post("/settings/collection", data={**COLLECTION, "reply_hold_days": "5",
                                                      "csrf_token": token},
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303 and _hold_days(app, acme) == 5
    for typed in ("21", "-1", "vijf"):
        refused = client.post("/settings/collection", data={**COLLECTION, "csrf_token": token,
                                                            "reply_hold_days": typed})  # fmt: skip
        assert refused.status_code == 422, typed
        found = re.search(r'<p class="form-error"[^>]*>(.*?)</p>', refused.text, re.S)
        assert found, refused.text
        said = html.unescape(found.group(1))
        assert said.startswith("An unconfirmed reply holds its customer (working days): "), said
        assert f'value="{typed}"' in refused.text  # what was typed stays
    assert _hold_days(app, acme) == 5
    # left out of the form (an older page), the days stay as they are
    kept = client.post("/settings/collection", data={**COLLECTION, "csrf_token": token},
                       follow_redirects=False)  # fmt: skip
    assert kept.status_code == 303 and _hold_days(app, acme) == 5
    client.post("/me/language", data={"language": "nl", "csrf_token": token})
    dutch = client.post("/settings/collection", data={**COLLECTION, "csrf_token": token,
                                                      "reply_hold_days": "30"})  # fmt: skip
    assert "moet tussen 0 en 20 liggen" in html.unescape(dutch.text)


def test_a_reply_asking_for_a_plan_links_to_the_plan_form_with_its_invoices_ticked(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    add_sent(app, acme, "C001", "P-7", sent_on=date(2026, 3, 2), step="reminder")
    at = datetime(2026, 3, 12, 10, tzinfo=UTC)
    asks = add_reply(app, acme, "Kunnen we een betalingsregeling treffen? Wij betalen graag "
                     "in drie termijnen.", at, customer="C001", key="<plan@klant.nl>")  # fmt: skip
    other = add_reply(app, acme, "Wie is uw contactpersoon?", at, customer="C002",
                      key="<other@klant.nl>")  # fmt: skip
    with app.uow() as uow:  # the reply answers the reminder of P-7
        outbox = uow.session.scalar(select(OutboxRow.id).where(OutboxRow.idempotency_key
                                                                == "t-P-7"))  # fmt: skip
        uow.session.execute(update(MailMessageRow).where(MailMessageRow.id == asks)
                            .values(outbox_id=outbox))  # fmt: skip
        uow.commit()
    page = client.get("/inbox", params={"company": "ACME"})
    row = re.search(rf'<tr data-message="{asks}" data-kind="plan_request".*?</tr>', page.text, re.S)
    assert row, page.text
    link = re.search(r'<a class="offer-plan" href="([^"]+)">Offer a plan</a>', row.group(0))
    assert link
    url = html.unescape(link.group(1))
    assert url.endswith("/customers/C001?plan=P-7#offer-plan"), url
    other_row = re.search(rf'<tr data-message="{other}".*?</tr>', page.text, re.S)
    assert other_row and "offer-plan" not in other_row.group(0)
    form = client.get(url.split("#")[0]).text
    plan = re.search(r'<form [^>]*id="offer-plan".*?</form>', form, re.S)
    assert plan
    assert 'value="P-7" checked' in plan.group(0)
    assert 'value="F-001" checked' not in plan.group(0)  # open, but not in the reply's message
    # a reply linked by its sender alone answers no known message: the form as it is
    with app.uow() as uow:
        uow.session.execute(update(MailMessageRow).where(MailMessageRow.id == asks)
                            .values(outbox_id=None))  # fmt: skip
        uow.commit()
    page = client.get("/inbox", params={"company": "ACME"})
    assert 'href="http://testserver/customers/C001#offer-plan"' in page.text


def test_an_address_that_bounced_for_good_is_marked_undeliverable_with_its_day(
    client: TestClient, app: Tijdig, acme: Company
) -> None:
    add_customers(app, acme, [Customer("C050", "Bakker Bos", email="Boekhouding@Bos.nl"),
                              Customer("C051", "Visser", email="info@visser.nl")])  # fmt: skip
    with app.uow() as uow:
        ids = uow.customers.ids_by_number(acme.id or 0)
        uow.contact_quality.record_bounce(acme.id or 0, ids["C050"], "boekhouding@bos.nl",
                                          hard=True, at=datetime(2026, 3, 4, 8, tzinfo=UTC),
                                          diagnostic="550 5.1.1 user unknown")  # fmt: skip
        uow.contact_quality.record_bounce(acme.id or 0, ids["C051"], "info@visser.nl",
                                          hard=False, at=datetime(2026, 3, 4, 8, tzinfo=UTC),
                                          diagnostic="452 4.2.2 mailbox full")  # fmt: skip
        uow.commit()
    page = client.get("/customers/C050", params={"company": "ACME"}).text
    contacts = re.search(r'<table class="data contacts">.*?</table>', page, re.S)
    assert contacts
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", contacts.group(0))).split())
    assert "Boekhouding@Bos.nl undeliverable since 4 Mar 2026" in text
    soft = client.get("/customers/C051", params={"company": "ACME"}).text
    assert "undeliverable" not in soft  # a soft bounce is not for good
