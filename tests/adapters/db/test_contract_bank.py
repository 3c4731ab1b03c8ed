"""The bank repositories (statements and lines, what matching reads and booking writes,
the review queue), one contract for the fake (tests/fakes_bank.py), SQLite and
PostgreSQL: what one returns, the others do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tests.databases import STORE_KINDS, MigratedSchema, units_of_work
from tests.fakes_bank import FakeBankDatabase, FakeBankUnitOfWork
from tijdig.adapters.db.schema.banking import BankTransactionRow, CustomerIbanRow
from tijdig.adapters.db.schema.ledger import AllocationRow, CustomerRow, PaymentRow
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.domain.banking import AccountBalance, BankStatement, BankTransaction
from tijdig.domain.invoices import EarlyPaymentDiscount, Invoice, InvoiceKind
from tijdig.domain.parties import BankAccount, Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.matching.model import Allocation, OpenItem, PaidCredit, Suggestion
from tijdig.services.bank.drafts import (
    AllocationDraft,
    BankLineStatus,
    IbanSeen,
    LineOutcome,
    NewLine,
    OpenChange,
    PaymentDraft,
)
from tijdig.services.bank.review import DecisionUnitOfWork, InvoiceChoice

AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
IBAN = "NL91ABNA0417164300"
SECOND = "NL44RABO0123456789"
PAYER = "NL02ABNA0123456789"
DAY = date(2026, 11, 20)


class BankUnitOfWork(DecisionUnitOfWork, Protocol):
    """What both the fake and the SQL unit of work offer these tests."""


BankStore = Callable[[], BankUnitOfWork]


@pytest.fixture(params=STORE_KINDS)
def store(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_schema: MigratedSchema | None,
) -> Iterator[BankStore]:
    """Units of work on one empty store, of each kind."""
    yield from units_of_work(request.param, FakeBankDatabase, tmp_path, sqlite_template,
                             postgres_schema)  # fmt: skip


# ------------------------------------------------ the rows, read the same on both kinds


def _line(uow: BankUnitOfWork, line_id: int) -> tuple[str, int | None, int | None, int | None]:
    """A line's status, customer, payment and confidence."""
    if isinstance(uow, FakeBankUnitOfWork):
        line = uow.bank.stored(line_id)
        assert line is not None
        return line.status.value, line.customer_id, line.payment_id, line.confidence
    assert isinstance(uow, SqlUnitOfWork)
    row = uow.session.get(BankTransactionRow, line_id)
    assert row is not None
    return row.status, row.customer_id, row.payment_id, row.confidence


Payment = tuple[
    int, int, date, Decimal, str, str | None, list[tuple[int, Decimal, Decimal, Decimal]]
]


def _payments(uow: BankUnitOfWork, company_id: int) -> dict[int, Payment]:
    """Per payment id: customer, bank line, day, amount, currency, reference, and its
    allocations (invoice id, amount, costs, interest)."""
    if isinstance(uow, FakeBankUnitOfWork):
        return {
            i: (p.customer_id, p.line_id, p.paid_on, p.amount, p.currency, p.reference,
                list(p.allocations))
            for i, p in uow.bank.payments(company_id).items()
        }  # fmt: skip
    assert isinstance(uow, SqlUnitOfWork)
    found: dict[int, Payment] = {}
    for p in uow.session.scalars(
        select(PaymentRow).where(PaymentRow.company_id == company_id).order_by(PaymentRow.id)
    ):
        parts = uow.session.execute(
            select(AllocationRow.invoice_id, AllocationRow.amount_minor, AllocationRow.costs_minor,
                   AllocationRow.interest_minor)
            .where(AllocationRow.payment_id == p.id).order_by(AllocationRow.id)
        )  # fmt: skip
        cents = [(i, *(Decimal(m).scaleb(-2) for m in minor)) for i, *minor in parts]
        found[p.id] = (p.customer_id, p.bank_transaction_id or 0, p.paid_on,
                       Decimal(p.amount_minor).scaleb(-2), p.currency, p.reference,
                       cents)  # type: ignore[assignment]  # fmt: skip
    return found


