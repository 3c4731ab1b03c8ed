"""The scheduler's pure decision: today's run once its time has passed on a run day,
never an earlier day's, skipping Sundays and Atw holidays, right across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from tijdig.domain.collection.run_schedule import (
    AMSTERDAM,
    RunSchedule,
    due_run,
    next_run,
    next_run_day,
    parse_run_days,
    parse_run_time,
)
from tijdig.domain.errors import InvalidValue

DEFAULT = RunSchedule()


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 3, 31),  # Tuesday, month end
        date(2024, 2, 29),  # Thursday, leap day
        date(2026, 12, 31),  # Thursday, year end
        date(2027, 4, 30),  # Friday, month end
        date(2026, 3, 27),  # Friday before the change to summer time
        date(2026, 10, 30),  # Friday before the change back
    ],
)
def test_todays_run_is_due_from_its_time_on(day: date) -> None:
    assert due_run(DEFAULT, local(day, 7, 29), made_today=False) is None
    assert due_run(DEFAULT, local(day, 7, 30), made_today=False) == day
    assert due_run(DEFAULT, local(day, 23, 59), made_today=False) == day


@pytest.mark.parametrize("day", [date(2026, 3, 31), date(2024, 2, 29), date(2026, 12, 31)])
def test_once_a_day(day: date) -> None:
    assert due_run(DEFAULT, local(day, 9), made_today=True) is None


@pytest.mark.parametrize(
    "day",
    [date(2026, 12, 7), date(2026, 12, 5), date(2026, 12, 6)],  # Monday, Saturday, Sunday
)
def test_no_run_on_other_days(day: date) -> None:
    assert due_run(DEFAULT, local(day, 12), made_today=False) is None


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 25),  # Christmas, a Friday
        date(2027, 4, 27),  # King's Day, a Tuesday
        date(2026, 5, 14),  # Ascension Day, a Thursday
        date(2025, 5, 5),  # Liberation Day 2025, a Monday (Atw, lustrum year)
    ],
)
def test_an_atw_holiday_is_skipped_like_a_sunday(day: date) -> None:
    mon_to_sat = RunSchedule(run_days=frozenset(range(6)))
    assert due_run(mon_to_sat, local(day, 12), made_today=False) is None
    assert due_run(mon_to_sat, local(day.replace(year=2030, month=6, day=4), 12),
                   made_today=False) is not None  # fmt: skip


def test_monday_after_a_weekend_down_runs_nothing_and_tuesday_runs_once() -> None:
    # Down from Friday 06:00 to Monday 10:00: Friday is not replayed on Monday.
    monday = date(2026, 12, 7)
    assert due_run(DEFAULT, local(monday, 10), made_today=False) is None
    assert next_run(DEFAULT, local(monday, 10), made_today=False) == local(date(2026, 12, 8), 7, 30)


def test_a_missed_thursday_is_not_replayed_on_friday() -> None:
    friday = date(2026, 12, 11)
    # Friday's run is Friday's: the decision knows no earlier day.
    assert due_run(DEFAULT, local(friday, 7, 45), made_today=False) == friday


def test_after_downtime_today_runs_once_late() -> None:
    wednesday = date(2026, 12, 9)
    assert due_run(DEFAULT, local(wednesday, 16, 5), made_today=False) == wednesday
    assert due_run(DEFAULT, local(wednesday, 16, 6), made_today=True) is None


@pytest.mark.parametrize(
    ("utc_moment", "due"),
    [
        # 29 March 2026, change to summer time; a Sunday, so a Saturday schedule's next
        # day is Monday 30 March: 07:30 CEST is 05:30 UTC.
        (datetime(2026, 3, 30, 5, 29, tzinfo=UTC), None),
        (datetime(2026, 3, 30, 5, 30, tzinfo=UTC), date(2026, 3, 30)),
        # Saturday 28 March, still winter time: 07:30 CET is 06:30 UTC.
        (datetime(2026, 3, 28, 6, 29, tzinfo=UTC), None),
        (datetime(2026, 3, 28, 6, 30, tzinfo=UTC), date(2026, 3, 28)),
        # Monday 26 October 2026, winter time again: 06:30 UTC.
        (datetime(2026, 10, 26, 5, 30, tzinfo=UTC), None),
        (datetime(2026, 10, 26, 6, 30, tzinfo=UTC), date(2026, 10, 26)),
        # Late UTC evening is already the next Amsterdam day: 23:30 UTC on Monday 30 March
        # is Tuesday 01:30 CEST, before the run time.
        (datetime(2026, 3, 30, 23, 30, tzinfo=UTC), None),
    ],
)
def test_the_time_is_amsterdams_wall_clock_across_dst(
    utc_moment: datetime, due: date | None
) -> None:
    mon_sat = RunSchedule(run_days=frozenset({0, 5}))
    assert due_run(mon_sat, utc_moment, made_today=False) == due


def test_a_night_run_time_on_the_monday_after_the_change() -> None:
    # The clocks change on Sundays, never a run day: a run moment always exists.
    night = RunSchedule(run_time=time(2, 30), run_days=frozenset({0}))
    monday = date(2026, 3, 30)
    assert due_run(night, local(monday, 2, 29), made_today=False) is None
    assert due_run(night, local(monday, 2, 30), made_today=False) == monday
    assert local(monday, 2, 30).utcoffset() == local(date(2026, 3, 29), 12).utcoffset()


def test_next_run_skips_sundays_holidays_and_other_days() -> None:
    # Thursday 24 December 2026 after its run: Friday is Christmas, so Tuesday 29th.
    assert next_run(DEFAULT, local(date(2026, 12, 24), 8), made_today=True) == local(
        date(2026, 12, 29), 7, 30
    )
    # Before the time: today.
    assert next_run(DEFAULT, local(date(2026, 12, 24), 6), made_today=False) == local(
        date(2026, 12, 24), 7, 30
    )
    # Friday 26 February 2027 after its run: Tuesday 2 March (past the month end).
    assert next_run(DEFAULT, local(date(2027, 2, 26), 9), made_today=True) == local(
        date(2027, 3, 2), 7, 30
    )


def test_parsing_and_refusals() -> None:
    assert parse_run_time("07:30") == time(7, 30)
    assert parse_run_days("tue, wed,thu,FRI") == frozenset({1, 2, 3, 4})
    assert RunSchedule(run_days=parse_run_days("mon,sat")).days_text == "mon,sat"
    for bad in ("7.30", "25:00", "", "07:30:00x"):
        with pytest.raises(InvalidValue):
            parse_run_time(bad)
    for bad in ("sun", "", "tue,funday"):
        with pytest.raises(InvalidValue):
            parse_run_days(bad)
    with pytest.raises(InvalidValue):
        RunSchedule(run_days=frozenset({6}))
    with pytest.raises(InvalidValue):
        RunSchedule(run_days=frozenset())


@pytest.mark.parametrize(
    ("schedule", "day", "following"),
    [
        (DEFAULT, date(2026, 12, 6), date(2026, 12, 8)),  # Sunday: Tuesday
        (DEFAULT, date(2026, 12, 24), date(2026, 12, 29)),  # Christmas on a Friday
        (DEFAULT, date(2026, 1, 30), date(2026, 2, 3)),  # over a month's end
        (DEFAULT, date(2027, 12, 30), date(2027, 12, 31)),  # New Year's Eve is no holiday
        (DEFAULT, date(2027, 12, 31), date(2028, 1, 4)),  # New Year's Day, a weekend
        (DEFAULT, date(2028, 2, 28), date(2028, 2, 29)),  # a Monday: 29 February
        (RunSchedule(run_days=frozenset({0})), date(2028, 2, 29), date(2028, 3, 6)),
    ],
)
def test_the_next_run_day_skips_other_days_and_holidays(
    schedule: RunSchedule, day: date, following: date
) -> None:
    assert next_run_day(schedule, day) == following
