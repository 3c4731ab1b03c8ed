"""Art. 6:44 BW order, the early-payment discount and the combination search."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import EarlyPaymentDiscount
from tijdig.matching.allocation import combinations, fits, oldest_first, settle, split
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
