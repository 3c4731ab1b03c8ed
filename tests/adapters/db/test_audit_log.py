"""The audit log on SQLite and PostgreSQL: the entries of many customers that one use
case records go to the database in one INSERT (the use case's rules:
tests/services/test_audit.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from tests.adapters.db.test_collection_records import counted
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company, Customer
from tijdig.services.audit import record

AT = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)


def _entries(app: Tijdig) -> list[tuple[str, int | None]]:
    with app.uow() as uow:
        rows = uow.session.execute(
            select(AuditRow.action, AuditRow.customer_id).order_by(AuditRow.id)
        )
        return [(action, customer) for action, customer in rows]


def test_the_entries_of_many_customers_go_in_one_insert(app: Tijdig) -> None:
    with app.uow() as uow:
        company = uow.companies.add(
            Company("ACME", "Acme BV", "NL"), at=datetime(2026, 1, 1, tzinfo=UTC)
        )
        assert company.id is not None
        uow.customers.save_many(company.id, [Customer(f"C{n}", f"Klant {n}") for n in range(50)])
        ids = list(uow.customers.ids_by_number(company.id).values())
        uow.commit()
    with app.uow() as uow, counted(app) as statements:
        written = record(uow, actor="cli:anna", at=AT, action="customers.import",
                         company_id=company.id, customer_ids=ids)  # fmt: skip
        uow.commit()
    assert written == 50
    assert [s for s in statements if s.lstrip().upper().startswith("INSERT")] == [
        next(s for s in statements if "audit_log" in s)
    ]
    assert sorted(c for _, c in _entries(app) if c is not None) == sorted(ids)
