"""Matching booked lines: sure matches booked at once, returns re-opened, the rest
reviewed; on the fake database (tests/fakes_bank.py). Claims and what the customer file
reads of a payment are in test_end_to_end.py, on a real database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.fakes_bank import BankTables, FakeBankDatabase
from tests.services.bank.bank_data import (
    ACTOR,
    IBAN,
    NOW,
    PAYER,
    Book,
    open_amounts,
    reader,
    reference,
    seed,
)
from tijdig.domain.banking import BankStatement, BankTransaction
from tijdig.domain.errors import ImportRefused
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.engine.model import Claim, InvoiceStage
from tijdig.services.bank.matching import import_and_match, match_new
from tijdig.services.bank.statements import import_statements
from tijdig.services.collection.messages import claims_per_invoice
from tijdig.services.collection.payload import StoredProposal
from tijdig.services.receivables.imports import with_reference


@pytest.fixture
def company(db: FakeBankDatabase) -> Company:
    return seed(db)


def test_a_payment_with_its_reference_is_booked_at_once(
    db: FakeBankDatabase, company: Company, book: Book
) -> None:
    ref = reference(db, company, "2026001")
    paid = BankTransaction(date(2026, 11, 20), Decimal("121.00"), "EUR", counterparty_name=
                           "Bakkerij Jansen", counterparty_iban=PAYER, structured_reference=ref,
                           end_to_end_id="E2E-1")  # fmt: skip
    result = book(db, company, paid)
    assert (result.matched, result.review) == (1, 0)
    assert open_amounts(db, company) == {"2026001": Decimal("0.00"), "2026002": Decimal("60.50")}


def test_an_unknown_payer_waits_for_review(
    db: FakeBankDatabase, company: Company, book: Book
) -> None:
    stranger = BankTransaction(date(2026, 11, 20), Decimal("33.00"), "EUR",
                               counterparty_name="Onbekend", remittance="bedankt")  # fmt: skip
    result = book(db, company, stranger)
    assert (result.matched, result.review) == (0, 1)
    assert open_amounts(db, company)["2026001"] == Decimal("121.00")


def test_a_return_reopens_the_invoice_and_raises_a_task(
    db: FakeBankDatabase, company: Company, book: Book
) -> None:
    ref = reference(db, company, "2026002")
    paid = BankTransaction(date(2026, 11, 20), Decimal("60.50"), "EUR", counterparty_iban=PAYER,
                           structured_reference=ref, end_to_end_id="E2E-2")  # fmt: skip
    book(db, company, paid)
    returned = BankTransaction(date(2026, 11, 23), Decimal("-60.50"), "EUR",
                               counterparty_iban=PAYER, end_to_end_id="E2E-2",
                               return_reason="MD06")  # fmt: skip
    result = book(db, company, returned)
    assert result.reopened == 1
    assert open_amounts(db, company)["2026002"] == Decimal("60.50")
    with db.uow() as uow:
        [(_, task)] = uow.worklists.agenda(
            company.id or 0, date(2026, 11, 30), offset=0, limit=None
        )[1]
    # what to do, as a code with its values; the line's reasons say how it was matched
    assert task.title == reason(Code.PAYMENT_RETURNED, return_reason="MD06", invoices="2026002")
    assert task.reasons and task.script == ""


def test_the_same_statement_twice_settles_nothing_twice(
    db: FakeBankDatabase, company: Company, book: Book
) -> None:
    ref = reference(db, company, "2026001")
    paid = BankTransaction(date(2026, 11, 20), Decimal("121.00"), "EUR", structured_reference=ref,
                           bank_reference="B-1")  # fmt: skip
    book(db, company, paid)
    before = db.snapshot()
    again = book(db, company, paid)
    assert (again.matched, again.review) == (0, 0)
    assert open_amounts(db, company)["2026001"] == Decimal("0.00")
    assert db.snapshot() == before  # not a line, payment, id nor audit entry more


def test_the_payers_account_is_learned_and_counted(
    db: FakeBankDatabase, company: Company, book: Book
) -> None:
    for number, amount, day in (("2026001", "121.00", 20), ("2026002", "60.50", 21)):
        ref = reference(db, company, number)
        tx = BankTransaction(date(2026, 11, day), Decimal(amount), "EUR", counterparty_iban=PAYER,
                             structured_reference=ref, bank_reference=f"B-{day}")  # fmt: skip
        assert book(db, company, tx).matched == 1
    with db.uow() as uow:
        [(iban, customer)] = uow.matching.ibans(company.id or 0)
        seen = uow.matching.seen(company.id or 0)
    assert (iban, customer) == (PAYER, "C1")
    assert seen == {(PAYER, "C1"): (2, date(2026, 11, 21))}


def _line(number: str, open_amount: str, step: str | None) -> InvoiceStage:
    return InvoiceStage(number, "invoice", step, date(2026, 10, 1), Decimal(open_amount), "EUR", 30)


def test_claims_are_apportioned_over_the_covered_invoices() -> None:
    """A message sent before the claim's parts per invoice were stored."""
    lines = (_line("A", "100.00", "notice_of_default"), _line("B", "300.00", "notice_of_default"),
             _line("C", "-50.00", None))  # fmt: skip
    claim = Claim(Decimal("40.00"), Decimal("3.01"), "EUR")
    sent = StoredProposal("C1", "default", "notice_of_default", lines, (), ("A", "B"), claim)
    assert claims_per_invoice(sent) == [
        ("A", Decimal("10.00"), Decimal("0.75"), "EUR"),
        ("B", Decimal("30.00"), Decimal("2.26"), "EUR"),
    ]
    assert claims_per_invoice(replace(sent, claim=None)) == []


def _paid(
    db: FakeBankDatabase, company: Company, number: str, amount: str, day: int
) -> BankTransaction:
    return BankTransaction(date(2026, 11, day), Decimal(amount), "EUR", counterparty_iban=PAYER,
                           structured_reference=reference(db, company, number),
                           bank_reference=f"B-{number}")  # fmt: skip


def _stored(db: FakeBankDatabase) -> list[tuple[str, int | None]]:
    """Every line's status and the payment booked from it, by id."""
    assert isinstance(db.tables, BankTables)
    return [(line.status.value, line.payment_id) for _, line in sorted(db.tables.lines.items())]


def test_lines_stored_but_not_matched_yet_are_matched_with_the_new_ones(
    db: FakeBankDatabase, company: Company
) -> None:
    earlier = _paid(db, company, "2026002", "60.50", 19)
    import_statements(db.uow(), [Path("a.xml")], read=reader(earlier), company_hint=None,
                      actor=ACTOR, at=NOW)  # fmt: skip
    later = _paid(db, company, "2026001", "121.00", 20)
    _, [result] = import_and_match(db.uow(), [Path("b.xml")], read=reader(later),
                                   company_hint=None, actor=ACTOR, at=NOW)  # fmt: skip
    assert (result.matched, result.review) == (2, 0)
    assert set(open_amounts(db, company).values()) == {Decimal("0.00")}
    stored = _stored(db)
    assert [s for s, _ in stored] == ["matched", "matched"]
    assert all(payment is not None for _, payment in stored)


def test_the_same_statement_twice_in_one_import_books_once(
    db: FakeBankDatabase, company: Company
) -> None:
    paid = _paid(db, company, "2026001", "121.00", 20)
    summary, [result] = import_and_match(db.uow(), [Path("a.xml"), Path("a-again.xml")],
                                         read=reader(paid), company_hint=None,
                                         actor=ACTOR, at=NOW)  # fmt: skip
    assert (summary.new, summary.duplicates, summary.statements) == (1, 1, 2)
    assert (result.matched, result.review) == (1, 0)
    assert _stored(db)[0][0] == "matched" and len(_stored(db)) == 1


def test_a_refused_import_books_nothing(db: FakeBankDatabase, company: Company) -> None:
    paid = _paid(db, company, "2026001", "121.00", 20)
    ours = BankStatement(IBAN, "EUR", "S1", None, None, None, date(2026, 11, 20), (paid,))
    stranger = BankStatement("NL44RABO0123456789", "EUR", "S2", None, None, None,
                             date(2026, 11, 20), (paid,))  # fmt: skip
    read = {
        Path("a.xml"): ImportResult(items=(ours,)),
        Path("b.xml"): ImportResult(items=(stranger,)),
    }
    before = db.snapshot()[0]
    with pytest.raises(ImportRefused, match="belongs to no company"):
        import_and_match(
            db.uow(), list(read), read=read.__getitem__, company_hint=None, actor=ACTOR, at=NOW
        )
    assert _stored(db) == []
    assert open_amounts(db, company)["2026001"] == Decimal("121.00")
    assert _audit(db) == []
    assert db.snapshot()[0] == before  # not a statement, line or payment kept


def _audit(db: FakeBankDatabase) -> list[tuple[str, str, int | None, int | None, str, str]]:
    return [(e.action, e.actor, e.company_id, e.customer_id, e.subject, e.details)
            for e in db.audit_entries if e.action != "company.add"]  # fmt: skip


def _customer_id(db: FakeBankDatabase, company: Company, number: str) -> int:
    with db.uow() as uow:
        return uow.customers.ids_by_number(company.id or 0)[number]


def _second_customer(db: FakeBankDatabase, company: Company) -> int:
    """C2, with invoice 2026101 of 1,050.00 open."""
    assert company.id is not None
    with db.uow() as uow:
        uow.customers.save_many(company.id, [Customer("C2", "Slagerij Pieters")])
        cid = uow.customers.ids_by_number(company.id)["C2"]
        invoice = Invoice("2026101", "C2", date(2026, 10, 1), date(2026, 10, 31), Decimal("1050"))
        uow.invoices.add(with_reference(invoice, company), company_id=company.id,
                         customer_id=cid, fingerprint="2026101", source="test")  # fmt: skip
        uow.commit()
    return cid


