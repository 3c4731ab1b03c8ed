"""The one small exception tree of Tijdig.

    TijdigError                 anything Tijdig refuses: a code and its parameters
    ├── InvalidValue            a typed-in value is not valid (names the field)
    ├── RuleViolation           a command breaks a business or legal rule
    ├── NotFound                the thing asked for does not exist
    ├── Conflict                the thing exists already, differently
    ├── PermissionDenied        the user's role does not allow it
    └── ImportRefused           a file was refused; carries every issue found

Data problems inside a file are values (`ImportIssue`), not exceptions; a service
raises `ImportRefused` once it has collected them all. The web layer maps these
classes to HTTP status codes in one table and says the code in the reader's language;
the CLI prints the English message on one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tijdig.domain.refusals import Refusal

if TYPE_CHECKING:
    from tijdig.domain.imports import ImportIssue
    from tijdig.domain.reasons import Param


class TijdigError(Exception):
    """Base of every error Tijdig raises on purpose.

    Raised with a `Refusal` code and its params (amounts as Money, days as dates, names
    and numbers as str/int): `NotFound(Refusal.NOT_FOUND, thing="customer", key="K9")`.
    `str(error)` is the English message (the code's template filled in plainly) for the
    CLI, the API and the logs; the web says the same code in the reader's language
    (`rendering.said`). Outside the core a plain English text is still accepted (`code`
    is then None); a test refuses that in the domain, engine, matching, services and
    the workspace's own pages (tests/domain/test_refusals.py)."""

    def __init__(self, code: Refusal | str, /, **params: Param) -> None:
        self.code = code if isinstance(code, Refusal) else None
        self.params: dict[str, Param] = params
        super().__init__(_english(code, params))


def _english(code: Refusal | str, params: dict[str, Param]) -> str:
    if not isinstance(code, Refusal):
        return code
    # Imported when raised: the texts need Money, whose module raises these errors.
    from tijdig.domain.refusal_texts import say

    return say(code, params)


class InvalidValue(TijdigError, ValueError):
    """A value given for a named field is not valid; `field` names it (a form's input,
    an API field, a place in a file) and `str(error)` is "field: message"."""

    def __init__(self, field: str, code: Refusal | str, /, **params: Param) -> None:
        super().__init__(code, **params)
        self.field = field
        self.reason = str(self.args[0])
        self.args = (f"{field}: {self.reason}",)


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
        if first is None:
            super().__init__(Refusal.IMPORT_REFUSED, count=len(errors))
        else:  # the issue itself is the importer's English, file, line and field
            super().__init__(Refusal.IMPORT_REFUSED_FIRST, first=str(first), count=len(errors))
