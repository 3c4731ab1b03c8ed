"""An invoice's copy (S3-9): the stored PDF when there is one, else a copy drawn up from
the invoice data, as the letters attach it; and e-mailing it to the customer again.

Re-sending goes through the outbox like every message, so it is sent exactly once:
its idempotency key carries the form's own key, so a double click or a retried request
finds the message already queued (or sent) and sends nothing twice. The contact log
entry is written in the transaction that marks the message sent (`on_sent`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.collection import delivery as sending
from tijdig.services.collection.messages import email_of
from tijdig.services.outbox import (
    Attachment,
    DeliveryChannel,
    Mailer,
    OutboxEntry,
    OutboxStatus,
    OutboxUnitOfWork,
)
from tijdig.services.records.ports import ContactLog

PDF = "application/pdf"
KEY_LENGTH = range(16, 65)
TEXTS = {
    "nl": (
        "Kopie factuur {number}",
        "Geachte heer, mevrouw,\n\nOp uw verzoek sturen wij u hierbij een kopie van factuur "
        "{number} van {issued}.\n\nMet vriendelijke groet,\n{company}\n",
    ),
    "en": (
        "Copy of invoice {number}",
        "Dear Sir or Madam,\n\nAs requested, please find attached a copy of invoice {number} "
        "of {issued}.\n\nKind regards,\n{company}\n",
    ),
    "fr": (
        "Copie de la facture {number}",
        "Madame, Monsieur,\n\nÀ votre demande, vous trouverez ci-joint une copie de la facture "
        "{number} du {issued}.\n\nVeuillez agréer, Madame, Monsieur, nos salutations "
        "distinguées.\n{company}\n",
    ),
}


class CopyRenderer(Protocol):
    def invoice_copy(self, company: Company, customer: Customer, invoice: Invoice) -> bytes: ...


class InvoiceLookup(Protocol):
    def invoice(self, company_id: int, customer_id: int, number: str) -> Invoice | None: ...


class CopyUnitOfWork(OutboxUnitOfWork, AuditedUnitOfWork, Protocol):
    @property
    def contact_log(self) -> ContactLog: ...


@dataclass(frozen=True, slots=True)
class InvoiceCopy:
    customer: Customer
    invoice: Invoice
    filename: str
    content: bytes
    stored: bool  # the original PDF as imported, not one drawn up from the data


@dataclass(frozen=True, slots=True)
class Resent:
    copy: InvoiceCopy
    recipient: str
    status: OutboxStatus
    error: str | None = None
    again: bool = False  # this form had been sent before: nothing was sent twice


def filename_for(invoice: Invoice) -> str:
    prefix = "credit-note" if invoice.is_credit else "invoice"
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in invoice.number)
    return f"{prefix}-{safe}.pdf"


def invoice_copy(
    uow: CopyUnitOfWork,
    lookup: InvoiceLookup,
    renderer: CopyRenderer,
    company: Company,
    customer_number: str,
    invoice_number: str,
) -> InvoiceCopy:
    """The copy of one of the customer's invoices; NotFound for anything not theirs."""
    if company.id is None:
        raise NotFound(Refusal.COMPANY_NOT_STORED, company=company.code)
    with uow:
        customer = uow.customers.get(company.id, customer_number)
        if customer is None or customer.id is None:
            raise NotFound(Refusal.NOT_FOUND_AT, company=company.code, thing="customer",
                           key=customer_number)  # fmt: skip
        invoice = lookup.invoice(company.id, customer.id, invoice_number)
        if invoice is None or invoice.id is None:
            raise NotFound(Refusal.NO_INVOICE_OF_CUSTOMER, customer=customer_number,
                           invoice=invoice_number)  # fmt: skip
        stored = uow.invoices.copies([invoice.id]).get(invoice.id)
        invoice = replace(invoice, lines=uow.invoices.lines([invoice.id]).get(invoice.id, ()))
    content = stored if stored is not None else renderer.invoice_copy(company, customer, invoice)
    return InvoiceCopy(customer, invoice, filename_for(invoice), content, stored is not None)


