"""UBL 2.1 importer: the whole corpus against expected.json, hostile XML, data problems."""

from __future__ import annotations

import base64
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tijdig.adapters.importers import safe_xml, ubl, ubl_reader
from tijdig.domain.einvoice import DocumentType, UblDocument
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import InvoiceLine

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
AMOUNTS = ("payable_amount", "tax_inclusive_amount", "prepaid_amount")


def _expected() -> list[dict[str, Any]]:
    listing = CORPUS / "expected.json"
    if not listing.is_file():
        return []
    files = json.loads(listing.read_text(encoding="utf-8"))["files"]
    return [entry for entry in files if entry["file"].startswith("ubl/")]


def _actual(doc: UblDocument) -> dict[str, Any]:
    return {
        "document": doc.document.value,
        "invoice_id": doc.number,
        "type_code": doc.type_code,
        "issue_date": doc.issue_date.isoformat(),
        "due_date": doc.due_date.isoformat() if doc.due_date else None,
        "currency": doc.currency,
        "payable_amount": doc.payable_amount,
        "tax_inclusive_amount": doc.tax_inclusive_amount,
        "prepaid_amount": doc.prepaid_amount,
        "buyer_name": doc.buyer.name,
        "seller_name": doc.seller.name,
        "seller_vat_id": doc.seller.vat_id,
        "seller_legal_id": doc.seller.legal_id,
        "payment_means_code": doc.payment_means_code,
        "payment_id": doc.payment_id,
        "payee_iban": doc.payee_iban,
        "lines": len(doc.lines),
    }


@pytest.mark.parametrize("entry", _expected(), ids=lambda entry: entry["file"])
def test_every_corpus_file_extracts_with_the_expected_values(
    corpus: Path, entry: dict[str, Any]
) -> None:
    path = corpus / entry["file"]
    assert ubl.identify(path)
    result = ubl.extract(path)
    assert result.ok, [str(issue) for issue in result.issues]
    (doc,) = result.items
    actual = _actual(doc)
    expected = {key: entry[key] for key in actual}
    for key in AMOUNTS:
        expected[key] = None if entry[key] is None else Decimal(entry[key])
    assert actual == expected
    assert [list(pair) for pair in doc.seller.other_tax_ids] == entry["seller_other_tax_ids"]
    assert doc.customization_id == entry["customization_id"]


def test_the_expectations_cover_every_ubl_file_in_the_corpus(corpus: Path) -> None:
    listed = {entry["file"] for entry in _expected()}
    assert {f"ubl/{p.name}" for p in (corpus / "ubl").iterdir()} == listed


def test_an_embedded_pdf_becomes_the_invoice_copy(corpus: Path) -> None:
    (doc,) = ubl.extract(corpus / "ubl" / "cen_ubl-tc434-example5.xml").items
    copy = doc.invoice_copy
    assert copy is not None
    assert (copy.filename, copy.mime_code) == ("EHF.pdf", "application/pdf")
    assert copy.content == b"Testing Base64 encoding"
    assert doc.other_attachments == ()


def test_the_parties_carry_address_contact_and_ids(corpus: Path) -> None:
    (doc,) = ubl.extract(corpus / "ubl" / "cen_ubl-tc434-example5.xml").items
    assert doc.seller.address == "Hoofdstraat 4\nOm de hoek\n54321 Grootstad\nOverijssel"
    assert (doc.seller.country, doc.seller.email) == ("NL", "Anthon@Selco.nl")
    assert doc.buyer.vat_id == "DK16356607"
    assert (doc.buyer.endpoint_scheme, doc.buyer.endpoint_id) == ("EM", "info@buyercompany.dk")
    assert doc.buyer.phone == "+4598989898"
    assert doc.buyer_reference == "qwerty"
    assert doc.tax_exclusive_amount == Decimal("4000.00")


# --- files made here ------------------------------------------------------------------

NS = (
    'xmlns="urn:oasis:names:specification:ubl:schema:xsd:{doc}-2" '
    'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" '
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"'
)
PARTY = (
    "<cac:{role}><cac:Party><cac:PartyName><cbc:Name>{name}</cbc:Name></cac:PartyName>"
    "</cac:Party></cac:{role}>"
)


