"""A payment plan in force as a payment target: its reference books to it, a plan
instalment's amount only from the customer's known account; the money goes to the
invoices it covers in the plan's order. Weak signals go to review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.banking import BankTransaction
from tijdig.domain.reasons import Code
from tijdig.domain.references import RF, plan_reference_for
from tijdig.matching import Allocation, Kind, Ledger, OpenItem, PlanInForce, match
from tijdig.matching.matcher import PARTIAL, PAYER_SINGLE, REF_EXACT, STRANGER

D = Decimal
DAY = date(2026, 4, 1)
ACME_IBAN, OTHER_IBAN = "NL91ABNA0417164300", "NL02RABO0123456789"
PLAN = plan_reference_for("NL", 1)  # a kenmerk
PLAN_C3 = plan_reference_for("NL", 2)


@dataclass(frozen=True)
class Debtor:
    number: str
    name: str
    parent_number: str | None = None


def item(number: str, customer: str, amount: str, **kw: Decimal) -> OpenItem:
    return OpenItem(number, customer, "EUR", D(amount), date(2026, 1, 1), date(2026, 1, 31),
                    RF.wrap(number), **kw)  # type: ignore[arg-type]  # fmt: skip


ITEMS = (
    # C1's F1 (200.00, costs 40.00, interest 5.00) is in plan PLAN: 3 x 81.67, 81.66
    item("F1", "C1", "200", costs=D(40), interest=D(5)),
    item("F2", "C1", "150"),  # not in the plan
    item("F3", "C3", "300"),  # in C3's plan PLAN_C3: 3 x 100.00
    item("F4", "C3", "100"),  # not in it: as much as one plan instalment
)
PLANS = (
    PlanInForce(PLAN, "C1", "EUR", (D("81.67"), D("81.66")), ("F1",), by_law=True),
    PlanInForce(PLAN_C3, "C3", "EUR", (D("100.00"),), ("F3",)),
)
LEDGER = Ledger.build(
    ITEMS,
    [Debtor("C1", "Acme B.V."), Debtor("C2", "Bakkerij Twee"), Debtor("C3", "Drie B.V.")],
    ibans=[(ACME_IBAN, "C1"), (OTHER_IBAN, "C2")],
    plans=PLANS,
)  # fmt: skip


def tx(amount: str, *, ref: str | None = None, iban: str | None = None, name: str | None = None,
       text: str = "") -> BankTransaction:  # fmt: skip
    return BankTransaction(DAY, D(amount), "EUR", counterparty_iban=iban, counterparty_name=name,
                           structured_reference=ref, remittance=text)  # fmt: skip


def test_the_plans_reference_with_an_instalments_amount_books_to_its_invoices_by_6_44() -> None:
    """81.67 to F1: its costs 40.00, its interest 5.00, then 36.67 principal."""
    decision = match(tx("81.67", ref=PLAN), LEDGER)
    assert (decision.kind, decision.customer_number, decision.confidence) == (
        Kind.MATCHED, "C1", REF_EXACT)  # fmt: skip
    assert decision.allocations == (Allocation("F1", D("81.67"), D(40), D(5), D("36.67")),)
    assert decision.reasons[0].code is Code.MATCH_PLAN_REFERENCE


def test_the_reference_in_the_free_text_counts_as_well() -> None:
    spaced = " ".join(PLAN[i : i + 4] for i in range(0, len(PLAN), 4))
    decision = match(tx("81.66", text=f"termijn regeling {spaced}"), LEDGER)
    assert (decision.kind, decision.customer_number) == (Kind.MATCHED, "C1")


def test_an_instalments_amount_from_the_customers_known_account_books_to_the_plan() -> None:
    decision = match(tx("81.67", iban=ACME_IBAN, name="Acme"), LEDGER)
    assert (decision.kind, decision.confidence) == (Kind.MATCHED, PAYER_SINGLE)
    assert decision.allocations == (Allocation("F1", D("81.67"), D(40), D(5), D("36.67")),)
    assert decision.reasons[0].code is Code.MATCH_PLAN_INSTALMENT


@pytest.mark.parametrize(
    "line",
    [
        tx("81.67", name="Acme B.V."),  # the payer known by its name alone
        tx("81.67", iban="NL44INGB0009876543"),  # an unknown account, no name
        tx("81.67", iban=OTHER_IBAN, name="Bakkerij Twee"),  # another customer's account
    ],
)
def test_an_instalments_amount_alone_on_a_weaker_signal_waits_for_review(
    line: BankTransaction,
) -> None:
    assert match(line, LEDGER).kind is Kind.REVIEW


def test_an_instalments_amount_that_an_open_invoice_outside_the_plan_also_has_is_contested() -> (
    None
):
    c3 = Ledger.build(ITEMS, [Debtor("C3", "Drie B.V.")], ibans=[(OTHER_IBAN, "C3")],
                      plans=PLANS)  # fmt: skip
    decision = match(tx("100.00", iban=OTHER_IBAN), c3)
    assert decision.kind is Kind.REVIEW
    assert {a.invoice_number for s in decision.suggestions for a in s.allocations} == {"F3", "F4"}


def test_another_amount_with_the_reference_books_only_from_a_corroborated_payer() -> None:
    known = match(tx("50.00", ref=PLAN, iban=ACME_IBAN), LEDGER)
    assert (known.kind, known.confidence) == (Kind.MATCHED, PARTIAL)
    assert known.allocations == (Allocation("F1", D(50), D(40), D(5), D(5)),)
    assert match(tx("50.00", ref=PLAN), LEDGER).kind is Kind.REVIEW


def test_more_than_the_plan_covers_is_booked_with_the_rest_kept_as_credit() -> None:
    decision = match(tx("300.00", ref=PLAN, iban=ACME_IBAN), LEDGER)
    assert (decision.kind, decision.overpayment) == (Kind.MATCHED, D("55.00"))
    assert decision.allocations == (Allocation("F1", D(245), D(40), D(5), D(200)),)


@pytest.mark.parametrize(
    ("by_law", "expected"),
    [
        # Dutch: G2's costs and interest first, though G1 is due earlier; then G1
        (True, (Allocation("G1", D(55), to_principal=D(55)),
                Allocation("G2", D(45), D(40), D(5), D(0)))),
        # no order stated (Belgian): as any payment, the invoice due first in full first
        (False, (Allocation("G1", D(100), to_principal=D(100)),)),
    ],
)  # fmt: skip
def test_the_plans_order_decides_where_a_payment_goes(
    by_law: bool, expected: tuple[Allocation, ...]
) -> None:
    g1 = OpenItem("G1", "C1", "EUR", D(100), date(2026, 1, 1), date(2026, 1, 10))
    g2 = OpenItem("G2", "C1", "EUR", D(200), date(2026, 1, 1), date(2026, 1, 31), costs=D(40),
                  interest=D(5))  # fmt: skip
    plan = PlanInForce(PLAN, "C1", "EUR", (D("100.00"),), ("G1", "G2"), by_law=by_law)
    ledger = Ledger.build([g1, g2], [Debtor("C1", "Acme B.V.")], ibans=[(ACME_IBAN, "C1")],
                          plans=[plan])  # fmt: skip
    decision = match(tx("100.00", ref=PLAN, iban=ACME_IBAN), ledger)
    assert (decision.kind, decision.allocations) == (Kind.MATCHED, expected)


def test_the_reference_from_an_unrelated_customers_account_books_less_surely() -> None:
    decision = match(tx("81.67", ref=PLAN, iban=OTHER_IBAN), LEDGER)
    assert (decision.kind, decision.confidence) == (Kind.MATCHED, STRANGER)


def test_a_plan_that_leaves_out_the_costs_pays_none() -> None:
    no_claims = PlanInForce(PLAN, "C1", "EUR", (D("100.00"),), ("F1",), by_law=True,
                            costs=False, interest=False)  # fmt: skip
    ledger = Ledger.build(ITEMS, [Debtor("C1", "Acme B.V.")], plans=[no_claims])
    decision = match(tx("100.00", ref=PLAN), ledger)
    assert decision.allocations == (Allocation("F1", D(100), to_principal=D(100)),)


def test_an_instalment_paid_with_a_covered_invoices_own_reference_goes_by_the_plans_order() -> None:
    """The plan states 6:44: the invoice's reference does not send 81.67 to principal; the
    plan's instalment (from the known account) and the invoice's reference agree."""
    decision = match(tx("81.67", ref=RF.wrap("F1"), iban=ACME_IBAN), LEDGER)
    assert decision.kind is Kind.MATCHED
    assert decision.allocations == (Allocation("F1", D("81.67"), D(40), D(5), D("36.67")),)
    assert Code.MATCH_PLAN_INSTALMENT in {r.code for r in decision.reasons}


def test_an_instalments_amount_naming_an_invoice_outside_the_plan_pays_that_invoice() -> None:
    f2 = item("F2", "C1", "81.67")
    ledger = Ledger.build([ITEMS[0], f2], [Debtor("C1", "Acme B.V.")], ibans=[(ACME_IBAN, "C1")],
                          plans=PLANS)  # fmt: skip
    by_reference = match(tx("81.67", ref=RF.wrap("F2"), iban=ACME_IBAN), ledger)
    by_number = match(tx("81.67", iban=ACME_IBAN, text="factuur F2"), ledger)
    assert by_reference.kind is Kind.MATCHED
    assert by_reference.allocations == (Allocation("F2", D("81.67"), to_principal=D("81.67")),)
    assert match(tx("81.67", iban=ACME_IBAN), ledger).kind is Kind.REVIEW  # F2 or the plan
    assert by_number.kind is Kind.REVIEW  # a short number (0.93) against the instalment (0.95)