def _seen(uow: BankUnitOfWork, company_id: int) -> dict[tuple[str, str], tuple[int, date]]:
    """Per (IBAN, customer number): how often it was paid from, and when last."""
    if isinstance(uow, FakeBankUnitOfWork):
        return uow.matching.seen(company_id)
    assert isinstance(uow, SqlUnitOfWork)
    c = CustomerIbanRow
    rows = uow.session.execute(
        select(c.iban, CustomerRow.number, c.times_seen, c.last_seen)
        .join(CustomerRow, CustomerRow.id == c.customer_id)
        .where(c.company_id == company_id)
    )  # fmt: skip
    return {(iban, number): (times, last) for iban, number, times, last in rows}


class _Setup:
    """ACME owning IBAN, with customers K1 (of group K0) and K2, invoices F1 and F2 of K1
    (F2 with an early-payment discount), F3 of K2, a paid F4 and a credit note; another
    company ZED with an invoice F1 and a customer named like K1, that must never show."""

    def __init__(self, store: BankStore) -> None:
        with store() as uow:
            acme = Company("ACME", "Acme B.V.", bank_accounts=(BankAccount(IBAN),))
            self.company = uow.companies.add(acme, at=AT).id or 0
            self.other = uow.companies.add(Company("ZED", "Zed"), at=AT).id or 0
            uow.customers.save_many(self.company, [
                Customer("K2", "Slagerij Pieters"), Customer("K0", "Groep"),
                Customer("K1", "Bakkerij Jansen", parent_number="K0"),
            ])  # fmt: skip
            uow.customers.save_many(self.other, [Customer("Z1", "Bakkerij Jansen")])
            ids = uow.customers.ids_by_number(self.company)
            self.k1, self.k2 = ids["K1"], ids["K2"]
            self.z1 = uow.customers.ids_by_number(self.other)["Z1"]
            self.invoice: dict[str, int] = {}
            discount = EarlyPaymentDiscount(Decimal(2), 10)
            for number, customer, due, total, extra in (
                ("F2", self.k1, date(2026, 10, 31), "60.50", {"discount": discount}),
                ("F1", self.k1, date(2026, 10, 31), "121.00", {"payment_reference": "RF18 1"}),
                ("F3", self.k2, date(2026, 9, 30), "1050.004", {}),
                ("F4", self.k2, date(2026, 9, 1), "10.00", {"prepaid": Decimal(10)}),
                ("CN1", self.k1, date(2026, 10, 5), "20.00", {"kind": InvoiceKind.CREDIT_NOTE}),
            ):
                invoice = Invoice(number, "", date(2026, 9, 1), due, Decimal(total),
                                  **extra)  # fmt: skip
                self.invoice[number] = uow.invoices.add(
                    invoice, company_id=self.company, customer_id=customer, fingerprint=number,
                    source="test",
                )  # fmt: skip
            z = Invoice("F1", "", date(2026, 9, 1), date(2026, 10, 31), Decimal(10))
            self.zed_f1 = uow.invoices.add(z, company_id=self.other, customer_id=self.z1,
                                           fingerprint="z", source="test")  # fmt: skip
            uow.commit()

    def statement(self, *txs: BankTransaction, closing: str | None = "100.00",
                  day: date = DAY, account: str = IBAN) -> BankStatement:  # fmt: skip
        close = None if closing is None else Decimal(closing)
        return BankStatement(account, "EUR", "S1", Decimal(0), close, None, day, txs)


def _tx(amount: str, day: date = DAY, **kwargs: object) -> BankTransaction:
    return BankTransaction(day, Decimal(amount), "EUR", **kwargs)  # type: ignore[arg-type]


def test_statements_are_kept_per_account_with_the_latest_balance(store: BankStore) -> None:
    s = _Setup(store)
    with store() as uow:
        assert uow.bank.owner_of(IBAN) == s.company and uow.bank.owner_of(SECOND) is None
        uow.bank.add_account(s.other, SECOND)
        assert uow.bank.owner_of(SECOND) == s.other
        assert uow.bank.last_closing(s.company, IBAN) is None
        add = uow.bank.add_statement
        add(s.company, s.statement(closing="100.004"), filename="a.xml", imported_at=AT)
        add(s.company, s.statement(closing=None, day=date(2026, 11, 21)), filename="b.xml",
            imported_at=AT)  # fmt: skip
        add(s.company, s.statement(closing="50.00"), filename="c.xml", imported_at=AT)
        add(s.company, s.statement(closing="7.00", account=SECOND, day=date(2026, 11, 2)),
            filename="d.xml", imported_at=AT)  # fmt: skip
        empty = BankStatement(IBAN, "EUR", None, None, None, None, None, ())
        add(s.other, empty, filename="e.xml", imported_at=AT)  # dated the day it came
        uow.commit()
    with store() as uow:
        # the latest statement with a closing balance; of one day, the last stored
        assert uow.bank.last_closing(s.company, IBAN) == (DAY, Decimal("50.00"))
        assert uow.bank.last_closing(s.other, IBAN) is None
        assert uow.bank.accounts(s.company) == [
            AccountBalance(SECOND, date(2026, 11, 2), Decimal("7.00"), "EUR"),
            AccountBalance(IBAN, date(2026, 11, 21), None, "EUR"),
        ]  # by account
        assert uow.bank.accounts(s.other) == [AccountBalance(IBAN, AT.date(), None, "EUR")]


