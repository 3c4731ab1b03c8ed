"""MT940 text into fields and statement blocks, with the line each field starts on.

The `mt-940` library reads the tag grammar well but loses track of the file around it:
SWIFT envelopes ({1:}{2:}{4: ... -}), plain-text bank headers ("0000 01INGBNL2A",
":940:"), prose between messages, control bytes (SOH, ETX, Ctrl-Z), soft hyphens and
fields wrapped over several lines. This module does that part: it decodes the bytes,
cuts the text into `Field`s (continuation lines kept with their field) and groups them
into `Block`s, one per :20:. A SWIFT message that starts before the previous one ended
is a broken file and comes back as an `ImportIssue` naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tijdig.domain.imports import ImportIssue

ENCODINGS = ("utf-8", "cp1252", "latin-1")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\ufeff]")
_TAG = re.compile(r":(\d{2}[A-Z]?):(.*)")
_HEADER = re.compile(r"\{[1-35]:(?:[^{}]|\{[^{}]*\})*\}")
_BLOCK_START = "{4:"
_BLOCK_END = "-}"
BALANCE_TAGS = frozenset({"60F", "60M", "62F", "62M"})


@dataclass(frozen=True, slots=True)
class Field:
    """One tag and its value; `lines` holds the value's lines as written."""

    tag: str
    lines: tuple[str, ...]
    line: int

    @property
    def first(self) -> str:
        return self.lines[0].strip()

    @property
    def rest(self) -> tuple[str, ...]:
        return tuple(text for text in (line.strip() for line in self.lines[1:]) if text)


@dataclass(frozen=True, slots=True)
class Block:
    """The fields from one :20: up to the next."""

    fields: tuple[Field, ...]

    @property
    def line(self) -> int:
        return self.fields[0].line

    def first(self, *tags: str) -> Field | None:
        return next((f for f in self.fields if f.tag in tags), None)

    @property
    def has_balance(self) -> bool:
        return any(f.tag in BALANCE_TAGS for f in self.fields)


def decode(data: bytes) -> str:
    """The text, read as UTF-8, else cp1252, else latin-1; control bytes dropped."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:  # pragma: no cover - latin-1 decodes any byte
        text = data.decode("latin-1", "replace")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_CONTROL.sub("", line) for line in lines)


def tokenize(text: str, *, file: str) -> list[Field] | ImportIssue:
    """Every field in the text, in order; an issue when a SWIFT message is cut short."""
    fields: list[Field] = []
    tag, value, start = "", list[str](), 0
    in_message = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line, opens, closes = _envelope(raw)
        in_message = in_message and not closes
        if opens and in_message:
            return ImportIssue(file, _cut_short(start), line=number, field="{1:")
        in_message = in_message or opens
        match = _TAG.match(line)
        if match:
            if tag:
                fields.append(Field(tag, tuple(value), start))
            tag, value, start = match.group(1), [match.group(2)], number
        elif tag and line.strip():
            value.append(line)
    if tag:
        fields.append(Field(tag, tuple(value), start))
    return fields


def blocks(fields: list[Field]) -> list[Block]:
    """The fields grouped by :20:; anything before the first :20: is left out."""
    found: list[list[Field]] = []
    for item in fields:
        if item.tag == "20":
            found.append([item])
        elif found:
            found[-1].append(item)
    return [Block(tuple(group)) for group in found]


def _envelope(raw: str) -> tuple[str, bool, bool]:
    """The line without SWIFT envelope parts; whether a message opens or closes on it."""
    opens = "{1:" in raw
    closes = raw.lstrip().startswith(_BLOCK_END)
    line = _HEADER.sub("", raw)
    if _BLOCK_START in line:
        line = line.split(_BLOCK_START, 1)[1]
    return ("" if closes else line), opens, closes


def _cut_short(start: int) -> str:
    return (
        "a new SWIFT message ({1: header) starts before the previous one ended "
        f"(the field on line {start} is not followed by a closing :62F: and '-}}'); "
        "the file is incomplete or two files were joined"
    )
