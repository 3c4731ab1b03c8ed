"""The customer confirms or corrects its contact details (the debtor portal's use case):
the day is recorded, a correction is validated and replaces the old value where it was
written, a corrected address is deliverable again, and the timeline and audit have it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tijdig.bootstrap import Tijdig
from tijdig.domain.errors import InvalidValue
from tijdig.domain.parties import BankAccount, Company, Contact, ContactRole, Customer
from tijdig.domain.reasons import Code
from tijdig.services.collection.messages import email_of
from tijdig.services.companies.companies import add_company
from tijdig.services.contacts.bounces import record_bounce
from tijdig.services.contacts.confirm import confirm_contact

CUSTOMER = Customer(
    "C1", "Bakkerij Jansen", email="info@jansen.nl", phone="020 123 4567",
    contacts=(Contact("Eline Bos", ContactRole.ACCOUNTS_PAYABLE, email="ap@jansen.nl"),),
)  # fmt: skip


def _setup(app: Tijdig) -> Company:
    acme = Company(
        code="ACME", name="Acme B.V.", bank_accounts=(BankAccount("NL91ABNA0417164300"),)
    )
    company = add_company(app.uow(), acme, validate=False, actor="test",
                          at=datetime(2026, 1, 5, tzinfo=UTC))  # fmt: skip
    with app.uow() as uow:
        uow.customers.save_many(company.id or 0, [CUSTOMER])
        uow.commit()
    return company


def _customer(app: Tijdig, company: Company) -> Customer:
    with app.uow() as uow:
        found = uow.customers.get(company.id or 0, "C1")
    assert found is not None
    return found


def _codes(app: Tijdig, company: Company) -> list[object]:
    customer = _customer(app, company)
    with app.uow() as uow:
        events = uow.contact_log.timeline(company.id or 0, customer.id or 0)
    return [getattr(e.summary, "code", None) for e in events]


@pytest.mark.parametrize("day", [date(2026, 11, 27), date(2026, 12, 31), date(2027, 2, 28)])
def test_confirming_as_shown_records_the_day(app: Tijdig, day: date) -> None:
    company = _setup(app)
    at = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
    done = confirm_contact(app.uow(), company, "C1", email="", phone="", on=day, at=at)
    assert done.changes == ()
    customer = _customer(app, company)
    assert customer.contact_confirmed_on == day
    assert (customer.email, customer.phone, email_of(customer)) == (
        "info@jansen.nl", "020 123 4567", "ap@jansen.nl")  # fmt: skip
    assert Code.CONTACT_CONFIRMED in _codes(app, company)


def test_a_correction_replaces_the_bounced_address_and_the_phone(app: Tijdig) -> None:
    company = _setup(app)
    at = datetime(2026, 11, 24, 10, tzinfo=UTC)
    record_bounce(app.uow(), company, address="ap@jansen.nl", hard=True, sent_message_id=None,
                  diagnostic="5.1.1", actor="mail", at=at)  # fmt: skip
    record_bounce(app.uow(), company, address="info@jansen.nl", hard=True,
                  sent_message_id=None, diagnostic="5.1.1", actor="mail", at=at)  # fmt: skip
    assert email_of(_customer(app, company)) is None
    done = confirm_contact(app.uow(), company, "C1",
                           email=" Boekhouding@Jansen.nl ", phone="06 12345678",
                           on=at.date(), at=at)  # fmt: skip
    assert done.changes == ("email", "phone")
    customer = _customer(app, company)
    assert email_of(customer) == "Boekhouding@jansen.nl"  # the domain normalised
    assert customer.phone == "+31612345678"
    assert customer.contact_confirmed_on == date(2026, 11, 24)
    assert Code.CONTACT_CORRECTED in _codes(app, company)


@pytest.mark.parametrize(("email", "phone"), [("not an address", ""), ("", "12")])
def test_an_invalid_correction_is_refused_and_changes_nothing(
    app: Tijdig, email: str, phone: str
) -> None:
    company = _setup(app)
    at = datetime(2026, 11, 24, 10, tzinfo=UTC)
    with pytest.raises(InvalidValue):
        confirm_contact(app.uow(), company, "C1", email=email, phone=phone,
                        on=at.date(), at=at)  # fmt: skip
    customer = _customer(app, company)
    assert customer.contact_confirmed_on is None
    assert customer.phone == "020 123 4567"
