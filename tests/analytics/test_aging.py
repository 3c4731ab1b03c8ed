"""Aging buckets: days = as-of minus due date; per currency."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tijdig.analytics.aging import NOT_DUE, OpenItem, age, bucket_of
from tijdig.analytics.behaviour import Settled, Trend, behaviour

AS_OF = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("days_past_due", "bucket"),
    [
        (-10, NOT_DUE),
        (0, NOT_DUE),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "90+"),
        (400, "90+"),
    ],
)
def test_bucket_edges(days_past_due: int, bucket: str) -> None:
    assert bucket_of(AS_OF - timedelta(days=days_past_due), AS_OF) == bucket


def test_aging_keeps_currencies_apart_and_nets_credits() -> None:
    items = [
        OpenItem(AS_OF - timedelta(days=5), "EUR", Decimal("100.00")),
        OpenItem(AS_OF - timedelta(days=45), "EUR", Decimal("50.00")),
        OpenItem(AS_OF - timedelta(days=45), "EUR", Decimal("-20.00")),
        OpenItem(AS_OF + timedelta(days=5), "USD", Decimal("7.00")),
    ]
    eur, usd = age(items, as_of=AS_OF)
    assert (eur.currency, usd.currency) == ("EUR", "USD")
    assert eur.buckets["1-30"] == Decimal("100.00")
    assert eur.buckets["31-60"] == Decimal("30.00")
    assert eur.total == Decimal("130.00") and eur.overdue == Decimal("130.00")
    assert usd.buckets[NOT_DUE] == Decimal("7.00") and usd.overdue == 0


def _settled(paid: date, late: int) -> Settled:
    return Settled(paid - timedelta(days=late), paid)


def test_behaviour_counts_late_payments_and_sees_the_trend() -> None:
    history = [_settled(date(2025, m, 15), 2) for m in (1, 4, 7, 10)]
    history += [_settled(date(2026, m, 15), 40) for m in (4, 7)]
    result = behaviour(history)
    assert result.paid_invoices == 6 and result.paid_late == 6
    assert result.trend is Trend.WORSENING
    assert result.quarters[-1].quarter == "2026-Q3"


def test_a_customer_who_always_paid_on_time() -> None:
    result = behaviour([_settled(date(2026, 1, 10), 0), _settled(date(2026, 2, 10), -3)])
    assert result.always_on_time and result.share_late == 0
    assert behaviour([]).trend is Trend.NO_HISTORY


def test_amounts_summed_per_due_date_count_as_the_items_they_hold() -> None:
    due = date(2026, 1, 31)
    grouped = [OpenItem(due, "EUR", Decimal("300.00"), count=3),
               OpenItem(due, "EUR", Decimal("-50.00"))]  # fmt: skip
    [aging] = age(grouped, as_of=date(2026, 2, 15))
    assert aging.buckets["1-30"] == Decimal("250.00")
    assert aging.counts["1-30"] == 4


def test_customers_in_hardship_are_on_an_insolvency_line_apart_from_the_buckets() -> None:
    items = [
        OpenItem(AS_OF - timedelta(days=5), "EUR", Decimal("100.00")),
        OpenItem(AS_OF + timedelta(days=5), "EUR", Decimal("40.00")),
        OpenItem(AS_OF - timedelta(days=200), "EUR", Decimal("300.00"), 2, insolvent=True),
        OpenItem(AS_OF + timedelta(days=9), "EUR", Decimal("25.00"), insolvent=True),
    ]
    [eur] = age(items, as_of=AS_OF)
    assert eur.buckets == {NOT_DUE: Decimal("40.00"), "1-30": Decimal("100.00"),
                           "31-60": 0, "61-90": 0, "90+": 0}  # fmt: skip
    assert (eur.insolvency, eur.insolvency_count) == (Decimal("325.00"), 3)
    assert eur.total == Decimal("465.00")  # nothing written off
    assert eur.overdue == Decimal("100.00")  # not collected while the status lasts
