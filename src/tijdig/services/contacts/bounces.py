"""What a bounce does (S2-1), for the mailbox fetcher to call with what the delivery
status notification (RFC 3464) said.

- Every bounce is counted for the address and written to the customer's timeline (the
  contact log) and the audit log (`contact.bounce`).
- A hard bounce (5.x.x) makes the address undeliverable: every message from then on
  passes it over as if it were missing (`domain/contact_quality.deliverable_email`), so
  the next accounts-payable contact, the customer's own address, or else a letter takes
  over. Its first hard bounce makes a task to find a good address.
- A soft bounce (4.x.x) is only counted: the mail server that sent it keeps trying on
  its own, and Tijdig's outbox holds no message it handed over, so nothing is retried here.
- A legal notice (the 14-day letter, a first reminder, a mise en demeure) that bounced
  for good counts as not received: the steps and claims its message recorded are
  forgotten, so no term runs and no costs follow from it, and it is approved again in
  its run to go by post (`StoredProposal.channel`). `tijdig send` works it out for the
  day it goes, with the legal term counted from that day by post (engine/at_send.py,
  engine/deadline.py), and the costs' term follows from the letter actually sent.

Nothing here reads the clock: `at` is the moment the bounce was read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from tijdig.domain.collection.policy import LegalNotice, StepChannel
from tijdig.domain.collection.records import ContactEvent, ContactKind, Task, TaskKind
from tijdig.domain.collection.run_items import RunItemStatus
from tijdig.domain.contact_quality import address_key, deliverable_email
from tijdig.domain.parties import Company, ContactRole, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.services import audit
from tijdig.services.collection.payload import MessagePayload
from tijdig.services.collection.run import CollectionUnitOfWork, policies_for
from tijdig.services.contacts.ports import BouncedNotices, ContactQuality, SentMessage
from tijdig.services.records.ports import RecordsUnitOfWork, company_id_of

SYSTEM = "Tijdig"  # who logged it in the contact log: the system, not a person


class BounceUnitOfWork(RecordsUnitOfWork, CollectionUnitOfWork, Protocol):
    @property
    def contact_quality(self) -> ContactQuality: ...
    @property
    def bounced_notices(self) -> BouncedNotices: ...


@dataclass(frozen=True, slots=True)
class CustomerBounced:
    """What one bounce did for one customer."""

    customer_number: str
    undeliverable: bool
    writes_to: str | None  # the address messages go to now; None: by post
    task_added: bool
    resent_item_id: int | None = None  # a legal notice approved again, by post


@dataclass(frozen=True, slots=True)
class BounceRecorded:
    address: str
    hard: bool
    customers: tuple[CustomerBounced, ...]  # empty: the address is no customer's


def message_key(message_id: str) -> str:
    """The outbox key of a Message-ID Tijdig wrote (`<key@domain>`, adapters/mail)."""
    return message_id.strip().strip("<>").partition("@")[0]


def record_bounce(
    uow: BounceUnitOfWork,
    company: Company,
    *,
    address: str,
    hard: bool,
    sent_message_id: str | None,
    diagnostic: str,
    actor: str,
    at: datetime,
) -> BounceRecorded:
    """Record a bounce of `address` (see the module's docstring), in its own transaction."""
    with uow:
        done = apply_bounce(uow, company, address=address, hard=hard,
                            sent_message_id=sent_message_id, diagnostic=diagnostic,
                            actor=actor, at=at)  # fmt: skip
        uow.commit()
    return done


def apply_bounce(
    uow: BounceUnitOfWork,
    company: Company,
    *,
    address: str,
    hard: bool,
    sent_message_id: str | None,
    diagnostic: str,
    actor: str,
    at: datetime,
) -> BounceRecorded:
    """`record_bounce` inside a unit of work already open, which the caller commits (the
    mailbox fetcher keeps the bounce's message in the same transaction). The customer is
    the one the bounced message (`sent_message_id`, its Message-ID) went to, else every
    customer of the company written to at the address; none: nothing is written."""
    company_id = company_id_of(company)
    sent = None
    if sent_message_id:
        sent = uow.bounced_notices.sent_message(company_id, message_key(sent_message_id))
    numbers = [sent.customer_number] if sent and sent.customer_number else []
    numbers = numbers or list(uow.contact_quality.customers_with_email(company_id, address))
    done = []
    for number in numbers:
        customer = uow.customers.get(company_id, number)
        if customer is None or customer.id is None:
            continue
        done.append(_bounced(uow, company, customer, address, hard, sent, diagnostic,
                             actor=actor, at=at))  # fmt: skip
    return BounceRecorded(address_key(address), hard, tuple(done))


def _bounced(
    uow: BounceUnitOfWork,
    company: Company,
    customer: Customer,
    address: str,
    hard: bool,
    sent: SentMessage | None,
    diagnostic: str,
    *,
    actor: str,
    at: datetime,
) -> CustomerBounced:
    company_id = company_id_of(company)
    assert customer.id is not None
    state = uow.contact_quality.record_bounce(company_id, customer.id, address, hard=hard,
                                              at=at, diagnostic=diagnostic)  # fmt: skip
    said = (
        reason(Code.BOUNCE_HARD, address=state.address) if hard
        else reason(Code.BOUNCE_SOFT, address=state.address, count=state.soft_bounces)
    )  # fmt: skip
    event = ContactEvent(customer.number, ContactKind.NOTE, at, said, by=SYSTEM,
                         outcome=" ".join(diagnostic.split())[:300])  # fmt: skip
    uow.contact_log.add(company_id, customer.id, event)
    first_hard = hard and state.hard_bounces == 1
    if first_hard:
        title = reason(Code.TASK_FIND_ADDRESS, customer=customer.name, address=state.address)
        task = Task(customer.number, TaskKind.FOLLOW_UP, at.date(), title,
                    contact_role=ContactRole.ACCOUNTS_PAYABLE.value, reasons=(said,))  # fmt: skip
        uow.tasks.add(company_id, customer.id, task)
    now = replace(customer, undeliverable=customer.undeliverable | {state.address}) if hard \
        else customer  # fmt: skip
    resent = None
    if hard and sent is not None and sent.channel == StepChannel.EMAIL.value:
        resent = _resend_notice(uow, company, customer, sent, actor=actor, at=at)
    kind = "hard" if hard else "soft"
    audit.record(uow, actor=actor, at=at, action="contact.bounce", company_id=company_id,
                 customer_ids=[customer.id], subject=f"customer {customer.number}",
                 details=f"{kind} bounce of {state.address}: hard {state.hard_bounces}, "
                         f"soft {state.soft_bounces}"
                         + (f"; legal notice sent again by post (item {resent})"
                            if resent else ""))  # fmt: skip
    return CustomerBounced(customer.number, state.is_undeliverable, deliverable_email(now),
                           first_hard, resent)  # fmt: skip


def _resend_notice(
    uow: BounceUnitOfWork,
    company: Company,
    customer: Customer,
    sent: SentMessage,
    *,
    actor: str,
    at: datetime,
) -> int | None:
    """A legal notice's message that bounced: forget what it recorded and approve it
    again in its run, by post; the new item's id. None: it was no legal notice."""
    company_id = company_id_of(company)
    item = None if sent.run_item_id is None else uow.runs.item(sent.run_item_id)
    if item is None or item.status is not RunItemStatus.SENT:
        return None
    payload = item.payload
    if not isinstance(payload, MessagePayload):
        return None
    stored = payload.sent
    policies = policies_for(uow, company)[1]
    policy = policies.policy(stored.policy_code)
    step = policy.steps[policy.index_of(stored.step_key)]
    if step.legal_notice is LegalNotice.NONE:
        return None
    uow.bounced_notices.forget_steps(company_id, item.id)
    again = replace(stored, channel=StepChannel.LETTER, deadline=None)
    new_id = uow.bounced_notices.add_resend(item.id, MessagePayload(again),
                                            channel=StepChannel.LETTER.value, at=at)  # fmt: skip
    sent_on = (sent.sent_at or at).date()
    said = reason(Code.NOTICE_BOUNCED, step=step.key, sent=sent_on)
    uow.runs.note(item.id, (said,))
    assert customer.id is not None
    event = ContactEvent(customer.number, ContactKind.NOTE, at, said, by=SYSTEM)
    uow.contact_log.add(company_id, customer.id, event)
    audit.record(uow, actor=actor, at=at, action="message.bounce_resend",
                 company_id=company_id,
                 customer_ids=[customer.id], subject=f"run item {item.id}",
                 details=f"{step.key} of {sent_on} not received: "
                         f"item {new_id} by post")  # fmt: skip
    return new_id
