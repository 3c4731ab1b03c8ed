"""Booking UBL e-invoices: find or create the seller's company and the buyer's customer.

An e-invoice books to the company that is its seller (`known_seller`: by VAT id or
KvK/KBO number, then by Peppol endpoint or party identifier, then by name in its
country); when none is, the company is created from the seller party (and the summary
says so), so the same file or seller again finds it. The buyer becomes or matches a
customer. The whole set books in one transaction, or nothing does, with one audit entry
per customer an invoice was booked for (an e-invoice is a file per invoice: few).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tijdig.domain.einvoice import (
    DAYS_AFTER_RECEIPT,
    DueDateBasis,
    DueDateRule,
    UblDocument,
    UblParty,
    due_date_rule,
    to_invoice,
)
from tijdig.domain.errors import ImportRefused, InvalidValue
from tijdig.domain.imports import ImportIssue, ImportResult, Severity
from tijdig.domain.legal import knows, law_for
from tijdig.domain.parties import Company, Customer, CustomerKind, Language
from tijdig.domain.validation import Check, soft_check
from tijdig.services import audit
from tijdig.services.audit import AuditedUnitOfWork
from tijdig.services.ports import Progress, UnitOfWork, no_progress
from tijdig.services.receivables.imports import (
    ImportSummary,
    Reader,
    file_digest,
    invoice_fingerprint,
    with_reference,
)

KIND = "einvoice"
IMPORTED = "einvoices.import"  # the audit action
TERMS_FIELD = "cac:PaymentTerms/cbc:Note"


@dataclass(frozen=True, slots=True)
class _Read:
    path: Path
    digest: str
    document: UblDocument


def import_einvoices(
    uow: AuditedUnitOfWork,
    paths: Sequence[Path],
    *,
    read: Reader[UblDocument],
    actor: str,
    at: datetime,
    company_hint: str | None = None,
    progress: Progress = no_progress,
) -> ImportSummary:
    """Book e-invoices; an identical file again is skipped, a different document with the
    same (company, kind, number) is an error."""
    summary = ImportSummary(files=len(paths))
    documents = _read_all(paths, read, summary)
    issues: list[ImportIssue] = []
    booked: dict[tuple[int, int], list[str]] = {}  # invoice numbers per (company, customer)
    with uow:
        for item in documents:
            issues.extend(_book(uow, item, company_hint, summary, booked, actor=actor, at=at))
            progress(1)
        if any(i.is_error for i in issues):
            raise ImportRefused(issues)
        for (company_id, customer_id), numbers in booked.items():
            audit.record(uow, actor=actor, at=at, action=IMPORTED, company_id=company_id,
                         customer_ids=[customer_id], subject=f"invoices {', '.join(numbers)}"[:200],
                         details=f"{len(numbers)} e-invoice(s) booked")  # fmt: skip
        uow.commit()
    summary.warnings.extend(issues)
    return summary


def _read_all(
    paths: Sequence[Path],
    read: Reader[UblDocument],
    summary: ImportSummary,
) -> list[_Read]:
    issues: list[ImportIssue] = []
    found: list[_Read] = []
    for path in paths:
        result: ImportResult[UblDocument] = read(path)
        issues.extend(result.issues)
        found.extend(_Read(path, file_digest(path), doc) for doc in result.items)
    if any(i.is_error for i in issues):
        raise ImportRefused(issues)
    summary.warnings.extend(issues)
    return found


def _book(
    uow: AuditedUnitOfWork,
    item: _Read,
    hint: str | None,
    summary: ImportSummary,
    booked: dict[tuple[int, int], list[str]],
    *,
    actor: str,
    at: datetime,
) -> list[ImportIssue]:
    doc, name = item.document, str(item.path)
    company = _company_for(uow, doc.seller, hint, summary, actor=actor, at=at)
    assert company.id is not None
    if uow.imported_files.seen([company.id], KIND, item.digest):
        summary.files_skipped.append(name)
        return []
    customer = _customer_for(uow, company, doc.buyer, summary)
    term = _term(company, customer)
    try:
        invoice = to_invoice(
            doc, customer_number=customer.number, payment_term_days=term,
            company_code=company.code,
        )  # fmt: skip
    except InvalidValue as error:
        return [ImportIssue(name, error.reason, field=error.field)]
    rule = due_date_rule(doc, payment_term_days=term)
    if rule.basis is not DueDateBasis.FILE:
        summary.warnings.append(ImportIssue(name, due_date_note(rule, doc.payment_terms),
                                            field=TERMS_FIELD, severity=Severity.INFO))  # fmt: skip
    fingerprint = invoice_fingerprint(invoice)
    stored = uow.invoices.fingerprints(company.id, [(invoice.kind.value, invoice.number)])
    if stored:
        if next(iter(stored.values())) == fingerprint:
            summary.unchanged += 1
            return []
        return [
            ImportIssue(
                name,
                f"{invoice.kind.value} {invoice.number} of {company.code} "
                "exists already with other contents",
                field="cbc:ID",
            )
        ]
    assert customer.id is not None
    invoice_id = uow.invoices.add(
        with_reference(invoice, company),
        company_id=company.id,
        customer_id=customer.id,
        fingerprint=fingerprint,
        source=KIND,
    )
    for attachment in doc.attachments:
        uow.invoices.attach(
            company.id,
            invoice_id,
            filename=attachment.filename or "attachment",
            mime_type=attachment.mime_code or "application/octet-stream",
            content=attachment.content,
            is_copy=attachment is doc.invoice_copy,
        )
    uow.imported_files.record(company.id, KIND, item.digest, item.path.name, invoice.number,
                              at=at)  # fmt: skip
    booked.setdefault((company.id, customer.id), []).append(invoice.number)
    summary.added += 1
    return []


def due_date_note(rule: DueDateRule, terms: str | None) -> str:
    """Which rule gave an e-invoice without a due date its due date, in one sentence."""
    quoted = f"'{' '.join(terms.split())[:120]}'" if terms else ""
    if rule.basis is DueDateBasis.TERMS_DAYS:
        return (f"due date {rule.due_date} from the payment terms {quoted} "
                f"({rule.term_days} days after the invoice date)")  # fmt: skip
    if rule.basis is DueDateBasis.ON_RECEIPT:
        return (
            f"due date {rule.due_date} (the invoice date) from the payment terms {quoted} "
            f"(payable on receipt); default and statutory interest from {rule.default_from}, "
            f"the day after {DAYS_AFTER_RECEIPT} days after receipt, as no payment date was "
            "agreed (art. 6:119a lid 2 BW; the invoice date taken as the day of receipt)"
        )
    why = (f"the payment terms {quoted} state no number of days" if terms
           else "no payment terms either")  # fmt: skip
    return (f"due date {rule.due_date} is the invoice date plus the payment term of "
            f"{rule.term_days} days (no due date in the file; {why})")  # fmt: skip


def _term(company: Company, customer: Customer) -> int:
    if customer.payment_term_days is not None:
        return customer.payment_term_days
    return company.payment_term_days


def _company_for(
    uow: AuditedUnitOfWork,
    seller: UblParty,
    hint: str | None,
    summary: ImportSummary,
    *,
    actor: str,
    at: datetime,
) -> Company:
    found = known_seller(uow, seller)
    if found is not None:
        return found
    if hint and (named := uow.companies.find(hint)):
        summary.notes.append(f"seller {seller.name} booked to {named.code} as asked (--company)")
        return named
    created = uow.companies.add(_company_from(uow, seller), at=at)
    audit.record(uow, actor=actor, at=at, action="company.add", company_id=created.id,
                 subject=f"company {created.code}",
                 details=f"from the seller of an e-invoice: {created.name}")  # fmt: skip
    summary.notes.append(f"created company {created.code} ({created.name}) from the seller party")
    for check, value in (
        (Check.VAT_ID, created.vat_id),
        (Check.REGISTRATION_NUMBER, created.registration_number),
    ):
        warning = value and soft_check(check, value, country=created.country)[1]
        if warning:
            summary.warnings.append(
                ImportIssue(
                    created.code,
                    f"seller {check.value} kept as given: {warning}",
                    field=check.value,
                    severity=Severity.WARNING,
                )
            )
    return created


def known_seller(uow: UnitOfWork, seller: UblParty) -> Company | None:
    """The company the seller is: by VAT id, KvK/KBO number or other tax id; then by its
    Peppol endpoint or party identifiers (often that number again, e.g. scheme 0106 KvK,
    0208 KBO, 9944 NL VAT); then by its name in its country, unless the company found
    has another VAT id or registration number than the seller."""
    keys = (
        seller.vat_id, seller.legal_id, *(v for _, v in seller.other_tax_ids),
        seller.endpoint_id, *(v for _, v in seller.identifiers),
    )  # fmt: skip
    for key in keys:
        if key and (found := uow.companies.find(key)):
            return found
    if not seller.name:
        return None
    named = uow.companies.find_by_name(seller.name, country=_country(seller.country))
    return named if named is not None and not _conflicts(named, seller) else None


def _conflicts(company: Company, seller: UblParty) -> bool:
    pairs = ((company.vat_id, seller.vat_id), (company.registration_number, seller.legal_id))
    return any(a and b and _norm(a) != _norm(b) for a, b in pairs)


def _norm(text: str | None) -> str:
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


def _company_from(uow: UnitOfWork, seller: UblParty) -> Company:
    name = seller.name or seller.vat_id or seller.legal_id or "Unknown seller"
    stem = re.sub(r"[^A-Z0-9]", "", name.upper())[:10] or "SELLER"
    code, n = stem, 1
    while uow.companies.find(code):
        n += 1
        code = f"{stem}{n}"
    return Company(
        code=code,
        name=name,
        country=_country(seller.country),
        registration_number=seller.legal_id,
        vat_id=seller.vat_id,
        address=seller.address,
        email=seller.email,
        phone=seller.phone,
    )


def _country(code: str | None) -> str:
    if code and len(code) == 2 and code.isalpha():
        return code.upper()
    return "NL"


def _customer_for(
    uow: UnitOfWork, company: Company, buyer: UblParty, summary: ImportSummary
) -> Customer:
    assert company.id is not None
    if buyer.account_id and (known := uow.customers.get(company.id, buyer.account_id)):
        return known
    for customer in uow.customers.all(company.id):
        if _same_party(customer, buyer):
            return customer
    created = _customer_from(company, buyer)
    uow.customers.save_many(company.id, [created])
    stored = uow.customers.get(company.id, created.number)
    assert stored is not None
    summary.notes.append(f"created customer {stored.number} ({stored.name}) at {company.code}")
    return stored


def _same_party(customer: Customer, buyer: UblParty) -> bool:
    pairs = ((customer.vat_id, buyer.vat_id), (customer.registration_number, buyer.legal_id))
    if any(_norm(a) and _norm(a) == _norm(b) for a, b in pairs):
        return True
    return not (buyer.vat_id or buyer.legal_id) and _norm(customer.name) == _norm(buyer.name)


def _customer_from(company: Company, buyer: UblParty) -> Customer:
    key = buyer.vat_id or buyer.legal_id or buyer.name or "buyer"
    number = buyer.account_id or "UBL-" + hashlib.sha256(key.encode()).hexdigest()[:8].upper()
    country = _country(buyer.country or company.country)
    email = buyer.email and soft_check(Check.EMAIL, buyer.email)[0]
    return Customer(
        number=number,
        name=buyer.name or key,
        kind=CustomerKind.BUSINESS,
        country=country,
        language=law_for(country).LANGUAGE if knows(country) else Language.EN,
        vat_id=buyer.vat_id,
        registration_number=buyer.legal_id,
        email=email or None,
        phone=buyer.phone,
        address=buyer.address,
    )
