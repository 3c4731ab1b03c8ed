"""Disputes (S3-2): opening one holds its invoice, and only that invoice, until it is
resolved; and the open disputes a page at a time (the workspace's disputes page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tijdig.domain.collection.records import Dispute, ReasonCode
from tijdig.domain.errors import Conflict, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.read_models.lists import Sort
from tijdig.services.records.ports import OpenDispute, RecordsUnitOfWork, company_id_of


def hold_invoice(
    uow: RecordsUnitOfWork, company_id: int, dispute: Dispute, owner: int | None
) -> int:
    """Open the dispute in the caller's transaction; the customer whose invoice it holds.
    `owner`: the customer the invoice must belong to (a contact's outcome)."""
    number = dispute.invoice_number
    refs = uow.disputes.invoices_numbered(company_id, number)
    invoices = [r for r in refs if r.kind == "invoice"]
    if not refs:
        raise NotFound(Refusal.NOT_FOUND, thing="invoice", key=number)
    if not invoices:
        raise RuleViolation(Refusal.CREDIT_NOTE_DISPUTED, invoice=number)
    ref = invoices[0]
    if owner is not None and ref.customer_id != owner:
        raise RuleViolation(
            Refusal.BELONGS_TO_CUSTOMER, invoice=number, customer=ref.customer_number
        )
    existing = uow.disputes.open_for(company_id, [ref.invoice_id]).get(ref.invoice_id)
    if existing is not None:
        raise Conflict(Refusal.DISPUTED_ALREADY, invoice=number, since=existing.opened_on)
    uow.disputes.open(company_id, ref.invoice_id, dispute)
    return ref.customer_id


def audit_opened(
    uow: RecordsUnitOfWork,
    company_id: int,
    customer_id: int,
    dispute: Dispute,
    *,
    actor: str,
    at: datetime,
) -> None:
    """The `dispute.open` entry, in the caller's transaction."""
    details = dispute.reason.value + (f": {dispute.note}" if dispute.note else "")
    audit.record(uow, actor=actor, at=at, action="dispute.open", company_id=company_id,
                 customer_ids=[customer_id], subject=f"invoice {dispute.invoice_number}",
                 details=details)  # fmt: skip


def open_dispute(
    uow: RecordsUnitOfWork,
    company: Company,
    invoice_number: str,
    reason: ReasonCode,
    *,
    note: str = "",
    as_of: date,
    actor: str,
    at: datetime,
) -> Dispute:
    """Hold this invoice, and only this one (S3-2), until the dispute is resolved;
    opened on `as_of`. Audited as `dispute.open` for the invoice's customer."""
    dispute = Dispute(invoice_number, reason, as_of, note)
    company_id = company_id_of(company)
    with uow:
        customer_id = hold_invoice(uow, company_id, dispute, None)
        audit_opened(uow, company_id, customer_id, dispute, actor=actor, at=at)
        uow.commit()
    return dispute


def resolve_dispute(
    uow: RecordsUnitOfWork,
    company: Company,
    invoice_number: str | None = None,
    *,
    dispute_id: int | None = None,
    as_of: date,
    actor: str,
    at: datetime,
) -> Dispute:
    """Resolve the open dispute on an invoice (by number, or by the dispute's id):
    collection of the invoice resumes as of `as_of`. Audited as `dispute.resolve`."""
    company_id = company_id_of(company)
    with uow:
        if dispute_id is not None:
            found = uow.worklists.dispute(company_id, dispute_id)
            if found is None:
                raise NotFound(Refusal.NOT_FOUND_AT, thing="dispute", key=dispute_id,
                               company=company.code)  # fmt: skip
            if found.resolved_on is not None:
                raise RuleViolation(Refusal.DISPUTE_RESOLVED, invoice=found.invoice_number,
                                    on=found.resolved_on)  # fmt: skip
            invoice_number = found.invoice_number
        if invoice_number is None:
            raise NotFound(Refusal.NO_DISPUTE_NAMED)
        refs = uow.disputes.invoices_numbered(company_id, invoice_number)
        held = uow.disputes.open_for(company_id, [r.invoice_id for r in refs])
        if not held:
            raise NotFound(Refusal.NO_OPEN_DISPUTE, invoice=invoice_number)
        [(invoice_id, dispute)] = held.items()
        if as_of < dispute.opened_on:
            raise RuleViolation(Refusal.DISPUTE_OPENED_AFTER, opened=dispute.opened_on, day=as_of)
        uow.disputes.resolve(company_id, invoice_id, as_of)
        customer_ids = [r.customer_id for r in refs if r.invoice_id == invoice_id]
        audit.record(uow, actor=actor, at=at, action="dispute.resolve", company_id=company_id,
                     customer_ids=customer_ids, subject=f"invoice {invoice_number}",
                     details=f"resolved on {as_of}")  # fmt: skip
        uow.commit()
    return Dispute(dispute.invoice_number, dispute.reason, dispute.opened_on, dispute.note, as_of)


@dataclass(frozen=True, slots=True)
class DisputesPage:
    total: int
    disputes: tuple[OpenDispute, ...]


def open_disputes(
    uow: RecordsUnitOfWork,
    company: Company,
    *,
    reason: ReasonCode | None = None,
    offset: int,
    limit: int | None,
    sort: Sort | None = None,
) -> DisputesPage:
    """The unresolved disputes, oldest first unless sorted otherwise, a page at a time
    (every one without a `limit`: the export). Writes nothing."""
    with uow:
        total, found = uow.worklists.open_disputes(
            company_id_of(company), reason=reason, offset=offset, limit=limit, sort=sort
        )
    return DisputesPage(total, tuple(found))
