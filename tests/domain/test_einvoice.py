"""From a UBL document to a domain Invoice: kind, signs, due date, references."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tijdig.domain.einvoice import (
    Attachment,
    DocumentType,
    DueDateBasis,
    UblDocument,
    UblParty,
    due_date_rule,
    to_invoice,
)
from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import InvoiceKind, InvoiceLine

D = Decimal
BASE = UblDocument(
    document=DocumentType.INVOICE,
    number="F-1",
    issue_date=date(2024, 3, 1),
    currency="EUR",
    payable_amount=D("121.00"),
    seller=UblParty(name="Verkoper BV"),
    buyer=UblParty(name="Koper BV"),
    type_code="380",
    due_date=date(2024, 3, 31),
    tax_inclusive_amount=D("121.00"),
    tax_exclusive_amount=D("100.00"),
)


def _convert(doc: UblDocument, term: int = 14) -> tuple[InvoiceKind, Decimal, Decimal, Decimal]:
    invoice = to_invoice(doc, customer_number="K1", payment_term_days=term)
    assert invoice.net_amount is not None
    return invoice.kind, invoice.total, invoice.net_amount, invoice.outstanding


NEGATIVE = {"payable_amount": D("-121.00"), "tax_inclusive_amount": D("-121.00"),
            "tax_exclusive_amount": D("-100.00")}  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, (InvoiceKind.INVOICE, D("121.00"), D("100.00"), D("121.00"))),
        ({"document": DocumentType.CREDIT_NOTE, "type_code": "381"},
         (InvoiceKind.CREDIT_NOTE, D("121.00"), D("100.00"), D("121.00"))),
        ({"type_code": "381"}, (InvoiceKind.CREDIT_NOTE, D("121.00"), D("100.00"), D("121.00"))),
        (NEGATIVE, (InvoiceKind.CREDIT_NOTE, D("121.00"), D("100.00"), D("121.00"))),
        ({"document": DocumentType.CREDIT_NOTE, **NEGATIVE},
         (InvoiceKind.INVOICE, D("121.00"), D("100.00"), D("121.00"))),
        ({"payable_amount": D("0.00"), "tax_inclusive_amount": D("0.00"),
          "tax_exclusive_amount": D("0.00")},
         (InvoiceKind.INVOICE, D("0.00"), D("0.00"), D("0.00"))),
    ],
)  # fmt: skip
def test_credit_notes_and_negative_invoices_become_positive_credit_notes(
    changes: dict[str, object], expected: tuple[InvoiceKind, Decimal, Decimal, Decimal]
) -> None:
    assert _convert(replace(BASE, **changes)) == expected  # type: ignore[arg-type]


def test_a_zero_invoice_is_kept_settled() -> None:
    doc = replace(BASE, payable_amount=D("0.00"), tax_inclusive_amount=D("0.00"))
    invoice = to_invoice(doc, customer_number="K1", payment_term_days=14)
    assert invoice.open_amount == 0
    assert not invoice.is_open()
    assert str(invoice.prepaid) == "0"


def test_the_open_amount_is_the_payable_amount_after_prepayment() -> None:
    doc = replace(BASE, prepaid_amount=D("21.00"), payable_amount=D("100.00"))
    invoice = to_invoice(doc, customer_number="K1", payment_term_days=14)
    assert (invoice.total, invoice.prepaid, invoice.outstanding) == (
        D("121.00"),
        D("21.00"),
        D("100.00"),
    )


def test_without_due_date_the_company_term_counts_from_the_issue_date() -> None:
    invoice = to_invoice(replace(BASE, due_date=None), customer_number="K1", payment_term_days=14)
    assert invoice.due_date == date(2024, 3, 15)


def test_without_a_tax_inclusive_total_the_total_is_payable_plus_prepaid() -> None:
    doc = replace(BASE, tax_inclusive_amount=None, prepaid_amount=D("1.00"))
    assert to_invoice(doc, customer_number="K1", payment_term_days=14).total == D("122.00")


@pytest.mark.parametrize(
    ("payment_id", "structured"),
    [
        ("+++010/8068/17183+++", "010806817183"),
        ("Factuur F-1 RF18 5390 0754 7034", "RF18539007547034"),
        ("5000 0567 8901 2345", "5000056789012345"),
        ("Deb. 10202 / Fact. 12115118", None),
        (None, None),
    ],
)
def test_the_payment_id_is_kept_and_a_structured_one_recognised(
    payment_id: str | None, structured: str | None
) -> None:
    invoice = to_invoice(replace(BASE, payment_id=payment_id), customer_number="K1",
                         payment_term_days=14)  # fmt: skip
    assert (invoice.free_reference, invoice.payment_reference) == (payment_id, structured)


def test_an_embedded_pdf_marks_the_invoice_as_having_a_copy() -> None:
    pdf = Attachment(b"%PDF-", mime_code="application/pdf", filename="f.pdf")
    other = Attachment(b"a;b", mime_code="text/csv", filename="spec.csv")
    doc = replace(BASE, attachments=(other, pdf))
    assert doc.invoice_copy is pdf
    assert doc.other_attachments == (other,)
    invoice = to_invoice(doc, customer_number="K1", payment_term_days=14, company_code="ACME")
    assert (invoice.has_pdf, invoice.company_code, invoice.customer_number) == (True, "ACME", "K1")


def test_a_due_date_before_the_issue_date_is_refused() -> None:
    with pytest.raises(InvalidValue, match="due_date"):
        to_invoice(replace(BASE, due_date=date(2024, 2, 1)), customer_number="K1",
                   payment_term_days=14)  # fmt: skip


@pytest.mark.parametrize(
    ("due", "terms", "expected"),
    [
        (date(2024, 3, 31), "14 dagen", (date(2024, 3, 31), DueDateBasis.FILE, None)),
        (None, "14 dagen", (date(2024, 3, 15), DueDateBasis.TERMS_DAYS, None)),
        (None, "Zahlbar innerhalb 30 Tagen", (date(2024, 3, 31), DueDateBasis.TERMS_DAYS, None)),
        (None, "Payable on receipt", (date(2024, 3, 1), DueDateBasis.ON_RECEIPT, date(2024, 4, 1))),
        (None, "Penalty 10% from due date", (date(2024, 3, 22), DueDateBasis.COMPANY_TERM, None)),
        (None, None, (date(2024, 3, 22), DueDateBasis.COMPANY_TERM, None)),
    ],
)  # fmt: skip
def test_without_a_due_date_the_payment_terms_give_it_and_say_which_rule(
    due: date | None, terms: str | None, expected: tuple[date, DueDateBasis, date | None]
) -> None:
    doc = replace(BASE, due_date=due, payment_terms=terms)
    rule = due_date_rule(doc, payment_term_days=21)
    assert (rule.due_date, rule.basis, rule.default_from) == expected
    invoice = to_invoice(doc, customer_number="K1", payment_term_days=21)
    assert (invoice.due_date, invoice.default_from) == (expected[0], expected[2])


def test_payable_on_receipt_is_due_at_once_and_in_default_30_days_after_receipt() -> None:
    doc = replace(BASE, due_date=None, payment_terms="Direct te betalen")
    invoice = to_invoice(doc, customer_number="K1", payment_term_days=30)
    assert invoice.due_date == invoice.issue_date == date(2024, 3, 1)
    # art. 6:119a lid 2 BW: from the day after 30 days have passed since receipt, the
    # invoice date being the day of receipt (an e-invoice arrives the day it is sent).
    assert invoice.first_day_of_default == date(2024, 4, 1)
    assert invoice.is_overdue(date(2024, 3, 2))


def test_the_lines_turn_with_a_negative_invoice_and_keep_their_price() -> None:
    line = InvoiceLine("Retour", D("-100.00"), D("-4"), "C62", D("25.00"), vat_category="S",
                       vat_rate=D(21))  # fmt: skip
    doc = replace(BASE, lines=(line,), **NEGATIVE)  # type: ignore[arg-type]
    invoice = to_invoice(doc, customer_number="K1", payment_term_days=14)
    assert invoice.kind is InvoiceKind.CREDIT_NOTE
    assert invoice.lines == (replace(line, amount=D("100.00"), quantity=D(4)),)
    assert to_invoice(replace(BASE, lines=(line,)), customer_number="K1",
                      payment_term_days=14).lines == (line,)  # fmt: skip
