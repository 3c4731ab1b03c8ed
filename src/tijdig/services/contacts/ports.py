"""What the contact-quality use cases read and write through."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from tijdig.domain.contact_quality import AddressState
from tijdig.domain.parties import Customer
from tijdig.services.collection.payload import MessagePayload


@dataclass(frozen=True, slots=True)
class SentMessage:
    """An outbox entry, as a bounce finds the message it answers."""

    outbox_id: int
    key: str
    customer_number: str | None
    run_item_id: int | None
    channel: str
    recipient: str
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class QualityCandidate:
    """A customer as the quality report first sees it: `sure` when it needs attention
    whatever the syntax of its addresses (not confirmed, no e-mail or no phone); the
    amount overdue on the day in minor units."""

    customer_id: int
    number: str
    overdue_minor: int
    sure: bool


class ContactQuality(Protocol):
    def record_bounce(
        self, company_id: int, customer_id: int, address: str, *, hard: bool, at: datetime,
        diagnostic: str,
    ) -> AddressState: ...  # fmt: skip
    def states(self, company_id: int, customer_id: int) -> list[AddressState]: ...
    def confirm_months(self, company_id: int) -> int: ...
    def set_confirm_months(self, company_id: int, months: int) -> None: ...
    def confirm(self, company_id: int, customer_id: int, on: date) -> None: ...
    def replace_email(
        self, company_id: int, customer_id: int, old: str | None, new: str
    ) -> None: ...
    def set_phone(self, company_id: int, customer_id: int, phone: str) -> None: ...
    def quality_head(
        self, company_id: int, *, as_of: date, confirm_cutoff: date, limit: int
    ) -> tuple[int, list[QualityCandidate]]: ...
    def quality_others(
        self, company_id: int, *, as_of: date, confirm_cutoff: date
    ) -> list[QualityCandidate]: ...
    def customers_for_quality(
        self, company_id: int, ids: Sequence[int]
    ) -> Mapping[int, Customer]: ...
    def customers_with_email(self, company_id: int, address: str) -> Sequence[str]: ...


class BouncedNotices(Protocol):
    def sent_message(self, company_id: int, key: str) -> SentMessage | None: ...
    def forget_steps(self, company_id: int, run_item_id: int) -> int: ...
    def add_resend(
        self, run_item_id: int, payload: MessagePayload, *, channel: str, at: datetime
    ) -> int: ...