def _ubl(
    *,
    doc: str = "Invoice",
    number: str = "<cbc:ID>F-1</cbc:ID>",
    payable: str = "121.00",
    extra: str = "",
    head: str = '<?xml version="1.0" encoding="UTF-8"?>\n',
) -> str:
    seller = PARTY.format(role="AccountingSupplierParty", name="Verkoper BV")
    buyer = PARTY.format(role="AccountingCustomerParty", name="Koper BV")
    return (
        f"{head}<{doc} {NS.format(doc=doc)}>\n{number}\n"
        "<cbc:IssueDate>2024-03-01</cbc:IssueDate>\n"
        "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>\n"
        f"{seller}\n{buyer}\n{extra}\n"
        "<cac:LegalMonetaryTotal>\n"
        f'<cbc:PayableAmount currencyID="EUR">{payable}</cbc:PayableAmount>\n'
        f"</cac:LegalMonetaryTotal>\n</{doc}>\n"
    )


def _write(tmp_path: Path, content: str | bytes, name: str = "invoice.xml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _refused(result: ImportResult[UblDocument], message: str) -> None:
    assert result.items == ()
    assert len(result.errors) == 1, result.issues
    assert message in result.errors[0].message
    assert result.errors[0].file == "invoice.xml"


def test_a_made_up_minimal_invoice_reads(tmp_path: Path) -> None:
    path = _write(tmp_path, _ubl())
    assert ubl.identify(path)
    result = ubl.extract(path)
    assert result.ok and not result.issues
    (doc,) = result.items
    assert (doc.number, doc.payable_amount, doc.seller.name) == (
        "F-1",
        Decimal("121.00"),
        "Verkoper BV",
    )
    assert (doc.due_date, doc.lines, doc.attachments) == (None, (), ())


def test_a_credit_note_takes_its_due_date_from_the_payment_means(tmp_path: Path) -> None:
    means = (
        "<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"
        "<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>"
        "<cbc:PaymentDueDate>2024-03-31</cbc:PaymentDueDate></cac:PaymentMeans>"
        "<cac:CreditNoteLine><cbc:ID>1</cbc:ID></cac:CreditNoteLine>"
    )
    (doc,) = ubl.extract(_write(tmp_path, _ubl(doc="CreditNote", extra=means))).items
    assert doc.document is DocumentType.CREDIT_NOTE
    assert (doc.type_code, doc.due_date.isoformat() if doc.due_date else None) == (
        "381",
        "2024-03-31",
    )
    assert [line.name for line in doc.lines] == ["line 1"]


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _ubl(head=LAUGHS, number="<cbc:ID>&lol9;</cbc:ID>"))
    _refused(ubl.extract(path), "declares entities")


def test_an_external_entity_is_refused_and_never_read(tmp_path: Path) -> None:
    head = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    path = _write(tmp_path, _ubl(head=head, number="<cbc:ID>&xxe;</cbc:ID>"))
    result = ubl.extract(path)
    _refused(result, "declares entities (xxe)")
    assert "root:" not in str(result.issues)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/ubl.dtd", "file:///etc/passwd"])
def test_an_external_dtd_is_refused(tmp_path: Path, url: str) -> None:
    head = f'<?xml version="1.0"?>\n<!DOCTYPE Invoice SYSTEM "{url}">\n'
    _refused(ubl.extract(_write(tmp_path, _ubl(head=head))), "external DTD")


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = _write(tmp_path, _ubl())
    _refused(ubl.extract(path, max_bytes=100), "larger than 100 bytes")


def test_the_default_size_limit_is_twenty_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "invoice.xml"
    with path.open("wb") as stream:
        stream.truncate(safe_xml.MAX_BYTES + 1)
    assert safe_xml.MAX_BYTES == 20 * 1024 * 1024
    _refused(ubl.extract(path), "larger than")


@pytest.mark.parametrize(
    "content", [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"nummer;bedrag\n1;2,00\n", b"<Invoice"]
)
def test_a_file_that_is_not_xml_is_refused(tmp_path: Path, content: bytes) -> None:
    path = _write(tmp_path, content)
    assert not ubl.identify(path)
    _refused(ubl.extract(path), "not well-formed XML")


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, b"  \n")
    assert not ubl.identify(path)
    _refused(ubl.extract(path), "empty")


