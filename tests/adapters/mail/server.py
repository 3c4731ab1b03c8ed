"""A real SMTP server on loopback (aiosmtpd) that records what it accepts, answers what
a test tells it to, and can stop at a chosen moment (to kill the sender right there)."""

from __future__ import annotations

import asyncio
import email
import re
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Hold:
    """Stop at the `nth` RCPT (before the message) or DATA (after accepting it)."""

    stage: str  # "rcpt" | "data"
    nth: int
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class Received:
    """One accepted transaction as it came over the wire: envelope and raw content."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    mail_options: tuple[str, ...]
    content: bytes

    def header(self, name: str) -> str:
        """A header's raw value (unfolded, undecoded: UTF-8 when sent with SMTPUTF8)."""
        head = self.content.split(b"\r\n\r\n", 1)[0].decode("utf-8")
        found = re.search(rf"(?im)^{re.escape(name)}:[ \t]*([^\r]*(?:\r\n[ \t][^\r]*)*)", head)
        assert found, f"no {name} header"
        return re.sub(r"\r\n[ \t]+", " ", found.group(1))

    def message(self) -> EmailMessage:
        """The content parsed as a modern message (encoded words decoded)."""
        parsed = email.message_from_bytes(self.content, policy=default)
        assert isinstance(parsed, EmailMessage)
        return parsed


class RecordingHandler:
    def __init__(self) -> None:
        self.accepted: list[Message] = []
        self.received: list[Received] = []
        self.rcpt_replies: list[str] = []  # next answers to RCPT, then 250
        self.data_replies: list[str] = []  # next answers to the end of DATA, then 250
        self.hold: Hold | None = None
        self.offer_8bitmime = True  # False: a server that accepts 7-bit mail only
        self._counts: Counter[str] = Counter()

    @property
    def keys(self) -> list[str]:
        return [str(m["X-Tijdig-Key"]) for m in self.accepted]

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        if self.offer_8bitmime:
            return responses
        return [r for r in responses if r[4:].upper() != "8BITMIME"]

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        await self._maybe_hold("rcpt")
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = self.data_replies.pop(0) if self.data_replies else "250 OK"
        if reply.startswith("250"):
            self.accepted.append(email.message_from_bytes(envelope.content))
            self.received.append(
                Received(
                    envelope.mail_from,
                    tuple(envelope.rcpt_tos),
                    tuple(envelope.mail_options),
                    envelope.content,
                )
            )
        await self._maybe_hold("data")
        return reply

    async def _maybe_hold(self, stage: str) -> None:
        self._counts[stage] += 1
        hold = self.hold
        if hold is None or hold.stage != stage or hold.nth != self._counts[stage]:
            return
        hold.reached.set()
        while not hold.release.is_set():
            await asyncio.sleep(0.01)


@contextmanager
def smtp_server(*, smtputf8: bool = False) -> Iterator[tuple[RecordingHandler, int]]:
    """A server on loopback; `smtputf8` makes it offer SMTPUTF8 (RFC 6531)."""
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, enable_SMTPUTF8=smtputf8)
    controller.start()
    try:
        yield handler, port
    finally:
        if handler.hold is not None:
            handler.hold.release.set()
        controller.stop()
