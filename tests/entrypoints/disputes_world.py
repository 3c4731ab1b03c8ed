"""The world of the dispute and internal-note tests (CLI and API): Acme's customers and
invoices (tests/entrypoints/test_cli.py), an e-invoice with two lines (2026050: an oven
and its installation) and a user who owns disputes."""

from __future__ import annotations

from pathlib import Path

NS = (
    'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
    'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" '
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"'
)
SELLER = (
    "<cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Acme B.V.</cbc:Name>"
    "</cac:PartyName><cac:PartyLegalEntity><cbc:RegistrationName>Acme B.V.</cbc:RegistrationName>"
    "<cbc:CompanyID>12345678</cbc:CompanyID></cac:PartyLegalEntity></cac:Party>"
    "</cac:AccountingSupplierParty>"
)
BUYER = (
    "<cac:AccountingCustomerParty><cbc:SupplierAssignedAccountID>1001"
    "</cbc:SupplierAssignedAccountID><cac:Party><cac:PartyName><cbc:Name>Bakkerij De Gouden "
    "Korst B.V.</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>"
)
LINES = (("Oven", "800.00"), ("Installatie", "200.00"))
CREDIT_NOTES = """factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag_incl;valuta;soort
CN-7;1001;20-11-2026;20-11-2026;150,00;EUR;creditnota
"""


def _line(number: int, name: str, amount: str) -> str:
    return (
        f"<cac:InvoiceLine><cbc:ID>{number}</cbc:ID>"
        '<cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>'
        f'<cbc:LineExtensionAmount currencyID="EUR">{amount}</cbc:LineExtensionAmount>'
        f"<cac:Item><cbc:Name>{name}</cbc:Name></cac:Item><cac:Price>"
        f'<cbc:PriceAmount currencyID="EUR">{amount}</cbc:PriceAmount></cac:Price>'
        "</cac:InvoiceLine>"
    )


def einvoice(folder: Path) -> Path:
    """Invoice 2026050 to customer 1001: EUR 1,210.00, due 31 October 2026, two lines."""
    lines = "".join(_line(n, name, amount) for n, (name, amount) in enumerate(LINES, start=1))
    path = folder / "2026050.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Invoice {NS}><cbc:ID>2026050</cbc:ID>'
        "<cbc:IssueDate>2026-10-01</cbc:IssueDate><cbc:DueDate>2026-10-31</cbc:DueDate>"
        f"<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>{SELLER}{BUYER}"
        '<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">1000.00'
        '</cbc:LineExtensionAmount><cbc:PayableAmount currencyID="EUR">1210.00'
        f"</cbc:PayableAmount></cac:LegalMonetaryTotal>{lines}</Invoice>\n",
        encoding="utf-8",
    )
    return path
