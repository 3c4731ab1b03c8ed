"""Days named in a reply ("vrijdag", "volgende week dinsdag", "15 januari", "15-01",
"eind van de maand", "next Friday", "by the 20th", "le 15 janvier", "fin du mois"), read
as dates relative to the day the reply came in. Hand rules, no library: the forms people
use for a payment day are few, and every reading below is one a person can check.

The readings, in one place so that the rules and their tests agree:
- a weekday ("vrijdag", "next Friday", "vendredi prochain", "aanstaande vrijdag"): the
  first such day after the day received; "volgende week dinsdag" ("Tuesday next week",
  "mardi de la semaine prochaine"): that day of the next calendar week; "vorige/afgelopen
  vrijdag" ("last Friday", "vendredi dernier"): the last one before.
- a day and month without a year: this year's, or next year's when this year's lies more
  than 30 days back (said in December, "15 januari" is next year's).
- a day alone ("de 20e", "by the 20th", "le 20"): this month's, or next month's when it has
  passed; cut to the month's last day where the month is shorter.
- "eind van de maand" ("end of the month", "fin du mois"): the month's last day; "eind
  volgende maand": next month's; "begin volgende maand": the 5th of next month; "half mei"
  ("mid-May", "mi-mai"): the 15th.
- "deze week" ("this week", "cette semaine"): its Friday; "volgende week" alone: next
  week's Friday.
- "binnen 10 dagen" ("within 10 days", "d'ici 10 jours"), "binnen twee weken": counted
  from the day received.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

Resolver = Callable[[re.Match[str], date], date | None]

MONTHS = {
    "nl": {
        "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4,
        "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8,
        "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
        "november": 11, "nov": 11, "december": 12, "dec": 12,
    },
    "en": {
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
        "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8,
        "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10,
        "november": 11, "nov": 11, "december": 12, "dec": 12,
    },
    "fr": {
        "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "mars": 3,
        "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
        "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
        "décembre": 12, "decembre": 12, "déc": 12,
    },
}  # fmt: skip

WEEKDAYS = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}

NUMBERS = {
    "een": 1, "één": 1, "a": 1, "an": 1, "one": 1, "un": 1, "une": 1, "twee": 2, "two": 2,
    "deux": 2, "drie": 3, "three": 3, "trois": 3, "vier": 4, "four": 4, "quatre": 4,
    "vijf": 5, "five": 5, "cinq": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7, "sept": 7,
    "acht": 8, "eight": 8, "huit": 8, "tien": 10, "ten": 10, "dix": 10, "veertien": 14,
    "fourteen": 14, "quatorze": 14, "quinze": 15, "vijftien": 15, "fifteen": 15,
    "dertig": 30, "thirty": 30, "trente": 30,
}  # fmt: skip

# Words per language: next week, this week, next (weekday), last (weekday), day/week units.
WORDS = {
    "nl": {
        "next_week": r"volgende\s+week|komende\s+week",
        "this_week": r"deze\s+week",
        "next": r"aanstaande|komende|volgende|deze|a\.s\.",
        "last": r"vorige|afgelopen|jl\.?",
        "day": r"dag(?:en)?|werkdag(?:en)?",
        "week": r"weken|week",
        "within": r"binnen|over|uiterlijk\s+over",
        "today": r"vandaag|heden",
        "tomorrow": r"morgen",
        "after_tomorrow": r"overmorgen",
        "yesterday": r"gisteren",
        "month_end": r"(?:aan\s+)?(?:het\s+)?eind(?:e)?\s+(?:van\s+)?(?:de|deze|dit)\s+maand",
        "next_month_end": (
            r"(?:aan\s+)?(?:het\s+)?eind(?:e)?\s+(?:van\s+)?(?:de\s+)?volgende\s+maand"
        ),
        "next_month_start": r"(?:aan\s+het\s+)?begin\s+(?:van\s+)?(?:de\s+)?volgende\s+maand",
        "end_of": r"(?:aan\s+)?(?:het\s+)?eind(?:e)?\s+(?:van\s+)?",
        "mid": r"half|medio|midden\s+",
        "day_only": r"\bde\s+(\d{1,2})(?:e|de|ste)\b",
    },
    "en": {
        "next_week": r"next\s+week",
        "this_week": r"this\s+week",
        "next": r"next|this|coming|this\s+coming",
        "last": r"last|past",
        "day": r"(?:working\s+|business\s+)?days?",
        "week": r"weeks?",
        "within": r"within|in",
        "today": r"today",
        "tomorrow": r"tomorrow",
        "after_tomorrow": r"the\s+day\s+after\s+tomorrow",
        "yesterday": r"yesterday",
        "month_end": r"(?:the\s+)?end\s+of\s+(?:the|this)\s+month",
        "next_month_end": r"(?:the\s+)?end\s+of\s+next\s+month",
        "next_month_start": r"(?:early|the\s+(?:start|beginning)\s+of)\s+next\s+month",
        "end_of": r"(?:the\s+)?end\s+of\s+",
        "mid": r"mid-?\s*|the\s+middle\s+of\s+",
        "day_only": r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+of\b)",
    },
    "fr": {
        "next_week": r"la\s+semaine\s+prochaine",
        "this_week": r"cette\s+semaine",
        "next": r"ce|prochain",
        "last": r"dernier",
        "day": r"jours?(?:\s+ouvrables)?",
        "week": r"semaines?",
        "within": r"d'ici|dans|sous",
        "today": r"aujourd'hui|ce\s+jour",
        "tomorrow": r"demain",
        "after_tomorrow": r"après-demain|apres-demain",
        "yesterday": r"hier",
        "month_end": r"(?:la\s+)?fin\s+(?:du|de\s+ce)\s+mois(?!\s+prochain)",
        "next_month_end": r"(?:la\s+)?fin\s+du\s+mois\s+prochain",
        "next_month_start": r"(?:au\s+)?début\s+du\s+mois\s+prochain",
        "end_of": r"(?:la\s+)?fin\s+(?:de\s+|d')?",
        "mid": r"mi-\s*|la\s+mi-",
        "day_only": r"\ble\s+(\d{1,2})(?:er)?\b(?!\s*(?:[/.-]\d|%|€|euros?|jours?|heures?))",
    },
}


@dataclass(frozen=True, slots=True)
class Found:
    """A date read from the text, with where it stands (the rules keep the first)."""

    start: int
    end: int
    day: date


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _next_month(day: date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def _day_month(year: int | None, month: int, day: int, received_on: date) -> date | None:
    if not 1 <= month <= 12:
        return None
    if year is not None:
        year = year + 2000 if year < 100 else year
        candidates = [year]
    else:
        candidates = [received_on.year, received_on.year + 1]
    for candidate_year in candidates:
        try:
            found = date(candidate_year, month, day)
        except ValueError:
            return None  # 31 April, or 29 February of a common year: no date
        if year is not None or found >= received_on - timedelta(days=30):
            return found
    return None


def _day_only(day: int, received_on: date) -> date | None:
    if not 1 <= day <= 31:
        return None
    year, month = received_on.year, received_on.month
    if day < received_on.day:
        year, month = _next_month(received_on)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _weekday_after(received_on: date, weekday: int) -> date:
    return received_on + timedelta(days=(weekday - received_on.weekday() - 1) % 7 + 1)


def _weekday_before(received_on: date, weekday: int) -> date:
    return received_on - timedelta(days=(received_on.weekday() - weekday - 1) % 7 + 1)


def _weekday_next_week(received_on: date, weekday: int) -> date:
    monday = received_on - timedelta(days=received_on.weekday()) + timedelta(days=7)
    return monday + timedelta(days=weekday)


def _friday_this_week(received_on: date) -> date:
    friday = received_on - timedelta(days=received_on.weekday()) + timedelta(days=4)
    return max(friday, received_on)


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBERS.get(word)


class _Reader:
    """The patterns of one language, tried longest first; a span read once is not read
    again by a shorter pattern ("volgende week dinsdag" is not also "dinsdag")."""

    def __init__(self, language: str) -> None:
        words = WORDS[language]
        months = MONTHS[language]
        month = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
        weekdays = WEEKDAYS[language]
        weekday = "|".join(weekdays)
        self.months = months
        self.weekdays = weekdays
        w = {key: f"(?:{value})" for key, value in words.items() if key != "day_only"}
        day, year, wd = r"(\d{1,2})", r"(\d{4})", f"({weekday})"
        patterns: list[tuple[str, Resolver]] = [
            (r"\b(\d{4})-(\d{2})-(\d{2})\b", self._iso),
            (
                rf"\b{day}(?:e|de|ste|st|nd|rd|th|er)?\s+(?:of\s+)?({month})\.?(?:\s+{year})?\b",
                self._dm,
            ),
            (
                r"(?<![\d.,/-])(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}|\d{2}))?(?![\d,]|[-/.]\d)",
                self._numeric,
            ),
            (rf"\b{w['next_week']}\s+{wd}\b", self._next_week_day),
            (rf"\b{wd}\s+(?:van\s+|of\s+|de\s+)?{w['next_week']}\b", self._next_week_day),
            (rf"\b{w['last']}\s+{wd}\b", self._last_day),
            (rf"\b{wd}\s+{w['last']}\b", self._last_day),
            (rf"\b(?:{w['next']}\s+)?{wd}\b(?:\s+{w['next']}\b)?", self._weekday),
            (rf"\b{w['next_month_end']}\b", self._next_month_end),
            (rf"\b{w['next_month_start']}\b", self._next_month_start),
            (rf"\b{w['month_end']}\b", self._month_end),
            (rf"\b{w['end_of']}({month})\b", self._end_of_month),
            (rf"(?<!\w){w['mid']}({month})\b", self._mid_month),
            (rf"\b{w['within']}\s+(\d{{1,2}}|\w+)\s+({w['day']}|{w['week']})\b", self._within),
            (rf"\b{w['next_week']}\b", self._next_week),
            (rf"\b{w['this_week']}\b", self._this_week),
            (rf"\b{w['after_tomorrow']}(?!\w)", lambda _m, r: r + timedelta(days=2)),
            (rf"\b{w['tomorrow']}\b", lambda _m, r: r + timedelta(days=1)),
            (rf"\b{w['today']}\b", lambda _m, r: r),
            (rf"\b{w['yesterday']}\b", lambda _m, r: r - timedelta(days=1)),
            (words["day_only"], self._day),
        ]
        if language == "en":  # "January 15th", "March 3, 2027"
            month_day = rf"\b({month})\.?\s+{day}(?:st|nd|rd|th)?\b(?:,?\s+{year})?"
            patterns.insert(2, (month_day, self._md))
        self.compiled = [(re.compile(p, re.IGNORECASE), resolve) for p, resolve in patterns]

    def _iso(self, m: re.Match[str], received_on: date) -> date | None:
        return _day_month(int(m[1]), int(m[2]), int(m[3]), received_on)

    def _dm(self, m: re.Match[str], received_on: date) -> date | None:
        year = int(m[3]) if m[3] else None
        return _day_month(year, self.months[m[2].lower()], int(m[1]), received_on)

    def _md(self, m: re.Match[str], received_on: date) -> date | None:
        year = int(m[3]) if m[3] else None
        return _day_month(year, self.months[m[1].lower()], int(m[2]), received_on)

    def _numeric(self, m: re.Match[str], received_on: date) -> date | None:
        year = int(m[3]) if m[3] else None
        return _day_month(year, int(m[2]), int(m[1]), received_on)

    def _index(self, name: str) -> int:
        return self.weekdays.index(name.lower())

    def _weekday(self, m: re.Match[str], received_on: date) -> date:
        return _weekday_after(received_on, self._index(m[1]))

    def _next_week_day(self, m: re.Match[str], received_on: date) -> date:
        return _weekday_next_week(received_on, self._index(m[1]))

    def _last_day(self, m: re.Match[str], received_on: date) -> date:
        return _weekday_before(received_on, self._index(m[1]))

    def _month_end(self, _m: re.Match[str], received_on: date) -> date:
        return last_day(received_on.year, received_on.month)

    def _next_month_end(self, _m: re.Match[str], received_on: date) -> date:
        return last_day(*_next_month(received_on))

    def _next_month_start(self, _m: re.Match[str], received_on: date) -> date:
        year, month = _next_month(received_on)
        return date(year, month, 5)

    def _end_of_month(self, m: re.Match[str], received_on: date) -> date | None:
        found = _day_month(None, self.months[m[1].lower()], 1, received_on)
        return last_day(found.year, found.month) if found else None

    def _mid_month(self, m: re.Match[str], received_on: date) -> date | None:
        return _day_month(None, self.months[m[1].lower()], 15, received_on)

    def _within(self, m: re.Match[str], received_on: date) -> date | None:
        count = _number(m[1].lower())
        if count is None:
            return None
        weeks = m[2].lower().startswith(("we", "sem"))  # week, weken, weeks, semaine
        return received_on + timedelta(days=count * 7 if weeks else count)

    def _next_week(self, _m: re.Match[str], received_on: date) -> date:
        return _weekday_next_week(received_on, 4)

    def _this_week(self, _m: re.Match[str], received_on: date) -> date:
        return _friday_this_week(received_on)

    def _day(self, m: re.Match[str], received_on: date) -> date | None:
        return _day_only(int(m[1]), received_on)

    def read(self, text: str, received_on: date) -> list[Found]:
        taken: list[tuple[int, int]] = []
        found: list[Found] = []
        for pattern, resolve in self.compiled:
            for m in pattern.finditer(text):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                day = resolve(m, received_on)
                taken.append((m.start(), m.end()))
                if day is not None:
                    found.append(Found(m.start(), m.end(), day))
        return _without_named_weekdays(sorted(found, key=lambda f: f.start), text)


def _without_named_weekdays(found: list[Found], text: str) -> list[Found]:
    """ "maandag 26 oktober": the date says it; the weekday before it is no second date."""
    kept: list[Found] = []
    for index, item in enumerate(found):
        after = found[index + 1] if index + 1 < len(found) else None
        gap = text[item.end : after.start] if after else ""
        if after is not None and len(gap) <= 3 and not gap.strip(" ,") and _is_word(text, item):
            continue
        kept.append(item)
    return kept


def _is_word(text: str, item: Found) -> bool:
    return not any(ch.isdigit() for ch in text[item.start : item.end])


READERS = {language: _Reader(language) for language in WORDS}


def read_dates(text: str, received_on: date, language: str) -> list[Found]:
    """Every date named in `text`, in the order they stand, read in `language`."""
    return READERS[language if language in READERS else "nl"].read(text, received_on)


def first_date(text: str, received_on: date, language: str) -> date | None:
    found = read_dates(text, received_on, language)
    return found[0].day if found else None
