"""Which customer a message read belongs to, best way first (issue 19):

1. the signed token in the reply address Tijdig put in its own message (To, Cc,
   Delivered-To, X-Original-To): a token whose signature fails, or that names another
   company, links nothing and flags the message ("bad_token");
2. In-Reply-To or References naming a message Tijdig sent (its Message-ID is
   `<outbox key@domain>`, adapters/mail/smtp.py);
3. the sender's address, when exactly one customer has it (its own or a contact's);
4. otherwise nobody: the message waits in the "not linked" queue for a person.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from tijdig.domain.mailbox import LinkMethod
from tijdig.services.mailbox.ports import Link, MailStore
from tijdig.services.mailbox.tokens import read_token, tags_of

BAD_TOKEN = "bad_token"
_ADDRESSED = ("to", "cc", "delivered-to", "x-original-to")
_ID = re.compile(r"<([^<>@\s]+)@[^<>\s]+>")


def addresses_in(message: EmailMessage, names: tuple[str, ...] = _ADDRESSED) -> list[str]:
    values = [str(v) for name in names for v in message.get_all(name, [])]
    return [address for _, address in getaddresses(values) if address]


def sender_of(message: EmailMessage) -> str:
    return parseaddr(str(message.get("from", "")))[1].strip().lower()


def link_message(
    store: MailStore,
    company_id: int,
    message: EmailMessage,
    *,
    mailbox_address: str,
    secret: str | None,
) -> Link:
    """The customer the message is linked to and how, or none (see the module)."""
    by_token, flag = _by_token(store, company_id, message, mailbox_address, secret)
    if by_token is not None:
        return by_token
    for found in (_by_thread(store, company_id, message), _by_sender(store, company_id, message)):
        if found is not None:
            return Link(found.customer_id, found.method, found.outbox_id, flag)
    return Link(flag=flag)


def _by_token(
    store: MailStore, company_id: int, message: EmailMessage, mailbox: str, secret: str | None
) -> tuple[Link | None, str | None]:
    tags = tags_of(mailbox, addresses_in(message))
    for tag in tags:
        token = read_token(secret, tag)
        if token is None or token.company_id != company_id:
            continue
        customer = token.customer_id or store.outbox_customer(company_id, token.outbox_id)
        if customer and store.customer_exists(company_id, customer):
            outbox = token.outbox_id or None
            return Link(customer, LinkMethod.TOKEN, outbox), None
    return None, (BAD_TOKEN if tags else None)


def _by_thread(store: MailStore, company_id: int, message: EmailMessage) -> Link | None:
    text = " ".join(str(message.get(name, "")) for name in ("in-reply-to", "references"))
    keys = _ID.findall(text)
    found = store.sent_with_keys(company_id, keys) if keys else None
    if found is None:
        return None
    outbox_id, customer_id = found
    return Link(customer_id, LinkMethod.THREAD, outbox_id)


def _by_sender(store: MailStore, company_id: int, message: EmailMessage) -> Link | None:
    sender = sender_of(message)
    customers = store.customers_with_address(company_id, sender) if sender else []
    if len(customers) != 1:
        return None  # nobody, or several customers share it: a person decides
    return Link(customers[0], LinkMethod.SENDER)
