"""What the portal pages draw with the message renderer's own pieces: the payment block
with its EPC QR code (as in letters and e-mails, here as inline SVG) and an invoice copy
(the stored PDF, else one drawn up from the invoice data, as messages attach them)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from markupsafe import Markup

from tijdig.adapters.render.documents import invoice_copy_data
from tijdig.adapters.render.epc import epc_svg
from tijdig.adapters.render.formatting import Formats, locale_for
from tijdig.adapters.render.messages import (
    TEMPLATES_DIR,
    MessageContext,
    read_labels,
    safe_filename,
)
from tijdig.adapters.render.payment import PaymentView, payment_view
from tijdig.adapters.render.pdf import TypstPdf
from tijdig.adapters.render.values import footer_line
from tijdig.domain.collection.policy import Basis, Channel, Step
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer
from tijdig.engine.model import Proposal
from tijdig.services.portal import PortalInvoice, PortalPage

_SIZE = re.compile(r'<svg ([^>]*)width="(\d+)" height="(\d+)"')


@dataclass(frozen=True, slots=True)
class Payment:
    """The payment block of one invoice or of the total: who, IBAN, reference, QR."""

    view: PaymentView
    qr: Markup | None


def scalable(svg: str) -> Markup:
    """segno's SVG with a viewBox, so CSS can size it; the SVG is segno's own output."""
    svg = _SIZE.sub(r'<svg \1viewBox="0 0 \2 \3" width="\2" height="\3"', svg, count=1)
    return Markup(svg)  # segno's output from our own values: no markup of anyone else's


def _payment(view: PaymentView | None) -> Payment | None:
    if view is None:
        return None
    qr = scalable(epc_svg(view.transfer)) if view.transfer is not None else None
    return Payment(view, qr)


def invoice_payment(page: PortalPage, item: PortalInvoice, text: str) -> Payment | None:
    """How to pay this invoice alone: its own structured reference, else `text`."""
    if item.is_credit or item.to_pay <= 0:
        return None
    formats = Formats(locale_for(page.customer))
    view = payment_view(
        page.company, {item.invoice.currency: item.to_pay},
        reference=item.invoice.payment_reference, text=text, formats=formats,
    )  # fmt: skip
    return _payment(view)


def total_payment(page: PortalPage, text: str) -> Payment | None:
    """How to pay everything at once: no structured reference (it would book the whole
    payment on one invoice), a text naming the customer and the invoices instead."""
    if len(page.totals) != 1 or not any(v > Decimal(0) for v in page.totals.values()):
        return None
    formats = Formats(locale_for(page.customer))
    return _payment(payment_view(page.company, page.totals, reference=None, text=text,
                                 formats=formats))  # fmt: skip


@cache
def _renderer() -> tuple[TypstPdf, threading.Lock]:
    """One typst compiler per process (it keeps fonts and layouts), used one at a time."""
    return TypstPdf(TEMPLATES_DIR), threading.Lock()


def _copy_context(company: Company, customer: Customer, invoice: Invoice) -> MessageContext:
    """The message context a copy is drawn from: only the parties count, so the
    proposal is a placeholder."""
    step = Step("copy", Basis.AFTER_DUE, 0, Channel.EMAIL, "reminder")
    proposal = Proposal(customer.number, step, "", (), ())
    return MessageContext(
        company=company, customer=customer, proposal=proposal, invoices=(invoice,),
        invoice_pdfs={}, as_of=date.min,
    )  # fmt: skip


def drawn_up_copy(company: Company, customer: Customer, invoice: Invoice) -> bytes:
    """A one-page copy of the invoice from its stored data (S3-9)."""
    labels = read_labels(TEMPLATES_DIR, customer.language.value)
    ctx = _copy_context(company, customer, invoice)
    data = invoice_copy_data(
        invoice, ctx, labels, Formats(locale_for(customer)), footer_line(ctx, labels)
    )
    pdf, lock = _renderer()
    with lock:
        return pdf.invoice(data)


def copy_filename(invoice: Invoice, customer: Customer) -> str:
    """`factuur-F-001.pdf`, `credit-note-C-001.pdf`: as messages name their copies."""
    labels = read_labels(TEMPLATES_DIR, customer.language.value)
    return safe_filename(labels["file_credit" if invoice.is_credit else "file_invoice"],
                         invoice.number)  # fmt: skip
