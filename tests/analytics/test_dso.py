"""DSO by the simple method, figures worked out by hand: receivables / sales x days."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tijdig.analytics.aging import Aging
from tijdig.analytics.dso import Dso, dso_of

D = Decimal


def _aging(currency: str, open_: str, insolvency: str = "0") -> Aging:
    aging = Aging(currency)
    aging.buckets["1-30"] = D(open_)
    aging.insolvency = D(insolvency)
    return aging


def test_dso_is_what_is_open_against_the_sales_of_the_period() -> None:
    # 30,000.00 open on the day against 90,000.00 sold in 90 days: 30 days
    [eur] = dso_of([_aging("EUR", "30000.00")], {"EUR": D("90000.00")}, days=90)
    assert eur == Dso("EUR", D("30000.00"), D("90000.00"), 90)
    assert eur.value == D("30.0")


def test_the_insolvency_line_is_left_out_and_shown_apart() -> None:
    # 1,000.00 open of which 400.00 for customers in hardship: 600 / 3,000 x 91 = 18.2
    [eur] = dso_of([_aging("EUR", "600.00", insolvency="400.00")], {"EUR": D("3000")}, days=91)
    assert (eur.receivables, eur.insolvency, eur.value) == (D("600.00"), D("400.00"), D("18.2"))


def test_dso_is_rounded_half_up_to_one_decimal() -> None:
    # 1,000 / 3,000 x 91 = 30.333...; 1 / 8 x 1 = 0.125 -> 0.1; 3 / 8 x 1 = 0.375 -> 0.4
    assert dso_of([_aging("EUR", "1000")], {"EUR": D("3000")}, days=91)[0].value == D("30.3")
    assert dso_of([_aging("EUR", "3")], {"EUR": D("8")}, days=1)[0].value == D("0.4")


def test_per_currency_without_sales_there_is_no_dso_and_without_debt_it_is_zero() -> None:
    usd, eur = dso_of([_aging("USD", "50.00")], {"EUR": D("100.00")}, days=30)[::-1]
    assert (usd.currency, usd.value) == ("USD", None)  # nothing sold: nothing to divide by
    assert (eur.currency, eur.value) == ("EUR", D("0.0"))  # sold, and all of it paid


def test_a_period_has_a_day_at_least() -> None:
    with pytest.raises(ValueError, match="one day"):
        dso_of([], {}, days=0)