def test_a_statement_is_known_again_by_its_account_reference_days_and_balances(
    store: BankStore,
) -> None:
    s = _Setup(store)
    quiet = BankStatement(IBAN, "EUR", "S2", Decimal(5), Decimal(5), date(2026, 11, 20),
                          DAY, ())  # fmt: skip
    undated = BankStatement(IBAN, "EUR", None, None, Decimal(5), None, None, ())
    with store() as uow:
        assert not uow.bank.has_statement(s.company, quiet)
        uow.bank.add_statement(s.company, quiet, filename="q.xml", imported_at=AT)
        uow.bank.add_statement(s.company, undated, filename="u.xml", imported_at=AT)
        uow.commit()
    with store() as uow:
        has = uow.bank.has_statement
        assert has(s.company, quiet) and has(s.company, undated)
        assert not has(s.other, quiet)  # another company's
        assert not has(s.company, replace(quiet, closing_date=date(2026, 11, 22)))
        assert not has(s.company, replace(quiet, statement_id="S3"))
        assert not has(s.company, replace(quiet, opening_balance=None))
        assert not has(s.company, replace(quiet, closing_balance=Decimal("5.01")))
        assert not has(s.company, replace(quiet, account=SECOND))


def test_new_lines_are_stored_once_per_key_and_read_back_as_their_columns(
    store: BankStore,
) -> None:
    s = _Setup(store)
    credit = _tx("12.345", value_date=date(2026, 11, 21), counterparty_name="J" * 250,
                 counterparty_iban=PAYER, counterparty_bic="ABNANL2A",
                 structured_reference="RF1", remittance="factuur F1", bank_reference="B1",
                 end_to_end_id="E1", line=7)  # fmt: skip
    returned = _tx("-5.00", date(2026, 11, 19), return_reason="MD06", counterparty_name="")
    debit = _tx("-3.00")
    with store() as uow:
        statement = uow.bank.add_statement(s.company, s.statement(), filename="a", imported_at=AT)
        uow.bank.add_lines([NewLine(s.company, statement, IBAN, key, tx) for key, tx in
                            (("k1", credit), ("k2", returned), ("k3", debit))])  # fmt: skip
        assert uow.bank.known_keys(s.company, ["k1", "k3", "k9"]) == {"k1", "k3"}
        assert uow.bank.known_keys(s.other, ["k1"]) == set()
        uow.commit()
    with store() as uow:
        lines = uow.matching.new_lines(s.company)  # by booking date: the debit is left alone
        assert [tx for _, tx in lines] == [
            _tx("-5.00", date(2026, 11, 19), return_reason="MD06"),
            _tx("12.35", value_date=date(2026, 11, 21), counterparty_name="J" * 200,
                counterparty_iban=PAYER, structured_reference="RF1", remittance="factuur F1",
                bank_reference="B1", end_to_end_id="E1"),
        ]  # fmt: skip
        assert [_line(uow, i)[0] for i, _ in lines] == ["new", "new"]
        assert uow.matching.new_lines(s.other) == []
        assert uow.bank_decisions.waiting(s.company, limit=10, offset=0) == ([], 0)
    with store() as uow:  # nothing kept without a commit
        statement = uow.bank.add_statement(s.company, s.statement(), filename="b", imported_at=AT)
        uow.bank.add_lines([NewLine(s.company, statement, IBAN, "k9", credit)])
        uow.matching.learn_ibans(s.company, [IbanSeen(s.k1, PAYER, DAY)])
    with store() as uow:
        assert uow.bank.known_keys(s.company, ["k9"]) == set() and _seen(uow, s.company) == {}
        assert len(uow.matching.new_lines(s.company)) == 2


