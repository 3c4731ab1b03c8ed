"""A customer's habits (analytics/habits.py), each figure against a small fixture whose
arithmetic is written out beside it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tijdig.analytics.behaviour import Trend
from tijdig.analytics.habits import (
    DayKind,
    How,
    MonthLate,
    Paid,
    Part,
    Settlements,
    Spread,
    UsualDay,
    habits_of,
    is_first_time_late,
    quantile,
    settled_how,
    settlements,
    share_on_time,
    trend_of,
    typical_delay,
    usual_day,
    weighted_days_late,
)

D = Decimal


def _paid(number: str, due: date, *parts: tuple[date, str], **kw: object) -> Paid:
    money = tuple(Part(on, D(amount)) for on, amount in parts)
    total = sum((p.amount for p in money), D(0))
    return Paid(number, due - timedelta(days=30), due, total, money, **kw)  # type: ignore[arg-type]


# Five invoices of one customer, in 2026 (days late = last payment - due date, min 0):
A = _paid("A", date(2026, 1, 10), (date(2026, 1, 8), "100"))  # early: 0
B = _paid("B", date(2026, 2, 10), (date(2026, 2, 15), "200"),  # 5
          steps=((date(2026, 2, 12), "reminder_1"),))  # fmt: skip
C = _paid("C", date(2026, 3, 10), (date(2026, 3, 20), "100"), (date(2026, 3, 30), "200"),
          by_plan=True)  # 20 (its payments 10 and 20 days late)  # fmt: skip
E_ = _paid("E", date(2026, 5, 10), (date(2026, 5, 13), "1000"),  # 3
           steps=((date(2026, 5, 5), "pre_due"),))  # before the due date: no reminder  # fmt: skip
F = _paid("D", date(2026, 4, 10), (date(2026, 4, 10), "400"),  # on the day: 0
          steps=((date(2026, 4, 20), "reminder_1"),))  # after payment: not counted  # fmt: skip
FIVE = [A, B, C, F, E_]


def test_days_late_count_from_the_due_date_to_the_last_money_never_below_zero() -> None:
    assert [p.days_late for p in FIVE] == [0, 5, 20, 0, 3]


def test_the_share_on_time_is_on_time_over_paid() -> None:
    # A and D on time: 2 / 5 = 0.40
    assert share_on_time(FIVE) == D("0.40")
    assert share_on_time([]) is None


def test_the_weighted_days_late_weighs_each_payment_by_its_amount() -> None:
    # A 100x0 + B 200x5 + C 100x10 + 200x20 + D 400x0 + E 1000x3
    # = 0 + 1000 + 1000 + 4000 + 0 + 3000 = 9000 over 2000 paid: 4.5 days
    assert weighted_days_late(FIVE) == D("4.5")
    # One invoice: 100 paid 10 days late and 300 paid 2 days late: (1000 + 600) / 400 = 4.0
    one = _paid("X", date(2026, 1, 1), (date(2026, 1, 11), "100"), (date(2026, 1, 3), "300"))
    assert weighted_days_late([one]) == D("4.0")
    assert weighted_days_late([]) is None


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([0, 5, 20, 0, 3], "0.5", "3"),  # sorted 0 0 3 5 20, h = 4 x 0.5 = 2: x2 = 3
        ([0, 5, 20, 0, 3], "0.25", "0"),  # h = 1: x1 = 0
        ([0, 5, 20, 0, 3], "0.75", "5"),  # h = 3: x3 = 5
        ([1, 2, 3, 10], "0.5", "2.5"),  # h = 1.5: 2 + 0.5 x (3 - 2)
        ([2, 3, 3, 4, 5, 5, 6, 9], "0.9", "6.9"),  # h = 6.3: 6 + 0.3 x (9 - 6)
        ([7], "0.9", "7"),
    ],
)
def test_a_quantile_interpolates_between_order_statistics(
    values: list[int], share: str, expected: str
) -> None:
    assert quantile(values, D(share)) == D(expected)


def test_the_typical_delay_is_the_median_and_its_spread_the_interquartile_range() -> None:
    spread = typical_delay(FIVE)
    assert spread == Spread(D(3), D(0), D(5))  # median x2 = 3, q1 x1 = 0, q3 x3 = 5
    assert spread is not None and spread.iqr == D(5)  # 5 - 0
    assert typical_delay([]) is None


def _days(*days: date) -> list[Paid]:
    return [_paid(str(i), d, (d, "10")) for i, d in enumerate(days)]


def test_a_usual_weekday_when_half_the_days_money_came_in_share_it() -> None:
    # Fri 6, 13, 20 March, Wed 1 April, Fri 17 April: days of the month all differ (1/5);
    # Friday (4) 4 of 5 days = 0.80
    days = _days(date(2026, 3, 6), date(2026, 3, 13), date(2026, 3, 20), date(2026, 4, 1),
                 date(2026, 4, 17))  # fmt: skip
    assert usual_day(days) == UsualDay(DayKind.WEEKDAY, 4, D("0.80"))


def test_a_usual_day_of_the_month_goes_before_a_weekday() -> None:
    # the 25th in March, April, May, then 26 June and 10 July: 3 of 5 = 0.60
    days = _days(date(2026, 3, 25), date(2026, 4, 25), date(2026, 5, 25), date(2026, 6, 26),
                 date(2026, 7, 10))  # fmt: skip
    assert usual_day(days) == UsualDay(DayKind.MONTH_DAY, 25, D("0.60"))


def test_one_payment_run_is_one_day_and_scattered_days_have_no_usual_day() -> None:
    # Four invoices paid on one Friday and one on a Wednesday: 2 days, under 4
    run = [_paid(str(i), date(2026, 3, 1), (date(2026, 3, 6), "5")) for i in range(4)]
    assert usual_day([*run, *_days(date(2026, 4, 1))]) is None
    # Mon 2, Tue 10, Wed 18 and Thu 26 March: each 1 of 4 = 0.25 < 0.50
    assert usual_day(_days(date(2026, 3, 2), date(2026, 3, 10), date(2026, 3, 18),
                           date(2026, 3, 26))) is None  # fmt: skip


def test_the_trend_is_the_sign_of_the_least_squares_slope_over_twelve_months() -> None:
    # As of 31 May: Jan 0, Feb 5, Mar 20, Apr 0, May 3; x = 0..4, mean x = 2,
    # mean y = 28 / 5 = 5.6; sum (x - 2)(y - 5.6) = 11.2 + 0.6 + 0 - 5.6 - 5.2 = 1.0;
    # sum (x - 2)^2 = 10: slope 0.10 day a month, within +-0.5: stable
    trend = trend_of(FIVE, as_of=date(2026, 5, 31))
    assert trend.months == (MonthLate("2026-01", 1, D(0)), MonthLate("2026-02", 1, D(5)),
                            MonthLate("2026-03", 1, D(20)), MonthLate("2026-04", 1, D(0)),
                            MonthLate("2026-05", 1, D(3)))  # fmt: skip
    assert (trend.slope, trend.trend) == (D("0.10"), Trend.STABLE)


def test_a_rising_lateness_is_worsening_and_months_out_of_the_window_do_not_count() -> None:
    # Paid in May 2025 (13 months before June 2026: outside), then Jan 0 and 2 (avg 1),
    # Mar 4, Jun 7: x = 0, 2, 5, mean 7/3; y = 1, 4, 7, mean 4;
    # sum (x - 7/3)(y - 4) = (-7/3)(-3) + (-1/3)(0) + (8/3)(3) = 7 + 8 = 15;
    # sum (x - 7/3)^2 = 49/9 + 1/9 + 64/9 = 114/9; slope = 15 x 9 / 114 = 1.18: worsening
    late = [_paid("old", date(2025, 5, 1), (date(2025, 5, 30), "1")),
            _paid("j1", date(2026, 1, 5), (date(2026, 1, 5), "1")),
            _paid("j2", date(2026, 1, 5), (date(2026, 1, 7), "1")),
            _paid("m", date(2026, 3, 1), (date(2026, 3, 5), "1")),
            _paid("j", date(2026, 6, 1), (date(2026, 6, 8), "1"))]  # fmt: skip
    trend = trend_of(late, as_of=date(2026, 6, 30))
    assert [m.month for m in trend.months] == ["2026-01", "2026-03", "2026-06"]
    assert trend.months[0] == MonthLate("2026-01", 2, D(1))
    assert (trend.slope, trend.trend) == (D("1.18"), Trend.WORSENING)
    # Reversed (7, 4, 1 over the same months): -1.18, improving
    better = [_paid("a", date(2026, 1, 1), (date(2026, 1, 8), "1")),
              _paid("b", date(2026, 3, 1), (date(2026, 3, 5), "1")),
              _paid("c", date(2026, 6, 1), (date(2026, 6, 2), "1"))]  # fmt: skip
    assert trend_of(better, as_of=date(2026, 6, 30)).trend is Trend.IMPROVING


def test_under_three_months_there_is_no_slope() -> None:
    assert trend_of([], as_of=date(2026, 6, 30)).trend is Trend.NO_HISTORY
    two = trend_of([A, B], as_of=date(2026, 6, 30))
    assert (two.slope, two.trend) == (None, Trend.STABLE)


@pytest.mark.parametrize(
    ("paid", "overdue_now", "expected"),
    [([A, F], True, True), ([A, F, B], True, False), ([], True, False), ([A], False, False)],
)
def test_first_time_late_is_late_now_and_never_before(
    paid: list[Paid], overdue_now: bool, expected: bool
) -> None:
    assert is_first_time_late(paid, overdue_now=overdue_now) is expected


def test_how_earlier_debts_were_settled() -> None:
    # A on its own; B after reminder_1 (12 Feb, after due 10 Feb, before paid 15 Feb);
    # C by a plan; D on its own (its step came after payment); E on its own (its step
    # came before the due date)
    assert [settled_how(p) for p in FIVE] == [
        (How.ON_OWN, None), (How.AFTER_STEP, "reminder_1"), (How.PLAN, None),
        (How.ON_OWN, None), (How.ON_OWN, None),
    ]  # fmt: skip
    assert settlements(FIVE) == Settlements(3, (("reminder_1", 1),), 1, 0)
    # The agency goes before a plan, a plan before a reminder; the last reminder counts
    both = _paid("Z", date(2026, 1, 1), (date(2026, 3, 1), "1"), by_plan=True, by_agency=True)
    two = _paid("Y", date(2026, 1, 1), (date(2026, 3, 1), "1"),
                steps=((date(2026, 2, 1), "second"), (date(2026, 1, 15), "first")))  # fmt: skip
    assert settlements([both, two]) == Settlements(0, (("second", 1),), 0, 1)


def test_the_habits_leave_out_what_was_paid_after_the_day() -> None:
    # As of 31 March: A, B, C known (0, 5, 20): on time 1 / 3 = 0.33; weighted
    # (0 + 1000 + 1000 + 4000) / 600 = 10.0; median 5
    found = habits_of(FIVE, as_of=date(2026, 3, 31), overdue_now=True)
    assert (found.paid_invoices, found.share_on_time, found.weighted_days_late) == (
        3, D("0.33"), D("10.0"))  # fmt: skip
    assert found.delay is not None and found.delay.median == D(5)
    assert not found.first_time_late
    assert found.settled == Settlements(1, (("reminder_1", 1),), 1, 0)


def test_a_paid_invoice_has_a_payment() -> None:
    with pytest.raises(ValueError, match="payment"):
        Paid("X", date(2026, 1, 1), date(2026, 1, 31), D(1), ())
