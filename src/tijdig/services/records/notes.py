"""Internal notes (S3-2): before contact, other departments' open complaints, pending
deliveries and extra work are visible, and they hold the reminders. A note on a
customer holds the customer; a note on an invoice holds that invoice. It holds from
the day it is added until a person closes it or its end date (`until`) has passed;
the run reads it from the customer state (engine/checks.py). Adding and closing are
audited (`note.add`, `note.close`) and written to the customer's contact log."""

from __future__ import annotations

from datetime import date, datetime

from tijdig.domain.collection.internal import (
    MAX_NOTE_TEXT,
    Department,
    InternalNote,
    NoteKind,
)
from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.records.case_ports import CasesUnitOfWork
from tijdig.services.records.ports import company_id_of, customer_of

INVOICE = "invoice"


def _text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidValue("text", Refusal.NOTE_NEEDS_TEXT)
    if len(cleaned) > MAX_NOTE_TEXT:
        raise InvalidValue("text", Refusal.AT_MOST_CHARACTERS, length=MAX_NOTE_TEXT)
    return cleaned


def _log(
    uow: CasesUnitOfWork, company_id: int, customer_id: int, note: InternalNote, code: Code,
    actor: str, at: datetime,
) -> None:  # fmt: skip
    said = reason(code, department=note.department.value, note_kind=note.kind.value)
    event = ContactEvent(note.customer_number, ContactKind.NOTE, at, said, by=actor,
                         outcome=note.text if code is Code.NOTE_ADDED else "")  # fmt: skip
    uow.contact_log.add(company_id, customer_id, event)


def add_note(
    uow: CasesUnitOfWork,
    company: Company,
    customer_number: str,
    *,
    department: Department,
    kind: NoteKind,
    text: str,
    invoice_number: str | None = None,
    until: date | None = None,
    as_of: date,
    actor: str,
    at: datetime,
) -> InternalNote:
    """Register another department's note on a customer (or one invoice of theirs),
    holding from `as_of`. Audited as `note.add`."""
    company_id = company_id_of(company)
    cleaned = _text(text)
    if until is not None and until < as_of:
        raise InvalidValue("until", Refusal.NOTE_UNTIL_BEFORE, until=until, opened=as_of)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        invoice_id = None
        if invoice_number is not None:
            item = uow.dispute_cases.item(company_id, INVOICE, invoice_number)
            if item is None:
                raise NotFound(Refusal.NOT_FOUND, thing="invoice", key=invoice_number)
            if item.customer_id != customer.id:
                raise RuleViolation(Refusal.BELONGS_TO_CUSTOMER, invoice=invoice_number,
                                    customer=item.customer_number)  # fmt: skip
            invoice_id = item.id
        note = InternalNote(customer.number, department, kind, cleaned, as_of, invoice_number,
                            until)  # fmt: skip
        note_id = uow.notes.add(company_id, customer.id, invoice_id, note, by=actor)
        _log(uow, company_id, customer.id, note, Code.NOTE_ADDED, actor, at)
        scope = f"invoice {invoice_number}" if invoice_number else f"customer {customer.number}"
        audit.record(uow, actor=actor, at=at, action="note.add", company_id=company_id,
                     customer_ids=[customer.id], subject=f"note {note_id}",
                     details=f"{department.value} {kind.value} on {scope}"
                             + (f" until {until}" if until else ""))  # fmt: skip
        uow.commit()
    return InternalNote(note.customer_number, department, kind, cleaned, as_of, invoice_number,
                        until, None, note_id)  # fmt: skip


def close_note(
    uow: CasesUnitOfWork,
    company: Company,
    note_id: int,
    *,
    as_of: date,
    actor: str,
    at: datetime,
) -> InternalNote:
    """Close the note as of `as_of`: from that day it holds nothing. Audited as
    `note.close`."""
    company_id = company_id_of(company)
    with uow:
        found = uow.notes.get(company_id, note_id)
        if found is None:
            raise NotFound(Refusal.NOT_FOUND_AT, thing="internal note", key=note_id,
                           company=company.code)  # fmt: skip
        customer_id, note = found
        if note.closed_on is not None:
            raise Conflict(Refusal.NOTE_CLOSED, note=note_id, on=note.closed_on)
        if as_of < note.opened_on:
            raise RuleViolation(Refusal.BEFORE, day=as_of, first=note.opened_on)
        uow.notes.close(company_id, note_id, as_of)
        _log(uow, company_id, customer_id, note, Code.NOTE_CLOSED, actor, at)
        audit.record(uow, actor=actor, at=at, action="note.close", company_id=company_id,
                     customer_ids=[customer_id], subject=f"note {note_id}",
                     details=f"closed on {as_of}")  # fmt: skip
        uow.commit()
    return InternalNote(
        note.customer_number, note.department, note.kind, note.text, note.opened_on,
        note.invoice_number, note.until, as_of, note_id,
    )  # fmt: skip


def list_notes(
    uow: CasesUnitOfWork,
    company: Company,
    *,
    customer_number: str | None = None,
    holding_on: date | None = None,
) -> list[InternalNote]:
    """The company's notes (of one customer), the latest first; only those holding on
    `holding_on` when given. Writes nothing."""
    company_id = company_id_of(company)
    with uow:
        found = None if customer_number is None else customer_of(uow, company_id, customer_number)
        customer_id = None if found is None else found.id
        return uow.notes.listed(company_id, customer_id=customer_id, open_on=holding_on)
