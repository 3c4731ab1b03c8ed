"""The pain.008.001.02 writer: schema-valid against the corpus XSD, grouped by sequence
type, with the amounts, ids and texts of the batch."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from tijdig.adapters.sepa import pain008
from tijdig.domain.mandates import Creditor, Debit, DebitBatch, Mandate, Scheme, SequenceType

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
CREDITOR = Creditor("Acme & Zn B.V.", "NL91ABNA0417164300", "ABNANL2A", "NL69ZZZ123456780000")
JANSEN = Mandate("MND-1001", "1001", date(2025, 11, 3), Scheme.CORE, "NL69INGB0123456789", id=1)
PEETERS = Mandate(
    "MND-2001",
    "2001",
    date(2024, 5, 6),
    Scheme.CORE,
    "BE71096123456769",
    bic="GKCCBEBB",
    first_collected_on=date(2024, 6, 3),
    id=2,
)
VRIES = Mandate(
    "MND-1002", "1002", date(2025, 11, 3), Scheme.CORE, "NL69INGB0123456789",
    first_collected_on=date(2025, 12, 31), id=3,
)  # fmt: skip
DEBITS = (  # one debit per mandate: a collection holds all its invoices due that day
    Debit("B1-F1", 11, JANSEN, SequenceType.FIRST, Decimal("121.00"), "Bakkerij Jänsen & Zn", "F1"),
    Debit("B1-F2", 12, VRIES, SequenceType.RECURRING, Decimal("0.05"), "Bakkerij Jänsen", "F2"),
    Debit(
        "B1-F3",
        13,
        PEETERS,
        SequenceType.RECURRING,
        Decimal("1234.56"),
        "Peeters BV",
        "+++090/9337/55493+++ F3",
    ),
)


def _batch(scheme: Scheme = Scheme.CORE, debits: tuple[Debit, ...] = DEBITS) -> DebitBatch:
    return DebitBatch(
        message_id="TIJDIG-1-1-20260304",
        created_at=datetime(2026, 3, 2, 9, 30, 15, 123, tzinfo=UTC),
        collection_date=date(2026, 3, 4),
        scheme=scheme,
        creditor=CREDITOR,
        debits=debits,
    )


@pytest.fixture(scope="module")
def schema(corpus: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(corpus / "xsd" / "pain.008.001.02.xsd")))


def _parsed(content: bytes, schema: etree.XMLSchema) -> etree._Element:
    root = etree.fromstring(content)
    schema.assertValid(root)
    return root


def _texts(node: etree._Element, path: str) -> list[str]:
    return [e.text or "" for e in node.iterfind(path, NS)]


def test_the_file_validates_against_the_pain008_schema(schema: etree.XMLSchema) -> None:
    content = pain008.write(_batch())
    assert content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    _parsed(content, schema)


def test_debits_are_grouped_by_sequence_type_with_their_control_sums(
    schema: etree.XMLSchema,
) -> None:
    root = _parsed(pain008.write(_batch()), schema)
    blocks = root.findall("p:CstmrDrctDbtInitn/p:PmtInf", NS)
    assert [b.findtext("p:PmtTpInf/p:SeqTp", namespaces=NS) for b in blocks] == ["FRST", "RCUR"]
    assert [b.findtext("p:NbOfTxs", namespaces=NS) for b in blocks] == ["1", "2"]
    assert [b.findtext("p:CtrlSum", namespaces=NS) for b in blocks] == ["121.00", "1234.61"]
    assert _texts(root, ".//p:PmtInf/p:ReqdColltnDt") == ["2026-03-04"] * 2
    assert _texts(root, ".//p:LclInstrm/p:Cd") == ["CORE"] * 2
    assert _texts(root, ".//p:BtchBookg") == ["false"] * 2
    assert _texts(root, ".//p:CdtrSchmeId//p:Othr/p:Id") == ["NL69ZZZ123456780000"] * 2


def test_the_header_carries_the_batch_ids_and_totals(schema: etree.XMLSchema) -> None:
    root = _parsed(pain008.write(_batch()), schema)
    header = root.find("p:CstmrDrctDbtInitn/p:GrpHdr", NS)
    assert header is not None
    assert header.findtext("p:MsgId", namespaces=NS) == "TIJDIG-1-1-20260304"
    assert header.findtext("p:CreDtTm", namespaces=NS) == "2026-03-02T09:30:15+00:00"
    assert header.findtext("p:NbOfTxs", namespaces=NS) == "3"
    assert header.findtext("p:CtrlSum", namespaces=NS) == "1355.61"
    assert _texts(root, ".//p:PmtInfId") == ["TIJDIG-1-1-20260304-1", "TIJDIG-1-1-20260304-2"]


def test_each_debit_carries_its_mandate_amount_and_end_to_end_id(
    schema: etree.XMLSchema,
) -> None:
    root = _parsed(pain008.write(_batch()), schema)
    assert _texts(root, ".//p:EndToEndId") == ["B1-F1", "B1-F2", "B1-F3"]
    assert _texts(root, ".//p:InstdAmt") == ["121.00", "0.05", "1234.56"]
    assert {e.get("Ccy") for e in root.iterfind(".//p:InstdAmt", NS)} == {"EUR"}
    assert _texts(root, ".//p:MndtId") == ["MND-1001", "MND-1002", "MND-2001"]
    assert _texts(root, ".//p:DtOfSgntr") == ["2025-11-03", "2025-11-03", "2024-05-06"]
    assert _texts(root, ".//p:DbtrAcct/p:Id/p:IBAN") == [
        "NL69INGB0123456789",
        "NL69INGB0123456789",
        "BE71096123456769",
    ]
    # No BIC on the mandate: NOTPROVIDED, as the IBAN-only rules allow.
    assert _texts(root, ".//p:DbtrAgt/p:FinInstnId/p:BIC") == ["GKCCBEBB"]
    assert _texts(root, ".//p:DbtrAgt//p:Othr/p:Id") == ["NOTPROVIDED"] * 2


def test_names_and_remittance_keep_to_the_sepa_latin_characters(schema: etree.XMLSchema) -> None:
    root = _parsed(pain008.write(_batch()), schema)
    assert _texts(root, ".//p:Dbtr/p:Nm") == ["Bakkerij Jansen Zn", "Bakkerij Jansen", "Peeters BV"]
    assert _texts(root, ".//p:Cdtr/p:Nm")[0] == "Acme Zn B.V."
    assert _texts(root, ".//p:Ustrd") == ["F1", "F2", "+++090/9337/55493+++ F3"]


def test_the_same_batch_gives_the_same_bytes() -> None:
    assert pain008.write(_batch()) == pain008.write(_batch())


def test_a_b2b_batch_says_so_in_every_block(schema: etree.XMLSchema) -> None:
    b2b = Mandate("MND-B2B", "2001", date(2025, 1, 2), Scheme.B2B, "BE71096123456769", id=3)
    debit = Debit("B2-F9", 19, b2b, SequenceType.FIRST, Decimal("10.00"), "Peeters BV", "F9")
    root = _parsed(pain008.write(_batch(Scheme.B2B, (debit,))), schema)
    assert _texts(root, ".//p:LclInstrm/p:Cd") == ["B2B"]


def test_latin_keeps_the_epc_set_and_collapses_the_rest() -> None:
    assert pain008.latin("A & B_C  (d) 'e' +f?") == "A B C (d) 'e' +f?"


def test_final_and_one_off_debits_are_blocks_of_their_own(schema: etree.XMLSchema) -> None:
    last = Mandate("MND-LAST", "3001", date(2024, 2, 29), Scheme.CORE, "NL69INGB0123456789",
                   first_collected_on=date(2024, 3, 29), final=True, id=4)  # fmt: skip
    once = Mandate("MND-ONCE", "4001", date(2026, 12, 1), Scheme.CORE, "BE71096123456769",
                   one_off=True, id=5)  # fmt: skip
    numbers = " ".join(f"2026-{n:06d}" for n in range(1, 12)) + " +20"
    debits = (
        *DEBITS[:1],
        Debit("B1-C4", 4, last, SequenceType.FINAL, Decimal("99.99"), "Laatste BV", numbers),
        Debit("B1-C5", 5, once, SequenceType.ONE_OFF, Decimal("10.00"), "Eenmalig BV", "F9"),
    )
    root = _parsed(pain008.write(_batch(debits=debits)), schema)
    blocks = root.findall("p:CstmrDrctDbtInitn/p:PmtInf", NS)
    assert [b.findtext("p:PmtTpInf/p:SeqTp", namespaces=NS) for b in blocks] == [
        "FNAL", "FRST", "OOFF",
    ]  # fmt: skip
    assert numbers in _texts(root, ".//p:Ustrd") and len(numbers) <= 140
