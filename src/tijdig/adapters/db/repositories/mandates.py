"""Repositories of SEPA mandates and the direct-debit batches exported under them.
They never commit (the unit of work does)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from tijdig.adapters.db.converters import as_utc, from_minor, to_minor
from tijdig.adapters.db.schema.banking import (
    DirectDebitBatchRow,
    DirectDebitCollectionInvoiceRow,
    DirectDebitItemRow,
    MandateRow,
)
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow
from tijdig.domain.mandates import DebitBatch, Mandate, Scheme, SequenceType
from tijdig.services.direct_debit.direct_debit import DebitRef

# The account of an erased debtor's mandate (privacy): it can never collect again, and
# is left out of every list, as a mandate without an account is not a mandate.
ERASED = ""


@dataclass(frozen=True, slots=True)
class BatchInfo:
    """An exported batch, without its file."""

    id: int
    message_id: str
    created_at: datetime
    collection_date: date
    count: int
    total: Decimal  # EUR


def mandate_from_row(row: MandateRow, customer_number: str) -> Mandate:
    return Mandate(
        reference=row.reference,
        customer_number=customer_number,
        signed_on=row.signed_on,
        scheme=Scheme(row.scheme),
        iban=row.iban,
        bic=row.bic,
        first_collected_on=row.first_collected_on,
        revoked_on=row.revoked_on,
        id=row.id,
        one_off=row.one_off,
        final=row.final,
        pre_notification_days=row.pre_notification_days,
        completed_on=row.completed_on,
    )


class SqlMandates:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _query(self, company_id: int) -> Select[MandateRow, str]:
        return (
            select(MandateRow, CustomerRow.number)
            .join(CustomerRow, CustomerRow.id == MandateRow.customer_id)
            .where(MandateRow.company_id == company_id, MandateRow.iban != ERASED)
            .order_by(CustomerRow.number, MandateRow.signed_on, MandateRow.id)
        )

    def add(self, company_id: int, customer_id: int, mandate: Mandate) -> Mandate:
        row = MandateRow(
            company_id=company_id,
            customer_id=customer_id,
            reference=mandate.reference,
            signed_on=mandate.signed_on,
            scheme=mandate.scheme.value,
            iban=mandate.iban,
            bic=mandate.bic,
            first_collected_on=mandate.first_collected_on,
            revoked_on=mandate.revoked_on,
            one_off=mandate.one_off,
            final=mandate.final,
            pre_notification_days=mandate.pre_notification_days,
            completed_on=mandate.completed_on,
        )
        self.session.add(row)
        self.session.flush()
        return mandate_from_row(row, mandate.customer_number)

    def get(self, company_id: int, reference: str) -> Mandate | None:
        found = self.session.execute(
            self._query(company_id).where(MandateRow.reference == reference)
        ).first()
        return None if found is None else mandate_from_row(*found)

    def active_for(self, company_id: int, customer_number: str, on: date) -> list[Mandate]:
        """The customer's mandates signed by `on` and not revoked then."""
        query = self._query(company_id).where(CustomerRow.number == customer_number)
        mandates = [mandate_from_row(*row) for row in self.session.execute(query)]
        return [m for m in mandates if m.is_active(on)]

    def for_company(self, company_id: int) -> list[Mandate]:
        return [mandate_from_row(*row) for row in self.session.execute(self._query(company_id))]

    def record_collection(self, company_id: int, mandate: Mandate) -> None:
        """Store the history a presented collection left (`Mandate.after_collection`):
        the first collection's date, and the day a one-off or final one used it up."""
        self.session.execute(
            update(MandateRow)
            .where(MandateRow.company_id == company_id, MandateRow.id == mandate.id)
            .values(
                first_collected_on=mandate.first_collected_on, completed_on=mandate.completed_on
            )
        )

    def update_terms(self, company_id: int, mandate: Mandate) -> None:
        """Store what may change on a signed mandate: marked last, the agreed period."""
        self.session.execute(
            update(MandateRow)
            .where(MandateRow.company_id == company_id, MandateRow.id == mandate.id)
            .values(final=mandate.final, pre_notification_days=mandate.pre_notification_days)
        )

    def revoke(self, company_id: int, reference: str, on: date) -> bool:
        """Revoke from `on`; False when there is no such mandate."""
        result = self.session.execute(
            update(MandateRow)
            .where(MandateRow.company_id == company_id, MandateRow.reference == reference)
            .values(revoked_on=on)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


class SqlDirectDebits:
    def __init__(self, session: Session) -> None:
        self.session = session

    def count(self, company_id: int) -> int:
        """Batches exported so far: numbers the next one."""
        query = select(func.count()).where(DirectDebitBatchRow.company_id == company_id)
        return int(self.session.scalar(query) or 0)

    def save(self, company_id: int, batch: DebitBatch, content: bytes) -> int:
        """Store the batch, its file and one item per debit; the batch id."""
        row = DirectDebitBatchRow(
            company_id=company_id,
            created_at=as_utc(batch.created_at),
            collection_date=batch.collection_date,
            message_id=batch.message_id,
            content=content,
            count=len(batch.debits),
            total_minor=to_minor(batch.total, "EUR"),
        )
        self.session.add(row)
        self.session.flush()
        for debit in batch.debits:
            assert debit.mandate.id is not None
            self.session.add(
                DirectDebitItemRow(
                    batch_id=row.id,
                    collection_id=debit.collection_id,
                    mandate_id=debit.mandate.id,
                    amount_minor=to_minor(debit.amount, "EUR"),
                    end_to_end_id=debit.end_to_end_id,
                    sequence=debit.sequence.value,
                )
            )
        self.session.flush()
        return row.id

    def item_by_end_to_end(self, company_id: int, end_to_end_id: str) -> DebitRef | None:
        """The mandate and invoices a debit collected, found by its end-to-end id."""
        found = self.session.execute(
            select(DirectDebitItemRow, DirectDebitBatchRow.collection_date, MandateRow.customer_id)
            .join(DirectDebitBatchRow, DirectDebitBatchRow.id == DirectDebitItemRow.batch_id)
            .join(MandateRow, MandateRow.id == DirectDebitItemRow.mandate_id)
            .where(
                DirectDebitBatchRow.company_id == company_id,
                DirectDebitItemRow.end_to_end_id == end_to_end_id.strip(),
            )
            .order_by(DirectDebitItemRow.id.desc())
        ).first()
        if found is None:
            return None
        item, collection_date, customer_id = found
        invoices = self._invoices_of(item)
        return DebitRef(
            mandate_id=item.mandate_id,
            customer_id=customer_id,
            invoice_ids=tuple(i for i, _ in invoices),
            invoice_numbers=tuple(n for _, n in invoices),
            batch_id=item.batch_id,
            amount=from_minor(item.amount_minor, "EUR"),
            sequence=SequenceType(item.sequence),
            collection_date=collection_date,
            collection_id=item.collection_id,
        )

    def _invoices_of(self, item: DirectDebitItemRow) -> list[tuple[int, str]]:
        """A collection's invoices; an item of an older batch collected one invoice."""
        query = select(InvoiceRow.id, InvoiceRow.number).order_by(
            InvoiceRow.due_date, InvoiceRow.number
        )
        if item.collection_id is None:
            query = query.where(InvoiceRow.id == item.invoice_id)
        else:
            query = query.join(
                DirectDebitCollectionInvoiceRow,
                DirectDebitCollectionInvoiceRow.invoice_id == InvoiceRow.id,
            ).where(DirectDebitCollectionInvoiceRow.collection_id == item.collection_id)
        return [(i, n) for i, n in self.session.execute(query)]

    def batches(self, company_id: int) -> list[BatchInfo]:
        """The company's batches, newest first."""
        rows = self.session.execute(
            select(DirectDebitBatchRow)
            .where(DirectDebitBatchRow.company_id == company_id)
            .order_by(DirectDebitBatchRow.created_at.desc(), DirectDebitBatchRow.id.desc())
        ).scalars()
        return [
            BatchInfo(
                r.id,
                r.message_id,
                as_utc(r.created_at),
                r.collection_date,
                r.count,
                from_minor(r.total_minor, "EUR"),
            )
            for r in rows
        ]

    def content(self, company_id: int, message_id: str) -> bytes | None:
        """The file of a batch, to hand it to the bank again."""
        return self.session.scalar(
            select(DirectDebitBatchRow.content).where(
                DirectDebitBatchRow.company_id == company_id,
                DirectDebitBatchRow.message_id == message_id,
            )
        )
