"""The migrations build exactly the schema the rows describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tijdig.adapters.db.engine import current_revision, head_revision, migrate
from tijdig.adapters.db.schema import banking as banking_rows  # noqa: F401  (registers its tables)
from tijdig.adapters.db.schema import collection as collection_rows  # noqa: F401  (registers its tables)
from tijdig.adapters.db.schema.ledger import Base
from tijdig.bootstrap import Tijdig
from tijdig.domain.invoices import EarlyPaymentDiscount, Instalment, Invoice, InvoiceKind
from tijdig.domain.parties import BankAccount, Company, Contact, ContactRole, Customer


def test_migrations_reach_head_and_match_the_rows(app: Tijdig) -> None:
    assert current_revision(app.engine) == head_revision(app.engine)
    assert migrate(app.engine) is False  # nothing left to apply
    with app.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []


def test_the_open_invoice_index_exists(app: Tijdig) -> None:
    names = {ix["name"] for ix in inspect(app.engine).get_indexes("invoices")}
    assert {"ix_invoices_open_due", "ix_invoices_customer"} <= names


def test_values_survive_the_round_trip(app: Tijdig) -> None:
    company = Company(
        code="RT",
        name="Round Trip B.V.",
        vat_id="NL000099998B57",
        bank_accounts=(BankAccount("NL91ABNA0417164300", "ABNANL2A"),),
    )
    customer = Customer(
        number="C1",
        name="Klant",
        credit_limit=Decimal("2500.50"),
        contact_days=("wed", "thu"),
        tolerance_days=10,
        contacts=(Contact("Anna", ContactRole.ACCOUNTS_PAYABLE, "a@b.nl"),),
    )
    invoice = Invoice(
        number="F1",
        customer_number="C1",
        issue_date=date(2026, 1, 5),
        due_date=date(2026, 2, 4),
        total=Decimal("1000.01"),
        kind=InvoiceKind.INVOICE,
        prepaid=Decimal("0.01"),
        currency="EUR",
        discount=EarlyPaymentDiscount(Decimal("2.5"), 8),
        schedule=(
            Instalment(date(2026, 2, 4), Decimal("500.00")),
            Instalment(date(2026, 3, 4), Decimal("500.00")),
        ),
    )
    with app.uow() as uow:
        stored = uow.companies.add(company, at=datetime(2026, 1, 1, tzinfo=UTC))
        assert stored.id is not None
        uow.customers.save_many(stored.id, [customer])
        customer_id = uow.customers.ids_by_number(stored.id)["C1"]
        uow.invoices.add(
            invoice, company_id=stored.id, customer_id=customer_id, fingerprint="x", source="test"
        )
        uow.commit()
    with app.uow() as uow:
        assert uow.companies.find("NL000099998B57") == stored
        back = uow.customers.get(stored.id, "C1")
        [loaded] = uow.invoices.search(stored.id)
    assert back is not None and back.contacts == customer.contacts
    assert back.credit_limit == Decimal("2500.50") and back.contact_days == ("wed", "thu")
    assert loaded.total == Decimal("1000.01") and loaded.outstanding == Decimal("1000.00")
    assert loaded.schedule == invoice.schedule and loaded.discount == invoice.discount


def test_an_uncommitted_unit_of_work_leaves_nothing(app: Tijdig) -> None:
    with app.uow() as uow:
        uow.companies.add(Company(code="GONE", name="Gone"), at=datetime(2026, 1, 1, tzinfo=UTC))
    with app.uow() as uow:
        assert uow.companies.all() == []
