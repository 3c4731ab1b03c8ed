"""In-memory stand-ins for the direct-debit repositories and the outbox, for the
direct-debit service tests (tests/services/direct_debit).

`FakeDirectDebitDatabase().uow()` gives the fake unit of work of tests/fakes.py with the
mandates, the exported batches (`direct_debits`), the planned collections and the
outbox added, kept in the same committed tables, so one commit keeps all or nothing.
They read as adapters/db/repositories/mandates.py, debit_collections.py and outbox.py
do: amounts in cents, moments in UTC, lists in the SQL's order, a mandate whose account
was erased left out, a collection's notice read from its outbox row (its sending day
the business day in the zone asked for), and every outbox change a compare-and-set on
(status, attempts), so `send_pending` runs on them as on the database.
tests/adapters/db/test_contract_direct_debit.py holds them to SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from email.headerregistry import Address
from typing import Self

from tests.fakes import FakeDatabase, FakeLedger, FakeUnitOfWork, _cents, _Sequences, _Tables
from tijdig.domain.debit_collections import (
    CollectionInvoice,
    CollectionStatus,
    Notice,
    NoticeState,
    PlannedCollection,
    Reason,
)
from tijdig.domain.mandates import DebitBatch, Mandate, Scheme, SequenceType
from tijdig.services.direct_debit.direct_debit import DebitRef
from tijdig.services.outbox import (
    Attachment,
    Claim,
    DeliveryChannel,
    OutboxEntry,
    OutboxStatus,
    OutgoingMessage,
)

ERASED = ""  # the account of an erased debtor's mandate (adapters' ERASED)
LIVE = (CollectionStatus.PLANNED, CollectionStatus.PRESENTED)
_IN_FLIGHT = (OutboxStatus.SENDING, OutboxStatus.UNCONFIRMED)
_NOTICE_STATES = {
    OutboxStatus.PENDING: NoticeState.QUEUED,
    OutboxStatus.SENDING: NoticeState.QUEUED,
    OutboxStatus.UNCONFIRMED: NoticeState.UNCONFIRMED,
    OutboxStatus.SENT: NoticeState.SENT,
    OutboxStatus.FAILED: NoticeState.FAILED,
}


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass
class _StoredMandate:
    company_id: int
    customer_id: int
    mandate: Mandate  # as stored, but for the customer's number (read from the customer)


@dataclass
class _StoredCollection:
    company_id: int
    customer_id: int
    collection: PlannedCollection  # its own columns; mandate, lines and notice are read
    lines: tuple[tuple[int, Decimal], ...]  # invoice id, amount announced
    outbox_id: int | None = None
    batch_id: int | None = None


@dataclass(frozen=True)
class _Item:
    id: int
    collection_id: int
    mandate_id: int
    amount: Decimal
    end_to_end_id: str
    sequence: SequenceType


@dataclass(frozen=True)
class BatchInfo:
    """An exported batch without its file, as SqlDirectDebits.batches gives it."""

    id: int
    message_id: str
    created_at: datetime
    collection_date: date
    count: int
    total: Decimal


@dataclass
class _Batch:
    company_id: int
    info: BatchInfo
    content: bytes
    items: tuple[_Item, ...]


@dataclass
class _Outgoing:
    """An outbox row: its entry, and the bodies a claim hands the sender."""

    entry: OutboxEntry
    text: str
    html: str | None
    attachments: tuple[Attachment, ...]
    valid_on: date | None


@dataclass
class DirectDebitTables(_Tables):
    mandates: dict[int, _StoredMandate] = field(default_factory=dict)
    collections: dict[int, _StoredCollection] = field(default_factory=dict)
    batches: dict[int, _Batch] = field(default_factory=dict)
    outbox: dict[int, _Outgoing] = field(default_factory=dict)

    def mandate(self, mandate_id: int) -> Mandate:
        stored = self.mandates[mandate_id]
        return replace(stored.mandate, customer_number=self.customer_number(stored.customer_id))


# ---------------------------------------------------------------------- the mandates


class FakeMandates:
    def __init__(self, tables: DirectDebitTables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def _of(self, company_id: int) -> list[Mandate]:
        """The company's mandates with an account, by customer, signature and id."""
        found = [
            self._tables.mandate(mandate_id)
            for mandate_id, m in self._tables.mandates.items()
            if m.company_id == company_id and m.mandate.iban != ERASED
        ]
        return sorted(found, key=lambda m: (m.customer_number, m.signed_on, m.id or 0))

    def add(self, company_id: int, customer_id: int, mandate: Mandate) -> Mandate:
        stored = replace(mandate, id=self._ids.next("mandates"))
        self._tables.mandates[stored.id or 0] = _StoredMandate(company_id, customer_id, stored)
        return stored

    def get(self, company_id: int, reference: str) -> Mandate | None:
        return next((m for m in self._of(company_id) if m.reference == reference), None)

    def active_for(self, company_id: int, customer_number: str, on: date) -> list[Mandate]:
        return [
            m
            for m in self._of(company_id)
            if m.customer_number == customer_number and m.is_active(on)
        ]

    def for_company(self, company_id: int) -> list[Mandate]:
        return self._of(company_id)

    def _change(self, company_id: int, mandate_id: int | None, **values: object) -> None:
        stored = self._tables.mandates.get(mandate_id or 0)
        if stored is not None and stored.company_id == company_id:
            stored.mandate = replace(stored.mandate, **values)  # type: ignore[arg-type]

    def record_collection(self, company_id: int, mandate: Mandate) -> None:
        self._change(company_id, mandate.id, first_collected_on=mandate.first_collected_on,
                     completed_on=mandate.completed_on)  # fmt: skip

    def update_terms(self, company_id: int, mandate: Mandate) -> None:
        self._change(company_id, mandate.id, final=mandate.final,
                     pre_notification_days=mandate.pre_notification_days)  # fmt: skip

    def revoke(self, company_id: int, reference: str, on: date) -> bool:
        found = [
            i for i, m in self._tables.mandates.items()
            if m.company_id == company_id and m.mandate.reference == reference
        ]  # fmt: skip
        for mandate_id in found:
            self._change(company_id, mandate_id, revoked_on=on)
        return bool(found)


