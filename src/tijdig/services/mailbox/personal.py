"""A personal e-mail to a customer from the workspace (issue 19): written by a credit
controller, starting from a template (domain/personal_mail.py) filled with the
customer's data, or answering a reply read from the collection mailbox.

- `draft` reads only: the template filled in for the customer (in their language, their
  amounts and days), the address it would go to, and, when it answers a reply, the
  reply and `Re: ` its subject. The web form, the CLI and the API start from it.
- `send_personal` queues the message in the outbox and audits it (`mail.personal`) in
  one transaction, then delivers it at once with the outbox's exactly-once states
  (collection/delivery.py), like an invoice copy sent again. Its idempotency key carries
  the form's own key: a double click, a retried request or a crash finds the message
  queued (or sent) and sends nothing twice; an SMTP outage leaves it queued, to go with
  the next send (its retries, `tijdig send`, the scheduler), so nothing is lost.
- It goes to the customer's address (accounts payable first), passing over one that
  bounced for good, as every sender does; through the same mailer, so with a collection
  mailbox it carries the signed Reply-To and MAIL FROM tokens. Answering a reply it
  carries In-Reply-To and References; its own Message-ID is `<key@domain>`, which the
  fetch recognises (linking.py), so the debtor's answer links back to the customer.
- Whichever send delivers it, the transaction that marks it sent writes it in the
  customer's timeline as a personal e-mail by its writer (`log_personal`): a contact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from tijdig.domain.contact_quality import address_key, customer_emails
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.mailbox import MailKind
from tijdig.domain.parties import Company, Customer
from tijdig.domain.personal_mail import (
    Formats,
    MailTemplate,
    OpenLine,
    answer_subject,
    checked_text,
)
from tijdig.domain.personal_mail import draft as fill_template
from tijdig.domain.refusals import Refusal
from tijdig.services import audit
from tijdig.services.collection import delivery
from tijdig.services.collection.invoice_copies import (
    PDF,
    CopyRenderer,
    InvoiceLookup,
    invoice_copy,
)
from tijdig.services.mailbox.fetch import parse
from tijdig.services.mailbox.inbox_ports import InboxReply, RepliesUnitOfWork
from tijdig.services.mailbox.personal_log import log_personal
from tijdig.services.mailbox.ports import MailUnitOfWork
from tijdig.services.outbox import (
    Attachment,
    DeliveryChannel,
    Mailer,
    OutboxStatus,
    OutboxUnitOfWork,
)
from tijdig.services.records.ports import customer_of

KEY_PREFIX = "personal-"
KEY_LENGTH = range(16, 65)
MAX_ATTACHED = 10  # invoice copies in one e-mail
_MESSAGE_ID = re.compile(r"<[^<>\s\x00-\x1f]{1,900}>")
MAX_REFERENCES = 20  # the newest of a long References chain (RFC 5322 3.6.4)

FormatsFor = Callable[[Customer], Formats]


class PersonalUnitOfWork(OutboxUnitOfWork, MailUnitOfWork, RepliesUnitOfWork, Protocol):
    """Customers, invoices, the outbox, the messages read, the contact log, the audit."""


@dataclass(frozen=True, slots=True)
class Copies:
    """What makes an invoice's copy to attach (collection/invoice_copies.py)."""

    lookup: InvoiceLookup
    renderer: CopyRenderer


@dataclass(frozen=True, slots=True)
class Answering:
    """The reply a personal e-mail answers, and the headers that thread it."""

    reply: InboxReply
    message_id: str | None
    references: tuple[str, ...]

    @property
    def thread(self) -> tuple[str, ...]:
        """References of the answer: the reply's own chain, then the reply itself."""
        chain = [*self.references, *([self.message_id] if self.message_id else [])]
        return tuple(dict.fromkeys(chain))[-MAX_REFERENCES:]


@dataclass(frozen=True, slots=True)
class PersonalDraft:
    customer: Customer
    template: MailTemplate
    subject: str
    body: str
    recipient: str | None  # None: the send would be refused with `refusal`
    refusal: RuleViolation | None
    answering: Answering | None
    open_invoices: tuple[str, ...] = ()  # what can be attached


