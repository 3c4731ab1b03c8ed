"""UBL 2.1 e-invoices: Peppol BIS Billing 3.0, NLCIUS / SI-UBL 2.0 and UBL.BE.

    identify(path) -> bool                      an Invoice or CreditNote root, by content
    extract(path) -> ImportResult[UblDocument]  one document, or the issues that stop it

Reading is hostile-XML safe (see `safe_xml`): no entities, no DTD, no network, a size
limit. The values are kept as written (amounts as exact Decimals, signs untouched);
`tijdig.domain.einvoice.to_invoice` turns a document into an `Invoice`. Field by field
mapping: docs/formats.md, section "UBL 2.1".
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from lxml import etree

from tijdig.adapters.importers.safe_xml import MAX_BYTES, load, root_tag
from tijdig.adapters.importers.ubl_lines import read_lines
from tijdig.adapters.importers.ubl_parties import BUYER, SELLER, read_attachments, read_party
from tijdig.adapters.importers.ubl_reader import Issues, Node, sourceline
from tijdig.domain.einvoice import Attachment, DocumentType, UblDocument, UblParty
from tijdig.domain.imports import ImportResult

__all__ = ["MAX_BYTES", "Attachment", "UblDocument", "UblParty", "extract", "identify"]

INVOICE = "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice"
CREDIT_NOTE = "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote"
_DOCUMENTS = {INVOICE: DocumentType.INVOICE, CREDIT_NOTE: DocumentType.CREDIT_NOTE}
_TYPE_CODE = {
    DocumentType.INVOICE: "cbc:InvoiceTypeCode",
    DocumentType.CREDIT_NOTE: "cbc:CreditNoteTypeCode",
}
_LINE = {DocumentType.INVOICE: "cac:InvoiceLine", DocumentType.CREDIT_NOTE: "cac:CreditNoteLine"}
_QUANTITY = {
    DocumentType.INVOICE: "cbc:InvoicedQuantity",
    DocumentType.CREDIT_NOTE: "cbc:CreditedQuantity",
}
_TOTALS = "cac:LegalMonetaryTotal"
_CURRENCY = re.compile(r"[A-Z]{3}")


def identify(path: Path) -> bool:
    """True when the file's root element is a UBL 2.1 Invoice or CreditNote."""
    return root_tag(path) in _DOCUMENTS


def extract(path: Path, *, max_bytes: int = MAX_BYTES) -> ImportResult[UblDocument]:
    """The document in the file, with every problem found; no item when there are errors.

    Never raises on the file's contents: a file that is too large, not XML, hostile
    (entities, external DTD) or not UBL gives a result with one error issue.
    """
    loaded = load(path, max_bytes=max_bytes)
    if not isinstance(loaded, etree._Element):
        return ImportResult(issues=(loaded,))
    issues = Issues(path.name)
    document = _DOCUMENTS.get(str(loaded.tag))
    if document is None:
        issues.add(
            f"not a UBL 2.1 Invoice or CreditNote (the root element is {loaded.tag})",
            line=sourceline(loaded),
            where=None,
        )
        return ImportResult(issues=tuple(issues.found))
    doc = _read(Node(loaded, "", issues), document)
    found = tuple(issues.found)
    if doc is None or any(issue.is_error for issue in found):
        return ImportResult(issues=found)
    return ImportResult(items=(doc,), issues=found)


def _read(root: Node, document: DocumentType) -> UblDocument | None:
    number = root.required("cbc:ID", "the invoice number")
    issue_date = root.date("cbc:IssueDate", "the issue date", required=True)
    currency = _currency(root)
    payable = root.amount(f"{_TOTALS}/cbc:PayableAmount", "the amount payable", required=True)
    seller = read_party(root, SELLER, "seller")
    buyer = read_party(root, BUYER, "buyer")
    if number is None or issue_date is None or currency is None or payable is None:
        return None
    means_code, payment_id, payee_iban = _payment(root)
    return UblDocument(
        document=document,
        number=number,
        issue_date=issue_date,
        currency=currency,
        payable_amount=payable,
        seller=seller,
        buyer=buyer,
        customization_id=root.text("cbc:CustomizationID"),
        type_code=root.text(_TYPE_CODE[document]),
        due_date=_due_date(root),
        tax_inclusive_amount=root.amount(f"{_TOTALS}/cbc:TaxInclusiveAmount", "the total"),
        tax_exclusive_amount=root.amount(f"{_TOTALS}/cbc:TaxExclusiveAmount", "the net total"),
        prepaid_amount=root.amount(f"{_TOTALS}/cbc:PrepaidAmount", "the prepaid amount"),
        buyer_reference=root.text("cbc:BuyerReference"),
        payment_means_code=means_code,
        payment_id=payment_id,
        payee_iban=payee_iban,
        lines=read_lines(root, _LINE[document], _QUANTITY[document]),
        attachments=read_attachments(root),
        payment_terms=_payment_terms(root),
    )


def _payment_terms(root: Node) -> str | None:
    """Every cac:PaymentTerms/cbc:Note, one per line, as written (None when there is none)."""
    notes = [
        note for terms in root.find_all("cac:PaymentTerms") if (note := terms.text("cbc:Note"))
    ]
    return "\n".join(notes) or None


def _payment(root: Node) -> tuple[str | None, str | None, str | None]:
    """(means code, payment id, payee account) of the first PaymentMeans."""
    means = root.find("cac:PaymentMeans")
    if means is None:
        return None, None, None
    return (
        means.text("cbc:PaymentMeansCode"),
        means.text("cbc:PaymentID"),
        means.text("cac:PayeeFinancialAccount/cbc:ID"),
    )


def _currency(root: Node) -> str | None:
    currency = root.required("cbc:DocumentCurrencyCode", "the currency")
    if currency is not None and not _CURRENCY.fullmatch(currency):
        root.report("cbc:DocumentCurrencyCode", f"{currency!r} is not an ISO 4217 code")
        return None
    if currency is not None:
        _check_amount_currencies(root, currency)
    return currency


def _check_amount_currencies(root: Node, currency: str) -> None:
    """Warn about totals stated in another currency than the document's."""
    totals = root.find(_TOTALS)
    for amount in totals.element if totals is not None else ():
        given = amount.get("currencyID")
        if given is not None and given.strip() != currency:
            name = etree.QName(amount).localname
            root.report(
                f"{_TOTALS}/cbc:{name}",
                f"currencyID {given!r} differs from the document currency {currency}",
                warning=True,
            )


def _due_date(root: Node) -> date | None:
    """cbc:DueDate (Invoice), else the first PaymentMeans/PaymentDueDate, else None."""
    due = root.date("cbc:DueDate", "the due date")
    if due is not None:
        return due
    for means in root.find_all("cac:PaymentMeans"):
        due = means.date("cbc:PaymentDueDate", "the payment due date")
        if due is not None:
            return due
    return None
