"""The language a customer reads (nl, en, fr), chosen per customer and audited; on the
fake unit of work (tests/fakes.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.fakes import FakeDatabase
from tijdig.domain.errors import InvalidValue, NotFound
from tijdig.domain.parties import Company, Customer, CustomerKind, Language
from tijdig.services.companies.companies import add_company
from tijdig.services.receivables.customer_language import set_customer_language

AT = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


@pytest.fixture
def app() -> FakeDatabase:
    return FakeDatabase()


@pytest.fixture
def company(app: FakeDatabase) -> Company:
    company = add_company(app.uow(), Company("ACME", "Acme B.V."), validate=False,
                          actor="test", at=AT)  # fmt: skip
    with app.uow() as uow:
        uow.customers.save_many(company.id or 0, [
            Customer("K1", "Élise Dupont", kind=CustomerKind.CONSUMER, country="BE"),
            Customer("K2", "Jan Claes", country="BE"),
        ])  # fmt: skip
        uow.commit()
    return company


def _language(app: FakeDatabase, company: Company, number: str) -> Language:
    with app.uow() as uow:
        customer = uow.customers.get(company.id or 0, number)
    assert customer is not None
    return customer.language


def test_a_belgian_customer_is_switched_to_french_and_the_change_audited(
    app: FakeDatabase, company: Company
) -> None:
    changed = set_customer_language(app.uow(), company, "K1", "fr", actor="anna", at=AT)
    assert changed.language is Language.FR and changed.name == "Élise Dupont"
    assert _language(app, company, "K1") is Language.FR
    assert _language(app, company, "K2") is Language.NL  # the other keeps its own
    [entry] = [e for e in app.audit_entries if e.action == "customer.language"]
    assert (entry.actor, entry.subject, entry.details) == ("anna", "customer K1", "nl -> fr")


def test_the_same_language_again_writes_and_audits_nothing(
    app: FakeDatabase, company: Company
) -> None:
    before = app.snapshot()
    set_customer_language(app.uow(), company, "K2", "nl", actor="anna", at=AT)
    assert app.snapshot() == before


@pytest.mark.parametrize(("number", "language", "refused"), [
    ("K1", "de", InvalidValue), ("K1", "", InvalidValue), ("NOPE", "fr", NotFound),
])  # fmt: skip
def test_an_unknown_language_or_customer_is_refused_and_changes_nothing(
    app: FakeDatabase, company: Company, number: str, language: str, refused: type[Exception]
) -> None:
    before = app.snapshot()
    with pytest.raises(refused):
        set_customer_language(app.uow(), company, number, language, actor="anna", at=AT)
    assert app.snapshot() == before