def test_xml_that_is_not_ubl_is_refused(tmp_path: Path) -> None:
    camt = '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><x/></Document>'
    path = _write(tmp_path, camt)
    assert not ubl.identify(path)
    _refused(ubl.extract(path), "not a UBL 2.1 Invoice or CreditNote")


def test_a_missing_file_is_an_issue(tmp_path: Path) -> None:
    path = tmp_path / "invoice.xml"
    assert not ubl.identify(path)
    _refused(ubl.extract(path), "cannot read the file")


def test_a_ubl_file_without_its_id_names_the_field_and_line(tmp_path: Path) -> None:
    result = ubl.extract(_write(tmp_path, _ubl(number="")))
    _refused(result, "the invoice number is missing")
    assert (result.errors[0].field, result.errors[0].line) == ("cbc:ID", 2)


@pytest.mark.parametrize(
    ("payable", "message"), [("12,50", "is not an amount"), ("", "amount payable is missing")]
)
def test_a_bad_amount_is_an_error_on_its_field(tmp_path: Path, payable: str, message: str) -> None:
    result = ubl.extract(_write(tmp_path, _ubl(payable=payable)))
    _refused(result, message)
    assert result.errors[0].field == "cac:LegalMonetaryTotal/cbc:PayableAmount"
    assert result.errors[0].line == 10


def test_a_bad_date_is_an_error(tmp_path: Path) -> None:
    content = _ubl().replace("2024-03-01", "01-03-2024")
    _refused(ubl.extract(_write(tmp_path, content)), "is not a date")


def test_a_missing_party_is_an_error(tmp_path: Path) -> None:
    content = _ubl().replace("AccountingCustomerParty", "BuyerCustomerParty")
    result = ubl.extract(_write(tmp_path, content))
    _refused(result, "the buyer is missing")


def test_amounts_in_another_currency_and_broken_attachments_are_warnings(tmp_path: Path) -> None:
    attachments = (
        "<cac:AdditionalDocumentReference><cbc:ID>a</cbc:ID><cac:Attachment>"
        '<cbc:EmbeddedDocumentBinaryObject mimeCode="image/png" filename="x.png">'
        "!!not base64!!</cbc:EmbeddedDocumentBinaryObject></cac:Attachment>"
        "</cac:AdditionalDocumentReference>"
        "<cac:AdditionalDocumentReference><cbc:ID>b</cbc:ID><cac:Attachment>"
        '<cbc:EmbeddedDocumentBinaryObject mimeCode="text/csv" filename="spec.csv">'
        f"{base64.b64encode(b'a;b').decode()}</cbc:EmbeddedDocumentBinaryObject>"
        "</cac:Attachment></cac:AdditionalDocumentReference>"
    )
    content = _ubl(extra=attachments).replace('currencyID="EUR"', 'currencyID="USD"')
    result = ubl.extract(_write(tmp_path, content))
    assert result.ok
    assert sorted(w.message.split(" ")[0] for w in result.warnings) == ["currencyID", "the"]
    (doc,) = result.items
    assert doc.invoice_copy is None
    assert [(a.filename, a.content) for a in doc.other_attachments] == [("spec.csv", b"a;b")]


def test_entities_in_a_utf16_file_are_refused_after_parsing(tmp_path: Path) -> None:
    head = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE x [<!ENTITY who "Koper">]>\n'
    content = _ubl(head=head, number="<cbc:ID>&who;</cbc:ID>").encode("utf-16")
    _refused(ubl.extract(_write(tmp_path, content)), "declares entities (who)")


def test_the_payment_terms_are_read_as_written(corpus: Path, tmp_path: Path) -> None:
    (doc,) = ubl.extract(corpus / "ubl" / "cen_ubl-tc434-example7.xml").items
    assert doc.payment_terms == "Payment within 30 days"
    terms = (
        "<cac:PaymentTerms><cbc:Note>2% korting binnen 8 dagen</cbc:Note></cac:PaymentTerms>"
        "<cac:PaymentTerms><cbc:Note>netto 30 dagen</cbc:Note></cac:PaymentTerms>"
    )
    (made,) = ubl.extract(_write(tmp_path, _ubl(extra=terms))).items
    assert made.payment_terms == "2% korting binnen 8 dagen\nnetto 30 dagen"
    assert ubl.extract(_write(tmp_path, _ubl(), "bare.xml")).items[0].payment_terms is None


