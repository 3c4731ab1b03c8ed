"""When a message may go out at all: the hours and days debt collection may contact.

Collection agencies use Tijdig, and the Wki rules bind them (Besluit kwaliteit
incassodienstverlening, from 1 April 2024; ../shared/LEGAL.md): no contact between
20:00 and 07:00, nor on Sundays and public holidays (the Algemene termijnenwet list).
Tijdig applies this to every message of every company, in Amsterdam time: a creditor
collecting itself loses nothing by keeping the same hours. The customer's own contact
days (S3-3) come on top, per message (engine/at_send.py).

Pure: the caller passes the wall-clock time in Europe/Amsterdam.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from tijdig.domain.calendar import SUNDAY, is_holiday

OPENS = time(7, 0)
CLOSES = time(20, 0)
RULE = "Wki: no contact between 20:00 and 07:00, on Sundays or Atw holidays"


def is_closed_day(day: date) -> bool:
    """A Sunday or a holiday of the Algemene termijnenwet."""
    return day.weekday() == SUNDAY or is_holiday(day, "NL")


def may_send_at(local: datetime) -> bool:
    """Whether a message may go out at this Amsterdam wall-clock time."""
    return not is_closed_day(local.date()) and OPENS <= local.time() < CLOSES


def next_send_moment(local: datetime) -> datetime:
    """`local` when a message may go then, else the next opening (07:00 of the next
    day that is no Sunday or holiday), as Amsterdam wall-clock time."""
    if may_send_at(local):
        return local
    day = local.date()
    if local.time() >= CLOSES or is_closed_day(day):
        day += timedelta(days=1)
    while is_closed_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, OPENS, tzinfo=local.tzinfo)
