"""Belgian damages (Book XIX WER), the EUR 40 lump sum and Late Payment Act
interest: LEGAL.md worked examples and hand-computed cases from the caps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.legal import be, statutory_costs
from tijdig.domain.legal.rates import BE_LATE_PAYMENT, rate_table

DAMAGES = [
    pytest.param("120", "20.00", id="LEGAL.md: balance <= 150 -> 20"),
    pytest.param("400", "55.00", id="LEGAL.md: 30 + 10% of 250"),
    pytest.param("2000", "140.00", id="LEGAL.md: 65 + 5% of 1500"),
    pytest.param("45000", "2000.00", id="LEGAL.md: 65 + 5% of 44500 = 2290 -> cap 2000"),
    pytest.param("0.01", "20.00", id="Book XIX: any balance up to 150 -> 20"),
    pytest.param("150", "20.00", id="Book XIX: 150 is still the first tier"),
    pytest.param("150.01", "30.00", id="Book XIX: 30 + 10% of 0.01 = 30.001"),
    pytest.param("500", "65.00", id="Book XIX: 30 + 10% of 350 = 65"),
    pytest.param("500.01", "65.00", id="Book XIX: 65 + 5% of 0.01 = 65.0005"),
    pytest.param("1234.56", "101.73", id="hand: 65 + 5% of 734.56 = 101.728"),
    pytest.param("39200", "2000.00", id="hand: 65 + 5% of 38700 = 2000 exactly"),
    pytest.param("38500", "1965.00", id="hand: 65 + 5% of 38000 = 1965, under the cap"),
]


@pytest.mark.parametrize(("balance", "expected"), DAMAGES)
def test_consumer_damages(balance: str, expected: str) -> None:
    assert be.consumer_damages(Decimal(balance)).total == Decimal(expected)


def test_consumer_damages_explain_the_tier_and_the_cap() -> None:
    result = be.consumer_damages(Decimal(45000))
    (band,) = result.bands
    assert (band.fixed, band.rate, band.base) == (Decimal(65), Decimal(5), Decimal(44500))
    assert result.cap_applied
    assert result.table_version == "be-xix-2023-05-04"
    assert "contract" in result.notes[0]


def test_the_cap_is_not_applied_when_reached_exactly() -> None:
    assert not be.consumer_damages(Decimal(39200)).cap_applied


@pytest.mark.parametrize(
    "principal",
    [pytest.param("10", id="small"), pytest.param("100000", id="large")],
)
def test_business_lump_sum_is_40_whatever_the_amount(principal: str) -> None:
    """Late Payment Act art. 6: a fixed EUR 40."""
    result = statutory_costs(Decimal(principal), country="BE", consumer=False)
    assert result.total == Decimal("40.00")


def test_the_vat_uplift_is_refused_in_belgium() -> None:
    with pytest.raises(RuleViolation, match="Dutch"):
        statutory_costs(Decimal(100), country="BE", consumer=True, vat_uplift=True)


def test_damages_refuse_a_zero_balance() -> None:
    with pytest.raises(InvalidValue):
        be.consumer_damages(Decimal(0))


INTEREST = [
    # hand: 366 d at 12.5% / 365 = 125.3425 (2024: both half-years 12.5%)
    pytest.param("1000", "2024-01-01", "2024-12-31", "125.34", id="hand: 2024 leap year"),
    # hand: 30 d at 11.5% = 18.9041 + 31 d at 10.5% = 17.8356 -> 36.7397
    pytest.param("2000", "2025-06-01", "2025-07-31", "36.74", id="hand: split 1-7-2025"),
    # hand: simple interest, no capitalisation: 181 d at 10.5% = 52.0685 + 184 d at
    # 12% = 60.4932 + 31 d at 12.5% = 10.6164 -> 123.1781 (NL compounds: 124.37)
    pytest.param("1000", "2023-01-01", "2024-01-31", "123.18", id="hand: no compounding in BE"),
]


@pytest.mark.parametrize(("principal", "first", "last", "expected"), INTEREST)
@pytest.mark.parametrize("commercial", [True, False], ids=["business", "consumer-cap"])
def test_late_payment_interest(
    principal: str, first: str, last: str, expected: str, commercial: bool
) -> None:
    result = be.statutory_interest(
        Decimal(principal),
        date.fromisoformat(first),
        date.fromisoformat(last),
        commercial=commercial,
    )
    assert result.total == Decimal(expected)
    assert result.capitalisations == ()


def test_consumer_interest_is_marked_as_a_cap() -> None:
    result = be.statutory_interest(
        Decimal(100), date(2024, 1, 1), date(2024, 1, 31), commercial=False
    )
    assert any("cap" in note for note in result.notes)


def test_belgian_interest_before_2023_is_refused() -> None:
    with pytest.raises(RuleViolation, match="no rate known"):
        be.statutory_interest(Decimal(100), date(2022, 12, 1), date(2023, 1, 31), commercial=True)


def test_the_belgian_table_matches_legal_md() -> None:
    table = rate_table(BE_LATE_PAYMENT)
    expected = {
        date(2023, 3, 1): "10.5",
        date(2023, 9, 1): "12",
        date(2024, 3, 1): "12.5",
        date(2024, 9, 1): "12.5",
        date(2025, 3, 1): "11.5",
        date(2025, 9, 1): "10.5",
        date(2026, 3, 1): "10.5",
    }
    assert {day: table.row_on(day).rate for day in expected} == {
        day: Decimal(rate) for day, rate in expected.items()
    }
