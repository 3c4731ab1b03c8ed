"""What happened and what was agreed: the records the engine reads and the services write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from tijdig.domain.collection.internal import Department
from tijdig.domain.collection.ladder import AgreementKind, Rung
from tijdig.domain.reasons import Reason, Written


class ReasonCode(StrEnum):
    """Why a customer pays late (S0-3): quick fixes first, then negotiation."""

    INVOICE_INCORRECT = "invoice_incorrect"
    PAYMENT_METHOD = "payment_method"  # the payment method is not usable
    INFORMATION_MISSING = "information_missing"  # PO number, copy, contact person ...
    DISSATISFIED = "dissatisfied"  # with goods or service
    WANTS_OTHER_DATE = "wants_other_date"  # another date or way to pay
    CASH_FLOW = "cash_flow"
    OTHER = "other"

    @property
    def is_quick_fix(self) -> bool:
        return self in {
            ReasonCode.INVOICE_INCORRECT,
            ReasonCode.PAYMENT_METHOD,
            ReasonCode.INFORMATION_MISSING,
        }


@dataclass(frozen=True, slots=True)
class Dispute:
    """An open complaint holds its invoice, and only that invoice (S3-2), as a whole:
    where it concerns some of the invoice's lines, `lines` names them (their numbers on
    the invoice, from 1), to show which part is disputed. Owned by a department and,
    optionally, a person (a user's name), who decides by the `deadline`."""

    invoice_number: str
    reason: ReasonCode
    opened_on: date
    note: str = ""
    resolved_on: date | None = None
    department: Department | None = None
    owner: str | None = None
    deadline: date | None = None
    lines: tuple[int, ...] = ()

    def is_open(self, as_of: date) -> bool:
        return self.opened_on <= as_of and (self.resolved_on is None or self.resolved_on > as_of)


@dataclass(frozen=True, slots=True)
class Promise:
    """A promise to pay by a date (S0-5); while in force it holds the reminders. A new
    term (`kind` NEW_TERM: a new due date for the overdue invoices, agreed in writing)
    is kept and broken alike. `fallback`: its rung once broken (S0-6), as recorded; None
    while the ladder decides it."""

    customer_number: str
    promised_date: date
    made_on: date
    amount: Decimal | None = None  # None: everything overdue
    currency: str = "EUR"
    kept: bool | None = None  # None: not yet known
    kind: AgreementKind = AgreementKind.PROMISE
    fallback: Rung | None = None

    def is_in_force(self, as_of: date) -> bool:
        return self.kept is None and self.made_on <= as_of <= self.promised_date


# The channel of a step carried out by a person, not sent: an approved hand-over.
TASK_CHANNEL = "task"


@dataclass(frozen=True, slots=True)
class StepTaken:
    """A policy step carried out for one invoice: what the engine escalates from.

    `deadline` is the day the message asked payment by ("uiterlijk op"): the next step
    waits until the day after it. None for records from before it was stored; the
    engine then works it out from the policy as the message did."""

    invoice_number: str
    step_key: str
    taken_on: date
    channel: str
    deadline: date | None = None


class ContactKind(StrEnum):
    EMAIL_SENT = "email_sent"  # an automated message
    LETTER_SENT = "letter_sent"
    SMS_SENT = "sms_sent"
    CALL = "call"
    PERSONAL_EMAIL = "personal_email"
    VISIT = "visit"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class ContactEvent:
    """One entry in a customer's contact log (S0-2, S4-3..S4-5)."""

    customer_number: str
    kind: ContactKind
    occurred_at: datetime
    summary: Written  # a Reason when the system logged it, a str when a person did
    by: str = ""  # who at the creditor
    with_whom: str = ""  # who at the customer
    outcome: str = ""
    reason: ReasonCode | None = None
    next_step: str = ""


class TaskKind(StrEnum):
    CALL = "call"
    FOLLOW_UP = "follow_up"  # a deadline passed or an agreement was broken
    HAND_OVER = "hand_over"


@dataclass(frozen=True, slots=True)
class Task:
    """An agenda item with a deadline (S0-5)."""

    customer_number: str
    kind: TaskKind
    due_on: date
    title: Written  # a Reason when the system planned it, a str when a person did
    script: str = ""
    contact_role: str | None = None
    assignee: str | None = None
    done_on: date | None = None
    outcome: str = ""
    reasons: tuple[Reason, ...] = ()  # why the engine planned it
