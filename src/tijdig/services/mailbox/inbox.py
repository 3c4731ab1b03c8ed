"""The inbox (issue 19): linked replies that wait for a person, each with what the
classifier read in it, and their confirmation.

What a reply says changes nothing by itself: a "paid" or a "promise" that no person
confirmed moves no step; it only holds the customer's next message for a few working
days (engine/checks.py `reply_hold`), after which a task asks a person to read it
(reply_tasks.py, raised by the daily run and by each fetch).
A person confirms it as the suggested kind or another, and the confirmation goes through
the same use cases as the workspace: `log_contact` with the promise or the dispute it
brought (services/records/contacts.py), `add_task` for a copy or a plan asked, or for a
payment to check (services/records/tasks.py); "other" only logs the contact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from tijdig.domain.collection.records import (
    ContactEvent,
    ContactKind,
    ReasonCode,
)
from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.mailbox import MailKind
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.engine.replies import Finding, ReplyKind, Rule
from tijdig.engine.replies import say as say_rule
from tijdig.engine.replies.mail import body_text
from tijdig.services import audit
from tijdig.services.mailbox.fetch import parse
from tijdig.services.mailbox.inbox_ports import (
    AttachmentFile,
    AttachmentInfo,
    InboxReply,
    InboxUnitOfWork,
)
from tijdig.services.records.contacts import log_contact
from tijdig.services.records.outcomes import Agreement
from tijdig.services.records.ports import company_id_of, customer_of
from tijdig.services.records.tasks import add_task

SYSTEM = "Tijdig"
# A reply confirmed as one of these asks a person to do something: a task, due at once.
_TASKED = (ReplyKind.PAID, ReplyKind.COPY_REQUEST, ReplyKind.PLAN_REQUEST)


@dataclass(frozen=True, slots=True)
class MessageView:
    """One message read, in full: what it is, its own text and its attachments."""

    reply: InboxReply
    text: str
    attachments: tuple[AttachmentInfo, ...]


@dataclass(frozen=True, slots=True)
class Confirmed:
    reply: InboxReply
    kind: ReplyKind
    promised_on: date | None = None
    dispute_invoice: str | None = None
    task_id: int | None = None


def waiting(uow: InboxUnitOfWork, company: Company) -> list[InboxReply]:
    """The linked replies no person confirmed yet, oldest first; reads only."""
    with uow:
        return uow.replies.waiting(company_id_of(company))


def invoices_answered(
    uow: InboxUnitOfWork, company: Company, replies: Sequence[InboxReply]
) -> dict[int, list[str]]:
    """The invoices named in the message each reply answers, by reply id (a reply
    linked by its sender alone answers none known); reads only."""
    with uow:
        return uow.replies.invoices_answered(company_id_of(company), [r.id for r in replies])


def _found(uow: InboxUnitOfWork, company: Company, mail_id: int) -> InboxReply:
    found = uow.replies.reply(company_id_of(company), mail_id)
    if found is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="message read", key=mail_id,
                       company=company.code)  # fmt: skip
    return found


def message(uow: InboxUnitOfWork, company: Company, mail_id: int) -> MessageView:
    """A message read with its text (as the sender wrote it, quotes and all); reads only."""
    company_id = company_id_of(company)
    with uow:
        found = _found(uow, company, mail_id)
        raw = uow.replies.raw(company_id, mail_id) or b""
        files = tuple(uow.replies.attachments(company_id, mail_id))
    return MessageView(found, body_text(parse(raw)) if raw else "", files)


def attachment(
    uow: InboxUnitOfWork, company: Company, mail_id: int, attachment_id: int
) -> AttachmentFile:
    with uow:
        found = uow.replies.attachment(company_id_of(company), mail_id, attachment_id)
    if found is None:
        raise NotFound(Refusal.NOT_FOUND_AT, thing="attachment", key=attachment_id,
                       company=company.code)  # fmt: skip
    return found


def _confirmable(reply: InboxReply) -> str:
    if reply.kind is not MailKind.REPLY:
        raise RuleViolation(Refusal.MAIL_NOT_A_REPLY, message=reply.id, kind=reply.kind.value)
    if reply.customer_number is None:
        raise RuleViolation(Refusal.MAIL_NOT_LINKED, message=reply.id)
    if reply.confirmed_kind is not None:
        raise RuleViolation(Refusal.REPLY_CONFIRMED_ALREADY, message=reply.id,
                            kind=reply.confirmed_kind)  # fmt: skip
    return reply.customer_number


def confirm_reply(
    uow_factory: Callable[[], InboxUnitOfWork],
    company: Company,
    mail_id: int,
    *,
    as_kind: ReplyKind | None = None,
    promised_on: date | None = None,
    invoice: str | None = None,
    dispute_reason: ReasonCode | None = None,
    actor: str,
    at: datetime,
) -> Confirmed:
    """Confirm what a reply says, as the kind suggested or `as_kind` (see the module).
    A promise takes the day read unless `promised_on` is given; a dispute needs the
    invoice. Audited as `mail.confirm`, beside the use case's own entries."""
    with uow_factory() as uow:
        reply = _found(uow, company, mail_id)
    number = _confirmable(reply)
    kind = as_kind or ReplyKind(reply.reply_kind or ReplyKind.OTHER.value)
    day = (promised_on or reply.promised_on) if kind is ReplyKind.PROMISE else None
    if kind is ReplyKind.PROMISE and day is None:
        raise RuleViolation(Refusal.REPLY_NEEDS_DATE)
    disputed = invoice if kind is ReplyKind.DISPUTE else None
    if kind is ReplyKind.DISPUTE and not disputed:
        raise RuleViolation(Refusal.REPLY_NEEDS_INVOICE)
    why = (dispute_reason or _reason_code(reply.dispute_reason)) if disputed else None
    received = reply.sent_at or reply.fetched_at
    event = ContactEvent(number, ContactKind.PERSONAL_EMAIL, received,
                         reason(Code.REPLY_CONFIRMED, received=received.date(),
                                kind=kind.value),
                         by=actor, with_whom=reply.from_address, outcome=reply.subject[:300],
                         reason=why)  # fmt: skip
    log_contact(uow_factory(), company, event, agreed=Agreement(day, None, disputed),
                actor=actor, at=at)  # fmt: skip
    task_id = None
    if kind in _TASKED:
        title = f"{kind.value}: {reply.subject or reply.from_address}"
        task_id, _ = add_task(uow_factory(), company, number, title=title, due_on=at.date(),
                              as_of=at.date(), actor=actor, at=at)  # fmt: skip
    with uow_factory() as uow:
        _confirmable(_found(uow, company, mail_id))  # nobody confirmed it meanwhile
        company_id = company_id_of(company)
        uow.replies.confirm(company_id, mail_id, kind.value, by=actor, at=at)
        audit.record(uow, actor=actor, at=at, action="mail.confirm", company_id=company_id,
                     customer_ids=[customer_of(uow, company_id, number).id],
                     subject=f"message read {mail_id}",
                     details=f"as {kind.value} (suggested {reply.reply_kind})"
                     + (f"; promise {day}" if day else "")
                     + (f"; dispute {disputed}" if disputed else "")
                     + (f"; task {task_id}" if task_id else ""))  # fmt: skip
        uow.commit()
    return Confirmed(reply, kind, day, disputed, task_id)


