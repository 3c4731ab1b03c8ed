"""The collection mailbox over IMAP (imapclient), always with TLS: implicit TLS (IMAPS)
or STARTTLS, the certificate checked against the system's CAs and, when configured, a
CA bundle of the installation's own (TIJDIG_IMAP_CA_FILE: a server with a certificate
of its own making). Read-only: the folder is examined, never selected for writing, and
messages are fetched with BODY.PEEK, so nothing is marked seen or moved.

A message larger than the limit is fetched cut at it (`BODY.PEEK[]<0.limit>`).
Servers that allow only OAuth2 (Microsoft 365) are not supported: the login is
refused with the server's answer.
"""

from __future__ import annotations

import imaplib
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from tijdig.domain.errors import RuleViolation
from tijdig.domain.mailbox import MailboxSettings, Tls
from tijdig.domain.refusals import Refusal
from tijdig.services.mailbox.ports import RawMessage

_FAILURES = (IMAPClientError, imaplib.IMAP4.error, OSError, ssl.SSLError, socket.timeout)


class ImapSession:
    """An examined folder (services/mailbox/ports.py `MailSession`)."""

    def __init__(self, client: IMAPClient, uidvalidity: int) -> None:
        self._client = client
        self._uidvalidity = uidvalidity

    @property
    def uidvalidity(self) -> int:
        return self._uidvalidity

    def uids_after(self, uid: int) -> list[int]:
        # "N:*" always includes the highest UID, even one below N (RFC 3501 6.4.8).
        found = self._client.search(["UID", f"{uid + 1}:*"])
        return sorted(int(u) for u in found if int(u) > uid)

    def fetch(self, uid: int, *, max_bytes: int) -> RawMessage | None:
        sizes = self._client.fetch([uid], ["RFC822.SIZE"])
        if uid not in sizes:
            return None  # expunged meanwhile
        size = int(sizes[uid][b"RFC822.SIZE"])
        cut = size > max_bytes
        part = f"BODY.PEEK[]<0.{max_bytes}>" if cut else "BODY.PEEK[]"
        answer = self._client.fetch([uid], [part]).get(uid, {})
        raw = next((v for k, v in answer.items() if k.startswith(b"BODY[")), None)
        if not isinstance(raw, bytes):
            return None
        return RawMessage(uid=uid, raw=raw, size=size, truncated=cut)


class ImapReader:
    """Opens a company's mailbox (services/mailbox/ports.py `MailReader`)."""

    def __init__(self, *, ca_file: Path | None = None, timeout: float = 30.0) -> None:
        self.ca_file, self.timeout = ca_file, timeout

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.ca_file is not None:
            context.load_verify_locations(cafile=str(self.ca_file))
        return context

    @contextmanager
    def open(self, settings: MailboxSettings, password: str) -> Iterator[ImapSession]:
        server = f"{settings.host}:{settings.port}"
        try:
            client = IMAPClient(settings.host, port=settings.port,
                                ssl=settings.tls is Tls.SSL, ssl_context=self._context(),
                                timeout=self.timeout)  # fmt: skip
        except _FAILURES as error:
            raise RuleViolation(
                Refusal.MAILBOX_UNAVAILABLE, server=server, problem=str(error)
            ) from None
        try:
            if settings.tls is Tls.STARTTLS:
                client.starttls(self._context())
            client.login(settings.username, password)
            selected = client.select_folder(settings.folder, readonly=True)
            yield ImapSession(client, int(selected[b"UIDVALIDITY"]))
        except _FAILURES as error:
            raise RuleViolation(
                Refusal.MAILBOX_UNAVAILABLE, server=server, problem=str(error)
            ) from None
        finally:
            try:
                client.logout()
            except _FAILURES:
                client.shutdown()
