"""Mail addresses as the wire carries them (RFC 5321/5322, IDNA 2008, RFC 6531/6532).

A domain with accents (eetcafémeijer.nl) goes in its IDNA ASCII form
(xn--eetcafmeijer-geb.nl), which every mail server and resolver reads. A mailbox name
with accents (josé@...) can only go in a message sent with SMTPUTF8; such a message
carries every address as written, in envelope and headers alike. SMTPUTF8 is asked for
only when an address needs it: a message sent with it is refused by any later server
on its way that lacks it, so the ASCII forms travel furthest.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.utils import parseaddr

import idna

from tijdig.services.outbox import PermanentFailure


def needs_smtputf8(*addresses: str) -> bool:
    """True when the mailbox name (before the @) of one of `addresses` is not ASCII."""
    return any(not _split(parseaddr(a)[1] or a)[0].isascii() for a in addresses if a)


def mailbox(text: str, *, utf8: bool) -> Address:
    """`Name <local@domain>` or a bare address, as a header Address for the wire: with
    `utf8` (SMTPUTF8) as written, else in ASCII with the domain in its IDNA form."""
    name, address = parseaddr(text)
    local, domain = _split(address or text.strip())
    if utf8:
        return Address(name, local, unicode_domain(domain))
    if not local.isascii():
        raise PermanentFailure(
            f"{local}@{domain}: a mailbox name with accents needs SMTPUTF8, "
            "which the mail server does not offer"
        )
    return Address(name, local, ascii_domain(domain))


def ascii_domain(domain: str) -> str:
    """The domain's IDNA 2008 (UTS 46) ASCII form; an ASCII domain as it is."""
    if domain.isascii():
        return domain
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError as error:
        raise PermanentFailure(f"{domain!r} is not a valid domain name: {error}") from None


def unicode_domain(domain: str) -> str:
    """The domain's Unicode form, normalised as IDNA 2008 (UTS 46) maps it."""
    return domain if domain.isascii() else idna.decode(ascii_domain(domain))


def _split(address: str) -> tuple[str, str]:
    local, at, domain = address.rpartition("@")
    if not (local and at and domain):
        raise PermanentFailure(f"{address!r} is not an e-mail address")
    return local, domain