class FakeDirectDebits:
    """The exported batches, their files and one item per debit."""

    def __init__(self, tables: DirectDebitTables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def _of(self, company_id: int) -> list[_Batch]:
        return [b for _id, b in sorted(self._tables.batches.items()) if b.company_id == company_id]

    def count(self, company_id: int) -> int:
        return len(self._of(company_id))

    def save(self, company_id: int, batch: DebitBatch, content: bytes) -> int:
        batch_id = self._ids.next("direct_debit_batches")
        items = tuple(
            _Item(self._ids.next("direct_debit_items"), d.collection_id, d.mandate.id or 0,
                  _cents(d.amount, "EUR"), d.end_to_end_id, d.sequence)
            for d in batch.debits
        )  # fmt: skip
        info = BatchInfo(batch_id, batch.message_id, _utc(batch.created_at), batch.collection_date,
                         len(batch.debits), _cents(batch.total, "EUR"))  # fmt: skip
        self._tables.batches[batch_id] = _Batch(company_id, info, content, items)
        return batch_id

    def item_by_end_to_end(self, company_id: int, end_to_end_id: str) -> DebitRef | None:
        found = [
            (item, batch)
            for batch in self._of(company_id)
            for item in batch.items
            if item.end_to_end_id == end_to_end_id.strip()
        ]
        if not found:
            return None
        item, batch = max(found, key=lambda pair: pair[0].id)  # the newest item
        collection = self._tables.collections[item.collection_id]
        lines = sorted(
            (self._tables.invoices[invoice_id].invoice for invoice_id, _ in collection.lines),
            key=lambda i: (i.due_date, i.number),
        )
        return DebitRef(
            mandate_id=item.mandate_id,
            customer_id=self._tables.mandates[item.mandate_id].customer_id,
            invoice_ids=tuple(i.id or 0 for i in lines),
            invoice_numbers=tuple(i.number for i in lines),
            batch_id=batch.info.id, amount=item.amount, sequence=item.sequence,
            collection_date=batch.info.collection_date, collection_id=item.collection_id,
        )  # fmt: skip

    def batches(self, company_id: int) -> list[BatchInfo]:
        """Newest first."""
        infos = [b.info for b in self._of(company_id)]
        return sorted(infos, key=lambda i: (i.created_at, i.id), reverse=True)

    def content(self, company_id: int, message_id: str) -> bytes | None:
        return next(
            (b.content for b in self._of(company_id) if b.info.message_id == message_id), None
        )


# ---------------------------------------------------------- the planned collections


class FakeDebitCollections:
    def __init__(self, tables: DirectDebitTables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def add(
        self, company_id: int, customer_id: int, collection: PlannedCollection
    ) -> PlannedCollection:
        assert collection.mandate.id is not None
        collection_id = self._ids.next("direct_debit_collections")
        lines = tuple((i.invoice_id, _cents(i.amount, "EUR")) for i in collection.invoices)
        stored = replace(collection, id=collection_id)
        self._tables.collections[collection_id] = _StoredCollection(
            company_id, customer_id, stored, lines
        )
        return stored

    def link_notice(self, collection_id: int, outbox_id: int) -> None:
        if collection_id in self._tables.collections:
            self._tables.collections[collection_id].outbox_id = outbox_id

    def _of(self, company_id: int) -> list[_StoredCollection]:
        return [
            c for _id, c in sorted(self._tables.collections.items()) if c.company_id == company_id
        ]

    def count_for(self, company_id: int, mandate_id: int, on: date) -> int:
        return sum(
            1 for c in self._of(company_id)
            if c.collection.mandate.id == mandate_id and c.collection.collection_date == on
        )  # fmt: skip

    def busy_invoices(self, company_id: int, invoice_ids: Sequence[int]) -> set[int]:
        wanted = set(invoice_ids)
        return {
            invoice_id
            for c in self._of(company_id)
            if c.collection.status in LIVE
            for invoice_id, _amount in c.lines
            if invoice_id in wanted
        }

    def open_amounts(self, company_id: int, invoice_ids: Sequence[int]) -> dict[int, Decimal]:
        invoices = self._tables.invoices
        return {
            i: invoices[i].invoice.outstanding
            for i in invoice_ids
            if i in invoices and invoices[i].company_id == company_id
        }

    def search(
        self,
        company_id: int,
        *,
        zone: tzinfo,
        on: date | None = None,
        before: date | None = None,
        statuses: Sequence[CollectionStatus] = (),
        scheme: Scheme | None = None,
    ) -> list[PlannedCollection]:
        found = [
            self._read(c, zone)
            for c in self._of(company_id)
            if on in (None, c.collection.collection_date)
            and (before is None or c.collection.collection_date < before)
            and (not statuses or c.collection.status in statuses)
        ]
        found = [
            c for c in found if c.mandate.iban != ERASED and scheme in (None, c.mandate.scheme)
        ]
        return sorted(
            found, key=lambda c: (c.collection_date, c.mandate.customer_number, c.id or 0)
        )

    def _read(self, stored: _StoredCollection, zone: tzinfo) -> PlannedCollection:
        number = self._tables.customer_number(stored.customer_id)
        mandate = replace(self._tables.mandate(stored.collection.mandate.id or 0),
                          customer_number=number)  # fmt: skip
        lines = []
        for invoice_id, amount in stored.lines:
            i = self._tables.invoices[invoice_id].invoice
            lines.append(CollectionInvoice(invoice_id, i.number, i.issue_date, i.due_date,
                                           amount, i.payment_reference))  # fmt: skip
        lines.sort(key=lambda line: (line.due_date, line.number, line.invoice_id))
        outgoing = None if stored.outbox_id is None else self._tables.outbox.get(stored.outbox_id)
        return replace(stored.collection, mandate=mandate, invoices=tuple(lines),
                       notice=_notice(outgoing, zone))  # fmt: skip

    def present(
        self, collection_id: int, *, batch_id: int, sequence: SequenceType, end_to_end_id: str
    ) -> bool:
        stored = self._planned(collection_id)
        if stored is None:
            return False
        stored.batch_id = batch_id
        stored.collection = replace(stored.collection, status=CollectionStatus.PRESENTED,
                                    sequence=sequence, end_to_end_id=end_to_end_id)  # fmt: skip
        return True

    def cancel(self, collection_id: int, reason: Reason) -> bool:
        stored = self._planned(collection_id)
        if stored is None:
            return False
        # the params through their JSON column, as the SQL gives them back
        params = json.loads(json.dumps(dict(reason.params), sort_keys=True))
        stored.collection = replace(stored.collection, status=CollectionStatus.CANCELLED,
                                    reason=Reason(reason.code, params))  # fmt: skip
        return True

    def _planned(self, collection_id: int) -> _StoredCollection | None:
        stored = self._tables.collections.get(collection_id)
        if stored is None or stored.collection.status is not CollectionStatus.PLANNED:
            return None
        return stored


def _notice(outgoing: _Outgoing | None, zone: tzinfo) -> Notice | None:
    if outgoing is None:
        return None
    entry = outgoing.entry
    state = _NOTICE_STATES[entry.status]
    if state is not NoticeState.SENT or entry.sent_at is None:
        queued = NoticeState.QUEUED if state is NoticeState.SENT else state
        return Notice(queued, error=entry.last_error)
    return Notice(state, sent_on=entry.sent_at.astimezone(zone).date())


# ------------------------------------------------------------------------- the outbox


class FakeOutbox:
    """Every change a compare-and-set on (status, attempts), as SqlOutbox's."""

    def __init__(self, tables: DirectDebitTables, ids: _Sequences) -> None:
        self._tables, self._ids = tables, ids

    def enqueue(
        self,
        *,
        key: str,
        company_id: int,
        channel: DeliveryChannel,
        recipient: str,
        subject: str,
        text: str,
        html: str | None = None,
        attachments: Sequence[Attachment] = (),
        customer_id: int | None = None,
        run_item_id: int | None = None,
        created_at: datetime,
        valid_on: date | None = None,
        in_reply_to: str | None = None,
        references: Sequence[str] = (),
        written_by: str | None = None,
    ) -> int:
        existing = next((i for i, o in self._tables.outbox.items() if o.entry.key == key), None)
        if existing is not None:
            return existing
        outbox_id = self._ids.next("outbox")
        entry = OutboxEntry(
            id=outbox_id, key=key, company_id=company_id, customer_id=customer_id,
            run_item_id=run_item_id, channel=channel, recipient=recipient, subject=subject,
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=None, last_error=None,
            created_at=_utc(created_at), sent_at=None, written_by=written_by,
        )  # fmt: skip
        self._tables.outbox[outbox_id] = _Outgoing(entry, text, html, tuple(attachments), valid_on)
        return outbox_id

    @staticmethod
    def _due(entry: OutboxEntry, now: datetime) -> bool:
        """Pending and due, or being sent by a run whose lease has run out."""
        later = entry.next_attempt_at
        if entry.status is OutboxStatus.PENDING:
            return later is None or later <= now
        return entry.status is OutboxStatus.SENDING and later is not None and later <= now

    def expire(self, *, before: date, now: datetime) -> list[int]:
        expired = []
        for outgoing in self._tables.outbox.values():
            valid_on = outgoing.valid_on
            if valid_on is not None and valid_on < before and self._due(outgoing.entry, now):
                outgoing.entry = replace(outgoing.entry, status=OutboxStatus.EXPIRED,
                                         next_attempt_at=None)  # fmt: skip
                expired.append(outgoing.entry.run_item_id)
        return [item for item in expired if item is not None]

    def due(self, *, now: datetime, limit: int | None = None) -> list[int]:
        due = [i for i, o in sorted(self._tables.outbox.items()) if self._due(o.entry, now)]
        return due if limit is None else due[:limit]

    def claim(self, outbox_id: int, *, now: datetime, lease_until: datetime) -> Claim | None:
        outgoing = self._tables.outbox.get(outbox_id)
        if outgoing is None or not self._due(outgoing.entry, now):
            return None
        entry = outgoing.entry = replace(
            outgoing.entry, status=OutboxStatus.SENDING, attempts=outgoing.entry.attempts + 1,
            next_attempt_at=_utc(lease_until),
        )  # fmt: skip
        return Claim(entry=entry, message=self._message(outgoing, now), attempt=entry.attempts)

    def _message(self, outgoing: _Outgoing, now: datetime) -> OutgoingMessage:
        entry = outgoing.entry
        company = self._tables.companies[entry.company_id]
        sender = None
        if company.email:
            local, _, domain = company.email.rpartition("@")
            sender = str(Address(company.name, local, domain))
        return OutgoingMessage(
            key=entry.key, channel=entry.channel, recipient=entry.recipient,
            subject=entry.subject, text=outgoing.text, html=outgoing.html,
            attachments=outgoing.attachments, sender=sender, date=_utc(now),
        )  # fmt: skip

    def _move(
        self,
        outbox_id: int,
        attempt: int,
        from_: Sequence[OutboxStatus],
        to: OutboxStatus,
        **values: object,
    ) -> bool:
        outgoing = self._tables.outbox.get(outbox_id)
        if outgoing is None or outgoing.entry.attempts != attempt:
            return False
        if outgoing.entry.status not in from_:
            return False
        outgoing.entry = replace(outgoing.entry, status=to, **values)  # type: ignore[arg-type]
        return True

    def release(self, outbox_id: int, attempt: int) -> bool:
        return self._move(outbox_id, attempt, (OutboxStatus.SENDING,), OutboxStatus.UNCONFIRMED)

    def mark_sent(
        self, outbox_id: int, attempt: int, *, sent_at: datetime, answer: str | None = None
    ) -> bool:
        # the evidence of delivery is kept by the SQL outbox only
        return self._move(outbox_id, attempt, _IN_FLIGHT, OutboxStatus.SENT, sent_at=_utc(sent_at))

    def mark_retry(
        self, outbox_id: int, attempt: int, *, next_attempt_at: datetime, error: str
    ) -> bool:
        return self._move(outbox_id, attempt, _IN_FLIGHT, OutboxStatus.PENDING,
                          next_attempt_at=_utc(next_attempt_at), last_error=error)  # fmt: skip

    def mark_failed(self, outbox_id: int, attempt: int, *, error: str) -> bool:
        return self._move(outbox_id, attempt, _IN_FLIGHT, OutboxStatus.FAILED,
                          next_attempt_at=None, last_error=error)  # fmt: skip

    def mark_unconfirmed(self, outbox_id: int, attempt: int, *, error: str) -> bool:
        return self._move(outbox_id, attempt, _IN_FLIGHT, OutboxStatus.UNCONFIRMED,
                          last_error=error)  # fmt: skip

    def get(self, outbox_id: int) -> OutboxEntry | None:
        outgoing = self._tables.outbox.get(outbox_id)
        return None if outgoing is None else outgoing.entry

    def with_status(
        self, status: OutboxStatus, *, company_id: int | None = None, limit: int | None = None
    ) -> list[OutboxEntry]:
        found = [
            o.entry for _id, o in sorted(self._tables.outbox.items())
            if o.entry.status is status and company_id in (None, o.entry.company_id)
        ]  # fmt: skip
        return found if limit is None else found[:limit]

    def counts(self, *, company_id: int | None = None) -> dict[OutboxStatus, int]:
        statuses = [
            o.entry.status
            for o in self._tables.outbox.values()
            if company_id in (None, o.entry.company_id)
        ]
        return {s: statuses.count(s) for s in OutboxStatus}


class FakeDebitLedger(FakeLedger):
    """The ledger with what a payment booked meanwhile leaves open on an invoice."""

    def __init__(self, tables: DirectDebitTables) -> None:
        super().__init__(tables)
        self._invoices = tables.invoices

    def leave_open(self, company_id: int, number: str, amount: Decimal) -> None:
        for stored in self._invoices.values():
            if stored.company_id == company_id and stored.invoice.number == number:
                cents = _cents(amount, stored.invoice.currency)
                stored.invoice = replace(stored.invoice, open_amount=cents)


# ---------------------------------------------------------------- the unit of work


class FakeDirectDebitDatabase(FakeDatabase):
    def __init__(self) -> None:
        super().__init__()
        self.tables = DirectDebitTables()

    def uow(self) -> FakeDirectDebitUnitOfWork:
        return FakeDirectDebitUnitOfWork(self)


class FakeDirectDebitUnitOfWork(FakeUnitOfWork):
    mandates: FakeMandates
    direct_debits: FakeDirectDebits
    debit_collections: FakeDebitCollections
    outbox: FakeOutbox
    ledger: FakeDebitLedger

    def __enter__(self) -> Self:
        super().__enter__()
        tables, ids = self._tables, self._database.ids
        assert isinstance(tables, DirectDebitTables)
        self.mandates = FakeMandates(tables, ids)
        self.direct_debits = FakeDirectDebits(tables, ids)
        self.debit_collections = FakeDebitCollections(tables, ids)
        self.outbox = FakeOutbox(tables, ids)
        self.ledger = FakeDebitLedger(tables)
        return self
