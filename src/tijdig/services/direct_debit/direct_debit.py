"""Use cases of SEPA direct debit (S1-2): mandates, the creditor, and the ports that
planning and exporting collections share.

The flow, as the EPC rulebooks want it (domain/debit_collections.py):

    debit_notices.notify_collections  plans one collection per mandate and date from the
                                      open invoices due by then, and queues its notice
    `tijdig send`                     sends the notices through the outbox
    debit_batches.export_batch        puts into a pain.008 file the collections whose
                                      notice went out in time and whose invoices are
                                      still open as announced; cancels the others

The bank import finds the collection behind a returned debit's end-to-end id with
`DirectDebits.item_by_end_to_end`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Protocol

from tijdig.domain.collection.records import Dispute
from tijdig.domain.debit_collections import CollectionStatus, PlannedCollection, Reason
from tijdig.domain.errors import Conflict, NotFound, RuleViolation
from tijdig.domain.mandates import (
    DEFAULT_PRE_NOTIFICATION_DAYS,
    Creditor,
    DebitBatch,
    Mandate,
    Scheme,
    SequenceType,
    bank_bic,
)
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.audit import AuditLog
from tijdig.services.outbox import OutboxUnitOfWork
from tijdig.services.ports import UnitOfWork

# Builds the file for the bank from a batch: `tijdig.adapters.sepa.pain008.write`.
BatchWriter = Callable[[DebitBatch], bytes]


@dataclass(frozen=True, slots=True)
class DebitRef:
    """What a returned debit leads back to: the mandate and the invoices it collected
    (one invoice for a debit from before collections were planned)."""

    mandate_id: int
    customer_id: int
    invoice_ids: tuple[int, ...]
    invoice_numbers: tuple[str, ...]
    batch_id: int
    amount: Decimal  # EUR
    sequence: SequenceType
    collection_date: date
    collection_id: int | None = None


class Mandates(Protocol):
    def add(self, company_id: int, customer_id: int, mandate: Mandate) -> Mandate: ...
    def get(self, company_id: int, reference: str) -> Mandate | None: ...
    def for_company(self, company_id: int) -> list[Mandate]: ...
    def record_collection(self, company_id: int, mandate: Mandate) -> None: ...
    def update_terms(self, company_id: int, mandate: Mandate) -> None: ...
    def revoke(self, company_id: int, reference: str, on: date) -> bool: ...


class DirectDebits(Protocol):
    def count(self, company_id: int) -> int: ...
    def save(self, company_id: int, batch: DebitBatch, content: bytes) -> int: ...
    def item_by_end_to_end(self, company_id: int, end_to_end_id: str) -> DebitRef | None: ...


class DebitCollections(Protocol):
    def add(
        self, company_id: int, customer_id: int, collection: PlannedCollection
    ) -> PlannedCollection: ...
    def link_notice(self, collection_id: int, outbox_id: int) -> None: ...
    def count_for(self, company_id: int, mandate_id: int, on: date) -> int: ...
    def busy_invoices(self, company_id: int, invoice_ids: Sequence[int]) -> set[int]: ...
    def open_amounts(self, company_id: int, invoice_ids: Sequence[int]) -> dict[int, Decimal]: ...
    def search(
        self,
        company_id: int,
        *,
        zone: tzinfo,
        on: date | None = None,
        before: date | None = None,
        statuses: Sequence[CollectionStatus] = (),
        scheme: Scheme | None = None,
    ) -> list[PlannedCollection]: ...
    def present(
        self, collection_id: int, *, batch_id: int, sequence: SequenceType, end_to_end_id: str
    ) -> bool: ...
    def cancel(self, collection_id: int, reason: Reason) -> bool: ...


class OpenDisputes(Protocol):
    def open_for(self, company_id: int, invoice_ids: Sequence[int]) -> dict[int, Dispute]: ...


class DirectDebitUnitOfWork(UnitOfWork, OutboxUnitOfWork, Protocol):
    @property
    def mandates(self) -> Mandates: ...
    @property
    def direct_debits(self) -> DirectDebits: ...
    @property
    def debit_collections(self) -> DebitCollections: ...
    @property
    def disputes(self) -> OpenDisputes: ...
    @property
    def audit(self) -> AuditLog: ...


def audit_collections(
    uow: DirectDebitUnitOfWork,
    company_id: int,
    collections: Iterable[PlannedCollection],
    *,
    actor: str,
    at: datetime,
    action: str,
    subject: str,
) -> None:
    """The entries of a change to planned collections: one per customer whose collection
    it planned, presented or cancelled (one for the company when there were none)."""
    customer_ids = []
    for number in dict.fromkeys(c.mandate.customer_number for c in collections):
        customer = uow.customers.get(company_id, number)
        customer_ids.append(None if customer is None else customer.id)
    audit.record(uow, actor=actor, at=at, action=action, company_id=company_id,
                 customer_ids=customer_ids, subject=subject)  # fmt: skip


def company_id_of(company: Company) -> int:
    if company.id is None:
        raise NotFound(Refusal.COMPANY_NOT_STORED, company=company.code)
    return company.id


def add_mandate(
    uow: DirectDebitUnitOfWork,
    company: Company,
    customer_number: str,
    reference: str,
    signed_on: date,
    scheme: Scheme,
    iban: str,
    bic: str | None = None,
    *,
    one_off: bool = False,
    pre_notification_days: int = DEFAULT_PRE_NOTIFICATION_DAYS,
    actor: str,
    at: datetime,
) -> Mandate:
    """Record a mandate the customer signed; its reference is unique per company.
    `pre_notification_days`: a period other than 14 days the debtor agreed to. Audited
    as `mandate.add` on the customer's timeline."""
    mandate = Mandate(
        reference, customer_number, signed_on, scheme, iban, bic or None, one_off=one_off,
        pre_notification_days=pre_notification_days,
    )  # fmt: skip
    company_id = company_id_of(company)
    with uow:
        customer = uow.customers.get(company_id, customer_number)
        if customer is None or customer.id is None:
            raise NotFound(Refusal.NOT_FOUND, thing="customer", key=customer_number)
        if scheme is Scheme.B2B and customer.is_consumer:
            raise RuleViolation(Refusal.B2B_CONSUMER, name=customer.name)
        if uow.mandates.get(company_id, mandate.reference) is not None:
            raise Conflict(Refusal.EXISTS_ALREADY, thing="mandate", key=mandate.reference)
        stored = uow.mandates.add(company_id, customer.id, mandate)
        audit.record(uow, actor=actor, at=at, action="mandate.add", company_id=company_id,
                     customer_ids=[customer.id], subject=mandate.reference,
                     details=f"{scheme.value}; {mandate.iban}; signed {signed_on}; "
                     f"one-off {one_off}; pre_notification_days "
                     f"{pre_notification_days}")  # fmt: skip
        uow.commit()
    return stored