@dataclass(frozen=True, slots=True)
class PersonalSent:
    outbox_id: int
    key: str
    recipient: str
    subject: str
    status: OutboxStatus
    error: str | None = None
    again: bool = False  # this form had been sent before: nothing was sent twice


def _customer(uow: PersonalUnitOfWork, company: Company, number: str) -> Customer:
    assert company.id is not None
    return customer_of(uow, company.id, number)


def _answering(
    uow: PersonalUnitOfWork, company: Company, customer: Customer, mail_id: int | None
) -> Answering | None:
    """The reply answered: a person's reply linked to this customer."""
    if mail_id is None:
        return None
    assert company.id is not None
    found = uow.replies.reply(company.id, mail_id)
    if found is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="message read", key=mail_id,
                       company=company.code)  # fmt: skip
    if found.kind is not MailKind.REPLY:
        raise RuleViolation(Refusal.MAIL_NOT_A_REPLY, message=mail_id, kind=found.kind.value)
    if found.customer_number != customer.number:
        raise RuleViolation(Refusal.PERSONAL_MAIL_OTHER_CUSTOMER, message=mail_id,
                            customer=customer.number)  # fmt: skip
    raw = uow.replies.raw(company.id, mail_id) or b""
    if not raw:  # erased with its debtor: answered without threading headers
        return Answering(found, None, ())
    headers = parse(raw)
    own = _ids(str(headers.get("message-id", "")))
    return Answering(found, own[0] if own else None, _ids(str(headers.get("references", ""))))


def _ids(text: str) -> tuple[str, ...]:
    """The `<id@host>`s in a header as the debtor's program wrote it: nothing else (no
    line break, no stray text) reaches the headers of our answer."""
    return tuple(_MESSAGE_ID.findall(text))


def recipient_for(customer: Customer) -> str:
    """Accounts payable first, then the customer's own address, passing over one that
    bounced for good; refused when there is none, or when every one bounced."""
    addresses = customer_emails(customer)
    if not addresses:
        raise RuleViolation(Refusal.PERSONAL_MAIL_NO_ADDRESS, customer=customer.number)
    for address in addresses:
        if address_key(address) not in customer.undeliverable:
            return address
    raise RuleViolation(Refusal.PERSONAL_MAIL_UNDELIVERABLE, customer=customer.number,
                        address=", ".join(addresses))  # fmt: skip


def draft(
    uow: PersonalUnitOfWork,
    formats_for: FormatsFor,
    company: Company,
    number: str,
    *,
    template: MailTemplate,
    reply_to: int | None = None,
) -> PersonalDraft:
    """The template filled in for the customer (see the module); reads only. Answering a
    reply, the subject is the reply's with `Re: `."""
    assert company.id is not None
    with uow:
        customer = _customer(uow, company, number)
        answering = _answering(uow, company, customer, reply_to)
        invoices = uow.invoices.search(company.id, customer_id=customer.id, open_only=True)
    lines = [OpenLine(i.number, i.due_date, i.open_amount if i.open_amount is not None
                      else i.total, i.currency) for i in invoices]  # fmt: skip
    filled = fill_template(template, customer.language.value, name=customer.name,
                           number=customer.number, company=company.name, lines=lines,
                           formats=formats_for(customer))  # fmt: skip
    subject = filled.subject
    if answering is not None:
        subject = answer_subject(answering.reply.subject or filled.subject)
    try:
        recipient: str | None = recipient_for(customer)
        refusal = None
    except RuleViolation as refused:
        recipient, refusal = None, refused
    return PersonalDraft(customer, template, subject, filled.body, recipient, refusal, answering,
                         tuple(i.number for i in invoices))  # fmt: skip


def _check_key(form_key: str) -> None:
    if len(form_key) not in KEY_LENGTH or not form_key.replace("-", "").replace("_", "").isalnum():
        raise InvalidValue("form_key", Refusal.FORM_KEY)


