"""Booking bank statements: all-or-nothing, never twice, every oddity reported.

A statement attaches to the company that owns its account (or the one named, which
then owns the account). Each transaction gets a key from the account, the booking
date, the amount, the bank's reference and the counterparty; an overlapping or repeated
statement books only what is new. Credits then go to the matcher (`matching.py`).

`import_statements` stores the new lines as they are, for `match_new` later. The
command reads, matches and stores in one go (`matching.import_and_match`): it takes the
statements from `stage_statements` and writes each line once, with its outcome.

An import writes its audit entries in its own transaction (`record_imports`): one per
customer matching touched (paid, or a payment of theirs returned), with what it booked
for them; for a company where it touched none, one with the files and new lines. Tens of
thousands of entries go in one bulk insert (`AuditLog.add_many`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from tijdig.domain.banking import AccountBalance, BankStatement, BankTransaction
from tijdig.domain.errors import ImportRefused
from tijdig.domain.imports import ImportIssue, Severity
from tijdig.domain.money import Money
from tijdig.domain.parties import Company
from tijdig.services import audit
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.bank.drafts import BankLineStatus, LineOutcome, NewLine
from tijdig.services.ports import Progress, no_progress
from tijdig.services.receivables.imports import Reader

IMPORTED = "bank.import"  # the audit action of an import


class Bank(Protocol):
    def owner_of(self, iban: str) -> int | None: ...
    def add_account(self, company_id: int, iban: str) -> None: ...
    def last_closing(self, company_id: int, iban: str) -> tuple[date, Decimal] | None: ...
    def add_statement(
        self, company_id: int, statement: BankStatement, *, filename: str, imported_at: datetime
    ) -> int: ...
    def known_keys(self, company_id: int, keys: Sequence[str]) -> set[str]: ...
    def has_statement(self, company_id: int, statement: BankStatement) -> bool: ...
    def add_lines(
        self,
        lines: Sequence[NewLine],
        *,
        ids: Sequence[int] | None = None,
        outcomes: Mapping[int, LineOutcome] | None = None,
        payments: Mapping[int, int] | None = None,
    ) -> None: ...
    def reserve_ids(self, count: int) -> list[int]: ...
    def accounts(self, company_id: int) -> list[AccountBalance]: ...


class BankUnitOfWork(AuditedUnitOfWork, Protocol):
    @property
    def bank(self) -> Bank: ...


@dataclass
class FileCounts:
    """What one file of an import brought: its statements, lines new and booked before."""

    statements: int = 0
    new: int = 0
    duplicates: int = 0
    # what matching made of its new lines (lines waiting from earlier imports count nowhere)
    matched: int = 0
    review: int = 0
    reopened: int = 0


@dataclass
class BankImportSummary:
    statements: int = 0
    new: int = 0
    debits: int = 0  # plain debits: they never settle an invoice, so no matching
    duplicates: int = 0
    companies: set[int] = field(default_factory=set)
    warnings: list[ImportIssue] = field(default_factory=list)
    # per file (its path as read), for a result per file of one import of many
    files: dict[str, FileCounts] = field(default_factory=dict)


def bank_accounts(uow: BankUnitOfWork, company: Company) -> list[AccountBalance]:
    """Per account: the date of its last booked statement, its balance (derived, when that
    statement gave none) and currency (the daily run's bank-first rule reads the date)."""
    assert company.id is not None
    with uow:
        return uow.bank.accounts(company.id)


def dedup_keys(account: str, transactions: Sequence[BankTransaction]) -> list[str]:
    """One key per transaction; the n-th identical line of a day keeps its own key, so
    two equal payments on one day both book, and the same day imported again does not."""
    seen: Counter[str] = Counter()
    keys = []
    for tx in transactions:
        base = "|".join((account, tx.booking_date.isoformat(), f"{tx.amount:f}", tx.currency,
                         tx.bank_reference or "", tx.counterparty_iban or "",
                         " ".join(tx.remittance.split())[:140]))  # fmt: skip
        seen[base] += 1
        keys.append(hashlib.sha256(f"{base}|{seen[base]}".encode()).hexdigest())
    return keys


@dataclass
class Staged:
    """What an import books before its lines are written: the new lines per company."""

    summary: BankImportSummary
    lines: dict[int, list[NewLine]] = field(default_factory=dict)
    keys: dict[int, set[str]] = field(default_factory=dict)  # dedup keys of `lines`
    files: dict[int, list[str]] = field(default_factory=dict)  # statements stored, per company
    statement_files: dict[int, str] = field(default_factory=dict)  # statement id -> its path


def import_statements(
    uow: BankUnitOfWork,
    paths: Sequence[Path],
    *,
    read: Reader[BankStatement],
    company_hint: Company | None,
    actor: str,
    at: datetime,
    progress: Progress = no_progress,
) -> BankImportSummary:
    """Store every statement of the files, or none when any file has an error."""
    found, issues = read_statements(paths, read=read)
    with uow:
        staged = stage_statements(uow, found, issues, company_hint=company_hint, at=at,
                                  progress=progress)  # fmt: skip
        for lines in staged.lines.values():
            uow.bank.add_lines(lines)
        record_imports(uow, staged, {}, actor=actor, at=at)
        uow.commit()
    return staged.summary


def read_statements(
    paths: Sequence[Path], *, read: Reader[BankStatement]
) -> tuple[list[tuple[Path, BankStatement]], list[ImportIssue]]:
    """Every statement of the files with the warnings; refused when any file has an error."""
    found: list[tuple[Path, BankStatement]] = []
    issues: list[ImportIssue] = []
    for path in paths:
        result = read(path)
        issues.extend(result.issues)
        found.extend((path, s) for s in result.items)
    if any(i.is_error for i in issues):
        raise ImportRefused(issues)
    return found, issues


def stage_statements(
    uow: BankUnitOfWork,
    found: Sequence[tuple[Path, BankStatement]],
    warnings: Sequence[ImportIssue] = (),
    *,
    company_hint: Company | None,
    at: datetime,
    progress: Progress = no_progress,
) -> Staged:
    """Within the open unit of work: attach each statement to its company and store it,
    and return its lines not booked before, unwritten. Refused when an account belongs
    to no company."""
    staged = Staged(BankImportSummary(warnings=list(warnings)))
    for path, statement in found:
        _book(uow, path, statement, company_hint, at, staged)
        progress(len(statement.transactions))
    errors = [w for w in staged.summary.warnings if w.is_error]
    if errors:
        raise ImportRefused(errors)
    return staged


def _book(
    uow: BankUnitOfWork,
    path: Path,
    statement: BankStatement,
    hint: Company | None,
    at: datetime,
    staged: Staged,
) -> None:
    summary = staged.summary
    company_id = _owner(uow, path, statement, hint, summary)
    if company_id is None:
        return
    _check_balances(uow, company_id, path, statement, summary)
    keys = dedup_keys(statement.account, statement.transactions)
    # Lines staged by an earlier statement of this import count as booked: the same
    # day twice in one import books once, as it does in two imports.
    staged_keys = staged.keys.setdefault(company_id, set())
    known = uow.bank.known_keys(company_id, keys) | staged_keys.intersection(keys)
    fresh = [(k, t) for k, t in zip(keys, statement.transactions, strict=True) if k not in known]
    counts = summary.files.setdefault(str(path), FileCounts())
    counts.statements += 1
    counts.duplicates += len(keys) - len(fresh)
    summary.duplicates += len(keys) - len(fresh)
    summary.statements += 1
    summary.companies.add(company_id)
    if not fresh and known:
        return  # the whole statement was booked before
    if not keys and uow.bank.has_statement(company_id, statement):
        return  # a statement without lines, stored before: its day is known already
    statement_id = uow.bank.add_statement(company_id, statement, filename=path.name,
                                          imported_at=at)  # fmt: skip
    names = staged.files.setdefault(company_id, [])
    if path.name not in names:
        names.append(path.name)
    staged.statement_files[statement_id] = str(path)
    lines = [NewLine(company_id, statement_id, statement.account, k, t) for k, t in fresh
             if t.booked]  # fmt: skip
    staged.lines.setdefault(company_id, []).extend(lines)
    staged_keys.update(line.dedup_key for line in lines)
    summary.new += len(lines)
    counts.new += len(lines)
    summary.debits += sum(1 for line in lines if line.status is BankLineStatus.IGNORED)


def record_imports(
    uow: BankUnitOfWork,
    staged: Staged,
    outcomes: Mapping[int, str],
    customers: Mapping[int, Mapping[int, str]] | None = None,
    *,
    actor: str,
    at: datetime,
) -> None:
    """The import's audit entries: one per customer matching touched (`customers`: per
    company, the details by customer id); for a company where it touched none but stored
    statements, one with the files, the new lines and (`outcomes`, per company) what
    matching made of them."""
    customers = customers or {}
    for company_id in sorted(staged.files.keys() | customers.keys()):
        files = staged.files.get(company_id, [])
        new = len(staged.lines.get(company_id, ()))
        outcome = f": {outcomes[company_id]}" if company_id in outcomes else ""
        touched = customers.get(company_id, {})
        subject = f"{len(files)} bank statement file(s)"
        if touched:
            subject = f"{subject}: {', '.join(files)}"[:200]
        elif not files:
            continue
        audit.record_each(uow, actor=actor, at=at, action=IMPORTED, company_id=company_id,
                          subject=subject, details=touched,
                          otherwise=f"{new} new line(s){outcome}; {', '.join(files)}")  # fmt: skip


def _owner(
    uow: BankUnitOfWork,
    path: Path,
    statement: BankStatement,
    hint: Company | None,
    summary: BankImportSummary,
) -> int | None:
    owner = uow.bank.owner_of(statement.account)
    if owner is not None:
        return owner
    if hint is not None and hint.id is not None:
        uow.bank.add_account(hint.id, statement.account)
        summary.warnings.append(ImportIssue(
            path.name, f"account {statement.account} now belongs to {hint.code}",
            field="account", severity=Severity.WARNING))  # fmt: skip
        return hint.id
    summary.warnings.append(ImportIssue(
        path.name, f"account {statement.account} belongs to no company: name one with "
        "--company", field="account"))  # fmt: skip
    return None


def _check_balances(
    uow: BankUnitOfWork,
    company_id: int,
    path: Path,
    statement: BankStatement,
    summary: BankImportSummary,
) -> None:
    def warn(message: str) -> None:
        summary.warnings.append(ImportIssue(path.name, message, field="balance",
                                            severity=Severity.WARNING))  # fmt: skip

    if not statement.reconciles:
        warn(f"statement {statement.statement_id or ''} of {statement.account}: opening plus "
             "transactions does not give the closing balance; booked as given")  # fmt: skip
    previous = uow.bank.last_closing(company_id, statement.account)
    opening = statement.opening_balance
    if (
        previous
        and opening is not None
        and statement.opening_date
        and (previous[0] < statement.opening_date and previous[1] != opening)
    ):
        warn(f"{statement.account}: opening balance {Money(statement.currency, opening)} does "
             f"not follow the previous closing balance {previous[1]} of {previous[0]}")  # fmt: skip
