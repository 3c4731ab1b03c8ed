"""A wholesaler on Tuesday 24 November 2026, on the fakes (tests/fakes_collection.py),
for the run, review and send tests: six Dutch business customers late with an invoice
each (a reminder is due), one whose invoice falls due in two days (a friendly e-mail)
and one with a disputed invoice (held). What the run reads about them is built here
from the invoices stored, as the SQL loader would give it on that day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from tests.fakes_collection import FakeCollectionDatabase
from tijdig.domain.collection.records import Dispute, ReasonCode
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.engine.model import CustomerState

AS_OF = date(2026, 11, 24)
LATE = [f"K{n}" for n in range(1, 7)]  # a reminder each
SOON, DISPUTED = "K7", "K8"  # a friendly e-mail; held


def seed(db: FakeCollectionDatabase) -> Company:
    at = datetime(2026, 11, 1, tzinfo=UTC)
    acme = Company(code="ACME", name="Acme Groothandel B.V.", email="debiteuren@acme.nl",
                   registration_number="12345678", address="Dorpsstraat 1\n3512 AB Utrecht",
                   bank_accounts=(BankAccount("NL91ABNA0417164300"),))  # fmt: skip
    with db.uow() as uow:
        company = uow.companies.add(acme, at=at)
        assert company.id is not None
        customers = [
            Customer(number, f"Klant {number}", email=f"ap@{number.lower()}.nl",
                     address=f"Kerkweg {n}\n3511 AA Utrecht")
            for n, number in enumerate([*LATE, SOON, DISPUTED], start=1)
        ]  # fmt: skip
        uow.customers.save_many(company.id, customers)
        ids = uow.customers.ids_by_number(company.id)
        for n, number in enumerate([*LATE, SOON, DISPUTED], start=1):
            due = AS_OF + timedelta(days=2) if number == SOON else AS_OF - timedelta(days=10)
            amount = Decimal(f"{100 * n}.50")
            invoice = Invoice(f"F{n}", number, due - timedelta(days=30), due, amount,
                              payment_reference=f"RF18000{n}")  # fmt: skip
            uow.invoices.add(invoice, company_id=company.id, customer_id=ids[number],
                             fingerprint=f"F{n}", source="test")  # fmt: skip
        uow.commit()
    db.set_last_statement(company.id, AS_OF - timedelta(days=1))  # the bank is imported
    set_states(db, company)
    return company


def set_states(db: FakeCollectionDatabase, company: Company) -> None:
    """Each customer's state on AS_OF: its open invoices, and the dispute of DISPUTED's."""
    assert company.id is not None
    states = []
    with db.uow() as uow:
        for customer in uow.customers.all(company.id):
            invoices = uow.invoices.search(company.id, customer_id=customer.id, open_only=True)
            disputes: tuple[Dispute, ...] = ()
            if customer.number == DISPUTED:
                disputes = (
                    Dispute(invoices[0].number, ReasonCode.DISSATISFIED, AS_OF - timedelta(3)),
                )
            states.append(CustomerState(customer, tuple(invoices), disputes=disputes))
    db.set_states(company.id, states)