def _reason_code(value: str | None) -> ReasonCode:
    try:
        return ReasonCode(value or ReasonCode.OTHER.value)
    except ValueError:
        return ReasonCode.OTHER


def reply_json(reply: InboxReply, say: Callable[[str, dict[str, str]], str]) -> dict[str, object]:
    """A reply as the CLI's --json and the API give it; `say` words a reason."""
    return {
        "id": reply.id, "customer": reply.customer_number, "from": reply.from_address,
        "subject": reply.subject, "kind": reply.kind.value,
        "fetched_at": reply.fetched_at.isoformat(),
        "sent_at": None if reply.sent_at is None else reply.sent_at.isoformat(),
        "suggested": reply.reply_kind, "confidence": reply.confidence,
        "promised_on": None if reply.promised_on is None else reply.promised_on.isoformat(),
        "dispute_reason": reply.dispute_reason,
        "reasons": [{"rule": r.rule, "params": r.params, "text": say(r.rule, r.params)}
                    for r in reply.reasons],
        "confirmed_as": reply.confirmed_kind, "attachments": reply.attachments,
    }  # fmt: skip


def said_in_english(rule: str, params: dict[str, str]) -> str:
    """A classifier's reason in English (the CLI, the API)."""
    try:
        return say_rule(Finding(Rule(rule), dict(params)))
    except (ValueError, KeyError):
        return rule
