"""The dashboard's figures: average days late as DSO less best possible DSO, the overdue
share, the trend's past receivables, disputes by age and the week of the promises."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tijdig.analytics.dso import CountBack
from tijdig.analytics.kpis import Receivables, currency_kpis, dispute_ages, month_ends, week_of

D = Decimal


def test_days_late_is_dso_less_the_best_possible_dso() -> None:
    # On 31 March 2024: 250,000 open, of which 80,000 not yet due and 170,000 overdue.
    # DSO: 31 + 29 + 30/90 x 31 = 70.3; best possible: 80/100 x 31 = 24.8; late 45.5
    sales = {date(2024, 3, 5): D("100000"), date(2024, 2, 29): D("120000"),
             date(2024, 1, 31): D("90000")}  # fmt: skip
    now = Receivables("EUR", D("250000"), D("80000"), D("170000"))
    kpis = currency_kpis(now, sales, {}, as_of=date(2024, 3, 31))
    assert (kpis.dso.days, kpis.best_possible.days, kpis.days_late) == (
        D("70.3"), D("24.8"), D("45.5"),
    )  # fmt: skip
    assert kpis.overdue_share == D("68.0")


def test_the_trend_rebuilds_past_receivables_from_sales_and_payments_since() -> None:
    # 1,000 open on 15 January 2025; since 31 December 600 was sold and 300 paid: on
    # 31 December 700 was open, against December's 700 sales: 31 days.
    sales = {date(2025, 1, 10): D("600"), date(2024, 12, 20): D("700")}
    paid = {date(2025, 1, 12): D("300"), date(2024, 12, 31): D("50")}
    kpis = currency_kpis(Receivables("EUR", D("1000"), D("1000"), D("0")), sales, paid,
                         as_of=date(2025, 1, 15))  # fmt: skip
    assert len(kpis.trend) == 12
    december, today = kpis.trend[-2], kpis.trend[-1]
    assert (december.day, december.receivables, december.dso.days) == (
        date(2024, 12, 31), D("700"), D("31.0"),
    )  # fmt: skip
    # today: 1,000 against 15 days' 600 and December's 700: 15 + 400/700 x 31 = 32.7
    assert (today.day, today.receivables, today.dso.days) == (
        date(2025, 1, 15),
        D("1000"),
        D("32.7"),
    )
    # on 30 November: 1,000 less 1,300 sold since plus 350 paid since = 50, with nothing
    # sold in the twelve months up to it: at least their 366 days (29 February 2024 in them)
    november = kpis.trend[-3]
    assert (november.receivables, november.dso) == (D("50"), CountBack(D("366.0"), complete=False))


def test_nothing_open_has_no_overdue_share() -> None:
    kpis = currency_kpis(
        Receivables("EUR", D("0"), D("0"), D("0")), {}, {}, as_of=date(2024, 2, 29)
    )
    assert kpis.overdue_share is None
    assert kpis.days_late == D("0")


def test_month_ends_run_back_from_the_day_through_february() -> None:
    ends = month_ends(date(2024, 3, 15), months=4)
    assert ends == (date(2023, 12, 31), date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 15))


def test_disputes_wait_in_age_buckets_counted_from_the_day_opened() -> None:
    as_of = date(2024, 3, 1)
    opened = [(date(2024, 2, 23), 2), (date(2024, 2, 22), 1), (date(2024, 1, 31), 4),
              (date(2024, 1, 30), 1), (date(2023, 12, 31), 3), (date(2024, 3, 1), 1)]  # fmt: skip
    # 7 days (23 Feb, 29 Feb in between) is still 0-7; 8 is 8-30; 30 days 8-30; 31 on
    assert dispute_ages(opened, as_of=as_of) == {"0-7": 3, "8-30": 5, "31-60": 1, "60+": 3}


def test_the_week_runs_monday_to_sunday_across_the_year_end() -> None:
    week = week_of(date(2026, 12, 31))  # a Thursday
    assert (week.start, week.end) == (date(2026, 12, 28), date(2027, 1, 3))
    assert week_of(date(2024, 3, 3)).start == date(2024, 2, 26)  # a Sunday, after 29 Feb
    assert week_of(date(2024, 2, 26)).end == date(2024, 3, 3)
