"""The rows of the fake database (tests/fakes.py): what one committed state holds, by
table, the id sequences, and the stored forms of the values the repositories keep."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from tijdig.domain.collection.pauses import DunningPause
from tijdig.domain.collection.records import (
    ContactEvent,
    Dispute,
    Promise,
    Task,
)
from tijdig.domain.hardship import HardshipKind, HardshipStatus
from tijdig.domain.invoices import Invoice, InvoiceLine
from tijdig.domain.legal.be_clause import DamagesClause
from tijdig.domain.money import Money
from tijdig.domain.parties import Company, Customer
from tijdig.domain.portal import PortalSettings
from tijdig.domain.users import AuditEntry, User
from tijdig.services.receivables.history_ports import HistoryBooking
from tijdig.services.records.ports import ApprovedCall


def _cents(amount: Decimal, currency: str) -> Decimal:
    """An amount as the database gives it back: in the currency's minor units."""
    return Money.from_minor(Money(currency, amount).to_minor(), currency).amount


def _normalized_id(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


@dataclass
class _StoredInvoice:
    company_id: int
    customer_id: int
    invoice: Invoice  # as search() returns it, but for the customer's number
    fingerprint: str | None
    source: str


@dataclass
class _StoredUser:
    user: User
    password_hash: str
    last_sign_in: datetime | None = None


@dataclass
class _Token:
    user_id: int
    name: str
    token_hash: str
    prefix: str
    created: datetime
    revoked: datetime | None = None


@dataclass
class _StoredDispute:
    company_id: int
    invoice_id: int
    dispute: Dispute  # as stored, but for the invoice's number (read from the invoice)


@dataclass
class _StoredPromise:
    company_id: int
    customer_id: int
    promise: Promise  # as stored, but for the customer's number


@dataclass
class _StoredTask:
    company_id: int
    customer_id: int
    task: Task  # as stored, but for the customer's number
    promise_id: int | None  # the broken promise it follows up


@dataclass(frozen=True)
class _Payment:
    customer_id: int
    paid_on: date
    amount: Decimal
    currency: str
    plan_id: int | None = None  # the payment plan it was booked to


@dataclass
class _Tables:
    """What one committed state of the fake database holds, by table."""

    companies: dict[int, Company] = field(default_factory=dict)
    customers: dict[int, tuple[int, Customer]] = field(default_factory=dict)  # id: company
    invoices: dict[int, _StoredInvoice] = field(default_factory=dict)
    invoice_lines: dict[int, tuple[InvoiceLine, ...]] = field(default_factory=dict)
    copies: dict[int, bytes] = field(default_factory=dict)  # invoice id: its PDF copy
    imported_files: set[tuple[int, str, str]] = field(default_factory=set)
    audit: list[AuditEntry] = field(default_factory=list)
    users: dict[int, _StoredUser] = field(default_factory=dict)
    web_sessions: dict[str, tuple[int, str, datetime]] = field(default_factory=dict)
    api_tokens: dict[int, _Token] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    clauses: dict[tuple[int, int | None], DamagesClause] = field(default_factory=dict)
    portal: dict[int, PortalSettings] = field(default_factory=dict)
    disputes: dict[int, _StoredDispute] = field(default_factory=dict)
    promises: dict[int, _StoredPromise] = field(default_factory=dict)
    # id: (company, customer, status as stored but for the customer's number)
    hardship: dict[int, tuple[int, int, HardshipStatus]] = field(default_factory=dict)
    hardship_texts: dict[tuple[int, HardshipKind], str] = field(default_factory=dict)
    pauses: dict[int, tuple[int, int, DunningPause]] = field(default_factory=dict)
    contact_log: dict[int, tuple[int, int, ContactEvent]] = field(default_factory=dict)
    tasks: dict[int, _StoredTask] = field(default_factory=dict)
    # (company, call): the calls approved in runs and not yet sent (the fake has no runs)
    approved_calls: list[tuple[int, ApprovedCall]] = field(default_factory=list)
    payments: list[_Payment] = field(default_factory=list)
    history: list[tuple[int, HistoryBooking]] = field(default_factory=list)  # (company, it)
    anonymised: dict[int, datetime] = field(default_factory=dict)  # customer id: when
    retention: dict[int, int] = field(default_factory=dict)  # company id: years

    def customer_number(self, customer_id: int) -> str:
        return self.customers[customer_id][1].number

    def customer(self, customer_id: int) -> Customer:
        return self.customers[customer_id][1]


_Row = TypeVar("_Row")


class _Sequences:
    """One id sequence per table; like PostgreSQL's, a rollback does not give ids back."""

    def __init__(self) -> None:
        self._last: dict[str, int] = {}

    def next(self, table: str) -> int:
        self._last[table] = self._last.get(table, 0) + 1
        return self._last[table]

    def issued(self) -> dict[str, int]:
        """The last id each table gave out."""
        return dict(self._last)


def _page(rows: list[_Row], offset: int, limit: int | None) -> list[_Row]:
    return rows[offset:] if limit is None else rows[offset : offset + limit]
