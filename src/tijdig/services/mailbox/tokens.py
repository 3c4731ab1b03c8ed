"""The signed token in the addresses of outgoing mail (issue 19).

Outgoing mail goes with the collection mailbox's address plus-addressed with a token,
as its envelope sender (bounces) and its Reply-To (replies):
`debiteuren+r-12-3456-789-k3x...@acme.nl`. The token names the company, the customer
and the outbox message, and is signed (HMAC-SHA256 with a key derived from the
installation's secret key), so a reply to it links to that customer, and an address
someone made up, or changed, does not: it is flagged instead.

Lower-case letters and digits only: mail servers may change the case of a local part.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

_DIGEST: Final = 10  # bytes of the HMAC kept: 80 bits, 16 base32 characters
_TOKEN = re.compile(r"^([rb])-(\d{1,12})-(\d{1,12})-(\d{1,12})-([a-z2-7]{16})$")


class Purpose(StrEnum):
    REPLY = "r"  # Reply-To
    BOUNCE = "b"  # the envelope sender (MAIL FROM), where delivery reports go


@dataclass(frozen=True, slots=True)
class ReplyToken:
    """Who a message went to: company, customer (0: none) and outbox message."""

    purpose: Purpose
    company_id: int
    customer_id: int
    outbox_id: int


def _key(secret: str) -> bytes:
    """A key of its own for tokens, apart from the portal's and the passwords' keys."""
    return hashlib.sha256(b"tijdig reply token\x00" + secret.encode("utf-8")).digest()


def _signature(secret: str, body: str) -> str:
    digest = hmac.new(_key(secret), body.encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(digest[:_DIGEST]).decode("ascii").lower()


def make_token(secret: str, token: ReplyToken) -> str:
    """`r-COMPANY-CUSTOMER-OUTBOX-SIGNATURE`, to put after the `+`."""
    body = f"{token.purpose.value}-{token.company_id}-{token.customer_id}-{token.outbox_id}"
    return f"{body}-{_signature(secret, body)}"


def read_token(secret: str | None, tag: str) -> ReplyToken | None:
    """The token a `+tag` holds when its signature is right; None for anything else (a
    made-up or changed token, or no key to check it with)."""
    found = _TOKEN.match(tag.lower())
    if found is None or secret is None:
        return None
    body = tag.lower().rpartition("-")[0]
    if not hmac.compare_digest(_signature(secret, body), found.group(5)):
        return None
    purpose, company, customer, outbox = found.group(1, 2, 3, 4)
    return ReplyToken(Purpose(purpose), int(company), int(customer), int(outbox))


def tags_of(mailbox_address: str, addresses: list[str]) -> list[str]:
    """The `+tags` of those `addresses` that are the mailbox's own address plus a tag."""
    local, _, domain = mailbox_address.lower().rpartition("@")
    tags = []
    for address in addresses:
        their_local, _, their_domain = address.lower().strip().rpartition("@")
        base, plus, tag = their_local.partition("+")
        if plus and base == local and their_domain == domain:
            tags.append(tag)
    return tags
