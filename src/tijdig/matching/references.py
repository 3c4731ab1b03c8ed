"""Structured references and invoice numbers found in a bank line's text.

Structured references (NL kenmerk, BE OGM/VCS, RF) count only when their check digits
hold; spaces, dots, dashes, slashes and the +++ frame inside them are ignored. A
reference-shaped number whose check fails (a typo) is returned apart, as *broken*: it
is never matched by itself, only compared with the open items of a payer known by other
evidence (`is_near`: one digit wrong, or two neighbours swapped).

Invoice numbers are compared through keys (`number_keys`), built from the letter and
digit runs of the number:

    grouped  digit runs without leading zeros, joined by "-":  "2024-000012" -> "2024-12",
             "INV-000012" and "INV12" -> "INV-12", "2024 12" -> "2024-12"
    plain    all runs as written, run together: "2024-000012" -> "2024000012"

So "2024-0012", "2024 0012", "2024.12" and "2024000012" all find invoice 2024-000012;
"20240012" does not (without a separator the zeros cannot be told from the year), and
neither does "12" alone: bare short numbers (`tails`) are compared only with the open
items of a payer already known, never looked up across all customers. A word before a
number ("fact.", "nr", "INV") is tried both with and without it; "12/13" is two numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tijdig.domain.references import KENMERK, OGM, RF

_RUNS = re.compile(r"[A-Z]+|\d+")
_PHRASE = re.compile(r"(?:[A-Z]{1,8}[ .#:\-]{0,2})?\d+(?:[ .\-]{1,2}\d+)*")
_RF_START = re.compile(r"(?<![A-Z0-9])RF\d\d")
_RF_TOKEN = re.compile(r"RF\d\d(?: ?[A-Z0-9]){1,21}")
_GROUPS = re.compile(r"[+*]{0,3}\d[\d .\-/]*\d[+*]{0,3}")
_KENMERK_LENGTHS = frozenset({9, 10, 11, 12, 13, 14, 16})
_WINDOW = 4  # space-separated pieces tried together
_GLOBAL_DIGITS = 4  # shorter numbers are looked up only among a known payer's items


@dataclass(frozen=True, slots=True)
class Found:
    """What a bank line's text names: valid references, broken ones, invoice-number
    keys (with 4 digits or more) for the whole ledger, and bare numbers (2 digits or
    more) for a known payer's items."""

    references: tuple[str, ...]
    broken: tuple[str, ...]
    number_keys: tuple[str, ...]
    tails: tuple[str, ...]


def number_keys(number: str) -> tuple[str, ...]:
    """The grouped and plain keys of an invoice number (see the module docstring)."""
    runs = _RUNS.findall(number.upper())
    if not any(r.isdigit() for r in runs):
        return ()
    grouped = "-".join(r.lstrip("0") or "0" if r.isdigit() else r for r in runs)
    plain = "".join(runs)
    return (grouped,) if grouped == plain else (grouped, plain)


def tail(number: str) -> str | None:
    """The last digit run without leading zeros: "2024-000012" -> "12"."""
    runs = [r for r in _RUNS.findall(number.upper()) if r.isdigit()]
    return (runs[-1].lstrip("0") or "0") if runs else None


def find(structured: str | None, remittance: str) -> Found:
    """Everything reference- or number-like in a bank line's structured and free text."""
    text = f"{structured or ''} {remittance}".upper()
    valid: list[str] = []
    broken: list[str] = []
    for candidate in _reference_candidates(text):
        compact = _valid(candidate)
        if compact is not None:
            valid.append(compact)
        elif _looks_like_reference(candidate):
            broken.append(candidate)
    keys, tails = _numbers(remittance.upper())
    return Found(_unique(valid), _unique(broken), keys, tails)


def is_near(typed: str, reference: str) -> bool:
    """One character wrong, or two neighbours swapped (the typos a check digit catches)."""
    if len(typed) != len(reference) or typed == reference:
        return False
    diff = [i for i, (a, b) in enumerate(zip(typed, reference, strict=True)) if a != b]
    if len(diff) == 1:
        return True
    if len(diff) != 2 or diff[1] != diff[0] + 1:
        return False
    i, j = diff
    return typed[i] == reference[j] and typed[j] == reference[i]


def variants(typed: str) -> Iterator[str]:
    """Everything one typo away from `typed`: each digit replaced by another, and each
    two different neighbours swapped (the typos `is_near` recognises)."""
    for i, char in enumerate(typed):
        if char.isdigit():
            for digit in "0123456789":
                if digit != char:
                    yield f"{typed[:i]}{digit}{typed[i + 1 :]}"
        if i + 1 < len(typed) and typed[i + 1] != char:
            yield f"{typed[:i]}{typed[i + 1]}{char}{typed[i + 2 :]}"


def _reference_candidates(text: str) -> Iterator[str]:
    """RF tokens (each up to the next RF), and windows of digit groups compacted (a
    reference may be split by spaces, and several may follow each other)."""
    starts = [m.start() for m in _RF_START.finditer(text)]
    for start, end in zip(starts, [*starts[1:], len(text)][: len(starts)], strict=True):
        match = _RF_TOKEN.match(text, start, end)
        words = match.group().split(" ") if match else []
        for n in range(len(words), 0, -1):
            yield "".join(words[:n])
    for match in _GROUPS.finditer(text):
        pieces = [re.sub(r"\D", "", p) for p in match.group().split(" ")]
        pieces = [p for p in pieces if p]
        for start in range(len(pieces)):
            for end in range(start + 1, min(len(pieces), start + 5) + 1):
                yield "".join(pieces[start:end])


def _valid(candidate: str) -> str | None:
    if candidate.startswith("RF"):
        return RF.compact(candidate) if RF.is_valid(candidate) else None
    if len(candidate) == 12 and OGM.is_valid(candidate):
        return candidate
    if len(candidate) in _KENMERK_LENGTHS and KENMERK.is_valid(candidate):
        return candidate
    return None


def _looks_like_reference(candidate: str) -> bool:
    return candidate.startswith("RF") or len(candidate) in {12, 16}


def _numbers(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    keys: list[str] = []
    tails: list[str] = []
    for match in _PHRASE.finditer(text):
        pieces = match.group().split()
        for start in range(len(pieces)):
            for end in range(start + 1, min(len(pieces), start + _WINDOW) + 1):
                keys.extend(_phrase_keys(" ".join(pieces[start:end])))
        tails.extend(r.lstrip("0") for r in _RUNS.findall(match.group()) if r.isdigit())
    wide = (k for k in keys if sum(c.isdigit() for c in k) >= _GLOBAL_DIGITS)
    return _unique(wide), _unique(t for t in tails if len(t) >= 2)


def _phrase_keys(phrase: str) -> list[str]:
    keys = list(number_keys(phrase))
    bare = re.sub(r"^[A-Z]+[ .#:\-]*", "", phrase)
    if bare != phrase:
        keys.extend(number_keys(bare))
    return keys


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
