"""Business days for NL (Algemene termijnenwet) and BE, checked against LEGAL.md
and cross-checked against the `holidays` library so any difference is explicit."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from dateutil.easter import easter

from tijdig.domain.calendar import (
    add_business_days,
    business_day_on_or_after,
    count_business_days,
    easter_sunday,
    holidays_in,
    is_business_day,
    next_business_day,
)
from tijdig.domain.errors import InvalidValue
from tijdig.domain.legal.nl import EQUATED_DAYS as NL_EQUATED_DAYS
from tijdig.domain.legal.nl import kings_day
from tijdig.domain.legal.terms import atw_term_end

ATW_2026 = {
    date(2026, 1, 1),  # New Year
    date(2026, 1, 2),  # equated by decree
    date(2026, 4, 3),  # Good Friday
    date(2026, 4, 6),  # Easter Monday
    date(2026, 4, 27),  # King's Day
    date(2026, 5, 5),  # 5 May, every year under the Atw
    date(2026, 5, 14),  # Ascension
    date(2026, 5, 15),  # equated by decree
    date(2026, 5, 25),  # Whit Monday
    date(2026, 12, 25),
    date(2026, 12, 26),
}
BE_2026 = {
    date(2026, 1, 1),
    date(2026, 4, 6),  # Easter Monday
    date(2026, 5, 1),
    date(2026, 5, 14),  # Ascension
    date(2026, 5, 25),  # Whit Monday
    date(2026, 7, 21),
    date(2026, 8, 15),
    date(2026, 11, 1),
    date(2026, 11, 11),
    date(2026, 12, 25),
}


def test_the_atw_list_of_2026_is_exactly_the_statutes() -> None:
    assert holidays_in(2026, "NL") == ATW_2026


def test_the_belgian_list_of_2026_is_exactly_the_ten_legal_holidays() -> None:
    assert holidays_in(2026, "BE") == BE_2026


@pytest.mark.parametrize("day", sorted(NL_EQUATED_DAYS), ids=str)
def test_every_day_equated_by_decree_stops_a_dutch_business_day(day: date) -> None:
    assert not is_business_day(day, "NL")


@pytest.mark.parametrize("year", range(2015, 2036))
def test_5_may_is_an_atw_holiday_every_year(year: int) -> None:
    assert date(year, 5, 5) in holidays_in(year, "NL")


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2014, date(2014, 4, 26)),  # 27 April 2014 was a Sunday
        (2025, date(2025, 4, 26)),  # 27 April 2025 was a Sunday
        (2026, date(2026, 4, 27)),
        (2031, date(2031, 4, 26)),  # 27 April 2031 is a Sunday
        (2013, date(2013, 4, 30)),  # Queen's Day before 2014
    ],
)
def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday(year: int, expected: date) -> None:
    assert kings_day(year) == expected


@pytest.mark.parametrize("year", range(1900, 2101))
def test_easter_matches_dateutil(year: int) -> None:
    assert easter_sunday(year) == easter(year)


@pytest.mark.parametrize("year", range(2015, 2036))
def test_nl_differs_from_the_holidays_library_only_where_the_atw_says_more(year: int) -> None:
    """holidays.NL v0.109 lists 5 May only in lustrum years, no equated days, and
    Easter Sunday and Whit Sunday (Sundays, which never count anyway)."""
    library = {d for d in holidays.NL(years=year) if d.weekday() != 6}
    ours = {d for d in holidays_in(year, "NL") if d.weekday() != 6}
    extra_in_ours = ours - library
    assert extra_in_ours <= {date(year, 5, 5)} | NL_EQUATED_DAYS
    assert library <= ours
    may_5 = holidays.NL(years=year).get(date(year, 5, 5)) or ""
    assert ("Liberation" in may_5) is (year % 5 == 0)


@pytest.mark.parametrize("year", range(2015, 2036))
def test_be_matches_the_holidays_library_apart_from_sundays(year: int) -> None:
    library = {d for d in holidays.BE(years=year) if d.weekday() != 6}
    ours = {d for d in holidays_in(year, "BE") if d.weekday() != 6}
    assert ours == library


@pytest.mark.parametrize(
    ("day", "country", "expected"),
    [
        (date(2026, 3, 6), "NL", True),  # an ordinary Friday
        (date(2026, 3, 7), "NL", False),  # Saturday
        (date(2026, 3, 8), "BE", False),  # Sunday
        (date(2026, 4, 3), "NL", False),  # Good Friday: Atw
        (date(2026, 4, 3), "BE", True),  # Good Friday: not a Belgian legal holiday
        (date(2026, 5, 1), "NL", True),  # 1 May: not in the Atw
        (date(2026, 5, 1), "BE", False),
        (date(2026, 5, 5), "NL", False),
        (date(2026, 7, 21), "BE", False),
        (date(2026, 12, 28), "NL", True),
    ],
)
def test_business_days(day: date, country: str, expected: bool) -> None:
    assert is_business_day(day, country) is expected


def test_an_unknown_country_is_refused() -> None:
    with pytest.raises(InvalidValue, match="NL and BE"):
        is_business_day(date(2026, 3, 6), "DE")


def test_next_business_day_skips_easter() -> None:
    assert next_business_day(date(2026, 4, 2), "NL") == date(2026, 4, 7)
    assert next_business_day(date(2026, 4, 2), "BE") == date(2026, 4, 3)


def test_business_day_on_or_after_keeps_a_business_day() -> None:
    assert business_day_on_or_after(date(2026, 3, 6), "NL") == date(2026, 3, 6)
    assert business_day_on_or_after(date(2026, 3, 7), "NL") == date(2026, 3, 9)


@pytest.mark.parametrize(
    ("start", "count", "country", "expected"),
    [
        (date(2026, 3, 2), 3, "BE", date(2026, 3, 5)),  # LEGAL.md BE worked example
        (date(2026, 3, 6), 1, "NL", date(2026, 3, 9)),  # Friday + 1 = Monday
        (date(2026, 3, 6), 0, "NL", date(2026, 3, 6)),
        (date(2026, 3, 9), -1, "NL", date(2026, 3, 6)),  # backwards over the weekend
        (date(2026, 12, 24), 2, "NL", date(2026, 12, 29)),  # over Christmas
    ],
)
def test_add_business_days(start: date, count: int, country: str, expected: date) -> None:
    assert add_business_days(start, count, country) == expected


def test_count_business_days_includes_both_ends() -> None:
    assert count_business_days(date(2026, 3, 2), date(2026, 3, 6), "NL") == 5
    assert count_business_days(date(2026, 3, 6), date(2026, 3, 5), "NL") == 0


@pytest.mark.parametrize(
    ("start", "last_day", "expected"),
    [
        # Ends on a Thursday: no move (LEGAL.md worked example, posted letter).
        (date(2026, 3, 6), date(2026, 3, 19), date(2026, 3, 19)),
        # Art. 1: Saturday moves to Monday.
        (date(2026, 3, 8), date(2026, 3, 21), date(2026, 3, 23)),
        # Art. 1: Good Friday -> Saturday, Sunday, Easter Monday -> Tuesday.
        (date(2026, 3, 21), date(2026, 4, 3), date(2026, 4, 7)),
        # Art. 1: Ascension, then the equated Friday 15 May, then the weekend.
        (date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 18)),
        # Art. 1: 5 May in a non-lustrum year.
        (date(2026, 4, 22), date(2026, 5, 5), date(2026, 5, 6)),
        # Art. 2: a 3-day term from Christmas (Fri 25 Dec) to Sunday 27: art. 1 gives
        # Monday 28 with only one business day inside, so it runs to Tuesday 29.
        (date(2026, 12, 25), date(2026, 12, 27), date(2026, 12, 29)),
        # A 2-day term: art. 2 does not apply, art. 1 alone gives Monday 28.
        (date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 28)),
    ],
)
def test_atw_term_end(start: date, last_day: date, expected: date) -> None:
    assert atw_term_end(last_day, start) == expected


def test_atw_term_end_refuses_a_term_ending_before_it_starts() -> None:
    with pytest.raises(InvalidValue):
        atw_term_end(date(2026, 3, 1), date(2026, 3, 2))


def test_a_long_run_of_days_has_the_expected_number_of_nl_business_days() -> None:
    """2026: 365 days, 104 weekend days, Atw holidays on weekdays: all but
    26 Dec (Saturday) = 10, so 251 business days."""
    first = date(2026, 1, 1)
    last = first + timedelta(days=364)
    assert count_business_days(first, last, "NL") == 251
