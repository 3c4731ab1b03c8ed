"""The pain.008 file of a date on a real database: only collections whose notice went
out in time over real SMTP, one debit per mandate with the sequence type its history
calls for, schema-valid; and every other planned collection waits or is cancelled with
the reason."""

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
    NEW_YEARS_EVE,
    export,
    moment,
    notify,
    seed,
    send,
    set_open,
)
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.debit_collections import CollectionStatus
from tijdig.domain.errors import RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.mandates import Scheme, SequenceType
from tijdig.domain.parties import Company
from tijdig.services.direct_debit import direct_debit
from tijdig.services.direct_debit.debit_batches import Exported
from tijdig.services.records import disputes

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
TODAY = date(2026, 12, 6)
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


def _held(result: Exported) -> dict[str, tuple[str, str]]:
    return {
        h.collection.mandate.reference: (h.verdict.outcome.value, h.verdict.reason.code)
        for h in result.held
        if h.verdict.reason
    }


def test_invoices_are_not_collected_without_a_pre_notification(
    app: Tijdig, company: Company
) -> None:
    """The batch of the issue: old invoices, due the day after the export, no notice."""
    result = export(app, company, date(2026, 12, 8), date(2026, 12, 7))
    assert result.content is None and result.debits == ()


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


def test_a_notice_sent_after_midnight_in_amsterdam_is_a_day_late(
    app: Tijdig, company: Company, smtp: tuple[RecordingHandler, int]
) -> None:
    notify(app, company, NEW_YEARS_EVE, TODAY)
    late = datetime(2026, 12, 17, 23, 30, tzinfo=UTC)  # 18 December, 00:30 in Amsterdam
    send(app, smtp[1], late)
    result = export(app, company, NEW_YEARS_EVE, EVE)
    assert result.debits == ()
    assert set(_held(result).values()) == {("cancel", "notice_late")}
    [held] = [h for h in result.held if h.collection.mandate.reference == "MND-1001"]
    assert held.verdict.reason is not None
    assert dict(held.verdict.reason.params) == {
        "mandate": "MND-1001", "customer": "1001", "deadline": "2026-12-17", "days": "14",
        "sent_on": "2026-12-18",
    }  # fmt: skip


def test_the_next_collection_on_the_mandate_is_rcur(
    app: Tijdig, company: Company, smtp: tuple[RecordingHandler, int], schema: etree.XMLSchema
) -> None:
    notify(app, company, NEW_YEARS_EVE, TODAY)
    send(app, smtp[1], moment(TODAY))
    export(app, company, NEW_YEARS_EVE, EVE)
    notify(app, company, date(2027, 2, 1), date(2027, 1, 4))  # F4, due 29 January
    send(app, smtp[1], moment(date(2027, 1, 4)))
    result = export(app, company, date(2027, 2, 1), date(2027, 1, 29))
    assert _debits(result) == {"MND-1001": ("RCUR", Decimal("40.00"), "F4")}
    assert result.content is not None
    schema.assertValid(etree.fromstring(result.content))


def test_a_paid_invoice_stops_the_collection_and_the_export_says_which(
    app: Tijdig, company: Company, smtp: tuple[RecordingHandler, int]
) -> None:
    notify(app, company, NEW_YEARS_EVE, TODAY)
    send(app, smtp[1], moment(TODAY))
    set_open(app, "F2", 0)  # paid by bank transfer after the notice
    set_open(app, "F7", 4000)  # partly paid
    result = export(app, company, NEW_YEARS_EVE, EVE)
    assert set(_debits(result)) == {"MND-2001"}
    reasons = {h.collection.mandate.reference: dict(h.verdict.reason.params)
               for h in result.held if h.verdict.reason}  # fmt: skip
    assert reasons["MND-1001"] == {"mandate": "MND-1001", "customer": "1001", "invoice": "F2",
                                   "announced": "50.00", "open": "0.00"}  # fmt: skip
    assert reasons["MND-3001"]["invoice"] == "F7" and reasons["MND-3001"]["open"] == "40.00"
    # Cancelled: F1 and F3 are free to be announced again, for a later date.
    again = notify(app, company, date(2027, 1, 15), date(2026, 12, 31))
    assert {(c.mandate.reference, c.invoice_numbers) for c in again.planned} == {
        ("MND-1001", ("F1", "F3")), ("MND-3001", ("F7",)),
    }  # fmt: skip


def test_a_dispute_or_a_revocation_since_the_notice_stops_the_collection(
    app: Tijdig, company: Company, smtp: tuple[RecordingHandler, int]
) -> None:
    notify(app, company, NEW_YEARS_EVE, TODAY)
    send(app, smtp[1], moment(TODAY))
    disputes.open_dispute(app.uow(), company, "F3", ReasonCode.DISSATISFIED,
                          as_of=date(2026, 12, 20), actor="test",
                          at=datetime(2026, 12, 20, 9, tzinfo=UTC))  # fmt: skip
    direct_debit.revoke_mandate(
        app.uow(), company, "MND-2001", on=date(2026, 12, 29), actor="test", at=datetime.now(UTC)
    )
    result = export(app, company, NEW_YEARS_EVE, EVE)
    assert set(_debits(result)) == {"MND-3001"}
    assert _held(result) == {"MND-1001": ("cancel", "disputed"),
                             "MND-2001": ("cancel", "mandate_revoked")}  # fmt: skip


