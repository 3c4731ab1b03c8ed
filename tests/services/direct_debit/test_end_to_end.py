"""The direct-debit flow end to end on a real database (SQLite, and PostgreSQL when
TIJDIG_TEST_DATABASE_URL is set): notices over real SMTP, read back through the SQL's
join of collections and outbox, a pain.008 file written from the stored rows and
valid against the XSD, and a returned debit's end-to-end id leading back to its
mandate and invoices. The other direct-debit tests run on the fakes; the
repositories' contract is tests/adapters/db/test_contract_direct_debit.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from tests.adapters.mail.server import RecordingHandler, smtp_server
from tests.services.direct_debit.sepa_data import (
    AMSTERDAM,
    CREDITOR_ID,
    NEW_YEARS_EVE,
    body,
    export,
    moment,
    notify,
    received,
    seed,
    send,
)
from tijdig.bootstrap import Tijdig
from tijdig.domain.debit_collections import CollectionStatus, NoticeState
from tijdig.domain.mandates import SequenceType
from tijdig.domain.parties import Company
from tijdig.services.direct_debit import direct_debit
from tijdig.services.direct_debit.debit_batches import Exported

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
TODAY = date(2026, 12, 6)  # a Sunday: announcing needs no TARGET2 day, collecting does
EVE = date(2026, 12, 30)  # the file goes to the bank one TARGET2 day before


@pytest.fixture
def smtp() -> Iterator[tuple[RecordingHandler, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def company(app: Tijdig) -> Company:
    return seed(app)


@pytest.fixture(scope="module")
def schema(corpus: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(corpus / "xsd" / "pain.008.001.02.xsd")))


def _debits(result: Exported) -> dict[str, tuple[str, Decimal, str]]:
    return {d.mandate.reference: (d.sequence.value, d.amount, d.remittance) for d in result.debits}


def test_the_notice_tells_amount_date_mandate_and_creditor_id_over_smtp(
    app: Tijdig, company: Company, smtp: tuple[RecordingHandler, int]
) -> None:
    handler, port = smtp
    notify(app, company, NEW_YEARS_EVE, TODAY)
    report = send(app, port, moment(TODAY, 10))
    assert len(report.sent) == 3 and not report.failed
    mails = received(handler)
    dutch = body(mails["ap@goudenkorst.nl"])
    for part in ("31 december 2026", "€ 201,00", "MND-1001", CREDITOR_ID, "F1", "F2", "F3",
                 "€ 121,00", "Acme B.V.", "NL69 INGB **** **67 89"):  # fmt: skip
        assert part in dutch, part
    assert "Aankondiging incasso" in str(mails["ap@goudenkorst.nl"]["Subject"])
    english = body(mails["boekhouding@peeters.be"])
    assert "31 December 2026" in english and "€75.50" in english and "MND-2001" in english
    assert len(send(app, port, moment(TODAY, 11)).sent) == 0  # sent exactly once
    assert len(handler.accepted) == 3
    notices = direct_debit.list_collections(app.uow(), company, zone=AMSTERDAM)
    assert {(c.notice.state, c.notice.sent_on) for c in notices if c.notice} == {
        (NoticeState.SENT, TODAY)
    }


def test_one_debit_per_mandate_after_the_notice_went_out_in_time(
    app: Tijdig, company: Company, smtp: tuple[RecordingHandler, int], schema: etree.XMLSchema
) -> None:
    notify(app, company, NEW_YEARS_EVE, TODAY)
    send(app, smtp[1], moment(date(2026, 12, 17), 23, 59))  # the last minute of the 14th day
    result = export(app, company, NEW_YEARS_EVE, EVE)
    assert _debits(result) == {
        "MND-1001": ("FRST", Decimal("201.00"), "F1 F2 F3"),
        "MND-2001": ("FRST", Decimal("75.50"), "F6"),
        "MND-3001": ("FRST", Decimal("80.00"), "F7"),
    }
    assert result.content is not None
    root = etree.fromstring(result.content)
    schema.assertValid(root)
    assert root.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == "3"
    assert [e.text for e in root.iterfind(".//p:MndtId", NS)].count("MND-1001") == 1
    assert root.findtext(".//p:ReqdColltnDt", namespaces=NS) == "2026-12-31"
    mandates = {m.reference: m for m in direct_debit.list_mandates(app.uow(), company)}
    assert mandates["MND-1001"].first_collected_on == NEW_YEARS_EVE
    presented = direct_debit.list_collections(
        app.uow(), company, zone=AMSTERDAM, statuses=(CollectionStatus.PRESENTED,)
    )
    assert {(c.mandate.reference, c.sequence) for c in presented} == {
        ("MND-1001", SequenceType.FIRST), ("MND-2001", SequenceType.FIRST),
        ("MND-3001", SequenceType.FIRST),
    }  # fmt: skip


def test_an_end_to_end_id_leads_back_to_the_mandate_and_its_invoices(
    app: Tijdig, company: Company, smtp: tuple[RecordingHandler, int]
) -> None:
    notify(app, company, NEW_YEARS_EVE, TODAY)
    send(app, smtp[1], moment(TODAY))
    result = export(app, company, NEW_YEARS_EVE, EVE, created_at=moment(EVE, 16, 5))
    [mine] = [d for d in result.debits if d.mandate.reference == "MND-1001"]
    assert company.id is not None and result.message_id is not None
    with app.uow() as uow:
        ref = uow.direct_debits.item_by_end_to_end(company.id, mine.end_to_end_id)
        assert uow.direct_debits.item_by_end_to_end(company.id, "B9-NOPE") is None
        assert uow.direct_debits.content(company.id, result.message_id) == result.content
        [batch] = uow.direct_debits.batches(company.id)
    assert ref is not None
    assert (ref.invoice_numbers, ref.amount, ref.sequence) == (
        ("F1", "F2", "F3"), Decimal("201.00"), SequenceType.FIRST,
    )  # fmt: skip
    assert (ref.mandate_id, ref.collection_id) == (mine.mandate.id, mine.collection_id)
    assert (batch.count, batch.total, batch.collection_date) == (
        3,
        Decimal("356.50"),
        NEW_YEARS_EVE,
    )
    assert batch.created_at == datetime(2026, 12, 30, 15, 5, tzinfo=UTC)