def send_personal(
    uow_factory: Callable[[], PersonalUnitOfWork],
    mailer: Mailer,
    company: Company,
    number: str,
    *,
    subject: str,
    body: str,
    template: MailTemplate = MailTemplate.FREE,
    reply_to: int | None = None,
    attach: Sequence[str] = (),
    copies: Copies | None = None,
    form_key: str,
    by: str,
    actor: str,
    now: datetime,
    policy: delivery.RetryPolicy = delivery.RetryPolicy(),
) -> PersonalSent:
    """Queue, audit and send the personal e-mail `by` wrote (see the module), once per
    `form_key`, with the copies of the customer's invoices numbered in `attach` (as the
    invoice copies are made: the stored PDF, else one drawn up; `copies` makes them).
    Refused, with nothing queued: no address, every address bounced, no subject or
    text, a part left to fill in, a reply not this customer's, an invoice not theirs."""
    _check_key(form_key)
    if company.id is None:
        raise NotFound(Refusal.COMPANY_NOT_STORED, company=company.code)
    subject, text = checked_text(subject, body)
    numbers = tuple(dict.fromkeys(n.strip() for n in attach if n.strip()))
    if len(numbers) > MAX_ATTACHED:
        raise InvalidValue("attach", Refusal.PERSONAL_MAIL_TOO_MANY_COPIES, count=MAX_ATTACHED)
    with uow_factory() as uow:
        customer = _customer(uow, company, number)
        key = f"{KEY_PREFIX}{customer.id}-{form_key}"
        known = uow.mail.sent_with_keys(company.id, [key])
    if known is not None:  # this form was sent before: report it, send nothing
        return _result(uow_factory, known[0], again=True)
    files = _attachments(uow_factory, copies, company, number, numbers)
    with uow_factory() as uow:
        customer = _customer(uow, company, number)
        answering = _answering(uow, company, customer, reply_to)
        recipient = recipient_for(customer)
        outbox_id = uow.outbox.enqueue(
            key=key, company_id=company.id, channel=DeliveryChannel.EMAIL,
            recipient=recipient, subject=subject, text=text, customer_id=customer.id,
            created_at=now, written_by=by, attachments=files,
            in_reply_to=answering.message_id if answering else None,
            references=answering.thread if answering else (),
        )  # fmt: skip
        audit.record(uow, actor=actor, at=now, action="mail.personal", company_id=company.id,
                     customer_ids=[customer.id], subject=subject[:200],
                     details=f"to {recipient}; template {template.value}"
                     + (f"; answers message read {reply_to}" if reply_to else "")
                     + (f"; invoice copies {', '.join(numbers)}" if numbers else "")
                     + f"; outbox {outbox_id}")  # fmt: skip
        uow.commit()
    with uow_factory() as uow:
        claim = uow.outbox.claim(outbox_id, now=now, lease_until=now + policy.lease)
        uow.commit()
    if claim is None:  # taken by a send running meanwhile
        return _result(uow_factory, outbox_id, again=False)
    delivery.deliver_one(  # one message now, with the outbox's exactly-once states
        uow_factory, mailer, claim, now, policy, log_personal, delivery.SendReport()
    )
    return _result(uow_factory, outbox_id, again=False)


def _attachments(
    uow_factory: Callable[[], PersonalUnitOfWork],
    copies: Copies | None,
    company: Company,
    number: str,
    numbers: Sequence[str],
) -> tuple[Attachment, ...]:
    """The copies of the invoices named, each the customer's (else NotFound)."""
    if not numbers:
        return ()
    if copies is None:
        raise ValueError("invoice copies to attach, but no way to make them")
    found = [invoice_copy(uow_factory(), copies.lookup, copies.renderer, company, number, n)
             for n in numbers]  # fmt: skip
    return tuple(Attachment(c.filename, PDF, c.content) for c in found)


def _result(
    uow_factory: Callable[[], PersonalUnitOfWork], outbox_id: int, *, again: bool
) -> PersonalSent:
    with uow_factory() as uow:
        entry = uow.outbox.get(outbox_id)
    assert entry is not None
    return PersonalSent(entry.id, entry.key, entry.recipient, entry.subject, entry.status,
                        entry.last_error, again)  # fmt: skip
