"""TypstInvoiceCopies: the copy of one invoice drawn up from its data, exactly as the
letters attach it when no PDF of the original is stored (messages.py, S3-9)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

from tijdig.adapters.render.documents import invoice_copy_data
from tijdig.adapters.render.formatting import Formats, locale_for
from tijdig.adapters.render.messages import TEMPLATES_DIR, MessageContext, read_labels
from tijdig.adapters.render.pdf import TypstPdf
from tijdig.adapters.render.values import footer_line
from tijdig.domain.invoices import Invoice
from tijdig.domain.parties import Company, Customer


@dataclass(frozen=True, slots=True)
class _Parties:
    """The part of a message context a copy reads: who sends it and to whom."""

    company: Company
    customer: Customer


class TypstInvoiceCopies:
    """One per process or worker: the typst compiler is kept warm between copies."""

    def __init__(self, *, templates_dir: Path | None = None) -> None:
        self._dir = templates_dir or TEMPLATES_DIR
        self._pdf = TypstPdf(self._dir)

    def invoice_copy(self, company: Company, customer: Customer, invoice: Invoice) -> bytes:
        labels = read_labels(self._dir, customer.language.value)
        formats = Formats(locale_for(customer))
        # The copy's layout reads only the company and the customer of the context.
        ctx = cast(MessageContext, _Parties(company, customer))
        data = invoice_copy_data(invoice, ctx, labels, formats, footer_line(ctx, labels))
        return self._pdf.invoice(data)
