"""Read the collection mailbox's new messages, once each (`tijdig mail fetch`, and the
scheduler's "mail" job).

Reading resumes after the last UID read in the folder, as long as the folder's
UIDVALIDITY is the one stored; when the server changed it, the folder is read from its
beginning, and what was kept already is known by its key and not kept twice. Each
message is kept in its own transaction with the UID it moves reading to, so a reading
stopped halfway goes on where it stopped. A message is keyed by its Message-ID; by a
SHA-256 of its raw bytes when it has none, or when a different message came with it.

Kept: the original (cut at the size limit, marked so), its attachments, its kind
(engine/mail_kinds.py), for a person's reply what the classifier read in it, and its
customer with how it was linked (linking.py). A bounce is recorded for the address that
failed (services/contacts/bounces.py) in the same transaction as its message, so a
bounce is never counted twice nor lost. Auto-replies and bounces are no contact and hold
nothing; only a linked reply that no person confirmed holds (services/mailbox/inbox.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from typing import Protocol

from tijdig.domain.collection.records import ContactEvent, ContactKind
from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.mailbox import MailKind
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.domain.refusals import Refusal
from tijdig.engine.mail_kinds import MailReading, read_mail
from tijdig.engine.replies import Classification, Severity
from tijdig.services import audit
from tijdig.services.contacts.bounces import BounceUnitOfWork, apply_bounce
from tijdig.services.mailbox.inbox_ports import RepliesUnitOfWork
from tijdig.services.mailbox.linking import addresses_in, link_message, sender_of
from tijdig.services.mailbox.ports import (
    Cipher,
    MailAttachment,
    MailReader,
    MailSession,
    MailUnitOfWork,
    NewMail,
    RawMessage,
    ReplyReading,
    StoredMailbox,
)
from tijdig.services.mailbox.reply_tasks import reply_tasks_in

MAX_KEY = 200
READER = "mailbox"  # the actor of what reading the mailbox records


class FetchUnitOfWork(MailUnitOfWork, BounceUnitOfWork, RepliesUnitOfWork, Protocol):
    """Reading keeps messages, writes them in the timeline and records bounces in one
    transaction; it raises the tasks of replies nobody confirmed in time."""


@dataclass
class FetchReport:
    read: int = 0
    kept: int = 0
    known: int = 0  # read before (same key, same bytes)
    linked: int = 0
    not_linked: int = 0
    flagged: int = 0
    kinds: dict[str, int] | None = None

    def as_json(self) -> dict[str, object]:
        return {"read": self.read, "kept": self.kept, "known": self.known,
                "linked": self.linked, "not_linked": self.not_linked,
                "flagged": self.flagged, "kinds": self.kinds or {}}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Reading:
    """What one fetch works with: who, where, the key that checks reply tokens."""

    company: Company
    mailbox: StoredMailbox
    secret: str | None
    at: datetime
    max_bytes: int

    @property
    def company_id(self) -> int:
        assert self.company.id is not None
        return self.company.id


def parse(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


@dataclass(frozen=True, slots=True)
class MailAccess:
    """What reading a mailbox needs of an installation (`bootstrap.Tijdig.mail_access`):
    its units of work, the IMAP reader, the cipher of passwords and the key of reply
    tokens (None without a configured key), and the size limit of a message kept."""

    uow: Callable[[], FetchUnitOfWork]
    reader: MailReader
    cipher: Cipher | None
    secret: str | None
    max_bytes: int


def fetch_mail(access: MailAccess, company: Company, *, actor: str, at: datetime) -> FetchReport:
    """Read and keep the company's new messages (see the module); audited as `mail.fetch`."""
    uow_factory, cipher = access.uow, access.cipher
    if company.id is None:
        raise NotFound(Refusal.COMPANY_NOT_STORED, company=company.code)
    with uow_factory() as uow:
        mailbox = uow.mail.mailbox(company.id)
    password = _password(mailbox, cipher, company)
    assert mailbox is not None
    reading = Reading(company, mailbox, access.secret, at, access.max_bytes)
    report = FetchReport(kinds={})
    with access.reader.open(mailbox.settings, password) as session:
        _read_folder(uow_factory, session, reading, report)
    with uow_factory() as uow:
        days = uow.collection_settings.get(company.id)[0].reply_hold_working_days
        reply_tasks_in(uow, company, working_days=days, as_of=at.date(), at=at)
        audit.record(uow, actor=actor, at=at, action="mail.fetch", company_id=company.id,
                     subject=f"mailbox {mailbox.settings.address}",
                     details=json.dumps(report.as_json()))  # fmt: skip
        uow.commit()
    return report


