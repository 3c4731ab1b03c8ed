"""Dutch collection costs (6:96 BW, Besluit BIK) and statutory interest (6:119,
6:119a BW): worked examples from LEGAL.md and cases computed by hand from the
scale and the conventions, each with its arithmetic in the id or comment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.legal import nl, statutory_costs, statutory_interest
from tijdig.domain.legal.rates import NL_COMMERCIAL, NL_CONSUMER, rate_table

COSTS = [
    # LEGAL.md worked examples
    pytest.param("500", False, "75.00", id="LEGAL.md: 500 -> 15% = 75.00"),
    pytest.param("4000", False, "525.00", id="LEGAL.md: 4000 -> 375 + 10% of 1500"),
    pytest.param("7500", False, "750.00", id="LEGAL.md: 7500 -> 375 + 250 + 5% of 2500"),
    pytest.param("50000", False, "1275.00", id="LEGAL.md: 50000 -> 875 + 1% of 40000"),
    pytest.param("500000", False, "4275.00", id="LEGAL.md: 500000 -> 2775 + 0.5% of 300000"),
    pytest.param("600", True, "108.90", id="LEGAL.md: 600 with VAT -> 90.00 x 1.21"),
    # Statutory scale (Besluit BIK art. 2), band edges
    pytest.param("2500", False, "375.00", id="BIK: top of band 1, 15% of 2500"),
    pytest.param("5000", False, "625.00", id="BIK: top of band 2, 375 + 250"),
    pytest.param("10000", False, "875.00", id="BIK: top of band 3, 625 + 250"),
    pytest.param("200000", False, "2775.00", id="BIK: top of band 4, 875 + 1900"),
    pytest.param("1000000", False, "6775.00", id="BIK: 2775 + 0.5% of 800000 = the cap"),
    pytest.param("1500000", False, "6775.00", id="BIK: above 1,000,000 the cap holds"),
    # Minimum EUR 40 (BIK art. 2 lid 1; 6:96 lid 4 for business)
    pytest.param("100", False, "40.00", id="BIK minimum: 15% of 100 = 15 -> 40"),
    pytest.param("266.66", False, "40.00", id="BIK minimum: 39.999 -> 40"),
    pytest.param("266.67", False, "40.00", id="hand: 40.0005 is scale, rounds to 40.00"),
    pytest.param("1234.56", False, "185.18", id="hand: 15% of 1234.56 = 185.184"),
    # VAT uplift (BIK art. 2 lid 3): after minimum and cap, then rounding
    pytest.param("100", True, "48.40", id="BIK+VAT: minimum 40 x 1.21"),
    pytest.param("2000000", True, "8197.75", id="BIK+VAT: cap 6775 x 1.21"),
    pytest.param("1000.03", True, "181.51", id="hand: 150.0045 x 1.21 = 181.505445 (round once)"),
]


@pytest.mark.parametrize(("principal", "vat", "expected"), COSTS)
@pytest.mark.parametrize("consumer", [True, False], ids=["consumer", "business"])
def test_collection_costs(principal: str, vat: bool, expected: str, consumer: bool) -> None:
    result = nl.collection_costs(Decimal(principal), consumer=consumer, vat_uplift=vat)
    assert result.total == Decimal(expected)


def test_costs_explain_every_band_used() -> None:
    result = nl.collection_costs(Decimal("7500"), consumer=True)
    assert [(b.rate, b.base, b.amount) for b in result.bands] == [
        (Decimal("15"), Decimal("2500"), Decimal("375")),
        (Decimal("10"), Decimal("2500"), Decimal("250")),
        (Decimal("5"), Decimal("2500"), Decimal("125")),
    ]
    assert result.table_version == "nl-bik-stb-2012-141"
    assert not result.minimum_applied
    assert not result.cap_applied
    assert "14-day letter" in result.notes[0]


def test_costs_say_when_the_minimum_or_the_cap_was_applied() -> None:
    assert nl.collection_costs(Decimal("100"), consumer=False).minimum_applied
    assert nl.collection_costs(Decimal("2000000"), consumer=False).cap_applied


def test_vat_uplift_is_shown_apart() -> None:
    result = nl.collection_costs(Decimal("600"), consumer=True, vat_uplift=True)
    assert (result.limited, result.vat_rate, result.vat_amount) == (
        Decimal("90"),
        Decimal("21"),
        Decimal("18.9"),
    )


@pytest.mark.parametrize("principal", ["0", "-1"])
def test_costs_refuse_a_principal_that_is_not_positive(principal: str) -> None:
    with pytest.raises(InvalidValue):
        nl.collection_costs(Decimal(principal), consumer=True)


def test_other_countries_are_refused_rather_than_zero() -> None:
    with pytest.raises(RuleViolation, match="NL and BE"):
        statutory_costs(Decimal(100), country="DE", consumer=True)
    with pytest.raises(RuleViolation, match="NL and BE"):
        statutory_interest(
            Decimal(100), date(2024, 1, 1), date(2024, 2, 1), country="FR", commercial=True
        )


INTEREST = [
    pytest.param(
        "2000", "2024-02-01", "2024-06-30", True, "103.42",
        id="LEGAL.md: commercial 151 days at 12.5%",
    ),
    pytest.param(
        "1500", "2023-06-15", "2023-07-14", False, "6.08",
        id="LEGAL.md: consumer 16 days at 4% + 14 at 6%",
    ),
    pytest.param(
        "1000", "2023-01-01", "2024-01-31", True, "124.37",
        id="LEGAL.md: commercial, year 1 capitalised 112.56, then 31 days on 1112.56",
    ),
    # hand: 366 days at 7% / 365 (actual/365 also in a leap year) = 70.1918
    pytest.param("1000", "2024-01-01", "2024-12-31", False, "70.19", id="hand: leap year 366/365"),
    # hand: one day, first = last day counted: 1000 x 6% / 365 = 0.1644
    pytest.param("1000", "2025-01-01", "2025-01-01", False, "0.16", id="hand: one day counted"),
    # hand: 16 days at 12.5% = 54.7945 + 14 days at 12.25% = 46.9863 -> 101.7808
    pytest.param("10000", "2024-06-15", "2024-07-14", True, "101.78", id="hand: split 1-7-2024"),
    # hand: year 1 = 112.56 (above); year 2 on 1112.56: 182 d at 12.5% = 69.3445 + 184 d
    # at 12.25% = 68.7044 -> 138.05, principal 1250.61; then 31 d at 11.15% = 11.8432
    pytest.param("1000", "2023-01-01", "2025-01-31", True, "262.45", id="hand: 2 capitalisations"),
    # hand: year from 29-2-2024 to 28-2-2025: 307 d at 7% = 58.8767 + 59 d at 6% = 9.6986
    # -> 68.58 added on 1-3-2025; then 5 d at 6% on 1068.58 = 0.8783 -> 69.4583
    pytest.param("1000", "2024-02-29", "2025-03-05", False, "69.46", id="hand: 29 Feb start"),
    pytest.param("0", "2024-01-01", "2024-12-31", True, "0.00", id="hand: zero principal"),
    # hand: 13-3-2013..20-3-2013: 3 d at 7.75% + 5 d at 8.75% on 10000 = 6.3699 + 11.9863
    pytest.param("10000", "2013-03-13", "2013-03-20", True, "18.36", id="hand: split 16-3-2013"),
]  # fmt: skip


@pytest.mark.parametrize(("principal", "first", "last", "commercial", "expected"), INTEREST)
def test_statutory_interest(
    principal: str, first: str, last: str, commercial: bool, expected: str
) -> None:
    result = nl.statutory_interest(
        Decimal(principal),
        date.fromisoformat(first),
        date.fromisoformat(last),
        commercial=commercial,
    )
    assert result.total == Decimal(expected)


def test_interest_explains_periods_and_capitalisation() -> None:
    result = nl.statutory_interest(
        Decimal(1000), date(2023, 1, 1), date(2024, 1, 31), commercial=True
    )
    assert [(p.start, p.end, p.days, p.rate, p.principal) for p in result.periods] == [
        (date(2023, 1, 1), date(2023, 6, 30), 181, Decimal("10.50"), Decimal(1000)),
        (date(2023, 7, 1), date(2023, 12, 31), 184, Decimal("12.00"), Decimal(1000)),
        (date(2024, 1, 1), date(2024, 1, 31), 31, Decimal("12.50"), Decimal("1112.56")),
    ]
    (capitalisation,) = result.capitalisations
    assert capitalisation.on == date(2024, 1, 1)
    assert capitalisation.interest == Decimal("112.56")
    assert result.table_version == rate_table(NL_COMMERCIAL).version


def test_interest_is_not_rounded_per_period() -> None:
    result = nl.statutory_interest(
        Decimal(1500), date(2023, 6, 15), date(2023, 7, 14), commercial=False
    )
    # 2.6301... + 3.4520... = 6.0821...: rounding each first would still give 6.08,
    # so check the periods keep their exact value.
    assert all(p.interest != p.interest.quantize(Decimal("0.01")) for p in result.periods)


def test_an_unconfirmed_rate_is_flagged() -> None:
    result = nl.statutory_interest(
        Decimal(1000), date(2026, 1, 1), date(2026, 1, 31), commercial=False
    )
    assert result.uses_unconfirmed_rate
    assert any("unconfirmed" in note for note in result.notes)


def test_interest_before_the_first_known_rate_is_refused() -> None:
    with pytest.raises(RuleViolation, match="no rate known"):
        nl.statutory_interest(Decimal(100), date(2009, 12, 1), date(2010, 1, 31), commercial=False)


def test_interest_refuses_a_last_day_before_the_first() -> None:
    with pytest.raises(InvalidValue, match="before"):
        nl.statutory_interest(Decimal(100), date(2024, 2, 1), date(2024, 1, 31), commercial=True)


def test_interest_refuses_a_negative_principal() -> None:
    with pytest.raises(InvalidValue, match="negative"):
        nl.statutory_interest(Decimal(-1), date(2024, 1, 1), date(2024, 1, 31), commercial=True)


@pytest.mark.parametrize("name", [NL_CONSUMER, NL_COMMERCIAL])
def test_rate_tables_carry_a_version_and_a_source_per_row(name: str) -> None:
    table = rate_table(name)
    assert table.version
    assert all(row.source for row in table.rows)


def test_the_rate_table_matches_legal_md_on_its_dates() -> None:
    consumer, commercial = rate_table(NL_CONSUMER), rate_table(NL_COMMERCIAL)
    assert consumer.row_on(date(2024, 6, 30)).rate == Decimal(7)
    assert consumer.row_on(date(2016, 7, 1)).rate == Decimal(2)
    assert commercial.row_on(date(2013, 3, 16)).rate == Decimal("8.75")
    assert commercial.row_on(date(2025, 6, 30)).rate == Decimal("11.15")
    assert commercial.row_on(date(2011, 7, 1)).unconfirmed
