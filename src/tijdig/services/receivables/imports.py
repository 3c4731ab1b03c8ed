"""Booking imported customers and invoices: all-or-nothing, idempotent, every problem reported.

The importers (adapters) read files into domain values and problems; these use cases
check the values against what is stored and book them in one transaction, or refuse
the whole set with every issue named by file, line and field.

An import of new files writes its audit entries in its own transaction: one per customer
it added or changed, or whose invoices it added, saying what; one for the company, with
the files and the counts, when it touched no customer. An import books up to a hundred
thousand customers or a million invoices: the entries go in one bulk insert.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from tijdig.domain.errors import ImportRefused
from tijdig.domain.imports import ImportIssue, ImportResult
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.domain.references import reference_for
from tijdig.services import audit
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.ports import Progress, UnitOfWork, no_progress

T = TypeVar("T")
Reader = Callable[[Path], ImportResult[T]]


@dataclass
class ImportSummary:
    """What an import booked, skipped and warned about."""

    files: int = 0
    files_skipped: list[str] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[ImportIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def invoice_fingerprint(invoice: Invoice) -> str:
    """A digest of everything that makes two bookings of one invoice identical."""
    parts = (
        invoice.kind.value,
        invoice.number,
        invoice.customer_number,
        invoice.issue_date.isoformat(),
        invoice.due_date.isoformat(),
        invoice.currency,
        f"{invoice.total:f}",
        f"{invoice.prepaid:f}",
        f"{invoice.outstanding:f}",
        invoice.free_reference or "",
        ";".join(f"{p.due_date}:{p.amount:f}" for p in invoice.schedule),
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _read_all(
    paths: Sequence[Path],
    read: Reader[T],
    *,
    kind: str,
    uow: UnitOfWork,
    company: Company,
    summary: ImportSummary,
) -> list[tuple[Path, ImportResult[T]]]:
    results: list[tuple[Path, ImportResult[T]]] = []
    issues: list[ImportIssue] = []
    taken: set[str] = set()  # a file named twice, or two with one content: booked once
    assert company.id is not None
    with uow:
        for path in paths:
            digest = file_digest(path)
            if digest in taken or uow.imported_files.seen([company.id], kind, digest):
                summary.files_skipped.append(str(path))
                continue
            taken.add(digest)
            result = read(path)
            issues.extend(result.issues)
            results.append((path, result))
    if any(i.is_error for i in issues):
        raise ImportRefused(issues)
    summary.warnings.extend(issues)
    return results


def import_customers(
    uow: AuditedUnitOfWork,
    company: Company,
    paths: Sequence[Path],
    *,
    read: Reader[Customer],
    actor: str,
    at: datetime,
    progress: Progress = no_progress,
) -> ImportSummary:
    """Book customers from files: new ones added, changed ones updated, all or nothing."""
    summary = ImportSummary(files=len(paths))
    results = _read_all(paths, read, kind="customers", uow=uow, company=company, summary=summary)
    customers = [c for _, r in results for c in r.items]
    _refuse_unknown_parents(uow, company, results)
    assert company.id is not None
    with uow:
        added, updated, unchanged = uow.customers.save_many(company.id, customers)
        for path, result in results:
            uow.imported_files.record(
                company.id,
                "customers",
                file_digest(path),
                path.name,
                f"{len(result.items)} rows",
                at=at,
            )
        if results:
            touched = dict.fromkeys(added, "customer added")
            for customer_id in updated:  # added, then changed by a later row: added
                touched.setdefault(customer_id, "customer changed")
            counts = f"{len(added)} added, {len(updated)} updated, {unchanged} unchanged"
            _record(uow, company.id, results, "customers.import", touched, actor=actor, at=at,
                    details=counts)  # fmt: skip
        uow.commit()
    progress(len(customers))
    summary.added, summary.updated, summary.unchanged = len(added), len(updated), unchanged
    return summary


def _refuse_unknown_parents(
    uow: UnitOfWork, company: Company, results: list[tuple[Path, ImportResult[Customer]]]
) -> None:
    assert company.id is not None
    with uow:
        known = set(uow.customers.ids_by_number(company.id))
    known |= {c.number for _, r in results for c in r.items}
    issues = [
        ImportIssue(
            str(path), f"group customer {c.parent_number} is unknown", r.line_of(i), "parent"
        )
        for path, r in results
        for i, c in enumerate(r.items)
        if c.parent_number and c.parent_number not in known
    ]
    if issues:
        raise ImportRefused(issues)


def import_invoices(
    uow: AuditedUnitOfWork,
    company: Company,
    paths: Sequence[Path],
    *,
    read: Reader[Invoice],
    actor: str,
    at: datetime,
    source: str = "csv",
    progress: Progress = no_progress,
) -> ImportSummary:
    """Book invoices from files. The same invoice again is skipped; a different one with
    the same (kind, number) is an error. Invoices without a structured payment reference
    get one."""
    summary = ImportSummary(files=len(paths))
    results = _read_all(paths, read, kind="invoices", uow=uow, company=company, summary=summary)
    assert company.id is not None
    with uow:
        customer_ids = uow.customers.ids_by_number(company.id)
        todo = _check_invoices(uow, company.id, results, customer_ids, summary)
        items = [
            (
                with_reference(invoice, company),
                customer_ids[invoice.customer_number],
                invoice_fingerprint(invoice),
            )
            for invoice in todo
        ]
        uow.invoices.add_many(items, company_id=company.id, source=source)
        progress(len(items))
        for path, result in results:
            uow.imported_files.record(
                company.id,
                "invoices",
                file_digest(path),
                path.name,
                f"{len(result.items)} rows",
                at=at,
            )
        if results:
            _record(uow, company.id, results, "invoices.import", _invoices_added(items),
                    actor=actor, at=at,
                    details=f"{len(todo)} added, {summary.unchanged} unchanged")  # fmt: skip
        uow.commit()
    summary.added = len(todo)
    return summary


def _record(
    uow: AuditedUnitOfWork,
    company_id: int,
    results: Sequence[tuple[Path, object]],
    action: str,
    touched: Mapping[int, str],
    *,
    actor: str,
    at: datetime,
    details: str,
) -> None:
    """An entry per customer `touched` (what happened to them, by id), else one for the
    company with the counts (`details`); the files named in both."""
    names = ", ".join(path.name for path, _ in results)
    subject = f"{len(results)} file(s)"
    audit.record_each(uow, actor=actor, at=at, action=action, company_id=company_id,
                      subject=f"{subject}: {names}"[:200] if touched else subject,
                      details=touched, otherwise=f"{details}; {names}")  # fmt: skip


def _invoices_added(items: Sequence[tuple[Invoice, int, str]]) -> dict[int, str]:
    """Per customer id: how many invoices (and credit notes) were added, for how much."""
    count: dict[int, int] = {}
    totals: dict[int, dict[str, Decimal]] = {}
    for invoice, customer_id, _ in items:
        count[customer_id] = count.get(customer_id, 0) + 1
        per = totals.setdefault(customer_id, {})
        per[invoice.currency] = per.get(invoice.currency, Decimal(0)) + invoice.total
    return {c: f"{n} invoice(s) added, {audit.sums(totals[c])}" for c, n in count.items()}


def _check_invoices(
    uow: UnitOfWork,
    company_id: int,
    results: list[tuple[Path, ImportResult[Invoice]]],
    customer_ids: dict[str, int],
    summary: ImportSummary,
) -> list[Invoice]:
    """The invoices still to book; raises ImportRefused naming every conflict."""
    located = [(str(p), r.line_of(i), inv) for p, r in results for i, inv in enumerate(r.items)]
    stored = uow.invoices.fingerprints(company_id, ((v.kind.value, v.number) for *_, v in located))
    issues: list[ImportIssue] = []
    todo: list[Invoice] = []
    seen: dict[tuple[str, str], str] = {}
    for name, line, invoice in located:
        identity = (invoice.kind.value, invoice.number)
        fingerprint = invoice_fingerprint(invoice)
        if invoice.customer_number not in customer_ids:
            issues.append(
                ImportIssue(
                    name,
                    f"customer {invoice.customer_number} is unknown: import customers first",
                    line,
                    "customer",
                )
            )
        elif identity in stored and stored[identity] != fingerprint:
            issues.append(
                ImportIssue(
                    name,
                    f"{invoice.kind.value} {invoice.number} exists already with other contents",
                    line,
                    "number",
                )
            )
        elif identity in stored or seen.get(identity) == fingerprint:
            summary.unchanged += 1
        elif identity in seen:
            issues.append(
                ImportIssue(name, f"{invoice.number} appears twice, differently", line, "number")
            )
        else:
            seen[identity] = fingerprint
            todo.append(invoice)
    if issues:
        raise ImportRefused(issues)
    return todo


def with_reference(invoice: Invoice, company: Company) -> Invoice:
    """The invoice with a structured payment reference: its own, or a new one."""
    if invoice.payment_reference:
        return invoice
    return replace(invoice, payment_reference=reference_for(company.country, invoice.number))
