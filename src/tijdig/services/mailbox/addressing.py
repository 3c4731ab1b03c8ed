"""The return addresses of outgoing mail (issue 19): with a collection mailbox, a
message goes with that mailbox as its envelope sender (MAIL FROM), so that bounces come
back to it, and as its Reply-To, so that replies do; each plus-addressed with a signed
token (tokens.py) naming the company, the customer and the message. Without a mailbox,
mail goes as before: Reply-To the company's own address.

`ReturnAddresses` wraps the installation's mailer; it reads each company's mailbox once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from email.utils import formataddr, parseaddr

from tijdig.domain.mailbox import MailboxSettings
from tijdig.services.mailbox.tokens import Purpose, ReplyToken, make_token
from tijdig.services.outbox import Mailer, OutgoingMessage, Release


def with_return_addresses(
    message: OutgoingMessage, mailbox: MailboxSettings, secret: str | None
) -> OutgoingMessage:
    """The message with the mailbox's addresses; tokens only with a key to sign them."""
    origin = message.origin
    if origin is None or secret is None:
        bounce = reply = mailbox.address
    else:
        customer = origin.customer_id or 0

        def tagged(purpose: Purpose) -> str:
            token = ReplyToken(purpose, origin.company_id, customer, origin.outbox_id)
            return mailbox.plus(make_token(secret, token))

        bounce, reply = tagged(Purpose.BOUNCE), tagged(Purpose.REPLY)
    name = parseaddr(message.sender or "")[0]
    return replace(message, return_path=bounce, reply_to=formataddr((name, reply)))


class ReturnAddresses:
    """A Mailer that gives each message its company's collection mailbox's addresses."""

    def __init__(
        self,
        inner: Mailer,
        mailbox_of: Callable[[int], MailboxSettings | None],
        secret: str | None,
    ) -> None:
        self.inner, self.mailbox_of, self.secret = inner, mailbox_of, secret
        self._known: dict[int, MailboxSettings | None] = {}

    def _mailbox(self, company_id: int) -> MailboxSettings | None:
        if company_id not in self._known:
            self._known[company_id] = self.mailbox_of(company_id)
        return self._known[company_id]

    def send(self, message: OutgoingMessage, *, release: Release) -> str | None:
        mailbox = None if message.origin is None else self._mailbox(message.origin.company_id)
        if mailbox is not None:
            message = with_return_addresses(message, mailbox, self.secret)
        return self.inner.send(message, release=release)
