"""The pain.008 file of a collection date (S1-2): the planned collections whose notice
went out in time, each as one debit with the sequence type its mandate's history
calls for.

`export_batch` judges every collection planned for the date under the scheme
(domain/debit_verdicts.judge): it goes into the file when the notice was sent at
least the mandate's period before the date, the mandate can still collect, and every
invoice is still open for exactly the amount announced and undisputed. A collection
whose notice is still on its way waits (a later file may take it); one that can never
be made as announced (an invoice paid or disputed since, the notice late or refused,
the mandate revoked) is cancelled with its reason, and its invoices can be announced
again. Presented collections move their mandate's history on: FRST then RCUR, and a
one-off (OOFF) or final (FNAL) collection uses the mandate up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from decimal import Decimal

from tijdig.domain.debit_collections import CollectionStatus, PlannedCollection, remittance_text
from tijdig.domain.debit_verdicts import Outcome, Verdict, judge
from tijdig.domain.errors import Conflict
from tijdig.domain.mandates import (
    Creditor,
    Debit,
    DebitBatch,
    Scheme,
    SequenceType,
    check_collection,
)
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services.direct_debit.direct_debit import (
    BatchWriter,
    DirectDebitUnitOfWork,
    audit_collections,
    company_id_of,
    creditor_of,
)


@dataclass(frozen=True, slots=True)
class Held:
    """A planned collection not in the file, and why (waiting, or cancelled)."""

    collection: PlannedCollection
    verdict: Verdict

    @property
    def cancelled(self) -> bool:
        return self.verdict.outcome is Outcome.CANCEL


@dataclass(frozen=True, slots=True)
class Exported:
    """The outcome of an export: the file (None when there was nothing to collect)."""

    content: bytes | None
    message_id: str | None
    collection_date: date
    scheme: Scheme
    debits: tuple[Debit, ...]
    held: tuple[Held, ...] = ()

    @property
    def count(self) -> int:
        return len(self.debits)

    @property
    def total(self) -> Decimal:
        return sum((d.amount for d in self.debits), Decimal(0))

    def by_sequence(self) -> dict[SequenceType, tuple[int, Decimal]]:
        """Number and total of the debits per sequence type (FRST, RCUR, FNAL, OOFF)."""
        result: dict[SequenceType, tuple[int, Decimal]] = {}
        for debit in self.debits:
            count, total = result.get(debit.sequence, (0, Decimal(0)))
            result[debit.sequence] = (count + 1, total + debit.amount)
        return result


def export_batch(
    uow: DirectDebitUnitOfWork,
    company: Company,
    *,
    collection_date: date,
    as_of: date,
    creditor_id: str | None,
    writer: BatchWriter,
    zone: tzinfo,
    actor: str,
    at: datetime,
    scheme: Scheme = Scheme.CORE,
    created_at: datetime | None = None,
    account_iban: str | None = None,
) -> Exported:
    """Collect the collections planned for `collection_date` under `scheme` mandates
    in one file submitted on `as_of` (notices are dated by the business day in `zone`);
    store the batch, mark them presented and cancel what can no longer be made. Audited
    as `debit.export`, per customer presented or held."""
    check_collection(collection_date, submitted_on=as_of, scheme=scheme)
    creditor = creditor_of(company, creditor_id, iban=account_iban)
    company_id = company_id_of(company)
    with uow:
        planned = uow.debit_collections.search(
            company_id, zone=zone, on=collection_date, statuses=(CollectionStatus.PLANNED,),
            scheme=scheme,
        )  # fmt: skip
        verdicts = _judged(uow, company_id, planned, as_of=as_of, creditor=creditor)
        held = _hold(uow, verdicts)
        chosen = [c for c, v in verdicts if v.outcome is Outcome.COLLECT]
        batch, content = None, None
        if chosen:
            number = uow.direct_debits.count(company_id) + 1
            batch = DebitBatch(
                message_id=f"TIJDIG-{company_id}-{number}-{collection_date:%Y%m%d}",
                created_at=created_at or datetime.combine(as_of, time(), UTC),
                collection_date=collection_date, scheme=scheme, creditor=creditor,
                debits=_debits(uow, company_id, chosen, number),
            )  # fmt: skip
            content = _stored(uow, company_id, batch, writer)
        audit_collections(uow, company_id, [*chosen, *(h.collection for h in held)],
                          actor=actor, at=at, action="debit.export",
                          subject=f"collections on {collection_date}")  # fmt: skip
        uow.commit()
    debits = () if batch is None else batch.debits
    message_id = None if batch is None else batch.message_id
    return Exported(content, message_id, collection_date, scheme, debits, held)


def _hold(
    uow: DirectDebitUnitOfWork, verdicts: list[tuple[PlannedCollection, Verdict]]
) -> tuple[Held, ...]:
    """The collections not in the file; those that can never be made are cancelled."""
    held = tuple(Held(c, v) for c, v in verdicts if v.outcome is not Outcome.COLLECT)
    for item in held:
        if item.cancelled and item.verdict.reason and item.collection.id is not None:
            uow.debit_collections.cancel(item.collection.id, item.verdict.reason)
    return held


def _judged(
    uow: DirectDebitUnitOfWork,
    company_id: int,
    planned: list[PlannedCollection],
    *,
    as_of: date,
    creditor: Creditor,
) -> list[tuple[PlannedCollection, Verdict]]:
    ids = [line.invoice_id for c in planned for line in c.invoices]
    open_now = uow.debit_collections.open_amounts(company_id, ids)
    disputed = set(uow.disputes.open_for(company_id, ids))
    return [
        (
            c,
            judge(
                c,
                submitted_on=as_of,
                creditor_id=creditor.creditor_id,
                open_now=open_now,
                disputed=disputed,
            ),
        )
        for c in planned
    ]


def _debits(
    uow: DirectDebitUnitOfWork, company_id: int, chosen: list[PlannedCollection], number: int
) -> tuple[Debit, ...]:
    """One debit per collection, of its mandate's next sequence type."""
    debits = []
    for collection in chosen:
        assert collection.id is not None
        customer = uow.customers.get(company_id, collection.mandate.customer_number)
        only = collection.invoices[0] if len(collection.invoices) == 1 else None
        remittance = remittance_text(
            collection.invoice_numbers, reference=only.payment_reference if only else None
        )
        debits.append(
            Debit(
                end_to_end_id=f"B{number}-C{collection.id}",
                collection_id=collection.id,
                mandate=collection.mandate,
                sequence=collection.mandate.sequence,
                amount=collection.amount,
                debtor_name=customer.name if customer else collection.mandate.customer_number,
                remittance=remittance,
            )
        )
    return tuple(debits)


def _stored(
    uow: DirectDebitUnitOfWork, company_id: int, batch: DebitBatch, writer: BatchWriter
) -> bytes:
    """Write and store the file; each collection is presented and its mandate's history
    moves on (first collection, and used up after a one-off or final one). A collection
    another export presented meanwhile refuses the whole file (the caller rolls back)."""
    content = writer(batch)
    batch_id = uow.direct_debits.save(company_id, batch, content)
    for debit in batch.debits:
        if not uow.debit_collections.present(
            debit.collection_id, batch_id=batch_id, sequence=debit.sequence,
            end_to_end_id=debit.end_to_end_id,
        ):  # fmt: skip
            raise Conflict(Refusal.COLLECTION_TAKEN, customer=debit.mandate.customer_number,
                           mandate=debit.mandate.reference)  # fmt: skip
        uow.mandates.record_collection(
            company_id, debit.mandate.after_collection(batch.collection_date)
        )
    return content
