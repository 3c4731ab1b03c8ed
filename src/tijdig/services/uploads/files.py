"""What an upload is, and the result per file a job stores for the page."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tijdig.domain.banking import BankStatement
from tijdig.domain.einvoice import UblDocument
from tijdig.domain.imports import ImportIssue, ImportResult, Severity
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.services.bank.matching import MatchAll, MatchingUnitOfWork
from tijdig.services.hand_over.ports import DirectPaymentsUnitOfWork

if TYPE_CHECKING:
    from tijdig.services.background import Json


class UploadKind(StrEnum):
    """What a file is, as the uploader said; in the order a job imports them."""

    CUSTOMERS = "customers"
    INVOICES = "invoices"  # CSV or UBL e-invoices (read from the content, as the CLI does)
    BANK = "bank"  # MT940 or CAMT.053 (read from the content)


ORDER = {kind: i for i, kind in enumerate(UploadKind)}


@dataclass(frozen=True, slots=True)
class Upload:
    id: int
    company_id: int
    kind: UploadKind
    filename: str
    size: int


@dataclass(frozen=True, slots=True)
class NewUpload:
    """A file as the browser sent it."""

    kind: UploadKind
    filename: str
    content: bytes


class Uploads(Protocol):
    def add(self, company_id: int, upload: NewUpload, *, by: str, at: datetime) -> int: ...
    def get(self, upload_id: int) -> Upload | None: ...
    def as_file(self, upload_id: int) -> AbstractContextManager[Path]:
        """The upload's bytes as a file named as uploaded (a temporary one, removed after)."""


class ImportUnitOfWork(MatchingUnitOfWork, DirectPaymentsUnitOfWork, Protocol):
    """What the import services write through (the CLI's `app.uow()`)."""


class ImportEnvironment(Protocol):
    """What an import job uses of an installation (part of `TaskEnvironment`)."""

    def import_uow(self) -> ImportUnitOfWork: ...
    def uploads(self) -> Uploads: ...
    def read_customers(self, path: Path) -> ImportResult[Customer]: ...
    def invoice_reader(self, company: Company) -> Callable[[Path], ImportResult[Invoice]]: ...
    def read_einvoice(self, path: Path) -> ImportResult[UblDocument]: ...
    def read_statements(self, paths: Sequence[Path]) -> list[ImportResult[BankStatement]]: ...
    def match_all(self) -> MatchAll: ...
    def is_xml(self, path: Path) -> bool: ...


NAME_BYTES = 200  # a file name's length in UTF-8: file systems allow 255 bytes


def upload_name(filename: str) -> str:
    """The file's own name as a job writes it to a folder of its own: without any folders
    the browser sent, control characters or leading dots ("..": never a path), at most
    NAME_BYTES long in UTF-8; "upload" when nothing is left."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip().lstrip(".").strip()
    name = name.encode()[:NAME_BYTES].decode(errors="ignore")
    return name or "upload"


def shown_result(upload: Upload) -> Json:
    return {"name": upload.filename, "kind": upload.kind.value, "size": upload.size,
            "error": None}  # fmt: skip


def refused_result(upload: Upload, path: Path, issues: Sequence[ImportIssue]) -> Json:
    return shown_result(upload) | {
        "outcome": "refused",
        "issues": issues_json(issues, path, upload),
    }


def issues_json(issues: Sequence[ImportIssue], path: Path, upload: Upload) -> list[Json]:
    """The issues as JSON, each named by the uploaded file's name (not the temporary
    file's path the reader saw)."""

    def named(file: str) -> str:
        return upload.filename if file in (str(path), path.name) else file

    return [_issue(i, named(i.file)) for i in issues]


def _issue(issue: ImportIssue, file: str) -> Json:
    return {"file": file, "line": issue.line, "field": issue.field, "message": issue.message,
            "severity": issue.severity.value}  # fmt: skip


def issue_counts(files: Sequence[Json]) -> Iterator[tuple[Json, int, int]]:
    """Per file: its result, its errors and its warnings (for the page)."""
    for file in files:
        issues = file.get("issues", [])
        errors = sum(1 for i in issues if i["severity"] == Severity.ERROR.value)
        yield file, errors, len(issues) - errors
