"""The data the REST API tests share (no tests here): ACME's collection records beside
its ledger, a second company BETA with records of its own, users and their tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from tijdig.adapters.db.schema.ledger import AllocationRow, PaymentRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.records import ReasonCode, Task, TaskKind
from tijdig.domain.parties import Company, Contact, ContactRole, Customer
from tijdig.domain.users import Role
from tijdig.services.access import users
from tijdig.services.collection import run as dunning
from tijdig.services.companies.companies import add_company
from tijdig.services.records import disputes, promises

from .conftest import ACME_CUSTOMERS, AS_OF, add_customers, add_invoices, add_user, invoice

MOMENT = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
RUN_DAY = date(2026, 3, 17)  # a Tuesday: a contact day


@dataclass(frozen=True)
class Seeded:
    """The ids a test addresses by path."""

    company: Company
    payment_id: int
    task_id: int
    run_id: int


def token_for(app: Tijdig, username: str, role: Role, company_ids: tuple[int, ...] = ()) -> str:
    """A new user with an API token; the token."""
    add_user(app, username, role, company_ids)
    user = users.get_user(app.uow(), username)
    return users.create_api_token(app.uow(), user, "tests", actor="test", at=MOMENT)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _payment(app: Tijdig, company: Company, customer: str, invoice_number: str) -> int:
    """A payment of 500 on the invoice: 40 to claimed costs, 10 to interest, 450 principal."""
    assert company.id is not None
    with app.uow() as uow:
        ids = uow.customers.ids_by_number(company.id)
        invoice_id = {i.number: i.id for i in uow.invoices.search(company.id)}[invoice_number]
        payment = PaymentRow(
            company_id=company.id, customer_id=ids[customer], paid_on=date(2026, 2, 20),
            amount_minor=60_000, currency="EUR", reference=f"betaling {invoice_number}",
        )  # fmt: skip
        uow.session.add(payment)
        uow.session.flush()
        uow.session.add(
            AllocationRow(
                company_id=company.id, invoice_id=invoice_id, payment_id=payment.id,
                amount_minor=50_000, allocated_on=date(2026, 2, 20), costs_minor=4_000,
                interest_minor=1_000,
            )
        )  # fmt: skip
        uow.commit()
        return payment.id


def _task(app: Tijdig, company: Company, customer: str) -> int:
    assert company.id is not None
    with app.uow() as uow:
        customer_id = uow.customers.ids_by_number(company.id)[customer]
        task = Task(customer, TaskKind.CALL, AS_OF, f"Call {customer} about the overdue invoice")
        task_id = uow.tasks.add(company.id, customer_id, task, promise_id=None)
        uow.commit()
        return task_id


def _records(app: Tijdig, company: Company, customer: str, *, disputed: str, paid: str) -> Seeded:
    disputes.open_dispute(
        app.uow(), company, disputed, ReasonCode.INVOICE_INCORRECT, note="wrong price",
        as_of=date(2026, 3, 10), actor="test", at=MOMENT,
    )  # fmt: skip
    promises.add_promise(
        app.uow(), company, customer, date(2026, 3, 20), amount=Decimal(300), made_at=MOMENT,
        actor="test", at=MOMENT,
    )  # fmt: skip
    payment_id = _payment(app, company, customer, paid)
    task_id = _task(app, company, customer)
    run = dunning.start_run(
        app.uow(), company, as_of=RUN_DAY, actor="test", at=MOMENT, today=MOMENT.date()
    )
    return Seeded(company, payment_id, task_id, run.run_id)


def seed_acme_records(app: Tijdig, acme: Company) -> Seeded:
    """ACME's ledger (conftest) plus a contact and a credit limit for C001, a dispute on
    F-003, a promise of C001, a payment on F-001, a call task and a run as of AS_OF."""
    jansen = ACME_CUSTOMERS[0]
    contact = Contact("Eline Bos", ContactRole.ACCOUNTS_PAYABLE, "eline@jansen.nl",
                      "020 555 0101", date(2026, 1, 5))  # fmt: skip
    add_customers(app, acme, [Customer(jansen.number, jansen.name, contacts=(contact,),
                                       credit_limit=Decimal(1000))])  # fmt: skip
    return _records(app, acme, "C001", disputed="F-003", paid="F-001")


def seed_beta(app: Tijdig) -> Seeded:
    """BETA: one customer B001 with two invoices, a dispute, a promise, a payment, a task
    and a run; no number is shared with ACME."""
    beta = add_company(
        app.uow(),
        Company("BETA", "Beta BV", country="BE"),
        validate=False,
        actor="test",
        at=datetime.now(UTC),
    )
    add_customers(app, beta, [Customer("B001", "Brouwerij Beta", country="BE",
                                       contacts=(Contact("Jan Peeters"),))])  # fmt: skip
    add_invoices(app, beta, [
        invoice("B-INV-1", "B001", date(2025, 12, 1), date(2025, 12, 31), "900.00"),
        invoice("B-INV-2", "B001", date(2026, 1, 1), date(2026, 1, 31), "800.00"),
    ])  # fmt: skip
    return _records(app, beta, "B001", disputed="B-INV-2", paid="B-INV-1")
