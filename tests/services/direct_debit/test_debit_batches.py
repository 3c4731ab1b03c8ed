"""The pain.008 file of a date, on the fakes: only collections whose notice went out in
time (sent through `send_pending` to a FakeMailer), one debit per mandate with the
sequence type its history calls for, schema-valid; and every other planned collection
waits or is cancelled with the reason. test_end_to_end.py runs the flow on a real
database and over real SMTP."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from tests.fakes import FakeMailer
from tests.fakes_direct_debit import FakeDirectDebitDatabase
from tests.services.direct_debit.sepa_data import (
    AMSTERDAM,
    NEW_YEARS_EVE,
    export,
    hand_to,
    moment,
    notify,
    seed,
    set_open,
)
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.debit_collections import CollectionStatus
from tijdig.domain.errors import RuleViolation
from tijdig.domain.invoices import Invoice
from tijdig.domain.mandates import Scheme
from tijdig.domain.parties import Company
from tijdig.services.direct_debit import direct_debit
from tijdig.services.direct_debit.debit_batches import Exported
from tijdig.services.outbox import PermanentFailure
from tijdig.services.records import disputes

TODAY = date(2026, 12, 6)
EVE = date(2026, 12, 30)  # the file goes to the bank one TARGET2 day before


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
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    """The batch of the issue: old invoices, due the day after the export, no notice."""
    result = export(db, company, date(2026, 12, 8), date(2026, 12, 7))
    assert result.content is None and result.debits == ()


def test_a_notice_sent_after_midnight_in_amsterdam_is_a_day_late(
    db: FakeDirectDebitDatabase, company: Company, mailer: FakeMailer
) -> None:
    notify(db, company, NEW_YEARS_EVE, TODAY)
    late = datetime(2026, 12, 17, 23, 30, tzinfo=UTC)  # 18 December, 00:30 in Amsterdam
    hand_to(mailer, db, late)
    result = export(db, company, NEW_YEARS_EVE, EVE)
    assert result.debits == ()
    assert set(_held(result).values()) == {("cancel", "notice_late")}
    [held] = [h for h in result.held if h.collection.mandate.reference == "MND-1001"]
    assert held.verdict.reason is not None
    assert dict(held.verdict.reason.params) == {
        "mandate": "MND-1001", "customer": "1001", "deadline": "2026-12-17", "days": "14",
        "sent_on": "2026-12-18",
    }  # fmt: skip


def test_the_next_collection_on_the_mandate_is_rcur(
    db: FakeDirectDebitDatabase, company: Company, mailer: FakeMailer, schema: etree.XMLSchema
) -> None:
    notify(db, company, NEW_YEARS_EVE, TODAY)
    hand_to(mailer, db, moment(TODAY))
    export(db, company, NEW_YEARS_EVE, EVE)
    notify(db, company, date(2027, 2, 1), date(2027, 1, 4))  # F4, due 29 January
    hand_to(mailer, db, moment(date(2027, 1, 4)))
    result = export(db, company, date(2027, 2, 1), date(2027, 1, 29))
    assert _debits(result) == {"MND-1001": ("RCUR", Decimal("40.00"), "F4")}
    assert result.content is not None
    schema.assertValid(etree.fromstring(result.content))


def test_a_paid_invoice_stops_the_collection_and_the_export_says_which(
    db: FakeDirectDebitDatabase, company: Company, mailer: FakeMailer
) -> None:
    notify(db, company, NEW_YEARS_EVE, TODAY)
    hand_to(mailer, db, moment(TODAY))
    set_open(db, "F2", 0)  # paid by bank transfer after the notice
    set_open(db, "F7", 4000)  # partly paid
    result = export(db, company, NEW_YEARS_EVE, EVE)
    assert set(_debits(result)) == {"MND-2001"}
    reasons = {h.collection.mandate.reference: dict(h.verdict.reason.params)
               for h in result.held if h.verdict.reason}  # fmt: skip
    assert reasons["MND-1001"] == {"mandate": "MND-1001", "customer": "1001", "invoice": "F2",
                                   "announced": "50.00", "open": "0.00"}  # fmt: skip
    assert reasons["MND-3001"]["invoice"] == "F7" and reasons["MND-3001"]["open"] == "40.00"
    # Cancelled: F1 and F3 are free to be announced again, for a later date.
    again = notify(db, company, date(2027, 1, 15), date(2026, 12, 31))
    assert {(c.mandate.reference, c.invoice_numbers) for c in again.planned} == {
        ("MND-1001", ("F1", "F3")), ("MND-3001", ("F7",)),
    }  # fmt: skip


def test_a_dispute_or_a_revocation_since_the_notice_stops_the_collection(
    db: FakeDirectDebitDatabase, company: Company, mailer: FakeMailer
) -> None:
    notify(db, company, NEW_YEARS_EVE, TODAY)
    hand_to(mailer, db, moment(TODAY))
    disputes.open_dispute(db.uow(), company, "F3", ReasonCode.DISSATISFIED,
                          as_of=date(2026, 12, 20), actor="test",
                          at=datetime(2026, 12, 20, 9, tzinfo=UTC))  # fmt: skip
    direct_debit.revoke_mandate(
        db.uow(), company, "MND-2001", on=date(2026, 12, 29), actor="test", at=datetime.now(UTC)
    )
    result = export(db, company, NEW_YEARS_EVE, EVE)
    assert set(_debits(result)) == {"MND-3001"}
    assert _held(result) == {"MND-1001": ("cancel", "disputed"),
                             "MND-2001": ("cancel", "mandate_revoked")}  # fmt: skip


def test_a_notice_still_queued_waits_or_is_too_late(
    db: FakeDirectDebitDatabase, company: Company, mailer: FakeMailer
) -> None:
    notify(db, company, NEW_YEARS_EVE, TODAY)
    early = export(db, company, NEW_YEARS_EVE, date(2026, 12, 16))  # filed 15 days ahead
    assert early.content is None
    assert set(_held(early).values()) == {("wait", "notice_queued")}
    late = export(db, company, NEW_YEARS_EVE, EVE)
    assert set(_held(late).values()) == {("cancel", "notice_not_sent")}
    hand_to(mailer, db, moment(EVE))  # the queued notices go out after all: too late now
    assert export(db, company, NEW_YEARS_EVE, EVE).held == ()  # nothing planned any more


def test_a_notice_the_mail_server_refused_cancels_the_collection(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    notify(db, company, NEW_YEARS_EVE, TODAY)
    # the first notice (MND-1001's) refused as SmtpMailer reports a 550 to RCPT TO
    refusing = FakeMailer(PermanentFailure("RCPT TO: 550 5.1.1 no such user"))
    report = hand_to(refusing, db, moment(TODAY))
    assert len(report.sent) == 2 and [f.recipient for f in report.failed] == ["ap@goudenkorst.nl"]
    result = export(db, company, NEW_YEARS_EVE, EVE)
    assert set(_debits(result)) == {"MND-2001", "MND-3001"}
    [failed] = result.held
    assert failed.verdict.reason is not None and failed.verdict.reason.code == "notice_failed"
    assert "no such user" in failed.verdict.reason.params["error"]


def test_a_one_off_mandate_collects_ooff_once(
    db: FakeDirectDebitDatabase, mailer: FakeMailer, schema: etree.XMLSchema
) -> None:
    company = seed(db, mandates=False)
    direct_debit.add_mandate(db.uow(), company, "1001", "ONCE-1001", date(2026, 11, 2),
                             Scheme.CORE, "NL69INGB0123456789", one_off=True,
                             actor="test", at=datetime.now(UTC))  # fmt: skip
    notify(db, company, NEW_YEARS_EVE, TODAY)
    hand_to(mailer, db, moment(TODAY))
    result = export(db, company, NEW_YEARS_EVE, EVE)
    assert _debits(result) == {"ONCE-1001": ("OOFF", Decimal("201.00"), "F1 F2 F3")}
    assert result.content is not None
    schema.assertValid(etree.fromstring(result.content))
    later = notify(db, company, date(2027, 2, 1), date(2027, 1, 4))
    assert [(r.code, r.params["since"]) for r in later.skipped] == [("mandate_used", "2026-12-31")]


def test_a_mandate_marked_last_collects_fnal_and_then_no_more(
    db: FakeDirectDebitDatabase, company: Company, mailer: FakeMailer, schema: etree.XMLSchema
) -> None:
    notify(db, company, NEW_YEARS_EVE, TODAY)
    hand_to(mailer, db, moment(TODAY))
    export(db, company, NEW_YEARS_EVE, EVE)
    direct_debit.set_mandate(
        db.uow(), company, "MND-1001", final=True, actor="test", at=datetime.now(UTC)
    )
    notify(db, company, date(2028, 2, 29), date(2028, 2, 15))  # a leap day, 14 days ahead
    hand_to(mailer, db, moment(date(2028, 2, 15), 16))
    result = export(db, company, date(2028, 2, 29), date(2028, 2, 28))
    assert _debits(result)["MND-1001"] == ("FNAL", Decimal("40.00"), "F4")
    assert result.content is not None
    schema.assertValid(etree.fromstring(result.content))
    [ended] = [m for m in direct_debit.list_mandates(db.uow(), company) if m.final]
    assert ended.completed_on == date(2028, 2, 29) and ended.is_used


def test_many_invoices_fit_the_remittance_and_the_notice_lists_them_all(
    db: FakeDirectDebitDatabase, company: Company, mailer: FakeMailer, schema: etree.XMLSchema
) -> None:
    assert company.id is not None
    with db.uow() as uow:
        ids = uow.customers.ids_by_number(company.id)
        for n in range(1, 31):
            invoice = Invoice(f"2026-{n:06d}", "3001", date(2026, 10, 1), date(2026, 11, n),
                              Decimal("1.00"))  # fmt: skip
            uow.invoices.add(invoice, company_id=company.id, customer_id=ids["3001"],
                             fingerprint=invoice.number, source="test")  # fmt: skip
        uow.commit()
    notify(db, company, NEW_YEARS_EVE, TODAY)
    hand_to(mailer, db, moment(TODAY))
    [mail] = [m for m in mailer.sent if m.recipient == "marieke@example.nl"]
    assert "2026-000030" in mail.text
    result = export(db, company, NEW_YEARS_EVE, EVE)
    _, amount, remittance = _debits(result)["MND-3001"]
    assert amount == Decimal("110.00") and len(remittance) <= 140 and remittance.endswith(" +20")
    assert result.content is not None
    schema.assertValid(etree.fromstring(result.content))


def test_a_refused_collection_date_stores_nothing(
    db: FakeDirectDebitDatabase, company: Company
) -> None:
    notify(db, company, NEW_YEARS_EVE, TODAY)
    with pytest.raises(RuleViolation, match="too early"):
        export(db, company, NEW_YEARS_EVE, NEW_YEARS_EVE)
    assert company.id is not None
    with db.uow() as uow:
        assert uow.direct_debits.batches(company.id) == []
    planned = direct_debit.list_collections(db.uow(), company, zone=AMSTERDAM)
    assert {c.status for c in planned} == {CollectionStatus.PLANNED}
