"""What the receivables' service tests share: the fake database (tests/fakes.py) most of
them book into, and the files' readers as the installation wires them. The repositories'
own contract is tests/adapters/db/test_contract_parties.py; each format also books into
SQLite and PostgreSQL end to end (the `app` fixture), so the real path stays covered."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest
from sqlalchemy import select

from tests.fakes import FakeDatabase
from tijdig.adapters.db.schema import banking as banking_rows  # noqa: F401  (their tables)
from tijdig.adapters.db.schema import collection as collection_rows  # noqa: F401  (their tables)
from tijdig.adapters.db.schema.ledger import Base
from tijdig.adapters.importers import csv_invoices
from tijdig.bootstrap import Tijdig
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company
from tijdig.services.receivables.imports import Reader

ACTOR = "cli:tester"
AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

Store = Tijdig | FakeDatabase


@pytest.fixture
def db() -> FakeDatabase:
    return FakeDatabase()


def invoice_reader(store: Store, company: Company) -> Reader[Invoice]:
    """The installation's invoice CSV reader (`Tijdig.invoice_reader`), or on the fake the
    same: a missing due date is the issue date plus the customer's own term, else the
    company's, the terms read from the fake."""
    if isinstance(store, Tijdig):
        return store.invoice_reader(company)
    with store.uow() as uow:
        terms = uow.customers.payment_terms(company.id or 0)
    return partial(
        csv_invoices.extract, default_term_days=company.payment_term_days, payment_terms=terms
    )


def snapshot(store: Store) -> object:
    """Every row of every table (and on the fake the last id each gave out): what an
    import of files booked before must leave alone."""
    if isinstance(store, FakeDatabase):
        return store.snapshot()
    with store.engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(
                select(table).order_by(*table.primary_key.columns))]
            for name, table in Base.metadata.tables.items()
        }  # fmt: skip
