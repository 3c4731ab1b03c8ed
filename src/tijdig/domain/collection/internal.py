"""The internal check (S3-2): what other departments know about a customer before we
contact them, and who at our side owns a dispute.

An internal note (an open complaint, a delivery still to come, extra work still to be
invoiced or agreed) is registered by a department against a customer or one invoice.
While it holds, the run holds what it touches: the whole customer for a customer note,
that invoice for an invoice note. It holds from the day it was opened until a person
closes it (the day closed no longer holds) or its end date has passed (the end date
itself still holds).

A dispute's outcome closes it: a credit note, a corrected invoice, a rejection with
an explanation to the customer, or a payment plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal

MAX_NOTE_TEXT = 2000

E = TypeVar("E", bound=StrEnum)


class Department(StrEnum):
    """Who at the creditor owns a dispute or wrote an internal note."""

    SALES = "sales"
    DELIVERY = "delivery"
    FINANCE = "finance"


class NoteKind(StrEnum):
    """What another department reports about a customer or an invoice."""

    COMPLAINT = "complaint"
    PENDING_DELIVERY = "pending_delivery"
    EXTRA_WORK = "extra_work"


class OutcomeKind(StrEnum):
    """How a dispute ended."""

    CREDIT_NOTE = "credit_note"
    CORRECTED_INVOICE = "corrected_invoice"
    REJECTED = "rejected"
    PLAN = "plan"


def _parse(kind: type[E], text: str, field: str) -> E:
    try:
        return kind(text.strip().lower())
    except ValueError:
        allowed = ", ".join(k.value for k in kind)
        raise InvalidValue(field, Refusal.ONE_OF, value=text, allowed=allowed) from None


def parse_department(text: str) -> Department:
    return _parse(Department, text, "department")


def parse_note_kind(text: str) -> NoteKind:
    return _parse(NoteKind, text, "kind")


def parse_outcome(text: str) -> OutcomeKind:
    return _parse(OutcomeKind, text, "outcome")


@dataclass(frozen=True, slots=True)
class InternalNote:
    """One department's note on a customer, or on one invoice of theirs."""

    customer_number: str
    department: Department
    kind: NoteKind
    text: str
    opened_on: date
    invoice_number: str | None = None  # None: the whole customer
    until: date | None = None  # None: until closed
    closed_on: date | None = None
    id: int | None = None

    def holds_on(self, as_of: date) -> bool:
        """Opened by `as_of`, not closed by then, and its end date not passed."""
        if self.opened_on > as_of:
            return False
        if self.closed_on is not None and self.closed_on <= as_of:
            return False
        return self.until is None or self.until >= as_of
