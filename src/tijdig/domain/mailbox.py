"""The collection mailbox (issue 19): where debtors' replies and bounces arrive, read
over IMAP with TLS, and what Tijdig keeps of each message it reads.

Values only: the connection's settings (checked when built), a stored message's kind
and how it came to be linked to its customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tijdig.domain.calendar import add_business_days
from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal

MAX_FIELD = 200


class Tls(StrEnum):
    """TLS from the first byte (IMAPS, port 993), or STARTTLS on a plain port (143)."""

    SSL = "ssl"
    STARTTLS = "starttls"


class MailKind(StrEnum):
    """What a message read is; the classifier (issue 19) fills it in."""

    REPLY = "reply"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    OTHER = "other"


class LinkMethod(StrEnum):
    """How a message was linked to its customer, best first."""

    TOKEN = "token"  # the signed reply address Tijdig put in its own message
    THREAD = "thread"  # In-Reply-To/References to a message Tijdig sent
    SENDER = "sender"  # the sender's address among the customer's contacts
    PERSON = "person"  # linked by hand from the "not linked" queue


@dataclass(frozen=True, slots=True)
class MailboxSettings:
    """A company's collection mailbox: `address` is its e-mail address (the envelope
    sender and Reply-To of outgoing mail, plus-addressed with a token)."""

    host: str
    port: int
    username: str
    address: str
    folder: str = "INBOX"
    tls: Tls = Tls.SSL

    def __post_init__(self) -> None:
        for name in ("host", "username", "address", "folder"):
            value = getattr(self, name)
            if not value.strip():
                raise InvalidValue(name, Refusal.IS_EMPTY)
            if len(value) > MAX_FIELD:
                raise InvalidValue(name, Refusal.AT_MOST_CHARACTERS, length=MAX_FIELD)
        if not 0 < self.port < 65536:
            raise InvalidValue("port", Refusal.MAILBOX_PORT, port=self.port)
        local, at, domain = self.address.rpartition("@")
        if not (local and at and "." in domain) or "+" in local or " " in self.address:
            raise InvalidValue("address", Refusal.MAILBOX_ADDRESS, address=self.address)

    def plus(self, tag: str) -> str:
        """The mailbox's address with `+tag` after its local part (RFC 5233 subaddress)."""
        local, _, domain = self.address.rpartition("@")
        return f"{local}+{tag}@{domain}"


@dataclass(frozen=True, slots=True)
class WaitingReply:
    """A person's reply linked to its customer that no person has confirmed yet: it holds
    the customer's next message from the day it was read for `working_days` working days
    of the company's calendar (`CollectionSettings.reply_hold_working_days`); after that a
    task asks a person to read it (services/mailbox/inbox.py)."""

    mail_id: int
    received_on: date
    kind: str  # what the classifier read; it changes nothing until a person confirms

    def holds_until(self, working_days: int, country: str) -> date:
        """The first day it no longer holds."""
        return add_business_days(self.received_on, working_days, country)

    def holds_on(self, day: date, working_days: int, country: str) -> bool:
        return self.received_on <= day < self.holds_until(working_days, country)