def _password(mailbox: StoredMailbox | None, cipher: Cipher | None, company: Company) -> str:
    if mailbox is None:
        raise RuleViolation(Refusal.MAILBOX_NOT_CONNECTED, company=company.code)
    if mailbox.password_sealed is None:
        raise RuleViolation(Refusal.MAILBOX_NO_PASSWORD, company=company.code)
    if cipher is None:
        raise RuleViolation(Refusal.MAILBOX_NO_KEY)
    return cipher.decrypt(mailbox.password_sealed, company=company.code)


def _read_folder(
    uow_factory: Callable[[], FetchUnitOfWork],
    session: MailSession,
    reading: Reading,
    report: FetchReport,
) -> None:
    mailbox = reading.mailbox
    same = mailbox.uidvalidity == session.uidvalidity
    uids = session.uids_after(mailbox.last_uid if same else 0)
    for uid in uids:
        raw = session.fetch(uid, max_bytes=reading.max_bytes)
        with uow_factory() as uow:
            if raw is not None:
                report.read += 1
                _keep(uow, raw, session.uidvalidity, reading, report)
            uow.mail.advance(reading.company_id, uidvalidity=session.uidvalidity,
                             last_uid=uid, at=reading.at)  # fmt: skip
            uow.commit()
    if not uids:  # nothing new: the moment read (and a new, empty folder's UIDVALIDITY)
        with uow_factory() as uow:
            last = mailbox.last_uid if same else 0
            uow.mail.advance(reading.company_id, uidvalidity=session.uidvalidity,
                             last_uid=last, at=reading.at)  # fmt: skip
            uow.commit()


def message_key(
    uow: MailUnitOfWork, company_id: int, raw: bytes, message_id: str | None
) -> tuple[str, bool]:
    """The message's key, and whether it was kept before (the same bytes)."""
    digest = "sha256:" + hashlib.sha256(raw).hexdigest()
    if message_id and len(message_id) <= MAX_KEY:
        kept = uow.mail.raw_of(company_id, message_id)
        if kept is None:
            return message_id, False
        if kept == raw or not kept:  # the same message, or one erased with its debtor
            return message_id, True
    return digest, uow.mail.raw_of(company_id, digest) is not None


def _keep(
    uow: FetchUnitOfWork, raw: RawMessage, uidvalidity: int, reading: Reading, report: FetchReport
) -> None:
    message = parse(raw.raw)
    message_id = str(message.get("message-id", "")).strip() or None
    company_id = reading.company_id
    key, known = message_key(uow, company_id, raw.raw, message_id)
    if known:
        report.known += 1
        return
    sent_at = _date(message)
    read = read_mail(message, received_on=(sent_at or reading.at).date())
    kind = read.kind
    link = link_message(uow.mail, company_id, message,
                        mailbox_address=reading.mailbox.settings.address,
                        secret=reading.secret)  # fmt: skip
    mail = NewMail(
        message_key=key, message_id=message_id, folder=reading.mailbox.settings.folder,
        uidvalidity=uidvalidity, uid=raw.uid, from_address=sender_of(message)[:254],
        to_addresses=", ".join(addresses_in(message, ("to", "cc"))),
        subject=str(message.get("subject", "")), sent_at=sent_at,
        fetched_at=reading.at, size=raw.size, truncated=raw.truncated, raw=raw.raw,
        kind=kind, kind_reasons=read.reasons, link=link, attachments=attachments_of(message),
        reply=None if read.classification is None else reply_reading(read.classification),
    )  # fmt: skip
    mail_id = uow.mail.add(company_id, mail)
    _count(report, kind, linked=link.customer_id is not None, flagged=link.flag is not None)
    audit.record(uow, actor=READER, at=reading.at, action="mail.read",
                 company_id=company_id, customer_ids=[link.customer_id],
                 subject=f"message read {mail_id}",
                 details=f"{kind.value}; {link.method.value if link.method else 'not linked'}"
                 + (f"; {link.flag}" if link.flag else ""))  # fmt: skip
    _in_timeline(uow, mail_id, mail, reading)
    _bounces(uow, read, reading)


