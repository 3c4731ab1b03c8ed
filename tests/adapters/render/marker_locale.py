"""A marker locale: the message templates and labels with every word wrapped in ⟦ ⟧.

A message rendered from them shows, outside the markers, only what did not come from
the translation layer: data (names, numbers, dates, amounts) and any leak, such as an
English sentence from the engine in a Dutch letter. `leaks` returns the words left
once the markers and the allowed data are taken out.

The transform is mechanical: in `labels.toml` every literal piece of a value (not its
`{placeholders}`); in the Jinja templates every run of text outside the tags, and the
string literals inside `{{ }}` that are shown (not compared, not format specs, not
CSS). Layouts keep their structure; the typst layouts are copied as they are (their
words come from the labels).
"""

from __future__ import annotations

import html
import re
import shutil
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tomli_w

from tijdig.adapters.render.messages import TEMPLATES_DIR

OPEN, CLOSE = "⟦", "⟧"
LETTERS = re.compile(r"[A-Za-zÀ-ÿ]")
TAG = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})", re.S)
LITERAL = re.compile(r"""(==\s*|!=\s*)?(['"])(.*?)\2""")
PLACEHOLDER = re.compile(r"({[a-z_]*})")


def _wrap(piece: str) -> str:
    """`  tekst, ` -> `  ⟦tekst,⟧ `: the words marked, the surrounding spaces kept."""
    if not LETTERS.search(piece):
        return piece
    core = piece.strip()
    start = piece.index(core)
    return f"{piece[:start]}{OPEN}{core}{CLOSE}{piece[start + len(core) :]}"


def mark_value(value: str) -> str:
    """A label: each literal piece between `{placeholders}` marked, line by line."""
    parts = PLACEHOLDER.split(value)
    return "".join(
        part if PLACEHOLDER.fullmatch(part) else "\n".join(_wrap(x) for x in part.split("\n"))
        for part in parts
    )


def _mark_labels(data: Any) -> Any:
    if isinstance(data, str):
        return mark_value(data)
    if isinstance(data, list):
        return [_mark_labels(item) for item in data]
    if isinstance(data, dict):
        return {key: _mark_labels(value) for key, value in data.items()}
    return data


def _mark_literal(match: re.Match[str]) -> str:
    compared, quote, content = match.groups()
    shown = not compared and "%" not in content and not content.startswith("border")
    if not shown or not LETTERS.search(content):
        return match.group(0)
    return f"{compared or ''}{quote}{_wrap(content)}{quote}"


def mark_template(source: str) -> str:
    """Text outside the tags marked per line; shown string literals inside `{{ }}`."""
    out = []
    for piece in TAG.split(source):
        if piece.startswith("{{"):
            out.append(LITERAL.sub(_mark_literal, piece))
        elif piece.startswith(("{%", "{#")):
            out.append(piece)
        else:
            out.append("\n".join(_wrap(line) for line in piece.split("\n")))
    return "".join(out)


def marked_templates(folder: Path, languages: Iterable[str] = ("nl", "en", "fr")) -> Path:
    """A copy of the message templates under `folder` with every language marked."""
    target = folder / "templates"
    shutil.copytree(TEMPLATES_DIR, target)
    for language in languages:
        labels = target / language / "labels.toml"
        with labels.open("rb") as file:
            data = tomllib.load(file)
        labels.write_text(tomli_w.dumps(_mark_labels(data)), encoding="utf-8")
        for template in (target / language).glob("*.j2"):
            template.write_text(mark_template(template.read_text("utf-8")), encoding="utf-8")
    return target


MONTHS = (  # noqa: SIM905 - a word list reads better as one string
    "januari februari maart april mei juni juli augustus september oktober november "
    "december jan feb mrt apr jun jul aug sep sept okt nov dec January February March "
    "April May June July August September October November December Jan Feb Mar Apr Aug "
    "Sep Sept Oct Nov Dec janvier février mars avril mai juin juillet août septembre octobre "
    "novembre décembre janv févr avr juil déc"
).split()
DATA_PATTERNS = (
    re.compile(r"https?://\S+"),
    re.compile(r"[\w.+-]+@[\w.-]+\.[a-z]{2,}"),
    re.compile(rf"\b\d{{1,2}} (?:{'|'.join(MONTHS)})\.? \d{{4}}\b", re.I),  # dates
    re.compile(r"\bRF\d\d[ 0-9A-Z]*"),  # references
    re.compile(r"\b[A-Z]{2}\d\d(?: ?[0-9A-Z]{4})+(?: ?[0-9A-Z]{1,4})?\b"),  # IBAN
)


def leaks(text: str, allowed: Iterable[str]) -> list[str]:
    """The words of `text` outside the markers that are no allowed data (names, numbers,
    dates, amounts, addresses, references): each is text that skipped translation."""
    rest = re.sub(rf"{OPEN}[^{CLOSE}]*{CLOSE}", " ", html.unescape(text))
    for known in sorted((a for a in allowed if a), key=len, reverse=True):
        rest = rest.replace(known, " ")
    for pattern in DATA_PATTERNS:
        rest = pattern.sub(" ", rest)
    return re.findall(r"[A-Za-zÀ-ÿ]{2,}", rest)
