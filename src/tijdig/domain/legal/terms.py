"""The payment term of the NL 14-day letter and of the BE free first reminder.

Why dates and not a day count: costs (and in BE interest and damages) may be
claimed only from `costs_from`, so the letter, the engine and the calculator
must agree on each date. Every step is listed in `steps` for the explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from tijdig.domain.calendar import (
    ONE_DAY,
    SUNDAY,
    add_business_days,
    business_day_on_or_after,
    count_business_days,
    is_holiday,
    next_business_day,
)
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.legal import COUNTRIES, law_of_claim
from tijdig.domain.refusals import Refusal

TERM_DAYS = 14
MONDAY = 0
NL_RULE = "art. 6:96 lid 6 BW; HR 25-11-2016, ECLI:NL:HR:2016:2704; Algemene termijnenwet"
BE_RULE = "Book XIX WER, art. XIX.2 (Act of 4 May 2023)"


class NoticeDelivery(StrEnum):
    POST = "post"
    EMAIL = "email"


@dataclass(frozen=True, slots=True)
class TermResult:
    """The dates of a reminder's term. `last_day` is after any move (Atw or the BE
    working-day rule); `counted_last_day` is the 14th day before it."""

    country: str
    channel: NoticeDelivery
    sent: date
    delivered: date
    term_starts: date
    counted_last_day: date
    last_day: date
    costs_from: date
    rule: str
    steps: tuple[str, ...]

    @property
    def was_moved(self) -> bool:
        return self.last_day != self.counted_last_day


def atw_term_end(last_day: date, start: date) -> date:
    """The last day of a Dutch statutory term after the Algemene termijnenwet.

    `start` is the first day of the term and `last_day` its last day as counted
    (for the 14-day letter: start = the day after receipt, last_day = start + 13).

    Art. 1: a term ending on a Saturday, Sunday or Atw holiday ends on the next
    day that is none of these. Art. 2: a term of at least three days is extended
    as far as needed to contain at least two such days. Our reading: "contains"
    counts the days from `start` to the end, both included, and art. 2 looks at
    the term's own length (last_day - start + 1 >= 3); art. 1 is applied first,
    and art. 2 then extends to the next business day until two are inside.
    The Atw does not govern terms of three months or longer; callers use this
    for the short terms of collection (the 14-day letter) only.
    """
    if last_day < start:
        raise InvalidValue("last_day", Refusal.BEFORE_TERM)
    end = business_day_on_or_after(last_day, "NL")
    if (last_day - start).days + 1 >= 3:
        while count_business_days(start, end, "NL") < 2:
            end = next_business_day(end, "NL")
    return end


def nl_presumed_delivery(sent: date) -> date:
    """A posted letter is presumed delivered on the second day after sending,
    where Sundays, Mondays and Atw holidays do not count (HR 25-11-2016)."""
    day, counted = sent, 0
    while counted < 2:
        day += ONE_DAY
        if day.weekday() not in (SUNDAY, MONDAY) and not is_holiday(day, "NL"):
            counted += 1
    return day


def nl_fourteen_day_letter(sent: date, channel: NoticeDelivery) -> TermResult:
    """The NL 14-day letter: 14 days starting the day after receipt (post: the
    presumed delivery day; e-mail: the day sent), the last day moved under the
    Atw (the conservative reading); costs are owed from the day after."""
    delivered = nl_presumed_delivery(sent) if channel is NoticeDelivery.POST else sent
    starts = delivered + ONE_DAY
    counted = starts + timedelta(days=TERM_DAYS - 1)
    last = atw_term_end(counted, starts)
    steps = (
        f"sent {sent} by {channel.value}",
        (
            f"presumed delivered {delivered} (2nd day after sending; Sundays, Mondays "
            "and Atw holidays not counted)"
            if channel is NoticeDelivery.POST
            else f"e-mail received the day it is sent: {delivered}"
        ),
        f"14 days from the day after receipt: {starts} to {counted}",
        f"last day moved under the Atw to {last}" if last != counted else "last day not moved",
        f"costs owed from {last + ONE_DAY}",
    )
    return TermResult(
        "NL", channel, sent, delivered, starts, counted, last, last + ONE_DAY, NL_RULE, steps
    )


def be_first_reminder(sent: date, channel: NoticeDelivery) -> TermResult:
    """The BE first reminder: 14 calendar days starting on the 3rd working day
    after posting, or the day after an e-mail; a last day on a weekend or legal
    holiday moves to the next working day (Tijdig's consumer-protecting reading).

    Book XIX fixes no day of receipt; `delivered` is the e-mail's day sent or, for
    post, the day the term starts (the 3rd working day), shown as presumed receipt.
    """
    if channel is NoticeDelivery.POST:
        starts = add_business_days(sent, 3, "BE")
        delivered, how = starts, "3rd working day after posting"
    else:
        delivered, starts, how = sent, sent + ONE_DAY, "the day after the e-mail"
    counted = starts + timedelta(days=TERM_DAYS - 1)
    last = business_day_on_or_after(counted, "BE")
    steps = (
        f"sent {sent} by {channel.value}",
        f"term starts {starts} ({how})",
        f"14 calendar days: {starts} to {counted}",
        f"last day moved to the next working day {last}"
        if last != counted
        else "last day not moved",
        f"costs, interest and damages from {last + ONE_DAY}",
    )
    return TermResult(
        "BE", channel, sent, delivered, starts, counted, last, last + ONE_DAY, BE_RULE, steps
    )


def reminder_term(sent: date, *, country: str, channel: NoticeDelivery) -> TermResult:
    """The term of the reminder that opens the way to costs under `country`'s law."""
    law = law_of_claim(country)
    if law is None:
        known = " and ".join(COUNTRIES)
        raise RuleViolation(Refusal.NO_LAW_FOR, what="statutory reminder term", country=country,
                            known=known)  # fmt: skip
    return law.reminder_term(sent, channel)
