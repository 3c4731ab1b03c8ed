"""DSO by counting back, worked out by hand on small tables: month ends, December and
the turn of the year, 29 February, a month begun, and more open than ever sold."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tijdig.analytics.dso import CountBack, Period, count_back, month_periods, sums_by_period

D = Decimal


def _sales(as_of: date, *amounts: str) -> list[tuple[Period, Decimal]]:
    periods = month_periods(as_of, months=len(amounts))
    return list(zip(periods, map(D, amounts), strict=True))


def test_a_leap_year_march_counts_back_through_29_february() -> None:
    # 250,000 open on 31 March 2024. March sold 100,000: 31 days, 150,000 left.
    # February sold 120,000: 29 days, 30,000 left. January sold 90,000: 30/90 of 31 days.
    # 31 + 29 + 10.33 = 70.3
    sales = _sales(date(2024, 3, 31), "100000", "120000", "90000")
    assert count_back(D("250000"), sales) == CountBack(D("70.3"))


def test_december_ends_the_year_and_counts_back_into_november() -> None:
    # 50,000 open on 31 December; December sold 40,000 (31 days), November 30,000:
    # 31 + 10/30 x 30 = 41.0
    assert count_back(D("50000"), _sales(date(2024, 12, 31), "40000", "30000")).days == D("41.0")


def test_a_month_begun_counts_only_its_days_and_crosses_the_year() -> None:
    # 20,000 open on 15 January 2025; 1-15 January sold 10,000 (15 days); December 2024
    # 31,000: 15 + 10/31 x 31 = 25.0
    sales = _sales(date(2025, 1, 15), "10000", "31000")
    assert [p.days for p, _ in sales] == [15, 31]
    assert count_back(D("20000"), sales) == CountBack(D("25.0"))


def test_on_29_february_the_month_has_29_days() -> None:
    # 29,000 open on 29 February 2024 against 58,000 sold in February: half of 29 days
    assert count_back(D("29000"), _sales(date(2024, 2, 29), "58000")).days == D("14.5")
    # on 28 February 2023 the same half is of 28 days
    assert count_back(D("29000"), _sales(date(2023, 2, 28), "58000")).days == D("14.0")


def test_more_open_than_ever_sold_is_at_least_every_day_counted() -> None:
    found = count_back(D("500"), _sales(date(2024, 4, 30), "100", "100"))
    assert found == CountBack(D("61.0"), complete=False)  # 30 + 31, and still 300 left


def test_nothing_open_is_no_days_and_a_month_without_sales_is_passed_whole() -> None:
    assert count_back(D("0"), _sales(date(2024, 4, 30), "100")) == CountBack(D("0.0"))
    # April sold nothing: its 30 days count whole; March 62 covers half of its 31 days
    assert count_back(D("31"), _sales(date(2024, 4, 30), "0", "62")).days == D("45.5")


def test_month_periods_are_newest_first_and_end_on_month_ends() -> None:
    assert month_periods(date(2024, 3, 31), months=3) == (
        Period(date(2024, 3, 1), date(2024, 3, 31)),
        Period(date(2024, 2, 1), date(2024, 2, 29)),
        Period(date(2024, 1, 1), date(2024, 1, 31)),
    )
    with pytest.raises(ValueError, match="one month"):
        month_periods(date(2024, 3, 31), months=0)


def test_day_amounts_are_summed_into_their_periods() -> None:
    periods = month_periods(date(2025, 1, 10), months=2)
    amounts = {date(2025, 1, 10): D("5"), date(2025, 1, 1): D("1"), date(2024, 12, 31): D("7"),
               date(2024, 11, 30): D("100")}  # fmt: skip
    assert [a for _, a in sums_by_period(amounts, periods)] == [D("6"), D("7")]
