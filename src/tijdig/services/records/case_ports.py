"""What the dispute owners, outcomes and internal notes (S3-2) read and write through,
beside the records' own stores (ports.py): the notes, a dispute's case (its owner,
lines and outcome) and the ledger items an outcome books, the plans, the outbox and
the users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from tijdig.domain.collection.internal import Department, InternalNote, OutcomeKind
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.parties import Company, Customer
from tijdig.domain.users import User
from tijdig.services.outbox import Outbox
from tijdig.services.plans.ports import StoredPlan
from tijdig.services.records.ports import RecordsUnitOfWork


@dataclass(frozen=True, slots=True)
class LineRef:
    """An invoice line as a dispute names it: its number on the invoice, from 1."""

    line_id: int
    seq: int
    name: str
    amount: Decimal | None  # the line's net amount, as the invoice states it


@dataclass(frozen=True, slots=True)
class LedgerItem:
    """An invoice or credit note an outcome reads or books."""

    id: int
    customer_id: int
    customer_number: str
    kind: str  # invoice | credit_note
    number: str
    currency: str
    open_amount: Decimal
    due_date: date


@dataclass(frozen=True, slots=True)
class DisputeCase:
    """One dispute with everything the workspace, the API and the hand-over show."""

    id: int
    invoice: LedgerItem
    reason: ReasonCode
    note: str
    opened_on: date
    resolved_on: date | None
    department: Department | None
    owner: str | None
    deadline: date | None
    task_id: int | None
    lines: tuple[LineRef, ...]
    outcome: OutcomeKind | None
    explanation: str
    credit_note: str | None  # its number
    replacement: str | None  # the corrected invoice's number
    plan_id: int | None

    @property
    def disputed_amount(self) -> Decimal | None:
        """The lines' amounts added up; None when no lines are named (or none states
        its amount)."""
        amounts = [line.amount for line in self.lines if line.amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None


@dataclass(frozen=True, slots=True)
class Closing:
    """How a dispute was closed, and what it links."""

    outcome: OutcomeKind
    on: date
    explanation: str = ""
    credit_note_id: int | None = None
    replacement_id: int | None = None
    plan_id: int | None = None
    outbox_id: int | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """The explanation to the customer of a dispute rejected, in their language."""

    invoice_number: str
    opened_on: date
    written_on: date
    explanation: str  # a person's words, sent as written

    def key(self, company_id: int, dispute_id: int) -> str:
        """Its idempotency key in the outbox: once per dispute."""
        return f"dispute_rejected-{company_id}-{dispute_id}"


@dataclass(frozen=True, slots=True)
class RenderedMessage:
    subject: str
    text: str
    html: str


class DisputeLetters(Protocol):
    def render(
        self, rejection: Rejection, *, company: Company, customer: Customer
    ) -> RenderedMessage:
        """The explanation in `customer`'s language, from `company`."""
        ...


class DisputeCases(Protocol):
    def invoice_lines(self, invoice_id: int) -> list[LineRef]: ...
    def set_owner(
        self, dispute_id: int, department: Department | None, owner: str | None,
        deadline: date | None, task_id: int | None,
    ) -> None: ...  # fmt: skip
    def add_lines(self, dispute_id: int, line_ids: list[int]) -> None: ...
    def open_dispute_id(self, company_id: int, invoice_id: int) -> int | None: ...
    def case(self, company_id: int, dispute_id: int) -> DisputeCase | None: ...
    def cases(self, company_id: int, dispute_ids: list[int]) -> dict[int, DisputeCase]: ...
    def of_invoices(self, company_id: int, invoice_ids: list[int]) -> list[DisputeCase]: ...
    def item(self, company_id: int, kind: str, number: str) -> LedgerItem | None: ...
    def book(
        self, company_id: int, customer_id: int, *, kind: str, number: str, issued: date,
        due: date, amount: Decimal, currency: str,
    ) -> int: ...  # fmt: skip
    def set_off(
        self, company_id: int, invoice_id: int, credit_note_id: int, amount: Decimal, on: date
    ) -> None: ...
    def close(self, company_id: int, dispute_id: int, closing: Closing) -> None: ...


class NotesStore(Protocol):
    def add(
        self, company_id: int, customer_id: int, invoice_id: int | None, note: InternalNote,
        *, by: str,
    ) -> int: ...  # fmt: skip
    def get(self, company_id: int, note_id: int) -> tuple[int, InternalNote] | None: ...
    def close(self, company_id: int, note_id: int, closed_on: date) -> None: ...
    def listed(
        self, company_id: int, *, customer_id: int | None, open_on: date | None
    ) -> list[InternalNote]: ...


class PlanLookup(Protocol):
    def get(self, company_id: int, plan_id: int) -> StoredPlan | None: ...


class UserLookup(Protocol):
    def by_username(self, username: str) -> User | None: ...


class CasesUnitOfWork(RecordsUnitOfWork, Protocol):
    @property
    def dispute_cases(self) -> DisputeCases: ...
    @property
    def notes(self) -> NotesStore: ...
    @property
    def plans(self) -> PlanLookup: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def users(self) -> UserLookup: ...
