"""The quality report reads in SQL what it can (the customers not confirmed in time or
without an e-mail or phone, ordered by the amount overdue) and parses addresses only
for the others and the page shown: it lists the same rows in the same order, with the
same total, as checking every customer in full (the adapter's `candidates`)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tijdig.bootstrap import Tijdig
from tijdig.domain.contact_quality import ContactIssue, issues_of
from tijdig.domain.invoices import Invoice
from tijdig.domain.money import Money
from tijdig.domain.parties import BankAccount, Company, Contact, ContactRole, Customer
from tijdig.services.collection.messages import email_of
from tijdig.services.companies.companies import add_company
from tijdig.services.contacts.bounces import record_bounce
from tijdig.services.contacts.quality import QualityRow, contact_quality, set_confirm_months
from tijdig.services.read_models.common import Window
from tijdig.services.receivables.imports import with_reference

AT = datetime(2026, 11, 24, 9, tzinfo=UTC)
EMAILS = (None, "", "good@x.nl", "Other@Y.be", "not-an-address", "a@b", "x@@y.nl", "bounce@x.nl")
PHONES = (None, "", "020 123 4567", "+32 2 555 12 12", "12", "phone", "+31 6 1234 5678")
CONFIRMED = (None, date(2025, 11, 24), date(2025, 11, 25), date(2026, 3, 2), date(2026, 11, 1))
NUMBERS = ("a-1", "A1", "B10", "b2", "Z", "_x", "10", "9", "ä1", "k 1")


def _customer(rng: random.Random, index: int) -> Customer:
    contacts = tuple(
        Contact(f"c{index}-{n}", rng.choice(list(ContactRole)), rng.choice(EMAILS),
                rng.choice(PHONES))
        for n in range(rng.choice((0, 0, 1, 2)))
    )  # fmt: skip
    number = NUMBERS[index] if index < len(NUMBERS) else f"K{index:03d}"
    return Customer(number, f"Customer {index}", email=rng.choice(EMAILS),
                    phone=rng.choice(PHONES), country=rng.choice(("NL", "BE")),
                    contacts=contacts)  # fmt: skip


def _setup(app: Tijdig) -> Company:
    rng = random.Random(19)
    acme = Company(
        code="ACME", name="Acme B.V.", bank_accounts=(BankAccount("NL91ABNA0417164300"),)
    )
    company = add_company(app.uow(), acme, validate=False, actor="test", at=AT)
    assert company.id is not None
    customers = [_customer(rng, n) for n in range(80)]
    with app.uow() as uow:
        uow.customers.save_many(company.id, customers)
        ids = uow.customers.ids_by_number(company.id)
        for n, customer in enumerate(customers):
            # Ties on the amount (broken by number), nothing overdue, not yet due.
            for k, (amount, due) in enumerate(
                rng.sample([("100.00", date(2026, 10, 1)), ("37.50", date(2026, 6, 1)),
                            ("100.00", date(2026, 12, 20)), ("5.00", date(2026, 11, 23))],
                           rng.choice((0, 1, 2)))
            ):  # fmt: skip
                invoice = Invoice(f"F-{n}-{k}", customer.number, date(2026, 5, 1), due,
                                  Decimal(amount))  # fmt: skip
                uow.invoices.add(with_reference(invoice, company), company_id=company.id,
                                 customer_id=ids[customer.number], fingerprint=f"{n}-{k}",
                                 source="test")  # fmt: skip
            confirmed = rng.choice(CONFIRMED)
            if confirmed is not None:
                uow.contact_quality.confirm(company.id, ids[customer.number], confirmed)
        uow.commit()
    for address, hard in (("bounce@x.nl", True), ("Other@Y.be", False), ("good@x.nl", True)):
        record_bounce(app.uow(), company, address=address, hard=hard, sent_message_id=None,
                      diagnostic="5.1.1" if hard else "4.2.2", actor="mail", at=AT)  # fmt: skip
    return company


def _in_full(app: Tijdig, company: Company, as_of: date) -> list[QualityRow]:
    """The report as it was: every customer read and checked, sorted in Python."""
    with app.uow() as uow:
        months = uow.contact_quality.confirm_months(company.id or 0)
        found = uow.contact_quality.candidates(company.id or 0, as_of=as_of)
    rows = []
    for customer, overdue_minor in found:
        issues = issues_of(customer, as_of=as_of, confirm_months=months)
        if issues:
            rows.append(QualityRow(
                customer.number, customer.name, email_of(customer), customer.phone,
                customer.contact_confirmed_on, Money.from_minor(overdue_minor, "EUR").amount,
                issues,
            ))  # fmt: skip
    rows.sort(key=lambda r: (-r.overdue, r.customer_number))
    return rows


@pytest.mark.parametrize("months", [12, 3])
def test_the_report_lists_what_checking_everyone_in_full_lists(app: Tijdig, months: int) -> None:
    company = _setup(app)
    set_confirm_months(app.uow(), company, months, actor="test", at=AT)
    for as_of in (date(2026, 11, 24), date(2026, 11, 25), date(2026, 6, 30)):
        expected = _in_full(app, company, as_of)
        kinds = {issue for row in expected for issue in row.issues}
        assert kinds == set(ContactIssue), kinds  # every kind of issue is seen
        assert len(expected) < 80  # and some customers need nothing
        whole = contact_quality(app.uow(), company, as_of=as_of, window=Window(200))
        assert list(whole.page.items) == expected
        assert whole.page.total == len(expected)
        for offset in range(0, len(expected) + 7, 7):
            page = contact_quality(app.uow(), company, as_of=as_of, window=Window(7, offset))
            assert list(page.page.items) == expected[offset : offset + 7], (as_of, offset)
            assert page.page.total == len(expected)
