"""Planned SEPA collections (S1-2): one per mandate and collection date, announced to
the debtor before it may go into a pain.008 file.

    PlannedCollection   a mandate's open invoices due by a date, as one amount, with
                        the pre-notification that announced it (its `Notice`)
    notice_deadline     the last day the pre-notification may go out
    earliest_notified_date  the first collection date a notice sent on a day allows
    plan_problem        why a mandate cannot be announced for a date, if it cannot
    choose_invoices     the invoices a collection takes, and why the others stay out
    remittance_text     the invoice numbers within the 140 characters of <Ustrd>
    PreNotification     what the notice tells the debtor

The scheme: EPC SDD Core rulebook (EPC016-06) and SDD B2B rulebook (EPC222-07),
process step PT-04.02 "Creditor to Debtor Pre-notification" (section 4.6.4 of the
editions we read): before sending the collection to its bank, the creditor notifies
the debtor of the amount and the due date, at the latest 14 calendar days before the
due date unless debtor and creditor agreed another period (kept on the mandate). The
notice may be part of an invoice, but only when the invoice itself states that amount
and that date; Tijdig does not know what an invoice said, so it never counts one as
the notice and sends its own through the outbox. A collection goes into a file only
when its notice was sent in time and every invoice in it is still open for exactly
the amount announced, undisputed.

Reasons are codes with parameters (the mandate, the customer, the invoice, dates and
amounts as text); the edge words them. Every function is pure: no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import Invoice
from tijdig.domain.mandates import (
    Mandate,
    Scheme,
    SequenceType,
    add_target2_days,
    check_amount,
    is_target2_day,
)
from tijdig.domain.refusals import Refusal

MAX_REMITTANCE = 140  # characters of unstructured remittance information (<Ustrd>)
CURRENCY = "EUR"


class CollectionStatus(StrEnum):
    PLANNED = "planned"  # announced; waits for its notice to go out and for its file
    PRESENTED = "presented"  # in a pain.008 file for the bank
    CANCELLED = "cancelled"  # will not be made; the reason is kept


class NoticeState(StrEnum):
    QUEUED = "queued"  # in the outbox, not yet accepted by the mail server
    UNCONFIRMED = "unconfirmed"  # handed over, but no answer came: a person settles it
    SENT = "sent"
    FAILED = "failed"  # refused for good


@dataclass(frozen=True, slots=True)
class Notice:
    """Where the pre-notification is: its state, and the business day it went out."""

    state: NoticeState
    sent_on: date | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        if (self.state is NoticeState.SENT) != (self.sent_on is not None):
            raise InvalidValue("sent_on", Refusal.NOTICE_SENT_DAY)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a collection waits or is not made: a code and what it names."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CollectionInvoice:
    """An invoice in a collection, with the open amount the notice announced."""

    invoice_id: int
    number: str
    issue_date: date
    due_date: date
    amount: Decimal
    payment_reference: str | None = None


@dataclass(frozen=True, slots=True)
class PlannedCollection:
    """One collection under one mandate on one date: what its notice announced."""

    mandate: Mandate
    collection_date: date
    invoices: tuple[CollectionInvoice, ...]
    creditor_id: str  # the creditor identifier the notice gave
    notice_key: str  # the notice's idempotency key in the outbox
    planned_on: date
    status: CollectionStatus = CollectionStatus.PLANNED
    notice: Notice | None = None  # None: not in the outbox (yet)
    reason: Reason | None = None  # why it was cancelled
    sequence: SequenceType | None = None  # once presented: as FRST, RCUR, FNAL or OOFF
    end_to_end_id: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.invoices:
            raise InvalidValue("invoices", Refusal.COLLECTION_NO_INVOICE)
        if len({i.invoice_id for i in self.invoices}) != len(self.invoices):
            raise InvalidValue("invoices", Refusal.COLLECTION_INVOICE_TWICE)
        check_amount(self.amount)

    @property
    def amount(self) -> Decimal:
        return sum((i.amount for i in self.invoices), Decimal(0))

    @property
    def invoice_numbers(self) -> tuple[str, ...]:
        return tuple(i.number for i in self.invoices)

    @property
    def deadline(self) -> date:
        return notice_deadline(self.collection_date, self.mandate.pre_notification_days)


def notice_deadline(collection_date: date, days: int) -> date:
    """The last day the notice may go out: `days` calendar days before the collection."""
    return collection_date - timedelta(days=days)


def earliest_notified_date(notify_on: date, days: int) -> date:
    """The first TARGET2 day at least `days` calendar days after a notice sent on
    `notify_on` (it is also past the bank's D-1, as `days` is at least one)."""
    start = notify_on + timedelta(days=days)
    return start if is_target2_day(start) else add_target2_days(start, 1)


def names(mandate: Mandate, **more: str) -> dict[str, str]:
    """What every reason names: the mandate and its customer."""
    return {"mandate": mandate.reference, "customer": mandate.customer_number, **more}


def plan_problem(mandate: Mandate, *, collection_date: date, notify_on: date) -> Reason | None:
    """Why the mandate's collection on `collection_date` cannot be announced on
    `notify_on` (used up, revoked, or within the mandate's notice period), else None."""
    problem = mandate_problem(mandate, submitted_on=notify_on, collection_date=collection_date)
    if problem is not None:
        return problem
    days = mandate.pre_notification_days
    earliest = earliest_notified_date(notify_on, days)
    if collection_date < earliest:
        return Reason(
            "within_notice_period",
            names(mandate, days=str(days), earliest=earliest.isoformat()),
        )
    return None


def mandate_problem(
    mandate: Mandate, *, submitted_on: date, collection_date: date
) -> Reason | None:
    if mandate.can_collect(submitted_on=submitted_on, collection_date=collection_date):
        return None
    if mandate.completed_on is not None:
        return Reason("mandate_used", names(mandate, since=mandate.completed_on.isoformat()))
    if mandate.signed_on > submitted_on:
        return Reason("mandate_not_signed", names(mandate, signed_on=mandate.signed_on.isoformat()))
    revoked = mandate.revoked_on.isoformat() if mandate.revoked_on else ""
    return Reason("mandate_revoked", names(mandate, revoked_on=revoked))


def choose_invoices(
    invoices: Iterable[Invoice],
    *,
    collection_date: date,
    busy: Collection[int],
    disputed: Collection[int],
) -> tuple[tuple[Invoice, ...], dict[str, str]]:
    """The open EUR invoices due by the date that no other collection holds and no
    dispute holds back; and, by invoice number, why the other due ones stay out."""
    chosen: list[Invoice] = []
    left_out: dict[str, str] = {}
    for invoice in invoices:
        if not _is_due(invoice, collection_date):
            continue
        assert invoice.id is not None
        why = _left_out(invoice, invoice.id, busy, disputed)
        if why is None:
            chosen.append(invoice)
        else:
            left_out[invoice.number] = why
    return tuple(chosen), left_out


def _is_due(invoice: Invoice, on: date) -> bool:
    return (
        invoice.id is not None
        and not invoice.is_credit
        and invoice.outstanding > 0
        and invoice.due_date <= on
    )


def _left_out(
    invoice: Invoice, invoice_id: int, busy: Collection[int], disputed: Collection[int]
) -> str | None:
    if invoice.currency != CURRENCY:
        return "not_in_euro"
    if invoice_id in busy:
        return "in_another_collection"
    if invoice_id in disputed:
        return "disputed"
    return None


def remittance_text(numbers: Sequence[str], *, reference: str | None = None) -> str:
    """One invoice: its payment reference and number. More: the numbers, as many as fit
    in 140 characters, then "+N" for the rest (the notice lists them all)."""
    if len(numbers) == 1 and reference:
        return f"{reference} {numbers[0]}"[:MAX_REMITTANCE]
    text = " ".join(numbers)
    if len(text) <= MAX_REMITTANCE:
        return text
    shown: list[str] = []
    for count, number in enumerate(numbers):
        rest = f" +{len(numbers) - count - 1}" if count < len(numbers) - 1 else ""
        if len(" ".join([*shown, number]) + rest) > MAX_REMITTANCE:
            break
        shown.append(number)
    if not shown:
        return text[:MAX_REMITTANCE]
    return f"{' '.join(shown)} +{len(numbers) - len(shown)}"


@dataclass(frozen=True, slots=True)
class PreNotification:
    """What the debtor is told: who collects (name and creditor identifier), under which
    mandate, from which account, how much, on which day, and for which invoices."""

    creditor_name: str
    creditor_id: str
    mandate_reference: str
    scheme: Scheme
    debtor_iban: str
    collection_date: date
    invoices: tuple[CollectionInvoice, ...]

    @property
    def amount(self) -> Decimal:
        return sum((i.amount for i in self.invoices), Decimal(0))
