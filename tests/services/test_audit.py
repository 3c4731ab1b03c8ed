"""`audit.record` writes in the caller's transaction: with the change, or not at all.
On the fake unit of work (tests/fakes.py); the one insert for many customers, the SQL
repository's own doing, is tests/adapters/db/test_audit_log.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.fakes import FakeDatabase
from tijdig.domain.parties import Company, Customer
from tijdig.services.audit import record, record_each

AT = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)


def test_one_entry_per_customer_touched_each_once_or_one_for_the_company() -> None:
    db = FakeDatabase()
    with db.uow() as uow:
        assert record(uow, actor="cli:anna", at=AT, action="a.b", company_id=None,
                      customer_ids=[None, None]) == 1  # fmt: skip
        assert record(uow, actor="cli:anna", at=AT, action="c.d", company_id=None) == 1
        uow.commit()
    assert [(e.action, e.customer_id) for e in db.audit_entries] == [("a.b", None), ("c.d", None)]


def test_an_entry_rolls_back_with_the_change_it_records() -> None:
    db = FakeDatabase()
    with pytest.raises(RuntimeError), db.uow() as uow:
        record(uow, actor="cli:anna", at=AT, action="x.y", company_id=None)
        raise RuntimeError("the change failed before its commit")
    assert db.audit_entries == []


def test_each_customer_gets_its_own_details_or_the_company_one_entry() -> None:
    with FakeDatabase().uow() as uow:
        company = uow.companies.add(
            Company("ACME", "Acme BV", "NL"), at=datetime(2026, 1, 1, tzinfo=UTC)
        )
        assert company.id is not None
        uow.customers.save_many(company.id, [Customer("C1", "Een"), Customer("C2", "Twee")])
        one, two = (uow.customers.ids_by_number(company.id)[n] for n in ("C1", "C2"))
        assert record_each(uow, actor="cli:anna", at=AT, action="bank.match",
                           company_id=company.id, details={one: "1 payment", two: "2 payments"},
                           otherwise="nothing") == 2  # fmt: skip
        assert (
            record_each(
                uow,
                actor="cli:anna",
                at=AT,
                action="bank.import",
                company_id=company.id,
                details={},
                otherwise="3 new line(s)",
            )
            == 1
        )
        uow.commit()
        details = [(e.action, e.actor, e.customer_id, e.details)
                   for e in reversed(uow.audit.for_company(company.id))]  # fmt: skip
    assert [d for d in details if d[0] != "company.add"] == [
        ("bank.match", "cli:anna", one, "1 payment"),
        ("bank.match", "cli:anna", two, "2 payments"),
        ("bank.import", "cli:anna", None, "3 new line(s)"),
    ]
