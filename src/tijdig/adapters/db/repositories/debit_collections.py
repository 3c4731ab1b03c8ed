"""The repository of planned direct-debit collections: one mandate's invoices on one
date, the outbox message that announced them, and what became of them. It never
commits (the unit of work does).

A collection's notice is read from its outbox row: pending or sending is `queued`,
and the day it was sent is the business day in the zone the caller gives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc, from_minor, to_minor
from tijdig.adapters.db.repositories.mandates import ERASED, mandate_from_row
from tijdig.adapters.db.schema.banking import (
    DirectDebitCollectionInvoiceRow,
    DirectDebitCollectionRow,
    DirectDebitItemRow,
    MandateRow,
)
from tijdig.adapters.db.schema.collection import OutboxRow
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow
from tijdig.domain.debit_collections import (
    CollectionInvoice,
    CollectionStatus,
    Notice,
    NoticeState,
    PlannedCollection,
    Reason,
)
from tijdig.domain.mandates import Mandate, Scheme, SequenceType
from tijdig.services.outbox import OutboxStatus

CHUNK = 500  # ids per IN (...) list
LIVE = (CollectionStatus.PLANNED.value, CollectionStatus.PRESENTED.value)
_NOTICE_STATES = {
    OutboxStatus.PENDING: NoticeState.QUEUED,
    OutboxStatus.SENDING: NoticeState.QUEUED,
    OutboxStatus.UNCONFIRMED: NoticeState.UNCONFIRMED,
    OutboxStatus.SENT: NoticeState.SENT,
    OutboxStatus.FAILED: NoticeState.FAILED,
    # A pre-notification carries no day it is worked out for, so it never expires; were
    # one to, it did not go out and will not: the collection may not go on it.
    OutboxStatus.EXPIRED: NoticeState.FAILED,
}


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _notice(outbox: OutboxRow | None, zone: tzinfo) -> Notice | None:
    if outbox is None:
        return None
    state = _NOTICE_STATES[OutboxStatus(outbox.status)]
    if state is not NoticeState.SENT or outbox.sent_at is None:
        queued = NoticeState.QUEUED if state is NoticeState.SENT else state
        return Notice(queued, error=outbox.last_error)
    return Notice(state, sent_on=as_utc(outbox.sent_at).astimezone(zone).date())


def _reason(row: DirectDebitCollectionRow) -> Reason | None:
    if row.reason is None:
        return None
    return Reason(row.reason, json.loads(row.reason_params or "{}"))


class SqlDebitCollections:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self, company_id: int, customer_id: int, collection: PlannedCollection
    ) -> PlannedCollection:
        """Store a planned collection with its invoices; it comes back with its id."""
        assert collection.mandate.id is not None
        row = DirectDebitCollectionRow(
            company_id=company_id, mandate_id=collection.mandate.id, customer_id=customer_id,
            collection_date=collection.collection_date,
            amount_minor=to_minor(collection.amount, "EUR"), creditor_id=collection.creditor_id,
            notice_key=collection.notice_key, planned_on=collection.planned_on,
            status=collection.status.value,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        self.session.add_all(
            DirectDebitCollectionInvoiceRow(
                collection_id=row.id,
                invoice_id=i.invoice_id,
                amount_minor=to_minor(i.amount, "EUR"),
            )
            for i in collection.invoices
        )
        self.session.flush()
        return replace(collection, id=row.id)

    def link_notice(self, collection_id: int, outbox_id: int) -> None:
        self.session.execute(
            update(DirectDebitCollectionRow)
            .where(DirectDebitCollectionRow.id == collection_id)
            .values(outbox_id=outbox_id)
        )

    def count_for(self, company_id: int, mandate_id: int, on: date) -> int:
        """Collections ever planned under the mandate on the date, cancelled ones too."""
        query = select(func.count()).where(
            DirectDebitCollectionRow.company_id == company_id,
            DirectDebitCollectionRow.mandate_id == mandate_id,
            DirectDebitCollectionRow.collection_date == on,
        )
        return int(self.session.scalar(query) or 0)

    def busy_invoices(self, company_id: int, invoice_ids: Sequence[int]) -> set[int]:
        """Those of the invoices that a planned or presented collection holds, or that a
        batch from before planned collections collected."""
        busy: set[int] = set()
        for chunk in _chunks(invoice_ids):
            busy.update(
                self.session.scalars(
                    select(DirectDebitCollectionInvoiceRow.invoice_id)
                    .join(DirectDebitCollectionRow)
                    .where(
                        DirectDebitCollectionRow.company_id == company_id,
                        DirectDebitCollectionRow.status.in_(LIVE),
                        DirectDebitCollectionInvoiceRow.invoice_id.in_(chunk),
                    )
                )
            )
            busy.update(
                i
                for i in self.session.scalars(
                    select(DirectDebitItemRow.invoice_id).where(
                        DirectDebitItemRow.collection_id.is_(None),
                        DirectDebitItemRow.invoice_id.in_(chunk),
                    )
                )
                if i is not None
            )
        return busy

    def open_amounts(self, company_id: int, invoice_ids: Sequence[int]) -> dict[int, Decimal]:
        """What is open on each invoice now."""
        found: dict[int, Decimal] = {}
        for chunk in _chunks(invoice_ids):
            rows = self.session.execute(
                select(InvoiceRow.id, InvoiceRow.open_minor, InvoiceRow.currency).where(
                    InvoiceRow.company_id == company_id, InvoiceRow.id.in_(chunk)
                )
            )
            found.update((i, from_minor(minor, currency)) for i, minor, currency in rows)
        return found

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
        """The company's collections (on a date, before one, of some statuses, under one
        scheme), by date and customer, each with its mandate, invoices and notice."""
        query = (
            select(DirectDebitCollectionRow, MandateRow, CustomerRow.number, OutboxRow)
            .join(MandateRow, MandateRow.id == DirectDebitCollectionRow.mandate_id)
            .join(CustomerRow, CustomerRow.id == DirectDebitCollectionRow.customer_id)
            .outerjoin(OutboxRow, OutboxRow.id == DirectDebitCollectionRow.outbox_id)
            .where(DirectDebitCollectionRow.company_id == company_id, MandateRow.iban != ERASED)
            .order_by(
                DirectDebitCollectionRow.collection_date, CustomerRow.number,
                DirectDebitCollectionRow.id,
            )
        )  # fmt: skip
        conditions = [
            *([] if on is None else [DirectDebitCollectionRow.collection_date == on]),
            *([] if before is None else [DirectDebitCollectionRow.collection_date < before]),
            *(
                [DirectDebitCollectionRow.status.in_([s.value for s in statuses])]
                if statuses
                else []
            ),
            *([] if scheme is None else [MandateRow.scheme == scheme.value]),
        ]
        rows = self.session.execute(query.where(*conditions)).all()
        lines = self._lines([row.id for row, *_ in rows])
        return [
            _collection(
                row, mandate_from_row(mandate, number), lines[row.id], _notice(outbox, zone)
            )
            for row, mandate, number, outbox in rows
        ]

    def _lines(self, collection_ids: Sequence[int]) -> dict[int, list[CollectionInvoice]]:
        lines: dict[int, list[CollectionInvoice]] = {i: [] for i in collection_ids}
        for chunk in _chunks(collection_ids):
            rows = self.session.execute(
                select(DirectDebitCollectionInvoiceRow, InvoiceRow)
                .join(InvoiceRow, InvoiceRow.id == DirectDebitCollectionInvoiceRow.invoice_id)
                .where(DirectDebitCollectionInvoiceRow.collection_id.in_(chunk))
                .order_by(InvoiceRow.due_date, InvoiceRow.number, InvoiceRow.id)
            )
            for line, invoice in rows:
                lines[line.collection_id].append(
                    CollectionInvoice(
                        invoice.id, invoice.number, invoice.issue_date, invoice.due_date,
                        from_minor(line.amount_minor, "EUR"), invoice.payment_reference,
                    )
                )  # fmt: skip
        return lines

    def present(
        self, collection_id: int, *, batch_id: int, sequence: SequenceType, end_to_end_id: str
    ) -> bool:
        """Mark a planned collection presented in a batch; False when it is not planned
        (any more): another export presented or cancelled it meanwhile."""
        return self._leave_planned(
            collection_id, status=CollectionStatus.PRESENTED.value, batch_id=batch_id,
            sequence=sequence.value, end_to_end_id=end_to_end_id,
        )  # fmt: skip

    def cancel(self, collection_id: int, reason: Reason) -> bool:
        """Cancel a collection still planned; False when it is not planned (any more)."""
        return self._leave_planned(
            collection_id, status=CollectionStatus.CANCELLED.value, reason=reason.code,
            reason_params=json.dumps(dict(reason.params), sort_keys=True),
        )  # fmt: skip

    def _leave_planned(self, collection_id: int, **values: Any) -> bool:
        """Set `values` on the collection only while it is planned (one statement, so two
        exports never both move it); whether it was."""
        result = self.session.execute(
            update(DirectDebitCollectionRow)
            .where(
                DirectDebitCollectionRow.id == collection_id,
                DirectDebitCollectionRow.status == CollectionStatus.PLANNED.value,
            )
            .values(**values)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _collection(
    row: DirectDebitCollectionRow,
    mandate: Mandate,
    lines: list[CollectionInvoice],
    notice: Notice | None,
) -> PlannedCollection:
    return PlannedCollection(
        mandate=mandate, collection_date=row.collection_date, invoices=tuple(lines),
        creditor_id=row.creditor_id, notice_key=row.notice_key, planned_on=row.planned_on,
        status=CollectionStatus(row.status), notice=notice, reason=_reason(row),
        sequence=None if row.sequence is None else SequenceType(row.sequence),
        end_to_end_id=row.end_to_end_id, id=row.id,
    )  # fmt: skip
