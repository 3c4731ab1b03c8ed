"""The parties and embedded attachments of a UBL 2.1 document."""

from __future__ import annotations

import base64
import binascii

from tijdig.adapters.importers.ubl_reader import Node
from tijdig.domain.einvoice import Attachment, UblParty

SELLER = "cac:AccountingSupplierParty"
BUYER = "cac:AccountingCustomerParty"
_ADDRESS_LINES = ("cbc:StreetName", "cbc:AdditionalStreetName", "cac:AddressLine/cbc:Line")


def read_party(root: Node, role: str, what: str) -> UblParty:
    """The party under `role` (SELLER or BUYER); an empty party, with an issue, if absent."""
    holder = root.find(role)
    party = holder.find("cac:Party") if holder is not None else None
    if holder is None or party is None:
        root.report(role, f"the {what} is missing")
        return UblParty()
    vat_id, other_tax_ids = _tax_ids(party)
    name = party.text("cac:PartyLegalEntity/cbc:RegistrationName")
    return UblParty(
        name=name or party.text("cac:PartyName/cbc:Name"),
        vat_id=vat_id,
        other_tax_ids=other_tax_ids,
        legal_id=party.text("cac:PartyLegalEntity/cbc:CompanyID"),
        identifiers=_identifiers(party),
        endpoint_id=party.text("cbc:EndpointID"),
        endpoint_scheme=party.attribute("cbc:EndpointID", "schemeID"),
        address=_address(party),
        country=party.text("cac:PostalAddress/cac:Country/cbc:IdentificationCode"),
        contact_name=party.text("cac:Contact/cbc:Name"),
        email=party.text("cac:Contact/cbc:ElectronicMail"),
        phone=party.text("cac:Contact/cbc:Telephone"),
        account_id=holder.text("cbc:SupplierAssignedAccountID"),
    )


def _tax_ids(party: Node) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """(the VAT id, other (scheme, id) pairs) from the PartyTaxScheme elements."""
    vat_id: str | None = None
    others: list[tuple[str, str]] = []
    for scheme in party.find_all("cac:PartyTaxScheme"):
        company_id = scheme.text("cbc:CompanyID")
        if company_id is None:
            continue
        tax_scheme = scheme.text("cac:TaxScheme/cbc:ID") or ""
        if tax_scheme.upper() == "VAT" and vat_id is None:
            vat_id = company_id
        else:
            others.append((tax_scheme, company_id))
    return vat_id, tuple(others)


def _identifiers(party: Node) -> tuple[tuple[str, str], ...]:
    pairs = []
    for ident in party.find_all("cac:PartyIdentification"):
        value = ident.text("cbc:ID")
        if value:
            pairs.append((ident.attribute("cbc:ID", "schemeID") or "", value))
    return tuple(pairs)


def _address(party: Node) -> str:
    """The postal address as lines: street(s), postal code and city, region."""
    address = party.find("cac:PostalAddress")
    if address is None:
        return ""
    lines = [address.text(path) for path in _ADDRESS_LINES]
    town = " ".join(t for t in (address.text("cbc:PostalZone"), address.text("cbc:CityName")) if t)
    lines += [town, address.text("cbc:CountrySubentity")]
    return "\n".join(line for line in lines if line)


def read_attachments(root: Node) -> tuple[Attachment, ...]:
    """Embedded documents, decoded; one that is not valid base64 is left out, with a warning.

    External references (cac:ExternalReference/cbc:URI) are never fetched.
    """
    found = []
    for reference in root.find_all("cac:AdditionalDocumentReference"):
        path = "cac:Attachment/cbc:EmbeddedDocumentBinaryObject"
        embedded = reference.find(path)
        if embedded is None:
            continue
        try:
            content = base64.b64decode(
                "".join((embedded.element.text or "").split()), validate=True
            )
        except (binascii.Error, ValueError):
            reference.report(path, "the attachment is not valid base64; left out", warning=True)
            continue
        found.append(
            Attachment(
                content=content,
                mime_code=embedded.element.get("mimeCode"),
                filename=embedded.element.get("filename"),
                document_id=reference.text("cbc:ID"),
                description=reference.text("cbc:DocumentDescription"),
            )
        )
    return tuple(found)