def test_a_line_is_stored_once_per_company_and_key(store: BankStore) -> None:
    s = _Setup(store)
    line = _tx("10.00")
    with pytest.raises((ValueError, IntegrityError)), store() as uow:
        statement = uow.bank.add_statement(s.company, s.statement(), filename="a", imported_at=AT)
        uow.bank.add_lines([NewLine(s.company, statement, IBAN, "k1", line)])
        uow.bank.add_lines([NewLine(s.company, statement, IBAN, "k1", line)])
    with store() as uow:  # another company's own key is another line
        for company in (s.company, s.other):
            statement = uow.bank.add_statement(company, s.statement(), filename="a",
                                               imported_at=AT)  # fmt: skip
            uow.bank.add_lines([NewLine(company, statement, IBAN, "k1", line)])
        uow.commit()
    with store() as uow:
        assert [tx for _, tx in uow.matching.new_lines(s.other)] == [line]


def test_matching_reads_the_open_invoices_customers_and_ids(store: BankStore) -> None:
    s = _Setup(store)
    with store() as uow:
        items = sorted(uow.matching.open_items(s.company), key=lambda i: i.invoice_number)
        assert items == [
            OpenItem("F1", "K1", "EUR", Decimal("121.00"), date(2026, 9, 1), date(2026, 10, 31),
                     "RF18 1"),
            OpenItem("F2", "K1", "EUR", Decimal("60.50"), date(2026, 9, 1), date(2026, 10, 31),
                     discount=EarlyPaymentDiscount(Decimal(2), 10)),
            OpenItem("F3", "K2", "EUR", Decimal("1050.00"), date(2026, 9, 1), date(2026, 9, 30)),
        ]  # not the paid F4, nor the credit note, nor ZED's F1  # fmt: skip
        assert sorted(uow.matching.customers(s.company)) == [
            ("K0", "Groep", None), ("K1", "Bakkerij Jansen", "K0"), ("K2", "Slagerij Pieters", None)
        ]  # fmt: skip
        invoices, customers = uow.matching.ids(s.company)
        assert invoices == {n: s.invoice[n] for n in ("F1", "F2", "F3")}
        assert customers == uow.customers.ids_by_number(s.company)
        named, _ = uow.matching.ids(s.company, ["F4", "CN1", "F9"])
        assert named == {n: s.invoice[n] for n in ("F1", "F2", "F3", "F4")}  # an invoice


def _book_f1(uow: BankUnitOfWork, s: _Setup, line_id: int, day: date = DAY) -> dict[int, int]:
    """A payment of 100.00 from K1 on line `line_id`: 40 costs, 5 interest and 55 to F1."""
    draft = PaymentDraft(s.company, s.k1, line_id, day, Decimal("100.004"), "EUR", "RF18 1",
                         (AllocationDraft(s.invoice["F1"], Decimal(100), Decimal(40),
                                          Decimal(5)),))  # fmt: skip
    return uow.matching.add_payments([draft])


