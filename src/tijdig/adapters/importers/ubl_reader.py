"""Reading typed UBL fields from an element, collecting problems as `ImportIssue`s.

A `Node` is an element plus its XPath-ish place in the document
("cac:AccountingSupplierParty/cac:Party"), so every issue names file, line and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from tijdig.domain.imports import ImportIssue, Severity

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS = {"cbc": CBC, "cac": CAC}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMOUNT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def sourceline(element: etree._Element) -> int | None:
    """The element's line in the file (lxml-stubs type it loosely)."""
    line: object = element.sourceline
    return line if isinstance(line, int) else None


@dataclass
class Issues:
    """The issues found in one file so far."""

    file: str
    found: list[ImportIssue] = field(default_factory=list)

    def add(
        self, message: str, *, line: int | None, where: str | None, warning: bool = False
    ) -> None:
        severity = Severity.WARNING if warning else Severity.ERROR
        self.found.append(ImportIssue(self.file, message, line, where, severity))


@dataclass(frozen=True)
class Node:
    element: etree._Element
    path: str
    issues: Issues

    def where(self, path: str) -> str:
        return f"{self.path}/{path}" if self.path else path

    def find(self, path: str) -> Node | None:
        found = self.element.find(path, NS)
        return None if found is None else Node(found, self.where(path), self.issues)

    def find_all(self, path: str) -> list[Node]:
        return [Node(e, self.where(path), self.issues) for e in self.element.findall(path, NS)]

    def text(self, path: str) -> str | None:
        """The stripped text of the first `path` below, None when absent or blank."""
        found = self.element.find(path, NS)
        value = (found.text or "").strip() if found is not None else ""
        return value or None

    def attribute(self, path: str, name: str) -> str | None:
        found = self.element.find(path, NS)
        value = found.get(name) if found is not None else None
        return value.strip() or None if value else None

    def line(self, path: str) -> int | None:
        found = self.element.find(path, NS)
        return sourceline(found if found is not None else self.element)

    def report(self, path: str, message: str, *, warning: bool = False) -> None:
        self.issues.add(message, line=self.line(path), where=self.where(path), warning=warning)

    def required(self, path: str, what: str) -> str | None:
        value = self.text(path)
        if value is None:
            self.report(path, f"{what} is missing")
        return value

    def date(self, path: str, what: str, *, required: bool = False) -> date | None:
        value = self.required(path, what) if required else self.text(path)
        if value is None:
            return None
        if _DATE.match(value):
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                pass
        self.report(path, f"{what} {value!r} is not a date (YYYY-MM-DD)")
        return None

    def amount(self, path: str, what: str, *, required: bool = False) -> Decimal | None:
        """The amount exactly as written (no rounding, no float)."""
        value = self.required(path, what) if required else self.text(path)
        if value is None:
            return None
        if not _AMOUNT.fullmatch(value):
            self.report(path, f"{what} {value!r} is not an amount")
            return None
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            self.report(path, f"{what} {value!r} is not an amount")
            return None
