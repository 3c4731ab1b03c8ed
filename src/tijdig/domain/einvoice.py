"""An e-invoice as read from a UBL 2.1 file, and its conversion to an `Invoice`.

`UblDocument` holds the file's values as given (amounts as exact `Decimal`, signs
untouched); `to_invoice` applies Tijdig's rules to make a domain `Invoice` of it.
Reading the XML is the job of `adapters/importers/ubl.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tijdig.domain.invoices import Invoice, InvoiceKind, InvoiceLine, due_date_for
from tijdig.domain.payment_terms import PaymentTerms, TermsKind, read_payment_terms
from tijdig.domain.references import detect

CREDIT_NOTE_TYPE_CODES = frozenset({"381"})  # UNTDID 1001 "Credit note"
PDF = "application/pdf"
# Payable on receipt agrees no payment date: default starts the day after 30 days have
# passed since receipt (art. 6:119a lid 2 BW, LEGAL.md's cautious reading); an e-invoice
# is taken as received on its invoice date.
DAYS_AFTER_RECEIPT = 30


class DocumentType(StrEnum):
    INVOICE = "Invoice"
    CREDIT_NOTE = "CreditNote"


@dataclass(frozen=True, slots=True)
class UblParty:
    """The seller (AccountingSupplierParty) or buyer (AccountingCustomerParty)."""

    name: str | None = None
    vat_id: str | None = None  # PartyTaxScheme/CompanyID where TaxScheme/ID = VAT
    other_tax_ids: tuple[tuple[str, str], ...] = ()  # (tax scheme, id), e.g. ("LOC", ...)
    legal_id: str | None = None  # PartyLegalEntity/CompanyID (KvK, KBO ...)
    identifiers: tuple[tuple[str, str], ...] = ()  # PartyIdentification: (scheme, id)
    endpoint_id: str | None = None
    endpoint_scheme: str | None = None
    address: str = ""  # lines joined by "\n"
    country: str | None = None
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    account_id: str | None = None  # buyer: SupplierAssignedAccountID (our customer number)


@dataclass(frozen=True, slots=True)
class Attachment:
    """An embedded document (AdditionalDocumentReference/Attachment), decoded."""

    content: bytes
    mime_code: str | None = None
    filename: str | None = None
    document_id: str | None = None
    description: str | None = None

    @property
    def is_pdf(self) -> bool:
        return (self.mime_code or "").lower() == PDF


@dataclass(frozen=True, slots=True)
class UblDocument:
    """A UBL 2.1 Invoice or CreditNote (Peppol BIS 3, NLCIUS/SI-UBL 2.0, UBL.BE)."""

    document: DocumentType
    number: str  # cbc:ID
    issue_date: date
    currency: str  # DocumentCurrencyCode
    payable_amount: Decimal
    seller: UblParty
    buyer: UblParty
    customization_id: str | None = None
    type_code: str | None = None
    due_date: date | None = None
    tax_inclusive_amount: Decimal | None = None
    tax_exclusive_amount: Decimal | None = None
    prepaid_amount: Decimal | None = None
    buyer_reference: str | None = None
    payment_means_code: str | None = None
    payment_id: str | None = None
    payee_iban: str | None = None
    lines: tuple[InvoiceLine, ...] = ()  # as written, signs untouched
    attachments: tuple[Attachment, ...] = ()
    payment_terms: str | None = None  # the PaymentTerms/Note texts, as written

    @property
    def is_credit_note(self) -> bool:
        """A CreditNote document, or an Invoice document with a credit-note type code."""
        return self.document is DocumentType.CREDIT_NOTE or (
            self.type_code in CREDIT_NOTE_TYPE_CODES
        )

    @property
    def invoice_copy(self) -> Attachment | None:
        """The first embedded PDF: the invoice as the customer saw it."""
        return next((a for a in self.attachments if a.is_pdf), None)

    @property
    def other_attachments(self) -> tuple[Attachment, ...]:
        copy = self.invoice_copy
        return tuple(a for a in self.attachments if a is not copy)


class DueDateBasis(StrEnum):
    """Where an e-invoice's due date came from."""

    FILE = "file"  # cbc:DueDate or PaymentMeans/PaymentDueDate
    TERMS_DAYS = "terms_days"  # the payment terms' number of days after the invoice date
    ON_RECEIPT = "on_receipt"  # payable on receipt: the invoice date
    COMPANY_TERM = "company_term"  # the company's (or customer's) own payment term


