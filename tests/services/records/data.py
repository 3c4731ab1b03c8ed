"""The data the records' service tests share: a company with three customers and their
invoices, and who makes the changes when."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TypedDict

from tests.fakes import FakeDatabase, FakeUnitOfWork
from tijdig.bootstrap import Tijdig
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.parties import Company, Contact, ContactRole, Customer
from tijdig.services.companies.companies import add_company
from tijdig.services.records import promises

CUSTOMERS = (
    Customer(
        "1001",
        "Bakkerij De Gouden Korst B.V.",
        phone="+31201234567",
        contacts=(
            Contact("Piet Inkoop", ContactRole.PURCHASING, phone="+31201111111"),
            Contact("Anna Crediteuren", ContactRole.ACCOUNTS_PAYABLE, phone="+31202222222"),
        ),
    ),
    Customer("2001", "Peeters BV", country="BE", phone="+3231234567"),
    Customer("3001", "Marieke de Vries"),
)
INVOICES = (
    ("F1", "1001", date(2026, 9, 1), date(2026, 10, 1), "1210.00", InvoiceKind.INVOICE),
    ("F2", "1001", date(2026, 11, 1), date(2026, 12, 1), "100.00", InvoiceKind.INVOICE),
    ("C1", "1001", date(2026, 10, 5), date(2026, 10, 5), "50.00", InvoiceKind.CREDIT_NOTE),
    ("F3", "2001", date(2026, 6, 1), date(2026, 7, 1), "500.00", InvoiceKind.INVOICE),
    ("F4", "3001", date(2026, 5, 1), date(2026, 6, 1), "80.00", InvoiceKind.INVOICE),
)


class By(TypedDict):
    actor: str
    at: datetime


ACTOR = "anne (web)"
NOW = datetime(2026, 12, 6, 9, 15, tzinfo=UTC)  # the real moment of each change
BY = By(actor=ACTOR, at=NOW)


def seed(app: Tijdig | FakeDatabase) -> Company:
    """A company with three customers and their invoices (in a database or the fake)."""
    company = add_company(
        app.uow(),
        Company(code="ACME", name="Acme B.V."),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, CUSTOMERS)
        ids = uow.customers.ids_by_number(company.id)
        for number, customer, issued, due, total, kind in INVOICES:
            invoice = Invoice(number, customer, issued, due, Decimal(total), kind=kind)
            uow.invoices.add(
                invoice, company_id=company.id, customer_id=ids[customer], fingerprint=number,
                source="test",
            )  # fmt: skip
        uow.commit()
    return company


def at(day: date) -> datetime:
    """A moment on `day`: when a contact happened or a promise was made."""
    return datetime(day.year, day.month, day.day, 10, 30, tzinfo=UTC)


def judge(
    uow: FakeUnitOfWork, company: Company, as_of: date, *, today: date | None = None
) -> int | None:
    """What `tijdig run` does first: judge the promises dated before `as_of`."""
    with uow:
        judged = promises.judge_promises(uow, company, as_of=as_of, today=today or as_of)
        uow.commit()
    return judged


def settle(db: FakeDatabase, company: Company, *numbers: str) -> None:
    """Nothing left open on these invoices, as when the bank booking settled them."""
    with db.uow() as uow:
        uow.ledger.settle(company.id or 0, *numbers)
        uow.commit()


def pay(db: FakeDatabase, company: Company, number: str, paid_on: date, amount: Decimal) -> None:
    """A payment of customer `number`, as the bank booking writes it."""
    with db.uow() as uow:
        uow.ledger.pay(uow.customers.ids_by_number(company.id or 0)[number], paid_on, amount)
        uow.commit()
