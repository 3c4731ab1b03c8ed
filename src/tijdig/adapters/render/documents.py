"""The data the typst layouts (letter.typ, invoice.typ) show, as JSON-ready dicts.

Every text is passed as data and shown by typst as plain text, never as markup, so a
customer named `#set` or `<script>` prints as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tijdig.adapters.render.claim_words import registration_label
from tijdig.adapters.render.epc import EPC_MAX, epc_svg, epc_transfer
from tijdig.adapters.render.formatting import Formats, format_iban, format_payment_reference
from tijdig.adapters.render.payment import PaymentView
from tijdig.adapters.render.values import ClaimView
from tijdig.adapters.render.view import Labels
from tijdig.domain.invoices import Invoice, InvoiceLine

if TYPE_CHECKING:
    from tijdig.adapters.render.messages import MessageContext


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def address_lines(address: str) -> list[str]:
    return [line.strip() for line in address.splitlines() if line.strip()]


def letter_data(
    ctx: MessageContext, values: dict[str, Any], blocks: dict[str, str], labels: Labels
) -> dict[str, Any]:
    """The letter: sender, recipient, band, content paragraphs, statement, payment."""
    company, customer = ctx.company, ctx.customer
    attention = [f"{labels['attention_of']} {ctx.recipient_name}"] if ctx.recipient_name else []
    escalated = values["escalated"]
    portal = ctx.portal_url
    return {
        "lang": values["language"], "subject": blocks["subject"], "footer": values["footer_line"],
        "sender": {"name": company.name, "lines": address_lines(company.address),
                   "contact": [x for x in (company.email, company.phone) if x]},
        "recipient": [customer.name, *attention, *address_lines(customer.address)],
        "reference": f"{labels['our_reference']}: {customer.number}", "date": values["as_of"],
        "band": {"title": values["level_title"], "colour": values["band_colour"]}
        if escalated else None,
        "salutation": paragraphs(values["salutation"]), "intro": paragraphs(blocks["intro"]),
        "claim": claim_data(values["claim"], labels), "statement": statement_data(values, labels),
        "next": paragraphs(blocks["next_steps"]),
        "payment": payment_data(values["payment"], labels, amount_label=values["amount_label"],
                                note=values["payment_note"]),
        "portal": f"{labels['portal']} {portal}" if portal else None,
        "closing": [f"{labels['contact']} {values['contact_line']}",
                    f"{labels['regards']}\n{company.name}"],
    }  # fmt: skip


def claim_data(claim: ClaimView | None, labels: Labels) -> dict[str, Any] | None:
    if claim is None:
        return None
    rows = [[labels["principal"], claim.principal]]
    if claim.has_costs:
        rows.append([claim.costs_label, claim.costs])
    if claim.has_interest:
        rows.append([claim.interest_label, claim.interest])
    rows.append([labels["claim_total"], claim.total])
    notes = [*claim.explanation, *([claim.vat_note] if claim.vat_note else [])]
    return {"title": labels["claim"], "rows": rows, "explanation": notes}


def statement_data(values: dict[str, Any], labels: Labels) -> dict[str, Any]:
    head = [labels[k] for k in ("number", "invoice_date", "due_date", "days_overdue")]
    rows: list[list[str]] = []
    for x in values["lines"]:  # an invoice: six cells; under it, what was sold: one,
        rows.append([x.number, x.issue_date or "", x.due_date, str(x.days_overdue), x.amount,
                     x.stage])  # and claimed: two  # fmt: skip
        rows += [[x.sold]] if x.sold else []
        rows += [[part.label, part.amount] for part in x.claimed]
    several = len(values["totals"]) > 1
    totals = [
        [f"{labels['total']} {t.currency}" if several else labels["total"], t.amount]
        for t in values["totals"]
    ]
    return {
        "title": labels["statement"],
        "head": [*head, labels["open_amount"], labels["stage"]],
        "rows": rows,
        "totals": totals,
        "notes": [note for note, shown in ((labels["credit_note_netted"], values["has_credit"]),
                                           (values["claims_note"], values["has_claims"])) if shown],
    }  # fmt: skip


def payment_data(
    payment: PaymentView | None,
    labels: Labels,
    *,
    amount_label: str | None = None,
    note: str | None = None,
) -> dict[str, Any] | None:
    """The payment block; `amount_label` and `note` say what the amount includes when it
    is more than the claim above (values.payment_scope)."""
    if payment is None:
        return None
    rows = [
        [amount_label or labels["amount"], payment.amount],
        [labels["beneficiary"], payment.beneficiary],
        [labels["iban"], payment.iban_formatted],
    ]
    if payment.bic:
        rows.append([labels["bic"], payment.bic])
    if payment.reference:
        rows.append([labels["reference"], payment.reference])
    else:
        rows.append([labels["description"], payment.text or ""])
    return {
        "title": labels["pay"],
        "rows": rows,
        "note": note,
        "hint": labels["reference_hint"] if payment.reference else "",
        "qr": epc_svg(payment.transfer) if payment.transfer else None,
        "qr_hint": labels["qr_hint"],
    }


def invoice_copy_data(
    invoice: Invoice, ctx: MessageContext, labels: Labels, formats: Formats, footer: str
) -> dict[str, Any]:
    """A one-page copy of an invoice or credit note from its stored data (S3-9)."""
    company, customer = ctx.company, ctx.customer
    number_label = labels[registration_label(company.country)]
    seller_ids = [f"{number_label} {company.registration_number}"]
    seller_ids = seller_ids if company.registration_number else []
    seller_ids += [f"{labels['vat_id']} {company.vat_id}"] if company.vat_id else []
    buyer_ids = [f"{labels['vat_id']} {customer.vat_id}"] if customer.vat_id else []
    facts = [
        [labels["invoice_number"], invoice.number],
        [labels["issue_date"], formats.long_date(invoice.issue_date)],
        [labels["due_date"], formats.long_date(invoice.due_date)],
    ]
    if invoice.payment_reference:
        reference = format_payment_reference(invoice.payment_reference, country=company.country)
        facts.append([labels["reference"], reference])
    return {
        "lang": customer.language.value, "number": invoice.number, "footer": footer,
        "title": labels["copy_credit_title" if invoice.is_credit else "copy_title"],
        "note": labels["copy_note"], "seller_title": labels["seller"],
        "buyer_title": labels["buyer"], "facts": facts,
        "seller": {"name": company.name, "lines": [*address_lines(company.address), *seller_ids]},
        "buyer": {"name": customer.name, "lines": [*address_lines(customer.address), *buyer_ids]},
        "lines": invoice_lines(invoice, labels, formats),
        "description": None if invoice.lines else _description(invoice, labels),
        "amounts": invoice_amounts(invoice, labels, formats),
        "payment": invoice_payment(invoice, ctx, labels),
    }  # fmt: skip


def _description(invoice: Invoice, labels: Labels) -> dict[str, str] | None:
    text = (invoice.description or "").strip()
    return {"title": labels["invoice_lines"]["description"], "text": text} if text else None


def invoice_lines(invoice: Invoice, labels: Labels, formats: Formats) -> dict[str, Any] | None:
    """The lines as a table (name, quantity, price, VAT %, amount); under a line that is
    not standard rated, one cell with its exemption reason."""
    if not invoice.lines:
        return None
    words: Labels = labels["invoice_lines"]
    rows: list[list[str]] = []
    for line in invoice.lines:
        rows.append([
            line.name, "" if line.quantity is None else formats.number(line.quantity),
            _price(line, invoice.currency, words, formats),
            "" if line.vat_rate is None else words["vat_rate"].format(
                rate=formats.number(line.vat_rate)),
            "" if line.amount is None else formats.money(line.amount, invoice.currency),
        ])  # fmt: skip
        if not line.has_standard_vat:
            rows.append([exemption(line, labels)])
    return {"head": list(words["head"]), "rows": rows}


def _price(line: InvoiceLine, currency: str, words: Labels, formats: Formats) -> str:
    if line.price is None:
        return ""
    price = formats.unit_price(line.price, currency)
    base = line.price_quantity
    if base is None or base == 1:
        return price
    return f"{price} {words['per'].format(quantity=formats.number(base))}"


def exemption(line: InvoiceLine, labels: Labels) -> str:
    """Why the line has no standard VAT: the invoice's own reason, else the category's
    wording (`btw verlegd` for AE)."""
    if line.exemption_reason:
        return line.exemption_reason
    categories: Labels = labels["vat_categories"]
    code = line.vat_category or ""
    return str(categories.get(code) or categories["other"].format(code=code))


def invoice_amounts(invoice: Invoice, labels: Labels, formats: Formats) -> list[list[str]]:
    def money(amount: Any) -> str:
        return formats.money(amount, invoice.currency)

    rows = []
    if invoice.net_amount is not None:
        rows.append([labels["net"], money(invoice.net_amount)])
        rows.append([labels["vat"], money(invoice.total - invoice.net_amount)])
    rows.append([labels["gross"], money(invoice.total)])
    paid = invoice.total - invoice.outstanding
    if paid:
        rows.append([labels["prepaid"], money(paid)])
    rows.append([labels["outstanding"], money(invoice.outstanding)])
    return rows


def invoice_payment(invoice: Invoice, ctx: MessageContext, labels: Labels) -> dict[str, Any] | None:
    """IBAN, reference and QR for what is still to pay on this invoice alone."""
    company = ctx.company
    if invoice.is_credit or invoice.outstanding <= 0 or not company.bank_accounts:
        return None
    account = company.bank_accounts[0]
    rows = [[labels["iban"], format_iban(account.iban)]]
    if invoice.payment_reference:
        formatted = format_payment_reference(invoice.payment_reference, country=company.country)
        rows.append([labels["reference"], formatted])
    qr = None
    if invoice.currency == "EUR" and invoice.outstanding <= EPC_MAX:
        text = f"{labels['invoice_number']} {invoice.number}"
        transfer = epc_transfer(
            name=company.name, iban=account.iban, amount=invoice.outstanding,
            reference=invoice.payment_reference, bic=account.bic, text=text,
        )  # fmt: skip
        qr = epc_svg(transfer)
    return {"title": labels["pay"], "rows": rows, "qr": qr}
