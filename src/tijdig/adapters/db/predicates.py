"""The one SQL wording of what "open", "overdue", "a promise in force", "a dispute open"
and "what the customer owes" mean. Every reader builds on these, so the dashboard, the
customer list, the API, the CLI reports, the run and the privacy check agree.

The WHERE shapes are the ones the partial indexes were made for (migrations 0001 and
0003: `ix_invoices_open_due`, `ix_invoices_open_customer`, both `WHERE open_minor <> 0`):
`is_open()` is written exactly as `open_minor != 0` so the planner can use them; keep it so.

Amounts are signed in minor units: a credit note's open amount counts against the
customer. The overdue amount sets the open credit notes against the overdue invoices
first (as the customer would), so it never exceeds what is open; a customer whose credit
notes exceed the overdue invoices owes nothing overdue (`owed()` clamps at zero).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, case, func, select

from tijdig.adapters.db.schema.collection import DisputeRow, HardshipStatusRow, PromiseRow
from tijdig.adapters.db.schema.ledger import InvoiceRow

CREDIT_NOTE = "credit_note"
INVOICE = "invoice"


# --- invoices ---------------------------------------------------------------------------


def is_open() -> ColumnElement[bool]:
    """Something is left to pay (or, on a credit note, to set off)."""
    return InvoiceRow.open_minor != 0


def is_overdue(as_of: date) -> ColumnElement[bool]:
    """An invoice (never a credit note) past its due date on `as_of`; with `is_open()`."""
    return (InvoiceRow.kind == INVOICE) & (InvoiceRow.due_date < as_of)


def is_credit_note() -> ColumnElement[bool]:
    return InvoiceRow.kind == CREDIT_NOTE


def signed_open() -> ColumnElement[Any]:
    """The open amount as the customer owes it: negative on a credit note."""
    return case((is_credit_note(), -InvoiceRow.open_minor), else_=InvoiceRow.open_minor)


# --- aggregates over a customer's open items (group by customer, and currency) ----------


def open_balance() -> ColumnElement[Any]:
    """What the customer owes: open invoices less open credit notes."""
    return func.sum(signed_open())


def overdue_balance(as_of: date) -> ColumnElement[Any]:
    """Overdue invoices less open credit notes (may be negative: clamp with `owed`)."""
    # One aggregate (an overdue item is an invoice, so the two cases never overlap): the
    # customer list sums this over every open item of a company.
    return func.sum(
        case(
            (is_overdue(as_of), InvoiceRow.open_minor),
            (is_credit_note(), -InvoiceRow.open_minor),
            else_=0,
        )
    )


def overdue_count(as_of: date) -> ColumnElement[Any]:
    return func.sum(case((is_overdue(as_of), 1), else_=0))


def oldest_overdue(as_of: date) -> ColumnElement[Any]:
    return func.min(case((is_overdue(as_of), InvoiceRow.due_date), else_=None))


def owed(amount: ColumnElement[Any]) -> ColumnElement[Any]:
    """`amount`, or 0 where the credit notes exceed it: what the customer still owes."""
    return case((amount > 0, amount), else_=0)


# --- collection records -----------------------------------------------------------------


def promise_unjudged() -> ColumnElement[bool]:
    """A promise nobody has judged kept or broken (yet)."""
    return PromiseRow.kept.is_(None)


def promise_in_force(as_of: date) -> ColumnElement[bool]:
    """A promise not yet judged whose date has not passed on `as_of`."""
    return promise_unjudged() & (PromiseRow.promised_date >= as_of)


def dispute_unresolved() -> ColumnElement[bool]:
    """A dispute nobody has resolved (yet): today's state of the record."""
    return DisputeRow.resolved_on.is_(None)


def dispute_open_on(as_of: date) -> ColumnElement[bool]:
    """A dispute opened on or before `as_of` and not resolved by then (a run on a past
    day sees the disputes as they were that day)."""
    return (DisputeRow.opened_on <= as_of) & (
        DisputeRow.resolved_on.is_(None) | (DisputeRow.resolved_on > as_of)
    )


def hardship_active_on(as_of: date) -> ColumnElement[bool]:
    """domain.hardship.HardshipStatus.is_active: begun by `as_of`, not ended by then."""
    h = HardshipStatusRow
    return (h.since <= as_of) & (h.ended_on.is_(None) | (h.ended_on > as_of))


def in_hardship(company_id: int, day: date) -> ScalarSelect[int]:
    """The company's customers whose hardship status is active on `day`: their line is
    apart in the aging and the DSO, and they are left out of the dashboard's overdue
    customers (the ones to act on)."""
    return (
        select(HardshipStatusRow.customer_id)
        .where(HardshipStatusRow.company_id == company_id, hardship_active_on(day))
        .scalar_subquery()
    )
