"""Planned collections: the pre-notification period, one collection per mandate and day,
and what the export makes of a planned collection (collect, wait, or cancel with why)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.debit_collections import (
    MAX_REMITTANCE,
    CollectionInvoice,
    Notice,
    PlannedCollection,
    choose_invoices,
    earliest_notified_date,
    notice_deadline,
    plan_problem,
    remittance_text,
)
from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.mandates import Mandate, Scheme

CREDITOR_ID = "NL69ZZZ123456780000"


def mandate(**changes: object) -> Mandate:
    values: dict[str, object] = {
        "reference": "MND-1001",
        "customer_number": "1001",
        "signed_on": date(2025, 6, 2),
        "scheme": Scheme.CORE,
        "iban": "NL69INGB0123456789",
        "id": 7,
    }
    return Mandate(**(values | changes))  # type: ignore[arg-type]


def planned(
    on: date, *amounts: str, notice: Notice | None = None, **changes: object
) -> PlannedCollection:
    lines = tuple(
        CollectionInvoice(i, f"F{i}", date(2026, 1, i), date(2026, 2, i), Decimal(a))
        for i, a in enumerate(amounts or ("121.00",), start=1)
    )
    values: dict[str, object] = {
        "mandate": mandate(),
        "collection_date": on,
        "invoices": lines,
        "creditor_id": CREDITOR_ID,
        "notice_key": f"sepa-pre-notification-1-7-{on:%Y%m%d}-1",
        "planned_on": date(2026, 1, 1),
        "notice": notice,
        "id": 1,
    }
    return PlannedCollection(**(values | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("collection", "days", "deadline"),
    [
        (date(2026, 12, 31), 14, date(2026, 12, 17)),
        (date(2027, 1, 4), 14, date(2026, 12, 21)),  # over the turn of the year
        (date(2028, 3, 14), 14, date(2028, 2, 29)),  # a leap day
        (date(2026, 3, 2), 5, date(2026, 2, 25)),  # a shorter period agreed
    ],
)
def test_the_notice_goes_out_at_the_latest_the_period_before_the_collection(
    collection: date, days: int, deadline: date
) -> None:
    assert notice_deadline(collection, days) == deadline


@pytest.mark.parametrize(
    ("notify_on", "days", "earliest"),
    [
        (date(2026, 12, 6), 14, date(2026, 12, 21)),  # the 20th is a Sunday
        (date(2026, 12, 11), 14, date(2026, 12, 28)),  # 25 (closed), 26 and 27 skipped
        (date(2026, 12, 18), 14, date(2027, 1, 4)),  # 1 January is a TARGET2 closing day
        (date(2028, 2, 15), 14, date(2028, 2, 29)),  # Tuesday 29 February
        (date(2026, 3, 27), 5, date(2026, 4, 1)),
    ],
)
def test_the_earliest_date_a_notice_sent_today_allows(
    notify_on: date, days: int, earliest: date
) -> None:
    assert earliest_notified_date(notify_on, days) == earliest


def test_a_date_within_the_mandates_period_is_refused_with_the_first_possible_one() -> None:
    problem = plan_problem(
        mandate(), collection_date=date(2026, 12, 18), notify_on=date(2026, 12, 6)
    )
    assert problem is not None and problem.code == "within_notice_period"
    assert problem.params == {"mandate": "MND-1001", "customer": "1001", "days": "14",
                              "earliest": "2026-12-21"}  # fmt: skip
    agreed = mandate(pre_notification_days=5)
    assert plan_problem(agreed, collection_date=date(2026, 12, 10), notify_on=date(2026, 12, 6))
    assert (
        plan_problem(agreed, collection_date=date(2026, 12, 11), notify_on=date(2026, 12, 6))
        is None
    )


def test_a_revoked_or_used_mandate_plans_nothing() -> None:
    revoked = mandate(revoked_on=date(2026, 12, 20))
    problem = plan_problem(revoked, collection_date=date(2026, 12, 21), notify_on=date(2026, 12, 6))
    assert problem is not None and problem.code == "mandate_revoked"
    used = mandate(one_off=True, first_collected_on=date(2026, 7, 1), completed_on=date(2026, 7, 1))
    problem = plan_problem(used, collection_date=date(2026, 12, 21), notify_on=date(2026, 12, 6))
    assert problem is not None and problem.code == "mandate_used"
    assert problem.params["since"] == "2026-07-01"


def _invoice(number: str, due: date, amount: str = "100.00", **changes: object) -> Invoice:
    values: dict[str, object] = {"number": number, "customer_number": "1001",
                                 "issue_date": date(2026, 1, 2), "due_date": due,
                                 "total": Decimal(amount), "id": int(number[1:])}  # fmt: skip
    return Invoice(**(values | changes))  # type: ignore[arg-type]


def test_the_invoices_due_by_the_date_are_chosen_and_the_rest_say_why() -> None:
    on = date(2026, 12, 31)
    invoices = [
        _invoice("F1", date(2026, 3, 31)),  # nine months old: due, so collected
        _invoice("F2", on),
        _invoice("F3", date(2027, 1, 1)),  # not due yet: silently waits
        _invoice("F4", date(2026, 6, 30), currency="USD"),
        _invoice("F5", date(2026, 6, 30)),
        _invoice("F6", date(2026, 6, 30)),
        _invoice("F7", date(2026, 6, 30), kind=InvoiceKind.CREDIT_NOTE),
        _invoice("F8", date(2026, 6, 30), open_amount=Decimal(0)),
    ]
    chosen, left_out = choose_invoices(invoices, collection_date=on, busy={5}, disputed={6})
    assert [i.number for i in chosen] == ["F1", "F2"]
    assert left_out == {"F4": "not_in_euro", "F5": "in_another_collection", "F6": "disputed"}


def test_a_collection_holds_one_mandates_invoices_as_one_amount() -> None:
    collection = planned(date(2026, 12, 31), "121.00", "50.00", "30.00")
    assert collection.amount == Decimal("201.00")
    assert collection.invoice_numbers == ("F1", "F2", "F3")
    with pytest.raises(InvalidValue, match="invoices"):
        planned(date(2026, 12, 31), invoices=())


def test_the_remittance_names_the_invoices_within_140_characters() -> None:
    assert remittance_text(["F1"], reference="5000056789012345") == "5000056789012345 F1"
    assert remittance_text(["F1", "F2", "F3"]) == "F1 F2 F3"
    many = [f"2026-{n:06d}" for n in range(1, 30)]
    text = remittance_text(many)
    assert len(text) <= MAX_REMITTANCE
    shown = text.split(" +")[0].split()
    assert shown == many[: len(shown)] and text.endswith(f" +{len(many) - len(shown)}")
    assert len(remittance_text(["X" * 200])) <= MAX_REMITTANCE
