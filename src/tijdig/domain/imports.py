"""What an importer returns: the items it read and every problem it found."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # how a value was worked out (a due date from the payment terms)


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem in an input file, named by file, line and field."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field {self.field}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportResult(Generic[T]):
    """Items read from a file and the issues found; errors mean nothing may be booked."""

    items: tuple[T, ...] = ()
    issues: tuple[ImportIssue, ...] = field(default=())
    # The file line each item came from, parallel to `items` (empty when unknown).
    lines: tuple[int, ...] = field(default=())

    def line_of(self, index: int) -> int | None:
        return self.lines[index] if index < len(self.lines) else None

    @property
    def errors(self) -> tuple[ImportIssue, ...]:
        return tuple(i for i in self.issues if i.is_error)

    @property
    def warnings(self) -> tuple[ImportIssue, ...]:
        return tuple(i for i in self.issues if not i.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors
