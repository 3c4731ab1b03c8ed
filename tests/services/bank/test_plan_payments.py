"""Bank lines paying a payment plan in force, on the fakes (tests/fakes_plans.py's
FakeBankPlansDatabase): the plan's reference books to it, a plan instalment's amount only
from the customer's known account; what is booked to the plan, and nothing else, pays
its plan instalments. The same on a real database, from a CAMT file to the call task:
test_end_to_end.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.fakes_plans import FakeBankPlansDatabase
from tests.services.bank.bank_data import ACTOR, NOW, PAYER, Book, open_amounts, reference, seed
from tests.services.plans.test_plans import LETTERS
from tijdig.domain.banking import BankTransaction
from tijdig.domain.collection.plans import AcceptanceWay, WrittenAcceptance
from tijdig.domain.parties import Company
from tijdig.services.bank.review import book_invoices, review_page
from tijdig.services.plans import plans

D = Decimal
PAID_ON = date(2026, 12, 1)


@pytest.fixture
def db() -> FakeBankPlansDatabase:
    return FakeBankPlansDatabase()


@pytest.fixture
def company(db: FakeBankPlansDatabase) -> Company:
    return seed(db)  # type: ignore[arg-type]


def _plan(db: FakeBankPlansDatabase, company: Company) -> plans.Offered:
    """C1's 2026001 (121.00) in two plan instalments of 60.50, in force."""
    terms = plans.PlanTerms(("2026001",), 2, PAID_ON)
    offered = plans.offer_plan(db.uow(), company, "C1", terms, on=NOW.date(), actor=ACTOR, at=NOW)
    signed = WrittenAcceptance(AcceptanceWay.SIGNED_COPY, NOW, filename="ok.pdf", content=b"%")
    plans.accept_plan(db.uow(), company, offered.plan_id, signed, letters=LETTERS, on=NOW.date(),
                      actor=ACTOR,
                      at=NOW)  # fmt: skip
    return offered


def _booked_to(db: FakeBankPlansDatabase, company: Company, plan_id: int) -> list[Any]:
    with db.uow() as uow:
        return uow.plans.payments(company.id or 0, plan_id)


def test_a_line_with_the_plans_reference_books_to_the_plan(
    db: FakeBankPlansDatabase, company: Company, book: Book
) -> None:
    offered = _plan(db, company)
    assert offered.plan.reference == "7900000000000001"  # a kenmerk: ACME is Dutch
    line = BankTransaction(PAID_ON, D("60.50"), "EUR", counterparty_name="Iemand",
                           structured_reference=offered.plan.reference)  # fmt: skip
    result = book(db, company, line)
    assert (result.matched, result.review) == (1, 0)
    assert open_amounts(db, company) == {"2026001": D("60.50"), "2026002": D("60.50")}
    assert _booked_to(db, company, offered.plan_id) == [(PAID_ON, D("60.50"))]


def test_an_instalments_amount_books_to_the_plan_only_from_the_customers_known_account(
    db: FakeBankPlansDatabase, company: Company, book: Book
) -> None:
    offered = _plan(db, company)
    # 2026002 paid by its reference from PAYER: the account is C1's from now on
    first = BankTransaction(date(2026, 11, 20), D("60.50"), "EUR", counterparty_iban=PAYER,
                            structured_reference=reference(db, company, "2026002"))  # fmt: skip
    stranger = BankTransaction(PAID_ON, D("60.50"), "EUR", counterparty_iban="NL44INGB0009876543",
                               counterparty_name="Bakkerij Jansen")  # fmt: skip
    known = BankTransaction(PAID_ON, D("60.50"), "EUR", counterparty_iban=PAYER,
                            remittance="termijn")  # fmt: skip
    assert book(db, company, first).matched == 1
    result = book(db, company, stranger, known)
    assert (result.matched, result.review) == (1, 1)
    assert _booked_to(db, company, offered.plan_id) == [(PAID_ON, D("60.50"))]  # not `first`
    assert open_amounts(db, company) == {"2026001": D("60.50"), "2026002": D("0.00")}


def test_a_person_booking_a_line_to_a_covered_invoice_books_it_to_the_plan(
    db: FakeBankPlansDatabase, company: Company, book: Book
) -> None:
    offered = _plan(db, company)
    unknown = BankTransaction(PAID_ON, D("60.50"), "EUR", counterparty_name="Onbekend")
    assert book(db, company, unknown).review == 1
    [waiting] = review_page(db.uow(), company).lines
    book_invoices(db.uow(), company, waiting.id, ["2026001"], actor=ACTOR, at=NOW)
    assert _booked_to(db, company, offered.plan_id) == [(PAID_ON, D("60.50"))]


def test_a_plan_no_longer_in_force_is_no_target(
    db: FakeBankPlansDatabase, company: Company, book: Book
) -> None:
    offered = _plan(db, company)
    plans.cancel_plan(db.uow(), company, offered.plan_id, actor=ACTOR, at=NOW)
    line = BankTransaction(PAID_ON, D("60.50"), "EUR", structured_reference=offered.plan.reference)
    assert book(db, company, line).review == 1
    assert _booked_to(db, company, offered.plan_id) == []


def test_a_payment_split_between_a_plans_invoice_and_another_pays_no_plan(
    db: FakeBankPlansDatabase, company: Company, book: Book
) -> None:
    offered = _plan(db, company)
    unknown = BankTransaction(PAID_ON, D("150.00"), "EUR", counterparty_name="Onbekend")
    assert book(db, company, unknown).review == 1
    [waiting] = review_page(db.uow(), company).lines
    book_invoices(db.uow(), company, waiting.id, ["2026001", "2026002"], actor=ACTOR, at=NOW)
    assert open_amounts(db, company) == {"2026001": D("0.00"), "2026002": D("31.50")}
    assert _booked_to(db, company, offered.plan_id) == []


def test_a_plan_payment_the_bank_returns_pays_no_plan_instalment_any_more(
    db: FakeBankPlansDatabase, company: Company, book: Book
) -> None:
    """The return reopens the invoice and unlinks the payment from the plan: its plan
    instalment is unpaid again (judged as missed, reminded, broken as any other)."""
    offered = _plan(db, company)
    paid = BankTransaction(PAID_ON, D("60.50"), "EUR", counterparty_iban=PAYER,
                           structured_reference=offered.plan.reference,
                           end_to_end_id="E2E-PLAN-1")  # fmt: skip
    other = BankTransaction(PAID_ON, D("60.50"), "EUR", counterparty_iban=PAYER,
                            structured_reference=offered.plan.reference,
                            end_to_end_id="E2E-PLAN-2")  # fmt: skip
    assert book(db, company, paid, other).matched == 2
    assert _booked_to(db, company, offered.plan_id) == [(PAID_ON, D("60.50"))] * 2
    returned = BankTransaction(date(2026, 12, 3), D("-60.50"), "EUR", counterparty_iban=PAYER,
                               end_to_end_id="E2E-PLAN-1", return_reason="MD06")  # fmt: skip
    assert book(db, company, returned).reopened == 1
    assert _booked_to(db, company, offered.plan_id) == [(PAID_ON, D("60.50"))]  # the other
    assert open_amounts(db, company)["2026001"] == D("60.50")
