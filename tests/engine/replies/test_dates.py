"""Days named in a reply, read relative to the day it came in: across month ends, the
turn of the year and 29 February."""

from __future__ import annotations

from datetime import date

import pytest

from tijdig.engine.replies.dates import first_date, read_dates

D = date.fromisoformat


@pytest.mark.parametrize(
    ("language", "text", "received", "expected"),
    [
        # weekdays: the first one after the day received; a week on when it is that day
        ("nl", "vrijdag", "2026-03-04", "2026-03-06"),
        ("nl", "vrijdag", "2026-03-06", "2026-03-13"),
        ("nl", "aanstaande maandag", "2026-12-31", "2027-01-04"),
        ("en", "next Friday", "2026-02-26", "2026-02-27"),
        ("fr", "vendredi prochain", "2028-02-25", "2028-03-03"),
        ("nl", "volgende week dinsdag", "2026-03-04", "2026-03-10"),
        ("nl", "dinsdag volgende week", "2026-12-28", "2027-01-05"),
        ("en", "Tuesday next week", "2026-12-31", "2027-01-05"),
        ("fr", "mardi de la semaine prochaine", "2028-02-24", "2028-02-29"),
        ("nl", "afgelopen donderdag", "2026-08-03", "2026-07-30"),
        ("en", "last Friday", "2026-03-02", "2026-02-27"),
        # day and month, with and without a year
        ("nl", "15 januari", "2026-12-21", "2027-01-15"),
        ("nl", "15 januari", "2026-01-29", "2026-01-15"),
        ("nl", "15 jan", "2026-03-01", "2027-01-15"),
        ("en", "on 15 February", "2026-02-10", "2026-02-15"),
        ("en", "January 15th", "2026-12-30", "2027-01-15"),
        ("en", "the 3rd of March", "2026-02-27", "2026-03-03"),
        ("fr", "le 15 janvier", "2026-12-21", "2027-01-15"),
        ("fr", "le 1er mars", "2028-02-28", "2028-03-01"),
        ("nl", "29 februari", "2028-02-10", "2028-02-29"),
        ("nl", "15-01", "2026-12-21", "2027-01-15"),
        ("nl", "uiterlijk 20-02", "2026-02-10", "2026-02-20"),
        ("nl", "15/01/2027", "2026-12-21", "2027-01-15"),
        ("en", "31.03.26", "2026-03-04", "2026-03-31"),
        ("nl", "2026-07-10", "2026-06-30", "2026-07-10"),
        # a day of the month alone: this month's, else next month's, cut to its end
        ("en", "by the 20th", "2026-02-10", "2026-02-20"),
        ("en", "by the 20th", "2026-02-21", "2026-03-20"),
        ("en", "by the 5th", "2026-12-21", "2027-01-05"),
        ("nl", "op de 30e", "2026-02-10", "2026-02-28"),
        ("nl", "de 31ste", "2028-02-10", "2028-02-29"),
        ("fr", "le 30", "2026-04-30", "2026-04-30"),
        ("fr", "le 31", "2026-05-13", "2026-05-31"),
        # month ends and starts
        ("nl", "eind van de maand", "2026-02-10", "2026-02-28"),
        ("nl", "eind van de maand", "2028-02-10", "2028-02-29"),
        ("nl", "eind deze maand", "2026-12-21", "2026-12-31"),
        ("nl", "eind volgende maand", "2026-01-31", "2026-02-28"),
        ("nl", "eind volgende maand", "2026-12-21", "2027-01-31"),
        ("en", "end of the month", "2026-04-30", "2026-04-30"),
        ("en", "by the end of next month", "2028-01-31", "2028-02-29"),
        ("fr", "fin du mois", "2026-06-30", "2026-06-30"),
        ("fr", "fin du mois prochain", "2026-12-01", "2027-01-31"),
        ("fr", "début du mois prochain", "2026-12-21", "2027-01-05"),
        ("nl", "begin volgende maand", "2026-01-29", "2026-02-05"),
        ("nl", "eind februari", "2028-02-10", "2028-02-29"),
        ("en", "mid-January", "2026-12-21", "2027-01-15"),
        ("fr", "mi-mars", "2026-02-10", "2026-03-15"),
        # weeks and counted days
        ("nl", "deze week", "2026-12-29", "2027-01-01"),
        ("nl", "deze week", "2026-03-07", "2026-03-07"),
        ("en", "next week", "2026-12-28", "2027-01-08"),
        ("fr", "la semaine prochaine", "2026-02-26", "2026-03-06"),
        ("nl", "binnen een week", "2026-12-28", "2027-01-04"),
        ("nl", "binnen twee weken", "2028-02-20", "2028-03-05"),
        ("en", "within 10 days", "2026-02-25", "2026-03-07"),
        ("fr", "d'ici 15 jours", "2026-12-20", "2027-01-04"),
        ("nl", "morgen", "2028-02-28", "2028-02-29"),
        ("nl", "overmorgen", "2026-12-30", "2027-01-01"),
        ("en", "tomorrow", "2026-12-31", "2027-01-01"),
        ("fr", "après-demain", "2027-02-27", "2027-03-01"),
        ("nl", "vandaag", "2026-02-28", "2026-02-28"),
        ("fr", "aujourd'hui", "2026-02-28", "2026-02-28"),
        ("nl", "gisteren", "2026-03-01", "2026-02-28"),
    ],
)
def test_a_named_day_is_read_relative_to_the_day_received(
    language: str, text: str, received: str, expected: str
) -> None:
    assert first_date(text, D(received), language) == D(expected)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nl", "29 februari"),  # 2026 and 2027 have none
        ("nl", "31 april"),
        ("nl", "factuur 2026-0456"),
        ("nl", "€ 1.250,00"),
        ("nl", "bel 06-12345678"),
        ("nl", "goedemorgen"),
        ("nl", "volgende maand"),  # too vague to hold reminders for
        ("en", "next month"),
        ("fr", "le 20 %"),
        ("nl", "hier is het bewijs"),  # Dutch "hier" is no French "hier"
        ("nl", "32-01"),
    ],
)
def test_no_day_is_read_where_none_is_named(language: str, text: str) -> None:
    assert first_date(text, D("2026-12-21"), language) is None


def test_a_weekday_before_its_date_is_one_day_not_two() -> None:
    found = read_dates("maandag 26 oktober of dinsdag", D("2026-10-19"), "nl")
    assert [f.day for f in found] == [D("2026-10-26"), D("2026-10-20")]


def test_days_are_given_in_the_order_they_stand() -> None:
    found = read_dates(
        "Gaat dinsdag de deur uit, dan staat het er woensdag op", D("2026-09-10"), "nl"
    )
    assert [f.day for f in found] == [D("2026-09-15"), D("2026-09-16")]