def set_mandate(
    uow: DirectDebitUnitOfWork,
    company: Company,
    reference: str,
    *,
    final: bool | None = None,
    pre_notification_days: int | None = None,
    actor: str,
    at: datetime,
) -> Mandate:
    """Mark a mandate last (its next collection ends it: FNAL) or not, or record the
    pre-notification period the debtor agreed to; what is not given stays. Audited as
    `mandate.set`."""
    company_id = company_id_of(company)
    with uow:
        mandate = uow.mandates.get(company_id, reference)
        if mandate is None:
            raise NotFound(Refusal.NOT_FOUND, thing="mandate", key=reference)
        if mandate.is_used:
            raise RuleViolation(Refusal.MANDATE_USED_UP, mandate=reference,
                                on=mandate.completed_on or date.min)  # fmt: skip
        changed = replace(
            mandate,
            final=mandate.final if final is None else final,
            pre_notification_days=(
                mandate.pre_notification_days
                if pre_notification_days is None
                else pre_notification_days
            ),
        )
        uow.mandates.update_terms(company_id, changed)
        _audit_mandate(uow, changed, company_id, actor=actor, at=at, action="mandate.set",
                       details=f"final={changed.final}, pre_notification_days="
                       f"{changed.pre_notification_days}")  # fmt: skip
        uow.commit()
    return changed


def list_mandates(uow: DirectDebitUnitOfWork, company: Company) -> list[Mandate]:
    with uow:
        return uow.mandates.for_company(company_id_of(company))


def list_collections(
    uow: DirectDebitUnitOfWork,
    company: Company,
    *,
    zone: tzinfo,
    on: date | None = None,
    statuses: Sequence[CollectionStatus] = (),
) -> list[PlannedCollection]:
    """The planned collections (of a date, of some statuses) with their notices; a
    notice's sending day is the business day in `zone`."""
    with uow:
        return uow.debit_collections.search(
            company_id_of(company), zone=zone, on=on, statuses=statuses
        )


def revoke_mandate(
    uow: DirectDebitUnitOfWork,
    company: Company,
    reference: str,
    *,
    on: date,
    actor: str,
    at: datetime,
) -> None:
    """No collection under the mandate from `on`; audited as `mandate.revoke`."""
    company_id = company_id_of(company)
    with uow:
        mandate = uow.mandates.get(company_id, reference)
        if mandate is None:
            raise NotFound(Refusal.NOT_FOUND, thing="mandate", key=reference)
        if on < mandate.signed_on:
            raise RuleViolation(Refusal.MANDATE_SIGNED_ON, mandate=reference, on=mandate.signed_on)
        uow.mandates.revoke(company_id, mandate.reference, on)
        _audit_mandate(uow, mandate, company_id, actor=actor, at=at, action="mandate.revoke",
                       details=f"revoked as of {on}")  # fmt: skip
        uow.commit()


def _audit_mandate(
    uow: DirectDebitUnitOfWork,
    mandate: Mandate,
    company_id: int,
    *,
    actor: str,
    at: datetime,
    action: str,
    details: str,
) -> None:
    """An entry on the timeline of the mandate's customer."""
    customer = uow.customers.get(company_id, mandate.customer_number)
    audit.record(uow, actor=actor, at=at, action=action, company_id=company_id,
                 customer_ids=[None if customer is None else customer.id],
                 subject=mandate.reference, details=details)  # fmt: skip


def creditor_of(company: Company, creditor_id: str | None, *, iban: str | None = None) -> Creditor:
    """The company as creditor: its account (the first, or the one named) with its BIC,
    and its creditor identifier (the one given, else the company's own)."""
    creditor_id = creditor_id or company.creditor_id
    if not creditor_id:
        raise RuleViolation(Refusal.NO_CREDITOR_ID, company=company.code)
    accounts = [a for a in company.bank_accounts if iban is None or a.iban == iban]
    if not accounts:
        if iban:
            raise RuleViolation(Refusal.NO_ACCOUNT_TO_COLLECT_ON, company=company.code, iban=iban)
        raise RuleViolation(Refusal.COMPANY_NO_ACCOUNT, company=company.code)
    account = accounts[0]
    bic = account.bic or bank_bic(account.iban)
    if bic is None:
        raise RuleViolation(Refusal.BIC_UNKNOWN, iban=account.iban)
    return Creditor(company.name, account.iban, bic, creditor_id)
