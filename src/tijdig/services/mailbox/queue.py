"""The "not linked" queue: messages read that no token, thread or sender linked to a
customer wait here until a person links them (`tijdig mail link`); and a customer's
messages read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.mailbox import MailKind
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.mailbox.inbox_ports import InboxUnitOfWork
from tijdig.services.mailbox.ports import MailUnitOfWork, StoredMail


def _company_id(company: Company) -> int:
    if company.id is None:
        raise NotFound(Refusal.COMPANY_NOT_STORED, company=company.code)
    return company.id


def not_linked(uow: MailUnitOfWork, company: Company) -> list[StoredMail]:
    """The messages waiting for a person, oldest first; reads only."""
    with uow:
        return uow.mail.unlinked(_company_id(company))


def link_by_hand(
    uow_factory: Callable[[], InboxUnitOfWork],
    company: Company,
    mail_id: int,
    customer_number: str,
    *,
    actor: str,
    at: datetime,
) -> StoredMail:
    """Link a message of the queue to a customer; one linked already is refused (a wrong
        link is not silently moved); the message joins the customer's timeline (a reply that
    waits for a person then holds the customer, as one linked when read). Audited as
    `mail.link` for that customer."""
    company_id = _company_id(company)
    with uow_factory() as uow:
        mail = uow.mail.get(company_id, mail_id)
        if mail is None:
            raise NotFound(Refusal.NOT_FOUND_AT, thing="message read", key=mail_id,
                           company=company.code)  # fmt: skip
        if mail.customer_number is not None:
            raise RuleViolation(Refusal.MAIL_LINKED_ALREADY, message=mail_id,
                                customer=mail.customer_number)  # fmt: skip
        customer = uow.customers.get(company_id, customer_number)
        if customer is None or customer.id is None:
            raise NotFound(Refusal.NOT_FOUND_AT, thing="customer", key=customer_number,
                           company=company.code)  # fmt: skip
        uow.mail.link(company_id, mail_id, customer.id, by=actor, at=at)
        if mail.kind is not MailKind.BOUNCE:  # a reply in the customer's timeline now
            code = Code.REPLY_RECEIVED if mail.kind is MailKind.REPLY \
                else Code.AUTO_REPLY_RECEIVED  # fmt: skip
            subject = " ".join(mail.subject.split())[:200]
            event = ContactEvent(customer.number, ContactKind.NOTE, mail.sent_at or at,
                                 reason(code, subject=subject), by=actor,
                                 with_whom=mail.from_address)  # fmt: skip
            uow.contact_log.add(company_id, customer.id, event)
        audit.record(uow, actor=actor, at=at, action="mail.link", company_id=company_id,
                     customer_ids=[customer.id], subject=f"message read {mail_id}",
                     details="linked by hand")  # fmt: skip
        linked = uow.mail.get(company_id, mail_id)
        uow.commit()
    assert linked is not None
    return linked
