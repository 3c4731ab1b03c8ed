"""A Belgian consumer's damages clause: the company's, a customer's own that overrides
it, which one is in force, and every change audited. On the fake unit of work
(tests/fakes.py); the repositories' own contract is tests/adapters/db/test_contract_*."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.fakes import FakeDatabase
from tijdig.domain.errors import InvalidValue, NotFound
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.services.companies import clauses
from tijdig.services.companies.companies import add_company

NOW = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
TODAY = date(2026, 12, 6)
TERMS = DamagesClause("artikel 7 van onze algemene voorwaarden", "Bij niet-betaling ...",
                      interest_rate=Decimal(8), damages_percent=Decimal(8),
                      damages_minimum=Decimal(20), damages_maximum=Decimal(100))  # fmt: skip
OWN = DamagesClause("artikel 3 van de huurovereenkomst", "De huurder betaalt ...",
                    legal_scale=True)  # fmt: skip


@pytest.fixture
def app() -> FakeDatabase:
    return FakeDatabase()


@pytest.fixture
def company(app: FakeDatabase) -> Company:
    company = add_company(
        app.uow(), Company("ACME", "Acme B.V."), validate=False, actor="test", at=datetime.now(UTC)
    )
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, [
            Customer("K1", "Els Peeters", kind=CustomerKind.CONSUMER, country="BE"),
            Customer("K2", "Jan Claes", kind=CustomerKind.CONSUMER, country="BE"),
        ])  # fmt: skip
        uow.commit()
    return company


def _audit(app: FakeDatabase, company: Company) -> list[tuple[str, str, str]]:
    with app.uow() as uow:
        entries = uow.audit.for_company(company.id or 0)
    return sorted((e.action, e.actor, e.subject) for e in entries if e.action != "company.add")


def test_the_customers_own_clause_wins_over_the_companys(
    app: FakeDatabase, company: Company
) -> None:
    assert clauses.clause_in_force(app.uow(), company, customer_number="K1") == (
        clauses.ClauseInForce(None, own=False))  # fmt: skip
    clauses.set_clause(app.uow(), company, TERMS, actor="anne (web)", now=NOW, today=TODAY)
    clauses.set_clause(app.uow(), company, OWN, customer_number="K1", actor="anne (api)",
                       now=NOW, today=TODAY)  # fmt: skip
    assert clauses.clause_in_force(app.uow(), company, customer_number="K1") == (
        clauses.ClauseInForce(OWN, own=True))  # fmt: skip
    assert clauses.clause_in_force(app.uow(), company, customer_number="K2") == (
        clauses.ClauseInForce(TERMS, own=False))  # fmt: skip
    assert clauses.clause_in_force(app.uow(), company) == clauses.ClauseInForce(TERMS)
    assert clauses.clause_of(app.uow(), company, customer_number="K1") == OWN
    assert clauses.remove_clause(app.uow(), company, customer_number="K1", actor="anne (web)",
                                 now=NOW)  # fmt: skip
    assert clauses.clause_in_force(app.uow(), company, customer_number="K1").clause == TERMS
    assert _audit(app, company) == [
        ("clause.remove", "anne (web)", "customer K1"),
        ("clause.set", "anne (api)", "customer K1"),
        ("clause.set", "anne (web)", "company ACME"),
    ]


def test_an_unknown_customer_and_a_refused_clause_change_nothing(
    app: FakeDatabase, company: Company
) -> None:
    with pytest.raises(NotFound, match="no customer K9 at ACME"):
        clauses.clause_in_force(app.uow(), company, customer_number="K9")
    above = DamagesClause("artikel 7", "Bij niet-betaling ...", damages_percent=Decimal(12))
    with pytest.raises(InvalidValue) as refused:
        clauses.set_clause(app.uow(), company, above, actor="anne (web)", now=NOW, today=TODAY)
    assert refused.value.code == "clause.damages_above_cap"
    assert clauses.clause_in_force(app.uow(), company).clause is None
    assert _audit(app, company) == []
