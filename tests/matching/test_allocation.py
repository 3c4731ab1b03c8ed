"""Art. 6:44 BW order, the early-payment discount and the combination search."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import EarlyPaymentDiscount
from tijdig.matching.allocation import (
    across,
    combinations,
    fits,
    oldest_first,
    settle,
    split,
    to_plan,
)
from tijdig.matching.model import OpenItem

D = Decimal
DAY = date(2025, 3, 1)


def item(number: str, outstanding: str, *, costs: str = "0", interest: str = "0",
         discount: EarlyPaymentDiscount | None = None, due: date = DAY) -> OpenItem:  # fmt: skip
    return OpenItem(number, "C1", "EUR", D(outstanding), date(2025, 2, 1), due,
                    discount=discount, costs=D(costs), interest=D(interest))  # fmt: skip


@pytest.mark.parametrize(
    ("paid", "to_costs", "to_interest", "to_principal"),
    [("30", "30", "0", "0"), ("40", "40", "0", "0"), ("50", "40", "10", "0"),
     ("100", "40", "12.50", "47.50"), ("1052.50", "40", "12.50", "1000")],
)  # fmt: skip
def test_a_payment_goes_to_costs_then_interest_then_principal(
    paid: str, to_costs: str, to_interest: str, to_principal: str
) -> None:
    allocation = split(D(paid), item("F1", "1000", costs="40", interest="12.50"))
    assert (allocation.to_costs, allocation.to_interest, allocation.to_principal) == (
        D(to_costs), D(to_interest), D(to_principal))  # fmt: skip


def test_more_than_claimed_is_refused() -> None:
    with pytest.raises(InvalidValue):
        split(D("100.01"), item("F1", "100"))


def test_the_discounted_amount_in_time_settles_in_full() -> None:
    invoice = item("F1", "1000", discount=EarlyPaymentDiscount(D(2), 10))
    allocation = settle(D("980.00"), invoice, paid_on=date(2025, 2, 11))
    assert allocation.discount_taken == D("20.00")
    assert D("980.00") not in fits(invoice, paid_on=date(2025, 2, 12))


def test_the_principal_alone_fits_an_item_with_costs_but_pays_costs_first() -> None:
    invoice = item("F1", "1000", costs="40", interest="10")
    assert D(1000) in fits(invoice, paid_on=DAY)
    assert settle(D(1000), invoice, paid_on=DAY).to_principal == D(950)


def test_combinations_find_the_oldest_set_and_notice_ambiguity() -> None:
    items = [item("A", "100"), item("B", "200"), item("C", "300"), item("D", "50")]
    found = combinations(D(300), items, paid_on=DAY)
    assert [{a.invoice_number for a in c} for c in found] == [{"A", "B"}, {"C"}]
    assert combinations(D(1000), items, paid_on=DAY) == ()


def test_the_search_is_bounded_by_parts() -> None:
    items = [item(f"I{n}", "10") for n in range(10)]
    assert combinations(D(60), items, paid_on=DAY) == ()  # six parts: more than allowed
    assert len(combinations(D(50), items, paid_on=DAY, want=1)[0]) == 5


amounts = st.decimals(min_value=D("0.01"), max_value=D("10000"), places=2)


@given(st.lists(amounts, min_size=1, max_size=8), amounts, amounts, amounts)
def test_allocations_never_exceed_the_payment_nor_what_is_owed(
    owed: list[Decimal], paid: Decimal, costs: Decimal, interest: Decimal
) -> None:
    items = [item(f"I{n}", str(o), costs=str(costs), interest=str(interest))
             for n, o in enumerate(owed)]  # fmt: skip
    allocations, rest = oldest_first(paid, items)
    assert sum((a.amount for a in allocations), D(0)) + rest == paid
    assert rest >= 0
    for allocation, invoice in zip(allocations, items, strict=False):
        assert allocation.amount <= invoice.claimed
        assert allocation.to_costs <= invoice.costs
        assert allocation.to_interest <= invoice.interest
        assert allocation.to_principal <= invoice.outstanding
        if allocation.to_principal:
            assert allocation.to_costs == invoice.costs
            assert allocation.to_interest == invoice.interest


@given(st.lists(amounts, min_size=1, max_size=10), st.integers(min_value=0, max_value=1023))
def test_a_combination_found_adds_up_to_the_cent(owed: list[Decimal], mask: int) -> None:
    items = [item(f"I{n}", str(o)) for n, o in enumerate(owed)]
    chosen = [i for n, i in enumerate(items) if mask >> n & 1][:5]
    target = sum((i.claimed for i in chosen), D(0))
    for combination in combinations(target, items, paid_on=DAY):
        assert sum((a.amount for a in combination), D(0)) == target


# A plan over two invoices: A (100.00, costs 40.00, interest 5.00) due before
# B (200.00, costs 30.00, interest 2.00); 377.00 in all.
PLAN_ITEMS = (item("A", "100", costs="40", interest="5", due=date(2025, 1, 31)),
              item("B", "200", costs="30", interest="2"))  # fmt: skip


@pytest.mark.parametrize(
    ("paid", "expected"),
    [
        # 80.00: costs 40 + 30, interest 5 + 2 (77.00), then 3.00 principal of A
        ("80", {"A": ("48", "40", "5", "3"), "B": ("32", "30", "2", "0")}),
        # 50.00: costs of A, then 10.00 of B's costs; no interest, no principal yet
        ("50", {"A": ("40", "40", "0", "0"), "B": ("10", "10", "0", "0")}),
        # 200.00: 77.00 of claims, then 100.00 of A and 23.00 of B
        ("200", {"A": ("145", "40", "5", "100"), "B": ("55", "30", "2", "23")}),
    ],
)  # fmt: skip
def test_a_dutch_plan_pays_all_costs_then_all_interest_then_principal(
    paid: str, expected: dict[str, tuple[str, str, str, str]]
) -> None:
    allocations, rest = to_plan(D(paid), PLAN_ITEMS, by_law=True)
    found = {a.invoice_number: (a.amount, a.to_costs, a.to_interest, a.to_principal)
             for a in allocations}  # fmt: skip
    assert found == {n: tuple(D(v) for v in parts) for n, parts in expected.items()}
    assert rest == 0


@pytest.mark.parametrize(
    ("paid", "expected"),
    [
        # 80.00: A's costs 40, interest 5, principal 35; nothing to B yet
        ("80", {"A": ("80", "40", "5", "35")}),
        # 200.00: A in full (145.00), then B's costs 30, interest 2 and 23.00 principal
        ("200", {"A": ("145", "40", "5", "100"), "B": ("55", "30", "2", "23")}),
    ],
)  # fmt: skip
def test_a_plan_whose_law_states_no_order_is_paid_as_any_payment_oldest_invoice_first(
    paid: str, expected: dict[str, tuple[str, str, str, str]]
) -> None:
    allocations, rest = to_plan(D(paid), PLAN_ITEMS, by_law=False)
    found = {a.invoice_number: (a.amount, a.to_costs, a.to_interest, a.to_principal)
             for a in allocations}  # fmt: skip
    assert found == {n: tuple(D(v) for v in parts) for n, parts in expected.items()}
    assert (rest, allocations) == (0, oldest_first(D(paid), PLAN_ITEMS)[0])


def test_more_than_a_plan_covers_is_left_over_in_either_order() -> None:
    for by_law in (True, False):
        allocations, rest = to_plan(D("400"), PLAN_ITEMS, by_law=by_law)
        assert (sum(a.amount for a in allocations), rest) == (D("377"), D("23"))
        assert [a.to_principal for a in allocations] == [D("100"), D("200")]


@given(st.integers(min_value=1, max_value=40_000))
def test_across_never_pays_principal_while_claims_are_open(cents: int) -> None:
    allocations, rest = across(Decimal(cents) / 100, PLAN_ITEMS)
    claims = sum(a.to_costs + a.to_interest for a in allocations)
    principal = sum(a.to_principal for a in allocations)
    assert principal == 0 or claims == D("77")
    assert sum(a.amount for a in allocations) + rest == Decimal(cents) / 100
