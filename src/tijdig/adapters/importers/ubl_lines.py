"""The lines of a UBL 2.1 document (cac:InvoiceLine / cac:CreditNoteLine), each with the
exemption reason the document gives for its VAT category.

A line's VAT category and rate are on cac:Item/cac:ClassifiedTaxCategory; the reason a
category is not standard rated is on the document's cac:TaxTotal/cac:TaxSubtotal/
cac:TaxCategory (cbc:TaxExemptionReason, cbc:TaxExemptionReasonCode), once per category
and rate. Figures are kept exactly as written.
"""

from __future__ import annotations

from decimal import Decimal

from tijdig.adapters.importers.ubl_reader import Node
from tijdig.domain.invoices import InvoiceLine, VatCategory

_CATEGORY = "cac:Item/cac:ClassifiedTaxCategory"
_SUBTOTAL_CATEGORY = "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory"
Reasons = dict[tuple[str, Decimal | None] | str, tuple[str | None, str | None]]


def read_lines(root: Node, line_path: str, quantity_path: str) -> tuple[InvoiceLine, ...]:
    """Every line directly below the root (sub-lines are parts of their line)."""
    reasons = _exemption_reasons(root)
    return tuple(_line(node, quantity_path, reasons) for node in root.find_all(line_path))


def _line(node: Node, quantity_path: str, reasons: Reasons) -> InvoiceLine:
    description = node.text("cac:Item/cbc:Description")
    name = node.text("cac:Item/cbc:Name") or description
    if name is None:
        name = f"line {node.text('cbc:ID') or '?'}"
        node.report(
            "cac:Item/cbc:Name", f"the item name is missing; shown as {name!r}", warning=True
        )
    category = node.text(f"{_CATEGORY}/cbc:ID")
    rate = node.amount(f"{_CATEGORY}/cbc:Percent", "the VAT rate")
    reason, code = _reason(reasons, category, rate)
    return InvoiceLine(
        name=name,
        amount=node.amount("cbc:LineExtensionAmount", "the line amount"),
        quantity=node.amount(quantity_path, "the quantity"),
        unit_code=node.attribute(quantity_path, "unitCode"),
        price=node.amount("cac:Price/cbc:PriceAmount", "the price"),
        price_quantity=node.amount("cac:Price/cbc:BaseQuantity", "the base quantity"),
        vat_category=category,
        vat_rate=rate,
        exemption_reason=reason,
        exemption_code=code,
        description=description if description != name else None,
    )


def _exemption_reasons(root: Node) -> Reasons:
    """(category, rate) and category -> (reason, code), from the VAT breakdown."""
    found: Reasons = {}
    for category in root.find_all(_SUBTOTAL_CATEGORY):
        code = category.text("cbc:ID")
        reason = category.text("cbc:TaxExemptionReason")
        reason_code = category.text("cbc:TaxExemptionReasonCode")
        if code is None or (reason is None and reason_code is None):
            continue
        rate = category.amount("cbc:Percent", "the VAT rate")
        found.setdefault((code, rate), (reason, reason_code))
        found.setdefault(code, (reason, reason_code))
    return found


def _reason(
    reasons: Reasons, category: str | None, rate: Decimal | None
) -> tuple[str | None, str | None]:
    if category is None or category == VatCategory.STANDARD.value:
        return None, None
    return reasons.get((category, rate)) or reasons.get(category) or (None, None)
