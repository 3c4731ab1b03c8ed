"""The one small exception tree of Tijdig.

    TijdigError                 anything Tijdig refuses, with a message for a person
    ├── InvalidValue            a typed-in value is not valid (names the field; may carry
    │                           a code and its parameters for the edge to word)
    ├── RuleViolation           a command breaks a business or legal rule
    ├── NotFound                the thing asked for does not exist
    ├── Conflict                the thing exists already, differently
    ├── PermissionDenied        the user's role does not allow it
    └── ImportRefused           a file was refused; carries every issue found

Data problems inside a file are values (`ImportIssue`), not exceptions; a service
raises `ImportRefused` once it has collected them all. The web layer maps these
classes to HTTP status codes in one table, the CLI prints the message on one line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tijdig.domain.imports import ImportIssue


class TijdigError(Exception):
    """Base of every error Tijdig raises on purpose."""


class InvalidValue(TijdigError, ValueError):
    """A value given for a named field is not valid.

    `message` is English, for the CLI, the API and the logs. A refusal that a page words
    in the reader's language also carries a `code` and its `params` (amounts, dates,
    names: values, not text), as ARCHITECTURE rule 17 asks; "" when it has none."""

    def __init__(
        self,
        field: str,
        message: str,
        *,
        code: str = "",
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message
        self.code = code
        self.params: dict[str, object] = dict(params or {})


class RuleViolation(TijdigError):
    """A command would break a business or legal rule."""


class NotFound(TijdigError, LookupError):
    """The thing asked for does not exist."""


class PermissionDenied(TijdigError):
    """The user's role does not allow this (a read-only user changing something)."""


class Conflict(TijdigError):
    """The thing exists already, with other contents."""


class ImportRefused(TijdigError):
    """A file (or set of files) was refused; nothing was booked."""

    def __init__(self, issues: Sequence[ImportIssue]) -> None:
        self.issues = tuple(issues)
        errors = [i for i in self.issues if i.is_error]
        first = errors[0] if errors else None
        summary = f"{len(errors)} problem(s), nothing booked"
        super().__init__(f"{first}; {summary}" if first else summary)