def test_an_import_writes_one_audit_entry_per_customer_paid_and_a_repeat_none(
    db: FakeBankDatabase, company: Company
) -> None:
    c2 = _second_customer(db, company)
    c1 = _customer_id(db, company, "C1")
    paid = [_paid(db, company, "2026001", "121.00", 20),
            _paid(db, company, "2026002", "60.50", 20),
            BankTransaction(date(2026, 11, 21), Decimal("1050.00"), "EUR",
                            structured_reference=reference(db, company, "2026101"),
                            bank_reference="B-C2")]  # fmt: skip
    stranger = BankTransaction(date(2026, 11, 21), Decimal("33.00"), "EUR",
                               counterparty_name="Onbekend", remittance="bedankt")  # fmt: skip
    import_and_match(db.uow(), [Path("a.xml")], read=reader(*paid, stranger),
                     company_hint=None, actor=ACTOR, at=NOW)  # fmt: skip
    subject = "1 bank statement file(s): a.xml"
    entries = [
        ("bank.import", ACTOR, company.id, c1, subject,
         "2 payment(s) booked, EUR 181.50; 2 invoice(s) settled"),
        ("bank.import", ACTOR, company.id, c2, subject,
         "1 payment(s) booked, EUR 1,050.00; 1 invoice(s) settled"),
    ]  # fmt: skip
    assert _audit(db) == entries
    with db.uow() as uow:
        found = uow.audit.for_customer(company.id or 0, c2)
        assert [(e.action, e.actor, e.at) for e in found] == [("bank.import", ACTOR, NOW)]
    assert [s for s, _ in _stored(db)] == ["matched", "matched", "matched", "review"]
    before = db.snapshot()
    import_and_match(db.uow(), [Path("a.xml")], read=reader(*paid, stranger),
                     company_hint=None, actor=ACTOR, at=NOW)  # fmt: skip
    assert _audit(db) == entries
    assert db.snapshot() == before


def test_an_import_that_pays_no_customer_writes_one_entry_for_the_company(
    db: FakeBankDatabase, company: Company
) -> None:
    stranger = BankTransaction(date(2026, 11, 20), Decimal("33.00"), "EUR",
                               counterparty_name="Onbekend", remittance="bedankt")  # fmt: skip
    import_and_match(db.uow(), [Path("a.xml")], read=reader(stranger), company_hint=None,
                     actor=ACTOR, at=NOW)  # fmt: skip
    entry = ("bank.import", ACTOR, company.id, None, "1 bank statement file(s)",
             "1 new line(s): 0 payment(s) booked, 1 waiting for review, 0 reopened, "
             "0 other line(s) left alone; a.xml")  # fmt: skip
    assert _audit(db) == [entry]
    with db.uow() as uow:
        entries = uow.audit.for_company(company.id or 0)
        assert [e.at for e in entries if e.action != "company.add"] == [NOW]


def test_a_returned_payment_is_on_its_customers_record(
    db: FakeBankDatabase, company: Company, book: Book
) -> None:
    book(db, company, _paid(db, company, "2026002", "60.50", 20))
    returned = BankTransaction(date(2026, 11, 23), Decimal("-60.50"), "EUR",
                               counterparty_iban=PAYER, bank_reference="B-2026002",
                               return_reason="MD06")  # fmt: skip
    assert book(db, company, returned).reopened == 1
    c1 = _customer_id(db, company, "C1")
    customers = [(action, who, customer, details)
                 for action, who, _, customer, _, details in _audit(db) if customer]  # fmt: skip
    action = customers[0][0]
    assert customers == [
        (action, ACTOR, c1, "1 payment(s) booked, EUR 60.50; 1 invoice(s) settled"),
        (action, ACTOR, c1, "1 returned payment(s): invoices open again"),
    ]


def test_lines_stored_then_matched_write_the_import_and_the_match(
    db: FakeBankDatabase, company: Company
) -> None:
    paid = _paid(db, company, "2026001", "121.00", 20)
    import_statements(db.uow(), [Path("a.xml")], read=reader(paid), company_hint=None,
                      actor=ACTOR, at=NOW)  # fmt: skip
    match_new(db.uow(), company.id or 0, actor="cli:other", at=NOW)
    match_new(db.uow(), company.id or 0, actor="cli:other", at=NOW)  # nothing new: no entry
    assert [(action, who, customer, details) for action, who, _, customer, _, details
            in _audit(db)] == [
        ("bank.import", ACTOR, None, "1 new line(s); a.xml"),
        ("bank.match", "cli:other", _customer_id(db, company, "C1"),
         "1 payment(s) booked, EUR 121.00; 1 invoice(s) settled"),
    ]  # fmt: skip
