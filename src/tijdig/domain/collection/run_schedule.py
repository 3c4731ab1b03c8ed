"""When a company's day's run starts by itself (issue 14, the scheduler): its run time
(default 07:30) on its run days (default Tuesday to Friday), Amsterdam wall-clock time.

A run day that is a Sunday or a public holiday of the Algemene termijnenwet is skipped,
as sending skips it (`contact_hours.is_closed_day`, the statute's list rather than the
`holidays` library, for the reasons in `domain/calendar.py`): no run, and the next run
day's run does not make up for it.

The decision is pure (`due_run`): given the schedule, the moment and whether the day
has its run already, today's run is due once its time has passed; a day that passed
without its run (the service was down) is never replayed: only today counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tijdig.domain.collection.contact_hours import is_closed_day
from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SUNDAY = 6
DEFAULT_TIME = time(7, 30)
DEFAULT_DAYS = frozenset({1, 2, 3, 4})  # Tuesday to Friday (Monday = 0)
LOOK_AHEAD_DAYS = 400  # more than a year of holidays and Sundays to find the next run day


@dataclass(frozen=True, slots=True)
class RunSchedule:
    """A company's run time (Amsterdam wall clock) and run days (weekday numbers,
    Monday 0); Sunday is never a run day."""

    run_time: time = DEFAULT_TIME
    run_days: frozenset[int] = DEFAULT_DAYS

    def __post_init__(self) -> None:
        if not self.run_days or not self.run_days <= set(range(SUNDAY)):
            raise InvalidValue("run_days", Refusal.RUN_DAYS, value=self.days_text)
        if self.run_time.tzinfo is not None or self.run_time.second or self.run_time.microsecond:
            raise InvalidValue("run_time", Refusal.RUN_TIME, value=str(self.run_time))

    @property
    def days_text(self) -> str:
        """The run days as their short names, Monday first ("tue,wed,thu,fri")."""
        return ",".join(DAY_NAMES[day] for day in sorted(self.run_days) if 0 <= day < 7)

    @property
    def time_text(self) -> str:
        return f"{self.run_time:%H:%M}"

    def describe(self) -> str:
        return f"run at {self.time_text} on {self.days_text}"


def parse_run_time(text: str) -> time:
    """ "HH:MM" (24 hours) as a time; anything else refused."""
    try:
        hours, minutes = (int(part) for part in text.strip().split(":"))
        return time(hours, minutes)
    except ValueError:
        raise InvalidValue("run_time", Refusal.RUN_TIME, value=text) from None


def parse_run_days(text: str) -> frozenset[int]:
    """Short day names separated by commas ("tue,wed,thu,fri"), Monday to Saturday."""
    names = [part.strip().lower()[:3] for part in text.split(",") if part.strip()]
    if not names or any(name not in DAY_NAMES[:SUNDAY] for name in names):
        raise InvalidValue("run_days", Refusal.RUN_DAYS, value=text)
    return frozenset(DAY_NAMES.index(name) for name in names)


def is_run_day(schedule: RunSchedule, day: date) -> bool:
    """One of the schedule's days, and no Sunday or Atw holiday."""
    return day.weekday() in schedule.run_days and not is_closed_day(day)


def run_moment(schedule: RunSchedule, day: date) -> datetime:
    """When `day`'s run is due, in Amsterdam time. The clocks change on Sundays, never
    a run day, so the wall-clock time always exists once."""
    return datetime.combine(day, schedule.run_time, tzinfo=AMSTERDAM)


def due_run(schedule: RunSchedule, now: datetime, *, made_today: bool) -> date | None:
    """The business day whose scheduled run is due at `now` (an aware moment), or None.
    `made_today`: the day has its scheduled run already (queued, running or done).
    Only today is ever due: a day missed while the service was down is not replayed."""
    if now.tzinfo is None:
        raise ValueError("due_run needs an aware moment")
    today = now.astimezone(AMSTERDAM).date()
    if made_today or not is_run_day(schedule, today):
        return None
    return today if now >= run_moment(schedule, today) else None


def next_run(schedule: RunSchedule, now: datetime, *, made_today: bool) -> datetime:
    """The moment of the next scheduled run from `now` on (Amsterdam time): today's,
    when due or still to come, else the next run day's."""
    today = now.astimezone(AMSTERDAM).date()
    if due_run(schedule, now, made_today=made_today) is not None:
        return now.astimezone(AMSTERDAM)
    day = today
    if made_today or not is_run_day(schedule, today) or now >= run_moment(schedule, today):
        day += timedelta(days=1)
    for _ in range(LOOK_AHEAD_DAYS):
        if is_run_day(schedule, day):
            return run_moment(schedule, day)
        day += timedelta(days=1)
    raise AssertionError("a run day within a year")  # run_days is never empty


def next_run_day(schedule: RunSchedule, day: date) -> date:
    """The first run day after `day` (what "start the run" points at on a day that is
    not one: a run on it would hold every customer until the next contact day)."""
    for ahead in range(1, LOOK_AHEAD_DAYS):
        if is_run_day(schedule, candidate := day + timedelta(days=ahead)):
            return candidate
    raise AssertionError("a run day within a year")  # run_days is never empty
