"""Matching booked lines: sure matches booked at once, returns re-opened, the rest reviewed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tijdig.adapters.db.schema.banking import BankTransactionRow, CustomerIbanRow
from tijdig.adapters.db.schema.ledger import AllocationRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.banking import BankStatement, BankTransaction
from tijdig.domain.errors import ImportRefused
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.engine.model import Claim, InvoiceStage
from tijdig.services.bank.matching import MatchResult, import_and_match, match_new
from tijdig.services.bank.statements import import_statements
from tijdig.services.collection.messages import claims_per_invoice
from tijdig.services.collection.payload import StoredProposal
from tijdig.services.companies.companies import add_company
from tijdig.services.read_models.customer_file import customer_file
from tijdig.services.read_models.ledger import list_invoices
from tijdig.services.receivables.imports import with_reference

IBAN = "NL91ABNA0417164300"
PAYER = "NL02ABNA0123456789"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ACTOR = "cli:tester"


@pytest.fixture
def company(app: Tijdig) -> Company:
    acme = Company(code="ACME", name="Acme B.V.", bank_accounts=(BankAccount(IBAN),))
    stored = add_company(app.uow(), acme, validate=False, actor="test", at=datetime.now(UTC))
    assert stored.id is not None
    with app.uow() as uow:
        uow.customers.save_many(stored.id, [Customer("C1", "Bakkerij Jansen")])
        cid = uow.customers.ids_by_number(stored.id)["C1"]
        for number, amount in (("2026001", "121.00"), ("2026002", "60.50")):
            invoice = Invoice(number, "C1", date(2026, 10, 1), date(2026, 10, 31), Decimal(amount))
            uow.invoices.add(with_reference(invoice, stored), company_id=stored.id,
                             customer_id=cid, fingerprint=number, source="test")  # fmt: skip
        uow.commit()
    return stored


def _reference(app: Tijdig, company: Company, number: str) -> str:
    found = [i for i in list_invoices(app.uow(), company) if i.number == number]
    assert found[0].payment_reference
    return found[0].payment_reference


def _reader(*txs: BankTransaction) -> Callable[[Path], ImportResult[BankStatement]]:
    statement = BankStatement(IBAN, "EUR", "S1", None, None, None, date(2026, 11, 20), txs)
    return lambda _path: ImportResult(items=(statement,))


Book = Callable[..., MatchResult]


@pytest.fixture(params=["in one go", "stored, then matched"])
def book(request: pytest.FixtureRequest) -> Book:
    """Books a statement of the transactions both ways: `import_and_match` (what the
    command does) and `import_statements` followed by `match_new`; they must agree."""
    one_go = request.param == "in one go"

    def run(app: Tijdig, company: Company, *txs: BankTransaction) -> MatchResult:
        assert company.id is not None
        path = Path(f"s{len(txs)}.xml")
        if one_go:
            summary, results = import_and_match(app.uow(), [path], read=_reader(*txs),
                                                company_hint=None, actor=ACTOR, at=NOW)  # fmt: skip
            assert summary.companies == {company.id}
            [result] = results
            return result
        import_statements(
            app.uow(), [path], read=_reader(*txs), company_hint=None, actor=ACTOR, at=NOW
        )
        return match_new(app.uow(), company.id, actor=ACTOR, at=NOW)

    return run


def _open(app: Tijdig, company: Company) -> dict[str, Decimal]:
    return {i.number: i.outstanding for i in list_invoices(app.uow(), company)}


def test_a_payment_with_its_reference_is_booked_at_once(
    app: Tijdig, company: Company, book: Book
) -> None:
    ref = _reference(app, company, "2026001")
    paid = BankTransaction(date(2026, 11, 20), Decimal("121.00"), "EUR", counterparty_name=
                           "Bakkerij Jansen", counterparty_iban=PAYER, structured_reference=ref,
                           end_to_end_id="E2E-1")  # fmt: skip
    result = book(app, company, paid)
    assert (result.matched, result.review) == (1, 0)
    assert _open(app, company) == {"2026001": Decimal("0.00"), "2026002": Decimal("60.50")}


def test_an_unknown_payer_waits_for_review(app: Tijdig, company: Company, book: Book) -> None:
    stranger = BankTransaction(date(2026, 11, 20), Decimal("33.00"), "EUR",
                               counterparty_name="Onbekend", remittance="bedankt")  # fmt: skip
    result = book(app, company, stranger)
    assert (result.matched, result.review) == (0, 1)
    assert _open(app, company)["2026001"] == Decimal("121.00")


def test_a_return_reopens_the_invoice_and_raises_a_task(
    app: Tijdig, company: Company, book: Book
) -> None:
    ref = _reference(app, company, "2026002")
    paid = BankTransaction(date(2026, 11, 20), Decimal("60.50"), "EUR", counterparty_iban=PAYER,
                           structured_reference=ref, end_to_end_id="E2E-2")  # fmt: skip
    book(app, company, paid)
    returned = BankTransaction(date(2026, 11, 23), Decimal("-60.50"), "EUR",
                               counterparty_iban=PAYER, end_to_end_id="E2E-2",
                               return_reason="MD06")  # fmt: skip
    result = book(app, company, returned)
    assert result.reopened == 1
    assert _open(app, company)["2026002"] == Decimal("60.50")
    with app.uow() as uow:
        [(_, task)] = uow.worklists.agenda(
            company.id or 0, date(2026, 11, 30), offset=0, limit=None
        )[1]
    assert "MD06" in task.title


def test_the_same_statement_twice_settles_nothing_twice(
    app: Tijdig, company: Company, book: Book
) -> None:
    ref = _reference(app, company, "2026001")
    paid = BankTransaction(date(2026, 11, 20), Decimal("121.00"), "EUR", structured_reference=ref,
                           bank_reference="B-1")  # fmt: skip
    book(app, company, paid)
    again = book(app, company, paid)
    assert (again.matched, again.review) == (0, 0)
    assert _open(app, company)["2026001"] == Decimal("0.00")


def test_the_payers_account_is_learned_and_counted(
    app: Tijdig, company: Company, book: Book
) -> None:
    for number, amount, day in (("2026001", "121.00", 20), ("2026002", "60.50", 21)):
        ref = _reference(app, company, number)
        tx = BankTransaction(date(2026, 11, day), Decimal(amount), "EUR", counterparty_iban=PAYER,
                             structured_reference=ref, bank_reference=f"B-{day}")  # fmt: skip
        assert book(app, company, tx).matched == 1
    with app.uow() as uow:
        [(iban, customer)] = uow.matching.ibans(company.id or 0)
        seen = uow.session.execute(
            select(CustomerIbanRow.times_seen, CustomerIbanRow.last_seen)
        ).one()
    assert (iban, customer) == (PAYER, "C1")
    assert tuple(seen) == (2, date(2026, 11, 21))


def test_a_known_payers_unmatched_credit_counts_as_unallocated(
    app: Tijdig, company: Company, book: Book
) -> None:
    ref = _reference(app, company, "2026001")
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
                            structured_reference=_reference(app, company, "2026002"),
                            bank_reference="P-0")  # fmt: skip
    assert book(app, company, learn).matched == 1  # the payer's account is known now
    ref = _reference(app, company, "2026001")
    part = BankTransaction(date(2026, 11, 20), Decimal("50.00"), "EUR", counterparty_iban=PAYER,
                           structured_reference=ref, bank_reference="P-1")  # fmt: skip
    assert book(app, company, part).matched == 1
    assert _open(app, company)["2026001"] == Decimal("116.00")  # 50 = 40 + 5 + 5 principal
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
    assert _open(app, company)["2026001"] == Decimal("0.00")


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


def _paid(app: Tijdig, company: Company, number: str, amount: str, day: int) -> BankTransaction:
    return BankTransaction(date(2026, 11, day), Decimal(amount), "EUR", counterparty_iban=PAYER,
                           structured_reference=_reference(app, company, number),
                           bank_reference=f"B-{number}")  # fmt: skip


def _stored(app: Tijdig) -> list[tuple[str, int | None]]:
    with app.uow() as uow:
        rows = uow.session.execute(
            select(BankTransactionRow.status, BankTransactionRow.payment_id)
            .order_by(BankTransactionRow.id)
        )  # fmt: skip
        return [(status, payment) for status, payment in rows]


def test_lines_stored_but_not_matched_yet_are_matched_with_the_new_ones(
    app: Tijdig, company: Company
) -> None:
    earlier = _paid(app, company, "2026002", "60.50", 19)
    import_statements(app.uow(), [Path("a.xml")], read=_reader(earlier), company_hint=None,
                      actor=ACTOR, at=NOW)  # fmt: skip
    later = _paid(app, company, "2026001", "121.00", 20)
    _, [result] = import_and_match(app.uow(), [Path("b.xml")], read=_reader(later),
                                   company_hint=None, actor=ACTOR, at=NOW)  # fmt: skip
    assert (result.matched, result.review) == (2, 0)
    assert set(_open(app, company).values()) == {Decimal("0.00")}
    stored = _stored(app)
    assert [s for s, _ in stored] == ["matched", "matched"]
    assert all(payment is not None for _, payment in stored)


def test_the_same_statement_twice_in_one_import_books_once(app: Tijdig, company: Company) -> None:
    paid = _paid(app, company, "2026001", "121.00", 20)
    summary, [result] = import_and_match(app.uow(), [Path("a.xml"), Path("a-again.xml")],
                                         read=_reader(paid), company_hint=None,
                                         actor=ACTOR, at=NOW)  # fmt: skip
    assert (summary.new, summary.duplicates, summary.statements) == (1, 1, 2)
    assert (result.matched, result.review) == (1, 0)
    assert _stored(app)[0][0] == "matched" and len(_stored(app)) == 1


def test_a_refused_import_books_nothing(app: Tijdig, company: Company) -> None:
    paid = _paid(app, company, "2026001", "121.00", 20)
    ours = BankStatement(IBAN, "EUR", "S1", None, None, None, date(2026, 11, 20), (paid,))
    stranger = BankStatement("NL44RABO0123456789", "EUR", "S2", None, None, None,
                             date(2026, 11, 20), (paid,))  # fmt: skip
    read = {
        Path("a.xml"): ImportResult(items=(ours,)),
        Path("b.xml"): ImportResult(items=(stranger,)),
    }
    with pytest.raises(ImportRefused, match="belongs to no company"):
        import_and_match(
            app.uow(), list(read), read=read.__getitem__, company_hint=None, actor=ACTOR, at=NOW
        )
    assert _stored(app) == []
    assert _open(app, company)["2026001"] == Decimal("121.00")
    assert _audit(app) == []


def _audit(app: Tijdig) -> list[tuple[str, str, int | None, int | None, str, str]]:
    with app.uow() as uow:
        setup = AuditRow.action != "company.add"  # the data set up's own entry
        rows = uow.session.scalars(select(AuditRow).where(setup).order_by(AuditRow.id))
        return [(r.action, r.actor, r.company_id, r.customer_id, r.subject, r.details)
                for r in rows]  # fmt: skip


def _customer_id(app: Tijdig, company: Company, number: str) -> int:
    with app.uow() as uow:
        return uow.customers.ids_by_number(company.id or 0)[number]


def _second_customer(app: Tijdig, company: Company) -> int:
    """C2, with invoice 2026101 of 1,050.00 open."""
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, [Customer("C2", "Slagerij Pieters")])
        cid = uow.customers.ids_by_number(company.id)["C2"]
        invoice = Invoice("2026101", "C2", date(2026, 10, 1), date(2026, 10, 31), Decimal("1050"))
        uow.invoices.add(with_reference(invoice, company), company_id=company.id,
                         customer_id=cid, fingerprint="2026101", source="test")  # fmt: skip
        uow.commit()
    return cid


def test_an_import_writes_one_audit_entry_per_customer_paid_and_a_repeat_none(
    app: Tijdig, company: Company
) -> None:
    c2 = _second_customer(app, company)
    c1 = _customer_id(app, company, "C1")
    paid = [_paid(app, company, "2026001", "121.00", 20),
            _paid(app, company, "2026002", "60.50", 20),
            BankTransaction(date(2026, 11, 21), Decimal("1050.00"), "EUR",
                            structured_reference=_reference(app, company, "2026101"),
                            bank_reference="B-C2")]  # fmt: skip
    stranger = BankTransaction(date(2026, 11, 21), Decimal("33.00"), "EUR",
                               counterparty_name="Onbekend", remittance="bedankt")  # fmt: skip
    import_and_match(app.uow(), [Path("a.xml")], read=_reader(*paid, stranger),
                     company_hint=None, actor=ACTOR, at=NOW)  # fmt: skip
    subject = "1 bank statement file(s): a.xml"
    entries = [
        ("bank.import", ACTOR, company.id, c1, subject,
         "2 payment(s) booked, EUR 181.50; 2 invoice(s) settled"),
        ("bank.import", ACTOR, company.id, c2, subject,
         "1 payment(s) booked, EUR 1,050.00; 1 invoice(s) settled"),
    ]  # fmt: skip
    assert _audit(app) == entries
    with app.uow() as uow:
        found = uow.audit.for_customer(company.id or 0, c2)
        assert [(e.action, e.actor, e.at) for e in found] == [("bank.import", ACTOR, NOW)]
    import_and_match(app.uow(), [Path("a.xml")], read=_reader(*paid, stranger),
                     company_hint=None, actor=ACTOR, at=NOW)  # fmt: skip
    assert _audit(app) == entries


def test_an_import_that_pays_no_customer_writes_one_entry_for_the_company(
    app: Tijdig, company: Company
) -> None:
    stranger = BankTransaction(date(2026, 11, 20), Decimal("33.00"), "EUR",
                               counterparty_name="Onbekend", remittance="bedankt")  # fmt: skip
    import_and_match(app.uow(), [Path("a.xml")], read=_reader(stranger), company_hint=None,
                     actor=ACTOR, at=NOW)  # fmt: skip
    entry = ("bank.import", ACTOR, company.id, None, "1 bank statement file(s)",
             "1 new line(s): 0 payment(s) booked, 1 waiting for review, 0 reopened, "
             "0 other line(s) left alone; a.xml")  # fmt: skip
    assert _audit(app) == [entry]
    with app.uow() as uow:
        entries = uow.audit.for_company(company.id or 0)
        assert [e.at for e in entries if e.action != "company.add"] == [NOW]


def test_a_returned_payment_is_on_its_customers_record(
    app: Tijdig, company: Company, book: Book
) -> None:
    book(app, company, _paid(app, company, "2026002", "60.50", 20))
    returned = BankTransaction(date(2026, 11, 23), Decimal("-60.50"), "EUR",
                               counterparty_iban=PAYER, bank_reference="B-2026002",
                               return_reason="MD06")  # fmt: skip
    assert book(app, company, returned).reopened == 1
    c1 = _customer_id(app, company, "C1")
    customers = [(action, who, customer, details)
                 for action, who, _, customer, _, details in _audit(app) if customer]  # fmt: skip
    action = customers[0][0]
    assert customers == [
        (action, ACTOR, c1, "1 payment(s) booked, EUR 60.50; 1 invoice(s) settled"),
        (action, ACTOR, c1, "1 returned payment(s): invoices open again"),
    ]


def test_lines_stored_then_matched_write_the_import_and_the_match(
    app: Tijdig, company: Company
) -> None:
    paid = _paid(app, company, "2026001", "121.00", 20)
    import_statements(app.uow(), [Path("a.xml")], read=_reader(paid), company_hint=None,
                      actor=ACTOR, at=NOW)  # fmt: skip
    match_new(app.uow(), company.id or 0, actor="cli:other", at=NOW)
    match_new(app.uow(), company.id or 0, actor="cli:other", at=NOW)  # nothing new: no entry
    assert [(action, who, customer, details) for action, who, _, customer, _, details
            in _audit(app)] == [
        ("bank.import", ACTOR, None, "1 new line(s); a.xml"),
        ("bank.match", "cli:other", _customer_id(app, company, "C1"),
         "1 payment(s) booked, EUR 121.00; 1 invoice(s) settled"),
    ]  # fmt: skip
