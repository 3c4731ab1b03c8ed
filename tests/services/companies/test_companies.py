"""Adding a company: audited with the actor in its own transaction, and nothing written
when it is refused. On the fake unit of work (tests/fakes.py); the repositories' own
contract is tests/adapters/db/test_contract_parties.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.fakes import FakeDatabase
from tijdig.domain.errors import Conflict, InvalidValue
from tijdig.domain.parties import Company
from tijdig.services.companies.companies import add_company, list_companies

AT = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


def test_adding_a_company_is_audited_with_the_actor() -> None:
    db = FakeDatabase()
    acme = add_company(db.uow(), Company("ACME", "Acme B.V.", vat_id="NL123456782B01"),
                       actor="cli:anne", at=AT)  # fmt: skip
    assert acme.id is not None
    with db.uow() as uow:
        [entry] = uow.audit.for_company(acme.id)
    assert (entry.action, entry.actor, entry.at, entry.customer_id, entry.subject) == (
        "company.add", "cli:anne", AT, None, "company ACME")  # fmt: skip
    assert "Acme B.V." in entry.details


def test_a_refused_company_writes_nothing() -> None:
    db = FakeDatabase()
    add_company(db.uow(), Company("ACME", "Acme B.V."), actor="cli:anne", at=AT)
    with pytest.raises(Conflict):
        add_company(db.uow(), Company("ACME", "Other B.V."), actor="cli:anne", at=AT)
    with pytest.raises(InvalidValue):
        add_company(db.uow(), Company("BAD", "Bad", vat_id="NL1"), actor="cli:anne", at=AT)
    [acme] = list_companies(db.uow())
    with db.uow() as uow:
        assert [e.action for e in uow.audit.for_company(acme.id or 0)] == ["company.add"]