def test_a_match_is_booked_with_its_payment_open_amounts_and_account(store: BankStore) -> None:
    s = _Setup(store)
    why = (reason(Code.MATCH_SETTLED_EARLIER, invoice="F1"),)
    suggestion = Suggestion("K2", (Allocation("F3", Decimal("5.00"), to_principal=Decimal(5)),),
                            Decimal("0.5"), why)  # fmt: skip
    with store() as uow:
        statement = uow.bank.add_statement(s.company, s.statement(), filename="a", imported_at=AT)
        paid = _tx("100.00", counterparty_iban=PAYER, end_to_end_id="E1", bank_reference="B1")
        vague = _tx("5.00", counterparty_name="Pieters")
        first, second = uow.bank.reserve_ids(2)
        assert uow.bank.reserve_ids(0) == [] and first < second
        payments = _book_f1(uow, s, first)
        outcomes = {
            first: LineOutcome(first, BankLineStatus.MATCHED, s.k1, 100, why),
            second: LineOutcome(second, BankLineStatus.REVIEW, s.k2, 50, why, (suggestion,)),
        }
        uow.bank.add_lines([NewLine(s.company, statement, IBAN, "k1", paid),
                            NewLine(s.company, statement, IBAN, "k2", vague)],
                           ids=[first, second], outcomes=outcomes, payments=payments)  # fmt: skip
        f1, f3 = s.invoice["F1"], s.invoice["F3"]
        uow.matching.change_open([OpenChange(f1, Decimal("-55.004"), "EUR"),
                                  OpenChange(f3, Decimal("-50"), "EUR"),
                                  OpenChange(f3, Decimal("-1000"), "EUR")])  # fmt: skip
        seen = [IbanSeen(s.k1, PAYER, DAY), IbanSeen(s.k1, PAYER, date(2026, 11, 18))]
        uow.matching.learn_ibans(s.company, seen)
        assert uow.matching.add_payments([]) == {}
        uow.commit()
    with store() as uow:
        [(payment_id, payment)] = _payments(uow, s.company).items()
        assert payments == {first: payment_id}
        assert payment == (s.k1, first, DAY, Decimal("100.00"), "EUR", "RF18 1",
                           [(s.invoice["F1"], Decimal(100), Decimal(40), Decimal(5))])  # fmt: skip
        assert _line(uow, first) == ("matched", s.k1, payment_id, 100)
        assert _line(uow, second) == ("review", s.k2, None, 50)
        items = {i.invoice_number: i.outstanding for i in uow.matching.open_items(s.company)}
        assert items == {"F1": Decimal("66.00"), "F2": Decimal("60.50")}  # F3 paid in full
        assert _seen(uow, s.company) == {(PAYER, "K1"): (2, DAY)}
        assert uow.matching.ibans(s.company) == [(PAYER, "K1")]
        assert uow.matching.ibans(s.other) == []
        to_f1 = Allocation("F1", Decimal(100), to_principal=Decimal(100))
        assert uow.matching.paid_credits(s.company, since=DAY) == [
            PaidCredit("K1", Decimal("100.00"), DAY, (to_f1,), "E1", "B1", PAYER, payment_id)
        ]
        assert uow.matching.paid_credits(s.company, since=date(2026, 11, 21)) == []
        [waiting] = uow.bank_decisions.waiting(s.company, limit=5, offset=0)[0]
        assert (waiting.id, waiting.customer_number, waiting.reasons) == (second, "K2", why)
        assert waiting.suggestions == ({
            "customer": "K2", "confidence": "0.5", "reason": waiting.suggestions[0]["reason"],
            "reasons": [{"code": Code.MATCH_SETTLED_EARLIER.value, "params": {"invoice": "F1"}}],
            "overpayment": "0",
            "allocations": [{"invoice_number": "F3", "amount": "5.00", "to_costs": "0",
                             "to_interest": "0", "to_principal": "5", "discount_taken": "0"}],
        },)  # fmt: skip
    with store() as uow:  # a line stored before gets its outcome; the account seen again
        later = date(2026, 11, 22)
        uow.matching.learn_ibans(s.company, [IbanSeen(s.k1, PAYER, later)])
        uow.matching.set_lines([LineOutcome(second, BankLineStatus.MATCHED, s.k2, 100,
                                            "booked by anne")], {second: payment_id})  # fmt: skip
        uow.matching.set_lines([], {})
        uow.commit()
    with store() as uow:
        assert _seen(uow, s.company) == {(PAYER, "K1"): (3, later)}
        assert _line(uow, second) == ("matched", s.k2, payment_id, 100)
        assert uow.bank_decisions.waiting(s.company, limit=5, offset=0) == ([], 0)


def _review_lines(uow: BankUnitOfWork, s: _Setup, *txs: BankTransaction) -> list[int]:
    statement = uow.bank.add_statement(s.company, s.statement(), filename="a", imported_at=AT)
    ids = uow.bank.reserve_ids(len(txs))
    uow.bank.add_lines(
        [NewLine(s.company, statement, IBAN, f"k{i}", tx) for i, tx in zip(ids, txs, strict=True)],
        ids=ids,
        outcomes={i: LineOutcome(i, BankLineStatus.REVIEW, None, 40, "two customers fit")
                  for i in ids},
    )  # fmt: skip
    return ids


