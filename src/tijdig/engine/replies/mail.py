"""A received mail as the rules read it: its headers, its subject and its text.

The rules take either a parsed `email.message.Message` or a `Reply` built by hand (the
tests, or a stored message read back). Nothing here opens a file or a socket.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from html.parser import HTMLParser


@dataclass(frozen=True, slots=True)
class Reply:
    """What the classification needs of a mail: headers (as received, in order), subject
    and its plain text."""

    subject: str = ""
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str | None:
        """The first value of a header, by name in any case; None when absent."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def header_names(self) -> frozenset[str]:
        return frozenset(key.lower() for key, _ in self.headers)

    @classmethod
    def of(cls, message: Message | Reply) -> Reply:
        return message if isinstance(message, Reply) else from_message(message)


def from_message(message: Message) -> Reply:
    headers = tuple((str(key), _header_text(value)) for key, value in message.items())
    return Reply(
        subject=_header_text(message.get("Subject", "")),
        body=body_text(message),
        headers=headers,
    )


def _header_text(value: object) -> str:
    """A header as one line of text; encoded words ("=?utf-8?q?R=C3=A9ponse?=") decoded,
    as the default policy does and compat32 does not."""
    text = str(value)
    if "=?" in text:
        # a broken encoded word is kept as it came
        with contextlib.suppress(HeaderParseError, LookupError, UnicodeDecodeError):
            text = str(make_header(decode_header(text)))
    return " ".join(text.split())


def body_text(message: Message) -> str:
    """The reply's own text: its first text/plain part that is no attachment, else its
    first text/html part made plain. Parts inside an attached message (a forwarded mail,
    a bounce's original) are not the sender's words and are skipped."""
    plain = _first_part(_own_parts(message), "text/plain")
    if plain is not None:
        return _decoded(plain)
    markup = _first_part(_own_parts(message), "text/html")
    return html_to_text(_decoded(markup)) if markup is not None else ""


def _own_parts(message: Message) -> Iterable[Message]:
    if message.get_content_type() == "message/rfc822":
        return
    if not message.is_multipart():
        yield message
        return
    payload = message.get_payload()
    if isinstance(payload, list):
        for part in payload:
            if isinstance(part, Message):
                yield from _own_parts(part)


def _first_part(parts: Iterable[Message], content_type: str) -> Message | None:
    for part in parts:
        is_attachment = (part.get_content_disposition() or "") == "attachment"
        if part.get_content_type() == content_type and not is_attachment:
            return part
    return None


def _decoded(part: Message) -> str:
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        return str(part.get_payload())
    charset = part.get_content_charset() or "utf-8"
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:  # an unknown charset name: read it as UTF-8, as most are
        return raw.decode("utf-8", errors="replace")


class _Text(HTMLParser):
    """Text of an HTML body: block elements become line breaks, blockquotes (a quoted
    message in most mail programs) become '>' lines so that they are stripped alike."""

    BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "table", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.quoted = 0
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "script", "head"}:
            self.hidden += 1
        elif tag == "blockquote":
            self.quoted += 1
            self.parts.append("\n")
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script", "head"}:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "blockquote":
            self.quoted = max(0, self.quoted - 1)
            self.parts.append("\n")
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.quoted:
            data = "\n".join("> " + line for line in data.splitlines())
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts)).replace("\xa0", " ")
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip() + "\n"
