"""One bank line at a time against a small ledger: each rule, and what must not happen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.banking import BankTransaction
from tijdig.domain.invoices import EarlyPaymentDiscount
from tijdig.domain.references import KENMERK, OGM, RF
from tijdig.matching import THRESHOLD, Allocation, Kind, Ledger, OpenItem, PaidCredit, match

D = Decimal
DAY = date(2025, 3, 31)
ACME, ACME_IBAN = "C1", "NL91ABNA0417164300"
HOLDING, HOLDING_IBAN = "C9", "NL20INGB0001234567"


@dataclass(frozen=True)
class Debtor:
    number: str
    name: str
    parent_number: str | None = None


def item(number: str, customer: str, amount: str, seq: int, **kw: object) -> OpenItem:
    ref = (
        KENMERK.generate(seq)
        if seq % 3 == 0
        else OGM.generate(seq)
        if seq % 3
        else RF.generate(seq)
    )
    return OpenItem(number, customer, "EUR", D(amount), date(2025, 3, 1), date(2025, 3, 31),
                    ref, **kw)  # type: ignore[arg-type]  # fmt: skip


ITEMS = (
    item("2025-000101", ACME, "121.00", 101),
    item("2025-000102", ACME, "250.00", 102),
    item("2025-000103", ACME, "99.95", 103),
    item("2025-000104", ACME, "1000.00", 104, discount=EarlyPaymentDiscount(D(2), 40)),
    item("2025-000105", ACME, "500.00", 105, costs=D(40), interest=D("12.50")),
    item("2025-000201", "C2", "121.00", 201),
    item("2025-000202", "C2", "121.00", 202),
    item("2025-000301", "C3", "75.00", 301),
)
PAID = PaidCredit(ACME, D("300.00"), date(2025, 3, 20),
                  (Allocation("2025-000050", D("300.00"), to_principal=D("300.00")),),
                  end_to_end_id="E2E-1", counterparty_iban=ACME_IBAN, payment_id=77)  # fmt: skip
LEDGER = Ledger.build(
    ITEMS,
    [Debtor(ACME, "Acme B.V."), Debtor("C2", "Bakkerij Twee"),
     Debtor("C3", "Dochter B.V.", HOLDING), Debtor(HOLDING, "Holding Groep B.V.")],
    ibans=[(ACME_IBAN, ACME), (HOLDING_IBAN, HOLDING), ("NL02RABO0123456789", "C2")],
    paid=[PAID],
)  # fmt: skip
REF = {i.invoice_number: i.payment_reference or "" for i in ITEMS}


def tx(amount: str, *, iban: str | None = None, name: str | None = None, ref: str | None = None,
       text: str = "", **kw: object) -> BankTransaction:  # fmt: skip
    return BankTransaction(DAY, D(amount), "EUR", counterparty_iban=iban, counterparty_name=name,
                           structured_reference=ref, remittance=text, **kw)  # type: ignore[arg-type]  # fmt: skip


def booked(line: BankTransaction) -> set[tuple[str, Decimal]]:
    decision = match(line, LEDGER)
    assert decision.kind is Kind.MATCHED, decision
    assert decision.confidence >= THRESHOLD
    return {(a.invoice_number, a.amount) for a in decision.allocations}


CASES = [
    ("a structured reference and the amount", tx("121.00", ref=REF["2025-000101"])),
    ("a reference in the text, from anyone", tx("121.00", name="X", text=REF["2025-000101"])),
    ("a formatted OGM in the text", tx("250.00", text=OGM.format(REF["2025-000102"]))),
    ("an invoice number typed loosely", tx("99.95", text="fact. 2025-103")),
    ("the payer's account and the one item of that amount", tx("250.00", iban=ACME_IBAN)),
    ("the payer's exact name and the one item of that amount", tx("250.00", name="ACME BV")),
    ("short numbers of the payer's invoices", tx("220.95", iban=ACME_IBAN, text="nr 101/103")),
    ("a reference with a typo and the amount",
     tx("99.95", text=RF.format(REF["2025-000103"]).replace("3", "8", 1))),
    ("the parent pays its child's invoice", tx("75.00", iban=HOLDING_IBAN)),
]  # fmt: skip
EXPECTED = [
    {("2025-000101", D("121.00"))}, {("2025-000101", D("121.00"))},
    {("2025-000102", D("250.00"))}, {("2025-000103", D("99.95"))},
    {("2025-000102", D("250.00"))}, {("2025-000102", D("250.00"))},
    {("2025-000101", D("121.00")), ("2025-000103", D("99.95"))},
    {("2025-000103", D("99.95"))}, {("2025-000301", D("75.00"))},
]  # fmt: skip


PARAMS = [(case[1], expected) for case, expected in zip(CASES, EXPECTED, strict=True)]


@pytest.mark.parametrize(("line", "expected"), PARAMS, ids=[c[0] for c in CASES])
def test_each_rule_books_what_it_finds(line: BankTransaction, expected: set[object]) -> None:
    assert booked(line) == expected


def test_several_invoices_paid_at_once_by_account() -> None:
    assert booked(tx("470.95", iban=ACME_IBAN)) == {
        ("2025-000101", D("121.00")), ("2025-000102", D("250.00")), ("2025-000103", D("99.95"))
    }  # fmt: skip


def test_the_discounted_amount_within_the_period_settles_the_invoice() -> None:
    decision = match(tx("980.00", ref=REF["2025-000104"]), LEDGER)
    assert decision.kind is Kind.MATCHED
    assert decision.allocations[0].discount_taken == D("20.00")


def test_a_partial_payment_goes_to_costs_then_interest_then_principal() -> None:
    decision = match(tx("100.00", iban=ACME_IBAN, ref=REF["2025-000105"]), LEDGER)
    assert decision.kind is Kind.MATCHED
    (allocation,) = decision.allocations
    assert (allocation.to_costs, allocation.to_interest, allocation.to_principal) == (
        D(40), D("12.50"), D("47.50"))  # fmt: skip


def test_an_overpayment_is_kept_as_credit_on_the_customer() -> None:
    decision = match(tx("130.00", iban=ACME_IBAN, ref=REF["2025-000101"]), LEDGER)
    assert decision.kind is Kind.MATCHED
    assert (decision.customer_number, decision.overpayment) == (ACME, D("9.00"))


def test_a_partial_payment_from_an_unknown_payer_waits_for_review() -> None:
    decision = match(tx("50.00", name="Iemand Anders", ref=REF["2025-000101"]), LEDGER)
    assert decision.kind is Kind.REVIEW
    assert decision.suggestions[0].allocations[0].invoice_number == "2025-000101"


def test_two_items_of_the_same_amount_wait_for_review_with_both() -> None:
    decision = match(tx("121.00", iban="NL02RABO0123456789"), LEDGER)
    assert decision.kind is Kind.REVIEW
    assert {s.allocations[0].invoice_number for s in decision.suggestions} == {
        "2025-000201", "2025-000202"}  # fmt: skip


def test_an_unknown_payer_without_reference_waits_for_review() -> None:
    decision = match(tx("121.00", name="Onbekend", iban="NL11BANK0000000001"), LEDGER)
    assert (decision.kind, decision.suggestions) == (Kind.REVIEW, ())


def test_a_debit_never_settles_an_invoice() -> None:
    decision = match(tx("-121.00", iban=ACME_IBAN, ref=REF["2025-000101"]), LEDGER)
    assert decision.kind is Kind.IGNORE


def test_a_pending_entry_is_ignored() -> None:
    assert match(tx("121.00", ref=REF["2025-000101"], booked=False), LEDGER).kind is Kind.IGNORE


def test_a_returned_direct_debit_reopens_what_it_paid() -> None:
    decision = match(tx("-300.00", iban=ACME_IBAN, end_to_end_id="E2E-1", return_reason="MD06"),
                     LEDGER)  # fmt: skip
    assert decision.kind is Kind.REOPEN
    assert decision.allocations == PAID.allocations
    assert decision.undoes == 77  # the payment it takes back (off its plan, if any)


def test_a_reversal_found_only_by_payer_and_amount_waits_for_review() -> None:
    decision = match(tx("-300.00", iban=ACME_IBAN, is_reversal=True), LEDGER)
    assert (decision.kind, decision.customer_number) == (Kind.REVIEW, ACME)


def test_a_return_of_an_unknown_payment_waits_for_review() -> None:
    decision = match(tx("-10.00", end_to_end_id="E2E-X", return_reason="AC04"), LEDGER)
    assert decision.kind is Kind.REVIEW


def test_a_reference_from_another_customers_account_still_books_but_says_so() -> None:
    decision = match(tx("75.00", iban=ACME_IBAN, ref=REF["2025-000301"]), LEDGER)
    assert decision.kind is Kind.MATCHED
    assert decision.confidence < D("0.99")
