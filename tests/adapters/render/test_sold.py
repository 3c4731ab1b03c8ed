"""What was sold reaches every message and the invoice copy: the invoice's description,
else a short summary of its lines; the copy lists the lines with VAT and exemptions."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from tests.adapters.render.test_messages import (
    BE_COMPANY,
    INVOICE,
    SECOND,
    context,
    customer,
    pdf_text,
    plain,
    render,
)
from tijdig.adapters.render.formatting import Formats
from tijdig.adapters.render.messages import TEMPLATES_DIR, read_labels
from tijdig.adapters.render.sold import what_sold
from tijdig.domain.collection.policy import StepChannel
from tijdig.domain.invoices import Invoice, InvoiceLine
from tijdig.domain.parties import CustomerKind

D = Decimal
BEANS = InvoiceLine("Koffiebonen 1 kg", D("39.90"), D(2), "KGM", D("19.95"), None, "S", D(9))
MILL = InvoiceLine("Molen", D("95.00"), D(1), "C62", D("95.00"), None, "AE", D(0))
LINED = replace(INVOICE, lines=(BEANS, MILL))
DESCRIBED = replace(SECOND, description="Proeverij voor\ntwee personen")
SUMMARY = "2 × Koffiebonen 1 kg, 1 × Molen"


def _copy(message_attachments: tuple[object, ...], number: str) -> str:
    [copy] = [a for a in message_attachments if number in getattr(a, "filename", "")]
    return pdf_text(copy.content)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("invoice", "language", "expected"),
    [
        (DESCRIBED, "nl", "Proeverij voor twee personen"),
        (LINED, "nl", SUMMARY),
        (replace(LINED, lines=(replace(BEANS, quantity=D("1.5")), MILL)), "nl",
         "1,5 × Koffiebonen 1 kg, 1 × Molen"),
        (replace(LINED, lines=(replace(BEANS, quantity=D("1.5")), MILL)), "en",
         "1.5 × Koffiebonen 1 kg, 1 × Molen"),
        (replace(LINED, lines=(BEANS, MILL, BEANS, MILL, MILL)), "nl",
         f"{SUMMARY}, 2 × Koffiebonen 1 kg en nog 2 regels"),
        (replace(LINED, lines=(BEANS, MILL, BEANS, MILL, MILL)), "en",
         f"{SUMMARY}, 2 × Koffiebonen 1 kg and 2 more lines"),
        (replace(LINED, lines=(replace(MILL, quantity=None),)), "nl", "Molen"),
        (INVOICE, "nl", None),
    ],
)  # fmt: skip
def test_what_was_sold_is_the_description_else_a_short_summary_of_the_lines(
    invoice: Invoice, language: str, expected: str | None
) -> None:
    formats = Formats("en_GB" if language == "en" else "nl_NL")
    assert what_sold(invoice, read_labels(TEMPLATES_DIR, language), formats) == expected


@pytest.mark.parametrize("channel", [StepChannel.EMAIL, StepChannel.LETTER])
def test_the_be_first_reminder_names_what_was_sold_per_invoice(channel: StepChannel) -> None:
    be_customer = customer(country="BE", kind=CustomerKind.CONSUMER)
    ctx = context("be_first_reminder", channel=channel, company=BE_COMPANY,
                  customer=be_customer, invoices=(LINED, DESCRIBED))  # fmt: skip
    message = render(ctx)
    bodies = [plain(message.text), plain(message.html)]
    bodies += [pdf_text(message.letter_pdf)] if message.letter_pdf else []
    for body in bodies:
        assert f"2026-001 voor {SUMMARY}, vervaldatum" in body
        assert "2026-002 voor Proeverij voor twee personen, vervaldatum" in body
        assert "goederen of diensten op factuur" not in body


def test_without_description_or_lines_the_be_first_reminder_points_at_the_copy() -> None:
    be_customer = customer(country="BE", kind=CustomerKind.CONSUMER)
    ctx = context("be_first_reminder", company=BE_COMPANY, customer=be_customer)
    assert "2026-001 voor de goederen of diensten op factuur 2026-001 (kopie bijgevoegd)" in plain(
        render(ctx).text
    )


@pytest.mark.parametrize("channel", [StepChannel.EMAIL, StepChannel.LETTER])
def test_other_messages_show_what_was_sold_under_the_invoice_in_the_statement(
    channel: StepChannel,
) -> None:
    message = render(context("reminder", channel=channel, invoices=(LINED, DESCRIBED)))
    text = message.text.splitlines()
    row = next(i for i, line in enumerate(text) if line.startswith("2026-001 "))
    assert text[row + 1].strip() == SUMMARY
    assert '<td colspan="6" class="sold"' in message.html and SUMMARY in message.html
    if message.letter_pdf:
        letter = pdf_text(message.letter_pdf)
        assert SUMMARY in letter and "Proeverij voor twee personen" in letter


def test_the_invoice_copy_lists_the_lines_with_vat_and_the_reason_for_an_exemption() -> None:
    text = _copy(render(context("reminder", invoices=(LINED,))).attachments, "2026-001")
    for key in ("Omschrijving", "Aantal", "Prijs", "Btw", "Bedrag",
                "Koffiebonen 1 kg", "€ 19,95", "€ 39,90", "9 %",
                "Molen", "€ 95,00", "0 %", "btw verlegd"):  # fmt: skip
        assert key in text, key
    assert text.index("Koffiebonen 1 kg") < text.index("Molen") < text.index("btw verlegd")


@pytest.mark.parametrize(
    ("category", "reason", "language", "shown"),
    [
        ("AE", None, "en", "VAT reverse charge"),
        ("E", None, "nl", "vrijgesteld van btw"),
        ("Z", None, "nl", "nultarief"),
        ("K", None, "en", "intra-community supply"),
        ("G", None, "nl", "uitvoer buiten de EU"),
        ("O", None, "en", "outside the scope of VAT"),
        ("L", None, "nl", "Canarische Eilanden"),
        ("M", None, "en", "Ceuta and Melilla"),
        ("E", "Exempt New Means of Transport", "nl", "Exempt New Means of Transport"),
    ],
)
def test_each_category_has_its_wording_unless_the_invoice_gives_its_own_reason(
    category: str, reason: str | None, language: str, shown: str
) -> None:
    line = replace(MILL, vat_category=category, exemption_reason=reason)
    ctx = context("reminder", language=language, invoices=(replace(INVOICE, lines=(line,)),))
    assert shown in _copy(render(ctx).attachments, "2026-001")


def test_an_invoice_copy_without_lines_shows_the_description() -> None:
    described = replace(INVOICE, description="Een keukentafel, eiken")
    text = _copy(render(context("reminder", invoices=(described,))).attachments, "2026-001")
    assert "Een keukentafel, eiken" in text
