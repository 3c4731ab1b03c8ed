"""Money is exact: Decimal with a currency, minor units, half-up rounding, typed-in amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tijdig.domain.errors import InvalidValue
from tijdig.domain.money import (
    Money,
    apportion,
    parse_amount,
    round_half_up,
    totals_per_currency,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1234,5", "1234.5"),
        ("€ 1 234,56", "1234.56"),
        ("-12,50", "-12.50"),
        ("1,234", "1234"),  # a comma with three digits after it groups thousands
        ("2.000", "2000"),  # and so does a dot: the Dutch two thousand, not two
        ("-1.500", "-1500"),
        ("2.00", "2.00"),
        ("2.0001", "2.0001"),
        ("0,01", "0.01"),
        ("1.234.567", "1234567"),
        ("1.234.567,89", "1234567.89"),
        ("+5", "5"),
    ],
)
def test_amounts_are_read_as_people_type_them(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["", "tien", "1.2.3,4,5", "NaN", "Infinity", "1e3", "12-", "--1", ".5,"]
)
def test_what_is_not_an_amount_is_refused_by_field(text: str) -> None:
    with pytest.raises(InvalidValue) as error:
        parse_amount(text, field="total")
    assert error.value.field == "total"


def test_half_up_rounding_to_cents() -> None:
    assert round_half_up(Decimal("0.125")) == Decimal("0.13")
    assert round_half_up(Decimal("-0.125")) == Decimal("-0.13")
    assert round_half_up(Decimal("2.675")) == Decimal("2.68")


def test_minor_units_follow_the_currency() -> None:
    assert Money.of("12.34").to_minor() == 1234
    assert Money.of("1234", "JPY").to_minor() == 1234
    assert Money.of("1.234", "KWD").to_minor() == 1234
    assert Money.from_minor(1234, "EUR").amount == Decimal("12.34")


def test_floats_and_mixed_currencies_are_refused() -> None:
    with pytest.raises(TypeError):
        Money("EUR", 1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        Money.of("1", "EUR") + Money.of("1", "USD")
    with pytest.raises(InvalidValue):
        Money.of("1", "euro")


def test_totals_are_kept_per_currency() -> None:
    totals = totals_per_currency([Money.of("1"), Money.of("2", "USD"), Money.of("3")])
    assert totals == {"EUR": Decimal("4"), "USD": Decimal("2")}


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_minor_units_round_trip(minor: int) -> None:
    assert Money.from_minor(minor, "EUR").to_minor() == minor


def test_apportion_splits_in_proportion_and_adds_up() -> None:
    assert apportion(Decimal("40.00"), [Decimal("100"), Decimal("300")]) == [
        Decimal("10.00"),
        Decimal("30.00"),
    ]
    assert apportion(Decimal("0.10"), [Decimal(1)] * 3) == [
        Decimal("0.04"),
        Decimal("0.03"),
        Decimal("0.03"),
    ]
    with pytest.raises(InvalidValue):
        apportion(Decimal("1"), [])


@given(
    st.integers(min_value=0, max_value=10**9),
    st.lists(st.integers(min_value=1, max_value=10**7), min_size=1, max_size=12),
)
def test_apportioned_parts_add_up_exactly(cents: int, weights: list[int]) -> None:
    total = Decimal(cents).scaleb(-2)
    parts = apportion(total, [Decimal(w) for w in weights])
    assert sum(parts, Decimal(0)) == total
    share = [total * w / sum(weights) for w in weights]
    assert all(abs(p - s) < Decimal("0.01") for p, s in zip(parts, share, strict=True))