def test_a_notice_still_queued_waits_or_is_too_late(
    app: Tijdig, company: Company, smtp: tuple[RecordingHandler, int]
) -> None:
    notify(app, company, NEW_YEARS_EVE, TODAY)
    early = export(app, company, NEW_YEARS_EVE, date(2026, 12, 16))  # filed 15 days ahead
    assert early.content is None
    assert set(_held(early).values()) == {("wait", "notice_queued")}
    late = export(app, company, NEW_YEARS_EVE, EVE)
    assert set(_held(late).values()) == {("cancel", "notice_not_sent")}
    send(app, smtp[1], moment(EVE))  # the queued notices go out after all: too late now
    assert export(app, company, NEW_YEARS_EVE, EVE).held == ()  # nothing planned any more


def test_a_notice_the_mail_server_refused_cancels_the_collection(
    app: Tijdig, company: Company, smtp: tuple[RecordingHandler, int]
) -> None:
    handler, port = smtp
    notify(app, company, NEW_YEARS_EVE, TODAY)
    handler.rcpt_replies = ["550 5.1.1 no such user"]  # the first notice: MND-1001
    send(app, port, moment(TODAY))
    result = export(app, company, NEW_YEARS_EVE, EVE)
    assert set(_debits(result)) == {"MND-2001", "MND-3001"}
    [failed] = result.held
    assert failed.verdict.reason is not None and failed.verdict.reason.code == "notice_failed"
    assert "no such user" in failed.verdict.reason.params["error"]


def test_a_one_off_mandate_collects_ooff_once(
    app: Tijdig, smtp: tuple[RecordingHandler, int], schema: etree.XMLSchema
) -> None:
    company = seed(app, mandates=False)
    direct_debit.add_mandate(app.uow(), company, "1001", "ONCE-1001", date(2026, 11, 2),
                             Scheme.CORE, "NL69INGB0123456789", one_off=True,
                             actor="test", at=datetime.now(UTC))  # fmt: skip
    notify(app, company, NEW_YEARS_EVE, TODAY)
    send(app, smtp[1], moment(TODAY))
    result = export(app, company, NEW_YEARS_EVE, EVE)
    assert _debits(result) == {"ONCE-1001": ("OOFF", Decimal("201.00"), "F1 F2 F3")}
    assert result.content is not None
    schema.assertValid(etree.fromstring(result.content))
    later = notify(app, company, date(2027, 2, 1), date(2027, 1, 4))
    assert [(r.code, r.params["since"]) for r in later.skipped] == [("mandate_used", "2026-12-31")]


def test_a_mandate_marked_last_collects_fnal_and_then_no_more(
    app: Tijdig, company: Company, smtp: tuple[RecordingHandler, int], schema: etree.XMLSchema
) -> None:
    notify(app, company, NEW_YEARS_EVE, TODAY)
    send(app, smtp[1], moment(TODAY))
    export(app, company, NEW_YEARS_EVE, EVE)
    direct_debit.set_mandate(
        app.uow(), company, "MND-1001", final=True, actor="test", at=datetime.now(UTC)
    )
    notify(app, company, date(2028, 2, 29), date(2028, 2, 15))  # a leap day, 14 days ahead
    send(app, smtp[1], moment(date(2028, 2, 15), 16))
    result = export(app, company, date(2028, 2, 29), date(2028, 2, 28))
    assert _debits(result)["MND-1001"] == ("FNAL", Decimal("40.00"), "F4")
    assert result.content is not None
    schema.assertValid(etree.fromstring(result.content))
    [ended] = [m for m in direct_debit.list_mandates(app.uow(), company) if m.final]
    assert ended.completed_on == date(2028, 2, 29) and ended.is_used


def test_many_invoices_fit_the_remittance_and_the_notice_lists_them_all(
    app: Tijdig, company: Company, smtp: tuple[RecordingHandler, int], schema: etree.XMLSchema
) -> None:
    assert company.id is not None
    with app.uow() as uow:
        ids = uow.customers.ids_by_number(company.id)
        for n in range(1, 31):
            invoice = Invoice(f"2026-{n:06d}", "3001", date(2026, 10, 1), date(2026, 11, n),
                              Decimal("1.00"))  # fmt: skip
            uow.invoices.add(invoice, company_id=company.id, customer_id=ids["3001"],
                             fingerprint=invoice.number, source="test")  # fmt: skip
        uow.commit()
    notify(app, company, NEW_YEARS_EVE, TODAY)
    send(app, smtp[1], moment(TODAY))
    [mail] = [m for m in smtp[0].accepted if str(m["To"]) == "marieke@example.nl"]
    assert "2026-000030" in mail.as_string()
    result = export(app, company, NEW_YEARS_EVE, EVE)
    _, amount, remittance = _debits(result)["MND-3001"]
    assert amount == Decimal("110.00") and len(remittance) <= 140 and remittance.endswith(" +20")
    assert result.content is not None
    schema.assertValid(etree.fromstring(result.content))


def test_a_refused_collection_date_stores_nothing(app: Tijdig, company: Company) -> None:
    notify(app, company, NEW_YEARS_EVE, TODAY)
    with pytest.raises(RuleViolation, match="too early"):
        export(app, company, NEW_YEARS_EVE, NEW_YEARS_EVE)
    assert company.id is not None
    with app.uow() as uow:
        assert uow.direct_debits.batches(company.id) == []
    planned = direct_debit.list_collections(app.uow(), company, zone=AMSTERDAM)
    assert {c.status for c in planned} == {CollectionStatus.PLANNED}


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
