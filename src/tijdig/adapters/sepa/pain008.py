"""A direct-debit batch as a pain.008.001.02 message, built with `sepaxml`.

`sepaxml` groups the debits into one payment information block per sequence type
(FRST, RCUR) and collection date, as pain.008 requires, and adds the control sums.
What it decides by itself is made deterministic afterwards: the message id, the
creation time and the payment information ids come from the batch, so the same batch
gives the same bytes. Batch booking is turned off, so the statement books every debit
on a line of its own with its end-to-end id: matching and returns then find the
invoice. Names and remittance text are reduced to the EPC's Latin
character set (sepaxml transliterates accents; symbols such as & become spaces), and
the result is checked against the pain.008.001.02 schema shipped with sepaxml.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from lxml import etree
from sepaxml import SepaDD  # type: ignore[import-untyped]

from tijdig.domain.errors import RuleViolation
from tijdig.domain.mandates import Debit, DebitBatch
from tijdig.domain.money import Money

SCHEMA = "pain.008.001.02"
NS = f"urn:iso:std:iso:20022:tech:xsd:{SCHEMA}"
_NOT_LATIN = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]+")


def write(batch: DebitBatch) -> bytes:
    """The pain.008.001.02 message for the batch, UTF-8, schema-valid."""
    creditor = batch.creditor
    config = {
        "name": creditor.name,
        "IBAN": creditor.iban,
        "BIC": creditor.bic,
        "batch": True,
        "creditor_id": creditor.creditor_id,
        "currency": "EUR",
        "instrument": batch.scheme.value,
    }
    message = SepaDD(config, schema=SCHEMA, clean=True)
    for debit in sorted(batch.debits, key=lambda d: (d.sequence.value, d.end_to_end_id)):
        message.add_payment(_payment(debit, batch))
    # sepaxml validates with xmlschema; we validate once, after making the ids ours.
    raw: bytes = message.export(validate=False)
    return _finished(raw, batch)


def _payment(debit: Debit, batch: DebitBatch) -> dict[str, Any]:
    mandate = debit.mandate
    payment: dict[str, Any] = {
        "name": debit.debtor_name,
        "IBAN": mandate.iban,
        "amount": Money("EUR", debit.amount).to_minor(),
        "type": debit.sequence.value,
        "collection_date": batch.collection_date,
        "mandate_id": mandate.reference,
        "mandate_date": mandate.signed_on,
        "description": debit.remittance,
        "endtoend_id": debit.end_to_end_id,
    }
    if mandate.bic:
        payment["BIC"] = mandate.bic
    return payment


def _finished(raw: bytes, batch: DebitBatch) -> bytes:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(raw, parser)
    header = root.find(f"{{{NS}}}CstmrDrctDbtInitn/{{{NS}}}GrpHdr")
    assert header is not None
    _set(header, "MsgId", batch.message_id)
    _set(header, "CreDtTm", batch.created_at.replace(microsecond=0).isoformat())
    for number, element in enumerate(root.iter(f"{{{NS}}}PmtInfId"), start=1):
        element.text = f"{batch.message_id}-{number}"[-35:]
    for element in root.iter(f"{{{NS}}}BtchBookg"):
        element.text = "false"  # one statement line per debit, with its end-to-end id
    for element in root.iter(f"{{{NS}}}Nm", f"{{{NS}}}Ustrd"):
        element.text = latin(element.text or "") or "-"
    _validate(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _set(parent: etree._Element, tag: str, text: str) -> None:
    element = parent.find(f"{{{NS}}}{tag}")
    assert element is not None
    element.text = text


def latin(text: str) -> str:
    """Only the EPC's Latin characters, runs of anything else as one space."""
    return " ".join(_NOT_LATIN.sub(" ", text).split())


@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    xsd = resources.files("sepaxml") / "schemas" / f"{SCHEMA}.xsd"
    return etree.XMLSchema(etree.fromstring(xsd.read_bytes()))


def _validate(root: etree._Element) -> None:
    try:
        _schema().assertValid(root)
    except etree.DocumentInvalid as error:
        raise RuleViolation(f"the direct-debit file is not valid {SCHEMA}: {error}") from None
