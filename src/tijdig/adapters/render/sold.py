"""What was sold, in a few words: the invoice's own description, else its first lines
("2 × Koffiebonen 1 kg, 1 × Molen"). A Belgian consumer's first reminder must say it
per invoice (Book XIX WER); other messages show it under the invoice."""

from __future__ import annotations

from tijdig.adapters.render.formatting import Formats
from tijdig.adapters.render.view import Labels
from tijdig.domain.invoices import Invoice, InvoiceLine

SHOWN_LINES = 3  # a summary names the first three lines and counts the rest


def what_sold(invoice: Invoice, labels: Labels, formats: Formats) -> str | None:
    """The description (on one line), else a summary of the lines; None without either."""
    if invoice.description and invoice.description.strip():
        return " ".join(invoice.description.split())
    if not invoice.lines:
        return None
    text = ", ".join(_item(line, formats) for line in invoice.lines[:SHOWN_LINES])
    rest = len(invoice.lines) - SHOWN_LINES
    if rest > 0:
        text += " " + str(labels["sold"]["more"]).format(count=rest)
    return text


def _item(line: InvoiceLine, formats: Formats) -> str:
    name = " ".join(line.name.split())
    return name if line.quantity is None else f"{formats.number(line.quantity)} × {name}"
