"""The values and Protocols the credit status and its webhooks work with; the adapters
are adapters/db/repositories/credit.py and webhooks.py, and adapters/webhooks.py (HTTP)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from tijdig.domain.credit import CreditFacts, CreditRules, CreditStatus, ManualHold
from tijdig.services.audit import AuditedUnitOfWork


class EventStatus(StrEnum):
    PENDING = "pending"  # waits for its (next) attempt
    SENDING = "sending"  # claimed by a run, leased until next_attempt_at
    DELIVERED = "delivered"  # a 2xx answer
    CANCELLED = "cancelled"  # its URL was removed before it was delivered


@dataclass(frozen=True, slots=True)
class Webhook:
    id: int
    url: str
    created_by: str
    created_at: datetime
    removed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class WebhookClaim:
    """An event claimed for one attempt: what to send, where, and how to sign it."""

    row_id: int
    event_id: str
    url: str
    secret: str
    body: str
    attempt: int


@dataclass(frozen=True, slots=True)
class Attempt:
    number: int
    at: datetime
    status_code: int | None
    error: str | None


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    """An event for one URL as the log shows it."""

    event_id: str
    kind: str
    url: str
    customer: str | None
    status: EventStatus
    attempts: tuple[Attempt, ...]
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None
    body: str


@dataclass(frozen=True, slots=True)
class Answer:
    """What a URL answered: its status code, or the error when none came."""

    status_code: int | None
    error: str | None = None


class WebhookSender(Protocol):
    """Posts a body to a URL: no redirects followed, a time limit; never raises for what
    the other side does (refused, timed out): that is an `Answer` with its error."""

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Answer: ...


class CreditStore(Protocol):
    def rules(self, company_id: int) -> CreditRules: ...
    def save_rules(self, company_id: int, rules: CreditRules, *, at: datetime) -> None: ...
    def active_hold(self, company_id: int, customer_id: int) -> tuple[int, ManualHold] | None: ...
    def add_hold(
        self, company_id: int, customer_id: int, hold: ManualHold, *, at: datetime
    ) -> int: ...
    def lift_hold(self, hold_id: int, *, by: str, at: datetime) -> None: ...
    def hold_history(
        self, company_id: int, customer_id: int
    ) -> list[tuple[ManualHold, str | None, datetime | None]]: ...
    def announced(self, company_id: int) -> dict[int, CreditStatus]: ...
    def announce(
        self, company_id: int, customer_id: int, status: CreditStatus, *, as_of: date,
        at: datetime,
    ) -> None: ...  # fmt: skip
    def facts(
        self,
        company_id: int,
        *,
        as_of: date,
        numbers: Collection[str] | None = None,
    ) -> dict[int, CreditFacts]: ...


class WebhookStore(Protocol):
    def add(self, company_id: int, url: str, secret: str, *, by: str, at: datetime) -> Webhook: ...
    def active(self, company_id: int) -> list[Webhook]: ...
    def remove(self, company_id: int, webhook_id: int, *, at: datetime) -> Webhook | None: ...
    def enqueue(
        self, company_id: int, webhook_id: int, *, event_id: str, kind: str,
        customer_id: int | None, body: str, at: datetime,
    ) -> int: ...  # fmt: skip
    def due(
        self, *, now: datetime, company_id: int | None = None, limit: int | None = None
    ) -> list[int]: ...
    def claim(
        self, row_id: int, *, now: datetime, lease_until: datetime
    ) -> WebhookClaim | None: ...
    def record(
        self, claim: WebhookClaim, *, at: datetime, status_code: int | None, error: str | None,
        next_attempt_at: datetime | None,
    ) -> bool: ...  # fmt: skip
    def log(self, company_id: int, *, limit: int = 50) -> list[WebhookEvent]: ...


class CreditUnitOfWork(AuditedUnitOfWork, Protocol):
    @property
    def credit(self) -> CreditStore: ...
    @property
    def webhooks(self) -> WebhookStore: ...
