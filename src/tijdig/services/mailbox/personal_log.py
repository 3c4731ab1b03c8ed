"""The timeline entry of a personal e-mail (issue 19; the use case is personal.py): apart,
so that every send's on-sent hook (collection/messages.py `record_sent`) can write it."""

from __future__ import annotations

from typing import Protocol

from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.reasons import Code, reason
from tijdig.services.outbox import OutboxEntry
from tijdig.services.records.ports import ContactLog


class LoggingUnitOfWork(Protocol):
    @property
    def contact_log(self) -> ContactLog: ...


def log_personal(uow: LoggingUnitOfWork, entry: OutboxEntry) -> None:
    """The customer's timeline: a personal e-mail by its writer, written in the
    transaction that marks it sent (by `send_personal` or by any later send)."""
    if entry.customer_id is None or entry.sent_at is None or entry.written_by is None:
        return
    event = ContactEvent(
        customer_number="", kind=ContactKind.PERSONAL_EMAIL, occurred_at=entry.sent_at,
        summary=reason(Code.PERSONAL_MAIL_SENT, recipient=entry.recipient,
                       subject=entry.subject[:200]),
        by=entry.written_by, with_whom=entry.recipient,
    )  # fmt: skip
    uow.contact_log.add(entry.company_id, entry.customer_id, event)
