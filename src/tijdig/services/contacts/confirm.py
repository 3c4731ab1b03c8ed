"""The customer confirms or corrects its contact details in the debtor portal (S2-1).

The portal shows the address collection writes to and the phone number; the customer
confirms them as they are, or gives another e-mail address or phone. A correction is
validated (email-validator, phonenumbers: a phone without + is read in the customer's
country) and put where the old value was written (a contact's address or the
customer's own). Either way the day is recorded as the confirmation
(`contact_confirmed_on`), the contact log has it (the timeline) and the audit log
(`portal.contact_confirm`). A new address is a new one: no bounce of the old one
applies to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.contact_quality import address_key
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.domain.validation import validate_email, validate_phone
from tijdig.services import audit
from tijdig.services.collection.messages import email_of
from tijdig.services.contacts.ports import ContactQuality
from tijdig.services.portal import PORTAL_ACTOR
from tijdig.services.records.ports import RecordsUnitOfWork, company_id_of, customer_of


class ConfirmUnitOfWork(RecordsUnitOfWork, Protocol):
    @property
    def contact_quality(self) -> ContactQuality: ...


@dataclass(frozen=True, slots=True)
class Confirmed:
    email: str | None
    phone: str | None
    changes: tuple[str, ...]  # "email", "phone": what the customer corrected


def shown_email(customer: Customer) -> str | None:
    """The address the portal shows to confirm: the one collection writes to, else the
    first that bounced (so the customer sees what to correct)."""
    if email_of(customer):
        return email_of(customer)
    return next((c.email for c in customer.contacts if c.email), customer.email)


@dataclass(frozen=True, slots=True)
class ContactDetails:
    """What the portal shows the customer to confirm."""

    email: str | None
    phone: str | None
    confirmed_on: date | None
    undeliverable: bool  # the address shown bounced: the customer is asked for another


def contact_details(
    uow: ConfirmUnitOfWork, company: Company, customer_number: str
) -> ContactDetails:
    """The customer's e-mail and phone as the portal shows them (a read)."""
    with uow:
        customer = customer_of(uow, company_id_of(company), customer_number)
    email = shown_email(customer)
    bounced = email is not None and address_key(email) in customer.undeliverable
    return ContactDetails(email, customer.phone, customer.contact_confirmed_on, bounced)


def undeliverable_since(
    uow: ConfirmUnitOfWork, company: Company, customer_number: str
) -> dict[str, date]:
    """The customer's addresses that bounced for good (lower case, as `address_key`
    gives them), each with the day of its first hard bounce; a read."""
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
        assert customer.id is not None
        states = uow.contact_quality.states(company_id, customer.id)
    return {s.address: s.undeliverable_since for s in states
            if s.undeliverable_since is not None}  # fmt: skip


def confirm_contact(
    uow: ConfirmUnitOfWork,
    company: Company,
    customer_number: str,
    *,
    email: str,
    phone: str,
    on: date,
    at: datetime,
) -> Confirmed:
    """Record the customer's confirmation on the day `on`, with the corrections it made
    (a value other than the one shown); a blank field keeps what is there."""
    company_id = company_id_of(company)
    with uow:
        customer = customer_of(uow, company_id, customer_number)
    assert customer.id is not None
    old_email, old_phone = shown_email(customer), customer.phone
    new_email = validate_email(email) if email.strip() else old_email
    new_phone = validate_phone(phone, customer.country) if phone.strip() else old_phone
    email_changed = new_email is not None and address_key(new_email) != address_key(old_email or "")
    phone_changed = new_phone is not None and new_phone != old_phone and not (
        old_phone and _same_phone(old_phone, new_phone, customer.country))  # fmt: skip
    changes = (*(("email",) if email_changed else ()), *(("phone",) if phone_changed else ()))
    with uow:
        if email_changed and new_email is not None:
            uow.contact_quality.replace_email(company_id, customer.id, old_email, new_email)
        if phone_changed and new_phone is not None:
            uow.contact_quality.set_phone(company_id, customer.id, new_phone)
        uow.contact_quality.confirm(company_id, customer.id, on)
        said = (reason(Code.CONTACT_CORRECTED, changes=", ".join(changes)) if changes
                else reason(Code.CONTACT_CONFIRMED))  # fmt: skip
        event = ContactEvent(customer.number, ContactKind.NOTE, at, said, by=PORTAL_ACTOR)
        uow.contact_log.add(company_id, customer.id, event)
        details = "; ".join(
            [f"e-mail {old_email or '-'} -> {new_email}"] * email_changed
            + [f"phone {old_phone or '-'} -> {new_phone}"] * phone_changed
        ) or "confirmed as shown"  # fmt: skip
        audit.record(uow, actor=PORTAL_ACTOR, at=at, action="portal.contact_confirm",
                     company_id=company_id, customer_ids=[customer.id],
                     subject=f"customer {customer.number}", details=details[:2000])  # fmt: skip
        uow.commit()
    return Confirmed(new_email, new_phone, changes)


def _same_phone(old: str, new: str, country: str) -> bool:
    """Whether the stored number (as typed once) is the new one, written otherwise."""
    try:
        return validate_phone(old, country) == new
    except ValueError:
        return False
