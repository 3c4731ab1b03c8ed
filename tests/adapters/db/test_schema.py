"""The migrations build exactly the schema the rows describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tests.databases import MigratedSchema, new_schema
from tijdig.adapters.db.engine import (
    current_revision,
    head_revision,
    make_engine,
    migrate,
    ours,
)
from tijdig.adapters.db.schema import banking as banking_rows  # noqa: F401  (registers its tables)
from tijdig.adapters.db.schema import collection as collection_rows  # noqa: F401  (registers its tables)
from tijdig.adapters.db.schema import contacts as contact_rows  # noqa: F401  (registers its tables)
from tijdig.adapters.db.schema import credit as credit_rows  # noqa: F401  (registers its tables)
from tijdig.adapters.db.schema import experiments as experiment_rows  # noqa: F401  (registers its tables)
from tijdig.adapters.db.schema import mailbox as mailbox_rows  # noqa: F401  (registers its tables)
from tijdig.adapters.db.schema import plans as plan_rows  # noqa: F401  (registers its tables)
from tijdig.adapters.db.schema import risk as risk_rows  # noqa: F401  (registers its tables)
from tijdig.adapters.db.schema.ledger import Base
from tijdig.bootstrap import Tijdig, bootstrap
from tijdig.config import Settings
from tijdig.domain.invoices import EarlyPaymentDiscount, Instalment, Invoice, InvoiceKind
from tijdig.domain.parties import BankAccount, Company, Contact, ContactRole, Customer


def test_migrations_from_nothing_reach_head_and_match_the_rows(empty_database_url: str) -> None:
    """The real migrations, from an empty database (every other test starts from a copy
    of one migrated database, tests/conftest.py)."""
    engine = make_engine(empty_database_url)
    try:
        assert migrate(engine) is True
        assert current_revision(engine) == head_revision(engine)
        assert migrate(engine) is False  # nothing left to apply
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_name": ours})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
    finally:
        engine.dispose()


def _schema(url: str) -> dict[str, object]:
    """Everything inspection sees of each table, in an order that does not depend on
    how the database lists it."""
    engine = make_engine(url)
    try:
        found = inspect(engine)
        return {
            table: (
                [
                    (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                    for c in found.get_columns(table)
                ],
                _plain(found.get_pk_constraint(table)),
                sorted(map(_plain, found.get_foreign_keys(table))),
                sorted(map(_plain, found.get_indexes(table))),
                sorted(map(_plain, found.get_unique_constraints(table))),
                sorted(map(_plain, found.get_check_constraints(table))),
            )
            for table in sorted(found.get_table_names())
        }
    finally:
        engine.dispose()


def _plain(found: object) -> str:
    """Inspection's answer as text (a partial index's condition is a SQL expression)."""
    return json.dumps(found, sort_keys=True, default=str)


def test_each_tests_database_is_the_migrated_schema(database_url: str, tmp_path: Path) -> None:
    """The copied template (SQLite) and the emptied schema (PostgreSQL) the tests get are
    what the migrations make, so the shortcut cannot drift from them."""
    with _migrated_from_nothing(database_url, tmp_path) as migrated:
        assert _schema(database_url) == _schema(migrated)


@contextmanager
def _migrated_from_nothing(like: str, folder: Path) -> Iterator[str]:
    """A database of the same kind as `like`, migrated from empty here and now."""
    if like.startswith("sqlite"):
        url = f"sqlite:///{folder / 'migrated.db'}"
        _migrate(url)
        yield url
        return
    with new_schema(
        Settings(database_url=os.environ["TIJDIG_TEST_DATABASE_URL"]).database_url
    ) as url:
        _migrate(url)
        yield url


def _migrate(url: str) -> None:
    engine = make_engine(url)
    try:
        migrate(engine)
    finally:
        engine.dispose()


def test_an_emptied_schema_has_no_rows_and_ids_start_again(
    postgres_schema: MigratedSchema | None,
) -> None:
    if postgres_schema is None:
        pytest.skip("PostgreSQL: set TIJDIG_TEST_DATABASE_URL to run this test on it too")
    installation = bootstrap(Settings(database_url=postgres_schema.emptied()))
    try:
        first = _add_company(installation, "ONE")
        assert _add_company(installation, "TWO") == first + 1
        postgres_schema.emptied()
        with installation.uow() as uow:
            assert uow.companies.all() == []
        assert _add_company(installation, "AGAIN") == first
    finally:
        installation.close()


def _add_company(installation: Tijdig, code: str) -> int:
    with installation.uow() as uow:
        stored = uow.companies.add(
            Company(code=code, name=code), at=datetime(2026, 1, 1, tzinfo=UTC)
        )
        uow.commit()
    assert stored.id is not None
    return stored.id


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