def _in_timeline(uow: FetchUnitOfWork, mail_id: int, mail: NewMail, reading: Reading) -> None:
    """A linked reply or auto-reply (marked so) in its customer's timeline; a bounce is
    written there by the bounce's own record."""
    stored = uow.mail.get(reading.company_id, mail_id)
    if stored is None or stored.customer_number is None or mail.link.customer_id is None:
        return
    subject = " ".join(mail.subject.split())[:200]
    code = Code.REPLY_RECEIVED if mail.kind is MailKind.REPLY else Code.AUTO_REPLY_RECEIVED
    if mail.kind is MailKind.BOUNCE:
        return
    event = ContactEvent(stored.customer_number, ContactKind.NOTE, mail.sent_at or reading.at,
                         reason(code, subject=subject), by=READER,
                         with_whom=mail.from_address)  # fmt: skip
    uow.contact_log.add(reading.company_id, mail.link.customer_id, event)


def _bounces(uow: FetchUnitOfWork, read: MailReading, reading: Reading) -> None:
    """Record each address a bounce says failed (once: a DSN may list one twice)."""
    if read.bounce is None:
        return
    seen: set[str] = set()
    for failure in read.bounce.failures:
        if failure.address.lower() in seen:
            continue
        seen.add(failure.address.lower())
        diagnostic = failure.diagnostic or failure.status or failure.action
        apply_bounce(uow, reading.company, address=failure.address,
                     hard=failure.severity is Severity.HARD,
                     sent_message_id=read.bounce.original_message_id,
                     diagnostic=diagnostic or "", actor=READER, at=reading.at)  # fmt: skip


def reply_reading(found: Classification) -> ReplyReading:
    """The classification as it is stored: reasons as rule codes with their parameters."""
    reasons: tuple[dict[str, object], ...] = tuple(
        {"rule": f.rule.value,
         "params": {k: v.isoformat() if isinstance(v, date) else v for k, v in f.params.items()}}
        for f in found.reasons
    )  # fmt: skip
    return ReplyReading(
        kind=found.kind.value, reasons=reasons, confidence=found.confidence,
        promised_on=found.promised_on,
        dispute_reason=None if found.dispute_reason is None else found.dispute_reason.value,
    )  # fmt: skip


def _count(report: FetchReport, kind: MailKind, *, linked: bool, flagged: bool) -> None:
    report.kept += 1
    report.linked += linked
    report.not_linked += not linked
    report.flagged += flagged
    kinds = report.kinds if report.kinds is not None else {}
    kinds[kind.value] = kinds.get(kind.value, 0) + 1
    report.kinds = kinds


def _date(message: EmailMessage) -> datetime | None:
    try:
        value = parsedate_to_datetime(str(message.get("date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    return value if value.tzinfo is not None else None


def attachments_of(message: EmailMessage) -> tuple[MailAttachment, ...]:
    """Every attachment's name, type, size and content (a cut message: those whole)."""
    found = []
    for part in message.iter_attachments():
        if not isinstance(part, EmailMessage) or part.is_multipart():
            continue
        try:
            content = part.get_payload(decode=True)
        except (ValueError, LookupError):
            continue
        if not isinstance(content, bytes):
            continue
        name = part.get_filename() or "attachment"
        found.append(
            MailAttachment(name[:300], part.get_content_type()[:200], len(content), content)
        )
    return tuple(found)