def test_the_review_queue_reads_claims_and_sets_aside(store: BankStore) -> None:
    s = _Setup(store)
    with store() as uow:
        a, b, c, d = _review_lines(
            uow, s, _tx("10.00", date(2026, 11, 21), counterparty_name="BAKKERIJ JANSEN BV"),
            _tx("20.00", date(2026, 11, 19), counterparty_iban=PAYER),
            _tx("30.00", date(2026, 11, 21)), _tx("-40.00", date(2026, 11, 18)),
        )  # fmt: skip
        uow.matching.learn_ibans(s.company, [IbanSeen(s.k1, PAYER, DAY)])
        uow.commit()
    with store() as uow:
        page, count = uow.bank_decisions.waiting(s.company, limit=2, offset=1)
        assert ([line.id for line in page], count) == ([b, a], 4)  # by booking date, then id
        assert uow.bank_decisions.waiting(s.company, limit=2, offset=4) == ([], 0)
        assert uow.bank_decisions.waiting(s.other, limit=2, offset=0) == ([], 0)
        assert page[1].reasons == ("two customers fit",) and page[1].suggestions == ()
        assert page[1].transaction == _tx("10.00", date(2026, 11, 21),
                                          counterparty_name="BAKKERIJ JANSEN BV")  # fmt: skip
        found = uow.bank_decisions.from_customer(s.company, s.k1, "Bakkerij Jansen")
        assert [line.id for line in found] == [a, b]  # latest first: by name, by account
        assert uow.bank_decisions.from_customer(s.company, s.k2, "Slagerij") == []
        assert uow.bank_decisions.from_customer(s.other, s.z1, "Bakkerij Jansen") == []
        line = uow.bank_decisions.line(s.company, c)
        assert line is not None and (line.id, line.customer_number) == (c, None)
        assert uow.bank_decisions.line(s.other, c) is None
        assert not uow.bank_decisions.claim(s.other, c)
        assert uow.bank_decisions.claim(s.company, c) and not uow.bank_decisions.claim(s.company, c)
        assert uow.bank_decisions.line(s.company, c) is None  # being decided
        uow.bank_decisions.dismiss(d, "two customers fit; not a customer payment")
        uow.commit()
    with store() as uow:
        assert _line(uow, d)[0] == "ignored" and _line(uow, c)[0] == "deciding"
        assert [w.id for w in uow.bank_decisions.waiting(s.company, limit=9, offset=0)[0]] == [b, a]
        assert uow.bank_decisions.line(s.company, d) is None


def test_the_review_queue_finds_open_invoices_to_book(store: BankStore) -> None:
    s = _Setup(store)
    with store() as uow:
        pick = uow.bank_decisions.open_items
        named = pick(s.company, invoice_numbers=["F1", "F3", "F4", "CN1", "F9"])
        assert named == [
            (s.invoice["F3"], s.k2, OpenItem("F3", "K2", "EUR", Decimal("1050.00"),
                                             date(2026, 9, 1), date(2026, 9, 30))),
            (s.invoice["F1"], s.k1, OpenItem("F1", "K1", "EUR", Decimal("121.00"),
                                             date(2026, 9, 1), date(2026, 10, 31), "RF18 1")),
        ]  # oldest due first; open invoices only; no discount read  # fmt: skip
        k1 = pick(s.company, customer_number="K1")
        assert [(i, c, item.invoice_number) for i, c, item in k1] == [
            (s.invoice["F1"], s.k1, "F1"), (s.invoice["F2"], s.k1, "F2")]  # by number  # fmt: skip
        assert [item.invoice_number for *_, item in pick(s.company, limit=1)] == ["F3"]
        assert pick(s.other, customer_number="K1") == []
        search = uow.bank_decisions.search
        f3 = InvoiceChoice("F3", "K2", "Slagerij Pieters", "EUR", Decimal("1050.00"),
                           date(2026, 9, 30))  # fmt: skip
        assert [c.invoice_number for c in search(s.company, "F", limit=5)] == ["F1", "F2", "F3"]
        assert search(s.company, "F3", limit=5) == [f3]
        assert [c.invoice_number for c in search(s.company, "F", limit=2)] == ["F1", "F2"]
        assert search(s.company, "K2", limit=5) == [f3]  # the customer's number
        assert [c.invoice_number for c in search(s.company, "jansen", limit=5)] == ["F1", "F2"]
        assert search(s.company, "2", limit=5) == []  # digits: a number, never a name
        assert [c.invoice_number for c in search(s.other, "F", limit=5)] == ["F1"]