def _line_total(path: Path) -> Decimal | None:
    """LegalMonetaryTotal/LineExtensionAmount, read on its own: the sum of the lines."""
    found = (
        etree.parse(str(path))
        .getroot()
        .find("cac:LegalMonetaryTotal/cbc:LineExtensionAmount", ubl_reader.NS)
    )
    return None if found is None or not (found.text or "").strip() else Decimal(found.text or "")


@pytest.mark.parametrize("entry", _expected(), ids=lambda entry: entry["file"])
def test_every_corpus_file_reads_its_lines_and_they_add_up_to_the_line_total(
    corpus: Path, entry: dict[str, Any]
) -> None:
    path = corpus / entry["file"]
    (doc,) = ubl.extract(path).items
    assert len(doc.lines) == entry["lines"]
    assert all(line.name.strip() and line.amount is not None for line in doc.lines)
    total = _line_total(path)
    if total is not None:
        assert sum(line.amount or 0 for line in doc.lines) == total


def test_a_line_carries_name_quantity_price_and_vat(corpus: Path) -> None:
    (doc,) = ubl.extract(corpus / "ubl" / "cen_ubl-tc434-example1.xml").items
    assert doc.lines[0] == InvoiceLine(
        "PATAT FRITES 10MM 10KG", Decimal("19.90"), Decimal(2), "EA", Decimal("9.95"),
        vat_category="S", vat_rate=Decimal(6),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "category", "reason", "code"),
    [
        ("si_SI-UBL-2.0_ok_tax_category_O.xml", "O", "Not subject to VAT", None),
        ("cen_ubl-tc434-creditnote1.xml", "E", "Taxes are not applicable", None),
        ("si_SI-UBL-2.0_ok_full.xml", "E", "Exempt New Means of Transport", "vatex-eu-151-1b"),
    ],
)
def test_a_line_outside_standard_vat_carries_the_exemption_reason_of_its_category(
    corpus: Path, name: str, category: str, reason: str, code: str | None
) -> None:
    (doc,) = ubl.extract(corpus / "ubl" / name).items
    exempt = [line for line in doc.lines if line.vat_category == category]
    assert exempt and all(
        (line.exemption_reason, line.exemption_code) == (reason, code) for line in exempt
    )
    assert all(line.exemption_reason is None for line in doc.lines if line.has_standard_vat)


def test_a_credit_note_line_reads_its_credited_quantity_and_base_quantity(
    tmp_path: Path,
) -> None:
    line = (
        "<cac:CreditNoteLine><cbc:ID>1</cbc:ID>"
        '<cbc:CreditedQuantity unitCode="HUR">1.5</cbc:CreditedQuantity>'
        '<cbc:LineExtensionAmount currencyID="EUR">0.09</cbc:LineExtensionAmount>'
        "<cac:Item><cbc:Description>Advies</cbc:Description><cbc:Name>Uren</cbc:Name>"
        "<cac:ClassifiedTaxCategory><cbc:ID>AE</cbc:ID><cbc:Percent>0</cbc:Percent>"
        "</cac:ClassifiedTaxCategory></cac:Item>"
        '<cac:Price><cbc:PriceAmount currencyID="EUR">0.0625</cbc:PriceAmount>'
        '<cbc:BaseQuantity unitCode="HUR">1</cbc:BaseQuantity></cac:Price>'
        "</cac:CreditNoteLine>"
    )
    (doc,) = ubl.extract(_write(tmp_path, _ubl(doc="CreditNote", extra=line))).items
    assert doc.lines == (
        InvoiceLine("Uren", Decimal("0.09"), Decimal("1.5"), "HUR", Decimal("0.0625"),
                    Decimal(1), "AE", Decimal(0), description="Advies"),
    )  # fmt: skip


def test_a_line_amount_that_cannot_be_read_is_an_error_on_its_field(tmp_path: Path) -> None:
    line = (
        "<cac:InvoiceLine><cbc:ID>1</cbc:ID>"
        '<cbc:LineExtensionAmount currencyID="EUR">veel</cbc:LineExtensionAmount>'
        "<cac:Item><cbc:Name>Koffie</cbc:Name></cac:Item></cac:InvoiceLine>"
    )
    result = ubl.extract(_write(tmp_path, _ubl(extra=line)))
    _refused(result, "is not an amount")
    assert result.errors[0].field == "cac:InvoiceLine/cbc:LineExtensionAmount"
