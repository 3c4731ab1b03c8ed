"""What the portal pages draw with the message renderer's own pieces: the payment block
with its EPC QR code (as in letters and e-mails, here as inline SVG) and the file name
of an invoice copy (as messages name their attachments). The copy itself is the one
letters attach (`invoice_copy.TypstInvoiceCopies`); `bootstrap.Tijdig` hands out both."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from tijdig.adapters.render.epc import epc_svg
from tijdig.adapters.render.formatting import Formats, locale_for
from tijdig.adapters.render.messages import TEMPLATES_DIR, read_labels, safe_filename
from tijdig.adapters.render.payment import PaymentView, payment_view
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Customer
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


class PortalDrawing:
    """The portal's payment blocks and copy names; holds nothing, safe to share."""

    def invoice_payment(self, page: PortalPage, item: PortalInvoice, text: str) -> Payment | None:
        """How to pay this invoice alone: its own structured reference, else `text`."""
        if item.is_credit or item.to_pay <= 0:
            return None
        formats = Formats(locale_for(page.customer))
        view = payment_view(
            page.company, {item.invoice.currency: item.to_pay},
            reference=item.invoice.payment_reference, text=text, formats=formats,
        )  # fmt: skip
        return _payment(view)

    def total_payment(self, page: PortalPage, text: str) -> Payment | None:
        """How to pay everything at once: no structured reference (it would book the whole
        payment on one invoice), a text naming the customer and the invoices instead."""
        if len(page.totals) != 1 or not any(v > Decimal(0) for v in page.totals.values()):
            return None
        formats = Formats(locale_for(page.customer))
        return _payment(payment_view(page.company, page.totals, reference=None, text=text,
                                     formats=formats))  # fmt: skip

    def copy_filename(self, invoice: Invoice, customer: Customer) -> str:
        """`factuur-F-001.pdf`, `credit-note-C-001.pdf`: as messages name their copies."""
        labels = read_labels(TEMPLATES_DIR, customer.language.value)
        return safe_filename(labels["file_credit" if invoice.is_credit else "file_invoice"],
                             invoice.number)  # fmt: skip
