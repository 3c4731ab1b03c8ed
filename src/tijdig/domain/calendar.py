"""Business days in the countries Tijdig knows (the Algemene termijnenwet's end of a
Dutch term is in `domain/legal/terms.py`).

Each country's holidays are listed by its law module (`domain/legal/nl.py`, `be.py`).
Why the holiday lists are built there from the statutes and not read from the
`holidays` library: a legal term must not move when a library is upgraded, and
the library differs from the statutes on purpose-built points. `holidays.NL`
(v0.109) lists 5 May only in lustrum years (2025, 2030, ...), knows none of the
days equated by decree under Atw art. 3 lid 3, and adds Easter Sunday and Whit
Sunday (harmless: Sundays never count). `tests/domain/test_calendar.py` compares
both lists year by year, so any other difference shows up as a failing test.
Building the list also keeps the CLI's start-up free of the library's import.

A country is one of `tijdig.domain.legal.COUNTRIES`; anything else is refused with
`InvalidValue`.
Every function is pure: no clock, no I/O.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from tijdig.domain.legal import COUNTRIES, law_for

SUPPORTED_COUNTRIES = COUNTRIES  # the countries whose calendar Tijdig knows
SATURDAY, SUNDAY = 5, 6
ONE_DAY = timedelta(days=1)


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm of Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def check_country(country: str) -> str:
    """Return the country if Tijdig knows its calendar, else refuse it."""
    law_for(country)
    return country


@lru_cache(maxsize=256)
def holidays_in(year: int, country: str) -> frozenset[date]:
    """The holidays of one year that stop a business day (NL: the Atw list), as the
    country's law module lists them."""
    return law_for(country).holidays(year)


def is_holiday(day: date, country: str) -> bool:
    return day in holidays_in(day.year, country)


def is_business_day(day: date, country: str) -> bool:
    """Not a Saturday, a Sunday or a holiday of the country."""
    return day.weekday() < SATURDAY and not is_holiday(day, country)


def next_business_day(day: date, country: str) -> date:
    """The first business day strictly after `day`."""
    day += ONE_DAY
    while not is_business_day(day, country):
        day += ONE_DAY
    return day


def business_day_on_or_after(day: date, country: str) -> date:
    """`day` itself if it is a business day, else the next one."""
    return day if is_business_day(day, country) else next_business_day(day, country)


def add_business_days(day: date, count: int, country: str) -> date:
    """Move `count` business days from `day` (backwards when negative); `day`
    itself is not counted, so adding 1 on a Friday gives the next Monday."""
    step = ONE_DAY if count >= 0 else -ONE_DAY
    remaining = abs(count)
    while remaining:
        day += step
        if is_business_day(day, country):
            remaining -= 1
    return day


def count_business_days(first: date, last: date, country: str) -> int:
    """Business days from `first` to `last`, both included (0 if last < first)."""
    days = (last - first).days + 1
    return sum(is_business_day(first + timedelta(days=i), country) for i in range(days))
