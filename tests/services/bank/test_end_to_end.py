"""Bank statements booked end to end on a real database (SQLite, and PostgreSQL when
TIJDIG_TEST_DATABASE_URL is set): a real MT940 and a real CAMT.053 file of the corpus
through the readers, matching and the SQL repositories, once and then again (not a row
more); costs and interest claimed by a collection run, paid first; what the customer
file and the daily run read of a payment. The other bank tests run on the fakes
(tests/fakes_bank.py); the repositories' contract is
tests/adapters/db/test_contract_bank.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.services.bank.bank_data import (
    ACTOR,
    NOW,
    PAYER,
    Book,
    open_amounts,
    reference,
    seed,
)
from tests.services.receivables.conftest import snapshot
from tijdig.adapters.db.schema.banking import BankTransactionRow
from tijdig.adapters.db.schema.ledger import AllocationRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.adapters.importers import bank
from tijdig.bootstrap import Tijdig
from tijdig.domain.banking import BankTransaction
from tijdig.domain.parties import Company
from tijdig.services.bank.matching import import_and_match
from tijdig.services.read_models.customer_file import customer_file


@pytest.fixture
def company(app: Tijdig) -> Company:
    return seed(app)


@pytest.mark.parametrize(
    ("name", "lines", "credits"),
    [
        ("mt940/oca_Voorbeeld MT-940.mt940", 21, 19),
        ("camt053/newinn_example-camt053-b.xml", 19, 13),
    ],
)
def test_a_corpus_statement_is_booked_once_through_the_database(
    app: Tijdig, company: Company, corpus: Path, name: str, lines: int, credits: int
) -> None:
    path = corpus / name
    summary, [result] = import_and_match(app.uow(), [path], read=bank.extract,
                                         company_hint=company, actor=ACTOR, at=NOW)  # fmt: skip
    assert (summary.statements, summary.new, summary.duplicates) == (1, lines, 0)
    assert (
        summary.new - summary.debits
        == result.matched + result.review + result.reopened + result.ignored
    )
    with app.uow() as uow:
        stored = list(uow.session.execute(
            select(BankTransactionRow.status, BankTransactionRow.amount_minor)
            .where(BankTransactionRow.company_id == company.id)
        ))  # fmt: skip
        entries = list(uow.session.scalars(
            select(AuditRow.action).where(AuditRow.action == "bank.import")))  # fmt: skip
    assert len(stored) == lines and sum(1 for _, minor in stored if minor > 0) == credits
    assert "new" not in {status for status, _ in stored} and entries == ["bank.import"]
    before = snapshot(app)
    again, _ = import_and_match(app.uow(), [path], read=bank.extract, company_hint=company,
                                actor=ACTOR, at=NOW)  # fmt: skip
    assert (again.new, again.duplicates) == (0, lines)
    assert snapshot(app) == before  # not a row more, nor an audit entry


def test_a_known_payers_unmatched_credit_counts_as_unallocated(
    app: Tijdig, company: Company, book: Book
) -> None:
    ref = reference(app, company, "2026001")
    first = BankTransaction(date(2026, 11, 20), Decimal("121.00"), "EUR", counterparty_iban=PAYER,
                            structured_reference=ref, bank_reference="B-1")  # fmt: skip
    book(app, company, first)
    vague = BankTransaction(date(2026, 11, 21), Decimal("25.00"), "EUR", counterparty_iban=PAYER,
                            remittance="zie mail", bank_reference="B-2")  # fmt: skip
    assert book(app, company, vague).review == 1
    with app.uow() as uow:
        [state] = uow.run_data.customer_states(company.id or 0, as_of=date(2026, 11, 24))
    assert state.unallocated == (("EUR", Decimal("25.00")),)
    shown = customer_file(app.uow(), app.reports, company, "C1", as_of=date(2026, 11, 24))
    assert shown.unallocated == (("EUR", Decimal("25.00")),)


def _claim(app: Tijdig, company: Company, number: str, costs: str, interest: str) -> None:
    with app.uow() as uow:
        uow.runs.record_claims(company.id or 0, None,  # type: ignore[arg-type]
                               [(number, Decimal(costs), Decimal(interest), "EUR")],
                               claimed_on=date(2026, 11, 10))  # fmt: skip
        uow.commit()


def test_a_payment_goes_to_claimed_costs_then_interest_then_principal(
    app: Tijdig, company: Company, book: Book
) -> None:
    _claim(app, company, "2026001", "40.00", "5.00")
    learn = BankTransaction(date(2026, 11, 19), Decimal("60.50"), "EUR", counterparty_iban=PAYER,
                            structured_reference=reference(app, company, "2026002"),
                            bank_reference="P-0")  # fmt: skip
    assert book(app, company, learn).matched == 1  # the payer's account is known now
    ref = reference(app, company, "2026001")
    part = BankTransaction(date(2026, 11, 20), Decimal("50.00"), "EUR", counterparty_iban=PAYER,
                           structured_reference=ref, bank_reference="P-1")  # fmt: skip
    assert book(app, company, part).matched == 1
    assert open_amounts(app, company)["2026001"] == Decimal("116.00")  # 50 = 40 + 5 + 5 principal
    with app.uow() as uow:
        parts = uow.session.execute(
            select(AllocationRow.costs_minor, AllocationRow.interest_minor,
                   AllocationRow.amount_minor).where(AllocationRow.costs_minor > 0)
        ).one()  # fmt: skip
    assert tuple(parts) == (4000, 500, 5000)
    shown = customer_file(app.uow(), app.reports, company, "C1", as_of=date(2026, 11, 24))
    assert shown.claims["2026001"] == (Decimal("0.00"), Decimal("0.00"))  # all met
    [applied] = [a for a in shown.applied if a.invoice_number == "2026001"]
    assert (applied.to_costs, applied.to_interest, applied.to_principal) == (
        Decimal("40.00"), Decimal("5.00"), Decimal("5.00"))  # fmt: skip
    rest = BankTransaction(date(2026, 11, 21), Decimal("116.00"), "EUR", counterparty_iban=PAYER,
                           structured_reference=ref, bank_reference="P-2")  # fmt: skip
    assert book(app, company, rest).matched == 1
    assert open_amounts(app, company)["2026001"] == Decimal("0.00")
