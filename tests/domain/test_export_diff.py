"""Comparing an export of the books with the previous one: new, changed, gone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.export_diff import ExportItem, FieldChange, SyncField, diff_items

A = ExportItem("invoice", "F1", "K1", date(2026, 3, 2), date(2026, 4, 1), "EUR",
               Decimal("100.00"), Decimal("100.00"))  # fmt: skip
B = replace(A, number="F2", open_amount=Decimal(0))  # paid, still listed
C = replace(A, kind="credit_note", number="F1")  # another item: a credit note numbered F1


def _previous(*items: ExportItem) -> dict[tuple[str, str], ExportItem]:
    return {i.key: i for i in items}


def test_the_first_export_is_all_new() -> None:
    diff = diff_items({}, [A, B])
    assert diff.new == (A, B) and not diff.changed and not diff.gone and diff.unchanged == 0


def test_the_same_export_again_is_no_difference() -> None:
    diff = diff_items(_previous(A, B, C), [C, B, A])
    assert diff.is_empty and diff.unchanged == 3


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        (replace(A, customer_number="K2"), [FieldChange(SyncField.CUSTOMER, "K1", "K2")]),
        (replace(A, issue_date=date(2026, 3, 1), due_date=date(2026, 5, 1)),
         [FieldChange(SyncField.ISSUE_DATE, date(2026, 3, 2), date(2026, 3, 1)),
          FieldChange(SyncField.DUE_DATE, date(2026, 4, 1), date(2026, 5, 1))]),
        (replace(A, total=Decimal("120.00"), open_amount=Decimal("20.00")),
         [FieldChange(SyncField.TOTAL, Decimal("100.00"), Decimal("120.00")),
          FieldChange(SyncField.OPEN_AMOUNT, Decimal("100.00"), Decimal("20.00"))]),
    ],
)  # fmt: skip
def test_a_changed_item_names_each_field_old_and_new(
    changed: ExportItem, expected: list[FieldChange]
) -> None:
    diff = diff_items(_previous(A, B), [changed, B])
    [found] = diff.changed
    assert (found.old, found.new, list(found.changes)) == (A, changed, expected)
    assert not diff.new and not diff.gone and diff.unchanged == 1


def test_only_an_item_open_before_is_gone() -> None:
    diff = diff_items(_previous(A, B, C), [])
    assert diff.gone == (C, A)  # sorted by kind and number; B was paid: no news
    assert not diff.new and not diff.changed


def test_the_fingerprint_covers_the_values_that_matter_only() -> None:
    assert A.fingerprint == replace(A).fingerprint
    assert A.fingerprint != replace(A, open_amount=Decimal("99.99")).fingerprint
    assert A.fingerprint != replace(A, currency="USD").fingerprint
    assert A.fingerprint == replace(A, number="other").fingerprint  # the key is apart