@dataclass(frozen=True, slots=True)
class DueDateRule:
    """The due date an e-invoice gets, the rule that gave it, and (payable on receipt)
    the first day of default; `term_days` is the term the rule counted."""

    due_date: date
    basis: DueDateBasis
    term_days: int = 0
    default_from: date | None = None


def due_date_rule(doc: UblDocument, *, payment_term_days: int) -> DueDateRule:
    """The file's due date; else the payment terms' days after the invoice date; else,
    payable on receipt, the invoice date (default 30 days after receipt); else the
    invoice date plus `payment_term_days`."""
    if doc.due_date is not None:
        return DueDateRule(doc.due_date, DueDateBasis.FILE)
    terms: PaymentTerms | None = read_payment_terms(doc.payment_terms or "")
    issued = doc.issue_date
    if terms is not None and terms.kind is TermsKind.DAYS:
        return DueDateRule(due_date_for(issued, terms.days), DueDateBasis.TERMS_DAYS, terms.days)
    if terms is not None:
        default_from = due_date_for(issued, DAYS_AFTER_RECEIPT + 1)
        return DueDateRule(issued, DueDateBasis.ON_RECEIPT, 0, default_from)
    due = due_date_for(issued, payment_term_days)
    return DueDateRule(due, DueDateBasis.COMPANY_TERM, payment_term_days)


def to_invoice(
    doc: UblDocument,
    *,
    customer_number: str,
    payment_term_days: int,
    company_code: str | None = None,
) -> Invoice:
    """The domain `Invoice` for a UBL document of the company to `customer_number`.

    Credit notes (a CreditNote document or type code 381) and invoices with a negative
    total become credit notes, with positive amounts; a credit note with negative
    amounts is, by the same rule, an invoice. A zero total is kept, settled (open
    amount 0). The open amount is the PayableAmount. Without a due date the payment
    terms give it, else issue date + `payment_term_days` (`due_date_rule`). The PaymentID
    is kept as free reference and, when it holds a valid kenmerk, OGM or RF, also as
    payment reference. Prepayments
    above a positive total give a negative open amount, kept as written. Raises
    `InvalidValue` when the values cannot make an invoice (a due date before the
    issue date).
    """
    factor, kind = direction(doc)
    total = doc.tax_inclusive_amount
    if total is None:
        total = doc.payable_amount + (doc.prepaid_amount or 0)
    net = doc.tax_exclusive_amount
    found = detect(doc.payment_id) if doc.payment_id else None
    rule = due_date_rule(doc, payment_term_days=payment_term_days)
    return Invoice(
        number=doc.number,
        customer_number=customer_number,
        issue_date=doc.issue_date,
        due_date=rule.due_date,
        default_from=rule.default_from,
        total=_signed(total, factor),
        kind=kind,
        net_amount=None if net is None else _signed(net, factor),
        prepaid=_signed(doc.prepaid_amount or Decimal(0), factor),
        open_amount=_signed(doc.payable_amount, factor),
        currency=doc.currency,
        payment_reference=found[1] if found else None,
        free_reference=doc.payment_id,
        has_pdf=doc.invoice_copy is not None,
        company_code=company_code,
        lines=tuple(_signed_line(line, factor) for line in doc.lines),
    )


def _signed_line(line: InvoiceLine, factor: int) -> InvoiceLine:
    """The line turned with its document: quantity and amount change sign, the price not."""
    if factor > 0:
        return line
    return replace(
        line,
        amount=None if line.amount is None else _signed(line.amount, factor),
        quantity=None if line.quantity is None else _signed(line.quantity, factor),
    )


def _signed(amount: Decimal, factor: int) -> Decimal:
    """amount * factor, without a negative zero."""
    value = amount * factor
    return value if value else abs(value)


def direction(doc: UblDocument) -> tuple[int, InvoiceKind]:
    """(factor that makes the document's amounts positive, the kind of invoice it is).

    The sign is the total's (tax-inclusive, else payable) as written in the file.
    """
    written = doc.tax_inclusive_amount
    if written is None or written == 0:
        written = doc.payable_amount
    factor = -1 if written < 0 else 1
    credit = doc.is_credit_note != (factor < 0)
    return factor, InvoiceKind.CREDIT_NOTE if credit else InvoiceKind.INVOICE