def resend_copy(
    uow_factory: Callable[[], CopyUnitOfWork],
    lookup: InvoiceLookup,
    renderer: CopyRenderer,
    mailer: Mailer,
    company: Company,
    customer_number: str,
    invoice_number: str,
    *,
    form_key: str,
    by: str,
    actor: str,
    now: datetime,
    policy: sending.RetryPolicy = sending.RetryPolicy(),
) -> Resent:
    """E-mail the copy to the customer's billing address now, once per form. Audited as
    `invoice.copy_resent` with what became of it, in the transaction that reads the
    outcome (the send itself spans the outbox's own transactions); a repeat of the same
    form writes nothing."""
    if len(form_key) not in KEY_LENGTH or not form_key.replace("-", "").replace("_", "").isalnum():
        raise InvalidValue("form_key", Refusal.FORM_KEY)
    copy = invoice_copy(uow_factory(), lookup, renderer, company, customer_number, invoice_number)
    recipient = email_of(copy.customer)
    if not recipient:
        raise RuleViolation(Refusal.NO_EMAIL_FOR_INVOICES, customer=customer_number)
    outbox_id = _enqueue(uow_factory, company, copy, recipient, form_key, now)
    with uow_factory() as uow:
        claim = uow.outbox.claim(outbox_id, now=now, lease_until=now + policy.lease)
        uow.commit()
    if claim is None:  # queued or sent by an earlier request with this form
        return _result(uow_factory, copy, outbox_id, again=True)
    report = sending.SendReport()
    sending.deliver_one(  # one message now, with the outbox's exactly-once states
        uow_factory, mailer, claim, now, policy, _log_sent(by, copy), report
    )
    with uow_factory() as uow:
        entry = uow.outbox.get(outbox_id)
        assert entry is not None
        audit.record(
            uow,
            actor=actor,
            at=now,
            action="invoice.copy_resent",
            company_id=company.id,
            customer_ids=[copy.customer.id],
            subject=f"invoice {copy.invoice.number}",
            details=f"to {entry.recipient}: {entry.status.value}"
            + (f" ({entry.last_error})" if entry.last_error else ""),
        )
        uow.commit()
    return Resent(copy, entry.recipient, entry.status, entry.last_error, again=False)


def _enqueue(
    uow_factory: Callable[[], CopyUnitOfWork],
    company: Company,
    copy: InvoiceCopy,
    recipient: str,
    form_key: str,
    now: datetime,
) -> int:
    assert company.id is not None and copy.invoice.id is not None
    subject, text = TEXTS.get(copy.customer.language.value, TEXTS["nl"])
    values = {"number": copy.invoice.number, "issued": _day(copy.invoice.issue_date),
              "company": company.name}  # fmt: skip
    with uow_factory() as uow:
        outbox_id = uow.outbox.enqueue(
            key=f"invoice-copy-{copy.invoice.id}-{form_key}", company_id=company.id,
            channel=DeliveryChannel.EMAIL, recipient=recipient, subject=subject.format(**values),
            text=text.format(**values), attachments=(Attachment(copy.filename, PDF, copy.content),),
            customer_id=copy.customer.id, created_at=now,
        )  # fmt: skip
        uow.commit()
    return outbox_id


def _day(day: date) -> str:
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def _log_sent(by: str, copy: InvoiceCopy) -> Callable[[CopyUnitOfWork, OutboxEntry], None]:
    """The contact log entry, written in the transaction that marks the message sent."""

    def on_sent(uow: CopyUnitOfWork, entry: OutboxEntry) -> None:
        if entry.customer_id is None or entry.sent_at is None:
            return
        event = ContactEvent(
            customer_number=copy.customer.number, kind=ContactKind.EMAIL_SENT,
            occurred_at=entry.sent_at,
            summary=reason(Code.INVOICE_COPY_SENT, invoice=copy.invoice.number,
                           recipient=entry.recipient),
            by=by,
        )  # fmt: skip
        uow.contact_log.add(entry.company_id, entry.customer_id, event)

    return on_sent


def _result(
    uow_factory: Callable[[], CopyUnitOfWork], copy: InvoiceCopy, outbox_id: int, *, again: bool
) -> Resent:
    with uow_factory() as uow:
        entry = uow.outbox.get(outbox_id)
    assert entry is not None
    return Resent(copy, entry.recipient, entry.status, entry.last_error, again)
