"""Keeping in step with the books: what changed between two exports of one source.

A bookkeeper exports the open items (or all invoices) from the accounting package again
and again. Each export synced is kept as a snapshot: per item (kind and number) the
values that matter to collection — customer, dates, total, open amount — and a
fingerprint of them. `diff_items` compares a new export with the previous snapshot:

- new: an item the previous export did not list;
- changed: an item listed in both with other values (which fields, old and new);
- gone: an item the previous export listed as open (open amount above zero) that the
  new one no longer lists. The books stopped listing it, so it was paid (or settled)
  outside Tijdig. A paid item that drops off a list is no news.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tijdig.domain.invoices import Invoice

Key = tuple[str, str]  # (kind, number): an item's identity within a company


class SyncField(StrEnum):
    """The values of an item a sync compares, in the order they are shown."""

    CUSTOMER = "customer"
    ISSUE_DATE = "issue_date"
    DUE_DATE = "due_date"
    TOTAL = "total"
    OPEN_AMOUNT = "open_amount"


Value = str | date | Decimal


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One item of an export, as the snapshot keeps it."""

    kind: str
    number: str
    customer_number: str
    issue_date: date
    due_date: date
    currency: str
    total: Decimal
    open_amount: Decimal

    @property
    def key(self) -> Key:
        return (self.kind, self.number)

    @property
    def is_open(self) -> bool:
        return self.open_amount > 0

    def value(self, name: SyncField) -> Value:
        values: dict[SyncField, Value] = {
            SyncField.CUSTOMER: self.customer_number,
            SyncField.ISSUE_DATE: self.issue_date,
            SyncField.DUE_DATE: self.due_date,
            SyncField.TOTAL: self.total,
            SyncField.OPEN_AMOUNT: self.open_amount,
        }
        return values[name]

    @property
    def fingerprint(self) -> str:
        """A digest of the values that matter: equal fingerprints, nothing to sync."""
        parts = (self.customer_number, self.issue_date.isoformat(), self.due_date.isoformat(),
                 self.currency, f"{self.total:f}", f"{self.open_amount:f}")  # fmt: skip
        return hashlib.sha256("|".join(parts).encode()).hexdigest()


def item_of(invoice: Invoice) -> ExportItem:
    """The snapshot's view of an invoice read from an export."""
    return ExportItem(
        invoice.kind.value, invoice.number, invoice.customer_number, invoice.issue_date,
        invoice.due_date, invoice.currency, invoice.total, invoice.outstanding,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: SyncField
    old: Value
    new: Value


@dataclass(frozen=True, slots=True)
class ChangedItem:
    old: ExportItem
    new: ExportItem
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class ExportDiff:
    """What a new export says that the previous one did not."""

    new: tuple[ExportItem, ...] = ()
    changed: tuple[ChangedItem, ...] = ()
    gone: tuple[ExportItem, ...] = ()
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.changed or self.gone)


def changes_between(old: ExportItem, new: ExportItem) -> tuple[FieldChange, ...]:
    """The fields whose values differ (an amount in another currency differs too)."""
    found = [
        FieldChange(name, old.value(name), new.value(name))
        for name in SyncField
        if old.value(name) != new.value(name)
    ]
    if old.currency != new.currency and not any(
        c.field in (SyncField.TOTAL, SyncField.OPEN_AMOUNT) for c in found
    ):
        found.append(FieldChange(SyncField.TOTAL, old.total, new.total))
    return tuple(found)


def diff_items(previous: Mapping[Key, ExportItem], current: Iterable[ExportItem]) -> ExportDiff:
    """Compare an export with the previous one's snapshot (empty for the first)."""
    new: list[ExportItem] = []
    changed: list[ChangedItem] = []
    listed: set[Key] = set()
    unchanged = 0
    for item in current:
        listed.add(item.key)
        before = previous.get(item.key)
        if before is None:
            new.append(item)
        elif before.fingerprint != item.fingerprint:
            changed.append(ChangedItem(before, item, changes_between(before, item)))
        else:
            unchanged += 1
    gone = [item for key, item in previous.items() if key not in listed and item.is_open]
    return ExportDiff(tuple(new), tuple(changed), tuple(sorted(gone, key=lambda i: i.key)),
                      unchanged)  # fmt: skip
