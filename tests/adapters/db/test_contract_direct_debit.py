"""The mandates, exported batches, planned collections and outbox repositories, one
contract for the fake (tests/fakes_direct_debit.py), SQLite and PostgreSQL: what one
returns, the others do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from tests.databases import STORE_KINDS, MigratedSchema, units_of_work
from tests.fakes_direct_debit import FakeDirectDebitDatabase, FakeDirectDebitUnitOfWork
from tijdig.adapters.db.schema.ledger import InvoiceRow
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.domain.debit_collections import (
    CollectionInvoice,
    CollectionStatus,
    Notice,
    NoticeState,
    PlannedCollection,
    Reason,
)
from tijdig.domain.invoices import Invoice
from tijdig.domain.mandates import Creditor, Debit, DebitBatch, Mandate, Scheme, SequenceType
from tijdig.domain.parties import Company, Customer
from tijdig.services.direct_debit.direct_debit import DebitRef, DirectDebitUnitOfWork
from tijdig.services.outbox import DeliveryChannel, OutboxStatus

AT = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ON = date(2026, 12, 31)
IBAN = "NL91ABNA0417164300"
CREDITOR = Creditor("Acme B.V.", IBAN, "ABNANL2A", "NL69ZZZ123456780000")


class DebitUnitOfWork(DirectDebitUnitOfWork, Protocol):
    """What both the fake and the SQL unit of work offer these tests."""


DebitStore = Callable[[], DebitUnitOfWork]


@pytest.fixture(params=STORE_KINDS)
def store(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_schema: MigratedSchema | None,
) -> Iterator[DebitStore]:
    """Units of work on one empty store, of each kind."""
    yield from units_of_work(request.param, FakeDirectDebitDatabase, tmp_path, sqlite_template,
                             postgres_schema)  # fmt: skip


def _leave_open(uow: DebitUnitOfWork, company_id: int, number: str, amount: str) -> None:
    """What a payment booked meanwhile leaves open (the fake's ledger, or the row)."""
    if isinstance(uow, FakeDirectDebitUnitOfWork):
        uow.ledger.leave_open(company_id, number, Decimal(amount))
        return
    assert isinstance(uow, SqlUnitOfWork)
    uow.session.execute(
        update(InvoiceRow)
        .where(InvoiceRow.company_id == company_id, InvoiceRow.number == number)
        .values(open_minor=int(Decimal(amount) * 100))
    )


class _Setup:
    """A company with customers K1 and K2, invoices F1 and F2 of K1 and F3 of K2, and
    their mandates (K1 two, the second signed later); another company's must never show."""

    def __init__(self, store: DebitStore) -> None:
        with store() as uow:
            company = Company("ACME", "Acme B.V.", email="debiteuren@acme.nl")
            self.company = uow.companies.add(company, at=AT).id or 0
            self.other = uow.companies.add(Company("ZED", "Zed"), at=AT).id or 0
            uow.customers.save_many(self.company, [Customer("K2", "Twee"), Customer("K1", "Een")])
            uow.customers.save_many(self.other, [Customer("Z1", "Zed klant")])
            ids = uow.customers.ids_by_number(self.company)
            self.k1, self.k2 = ids["K1"], ids["K2"]
            self.z1 = uow.customers.ids_by_number(self.other)["Z1"]
            self.invoice: dict[str, int] = {}
            for number, customer, due, total in (
                ("F2", self.k1, date(2026, 12, 15), "50.00"),
                ("F1", self.k1, date(2026, 3, 31), "121.00"),
                ("F3", self.k2, date(2026, 12, 30), "75.50"),
            ):
                invoice = Invoice(number, "", due - timedelta(days=30), due, Decimal(total),
                                  payment_reference=f"RF-{number}")  # fmt: skip
                self.invoice[number] = uow.invoices.add(
                    invoice, company_id=self.company, customer_id=customer, fingerprint=number,
                    source="test",
                )  # fmt: skip
            z = Invoice("F1", "", ON, ON, Decimal(10))
            self.zed_f1 = uow.invoices.add(z, company_id=self.other, customer_id=self.z1,
                                           fingerprint="z", source="test")  # fmt: skip
            self.k1_late = uow.mandates.add(
                self.company, self.k1, Mandate("M-K1-B", "K1", date(2026, 2, 1), Scheme.B2B, IBAN)
            )
            self.k2_m = uow.mandates.add(
                self.company, self.k2, Mandate("M-K2", "K2", date(2026, 1, 1), Scheme.CORE, IBAN)
            )
            self.k1_m = uow.mandates.add(
                self.company, self.k1, Mandate("M-K1", "K1", date(2026, 1, 1), Scheme.CORE, IBAN,
                                               "ABNANL2A", pre_notification_days=5),
            )  # fmt: skip
            self.z_m = uow.mandates.add(
                self.other, self.z1, Mandate("M-K1", "Z1", date(2026, 1, 1), Scheme.CORE, IBAN)
            )
            uow.commit()

    def collection(
        self, mandate: Mandate, *numbers: str, on: date = ON, key: str = ""
    ) -> PlannedCollection:
        amounts = {"F1": "121.00", "F2": "50.004", "F3": "75.50"}
        lines = tuple(
            CollectionInvoice(self.invoice[n], "?", ON, ON, Decimal(amounts[n])) for n in numbers
        )
        notice_key = key or f"notice-{mandate.reference}-{on}"
        return PlannedCollection(mandate, on, lines, CREDITOR.creditor_id, notice_key, AT.date())


def test_mandates_are_kept_listed_by_customer_changed_and_revoked(store: DebitStore) -> None:
    s = _Setup(store)
    assert s.k1_m == Mandate("M-K1", "K1", date(2026, 1, 1), Scheme.CORE, IBAN, "ABNANL2A",
                             id=s.k1_m.id, pre_notification_days=5)  # fmt: skip
    with store() as uow:
        assert [m.reference for m in uow.mandates.for_company(s.company)] == [
            "M-K1", "M-K1-B", "M-K2"]  # by customer, then signature  # fmt: skip
        assert uow.mandates.get(s.company, "M-K1") == s.k1_m
        assert uow.mandates.get(s.other, "M-K1") == s.z_m
        assert uow.mandates.get(s.company, "NOPE") is None
        used = s.k1_m.after_collection(ON)
        uow.mandates.record_collection(s.company, used)
        uow.mandates.update_terms(s.company, Mandate(
            "M-K2", "K2", date(2026, 1, 1), Scheme.CORE, IBAN, id=s.k2_m.id, final=True,
            pre_notification_days=3, first_collected_on=ON,  # not a term: stays
        ))  # fmt: skip
        uow.mandates.update_terms(s.other, s.k1_m)  # not the other company's
        assert uow.mandates.revoke(s.company, "M-K1-B", date(2026, 12, 1))
        assert not uow.mandates.revoke(s.company, "NOPE", date(2026, 12, 1))
        uow.commit()
    with store() as uow:
        k1 = uow.mandates.get(s.company, "M-K1")
        assert k1 is not None and (k1.first_collected_on, k1.completed_on) == (ON, None)
        k2 = uow.mandates.get(s.company, "M-K2")
        assert k2 is not None
        assert (k2.final, k2.pre_notification_days, k2.first_collected_on) == (True, 3, None)
        b2b = uow.mandates.get(s.company, "M-K1-B")
        assert b2b is not None and b2b.revoked_on == date(2026, 12, 1)
        assert uow.mandates.get(s.other, "M-K1") == s.z_m
    with store() as uow:
        assert isinstance(uow, FakeDirectDebitUnitOfWork | SqlUnitOfWork)
        active = uow.mandates.active_for(s.company, "K1", date(2026, 12, 1))
        assert [m.reference for m in active] == ["M-K1"]
        before = uow.mandates.active_for(s.company, "K1", date(2026, 11, 30))
        assert [m.reference for m in before] == ["M-K1", "M-K1-B"]


def test_collections_are_found_by_date_status_and_scheme_with_their_invoices(
    store: DebitStore,
) -> None:
    s = _Setup(store)
    with store() as uow:
        k1 = uow.debit_collections.add(s.company, s.k1, s.collection(s.k1_m, "F2", "F1"))
        k2 = uow.debit_collections.add(s.company, s.k2, s.collection(s.k2_m, "F3"))
        early = s.collection(s.k1_late, "F2", on=date(2026, 12, 18))
        b2b = uow.debit_collections.add(s.company, s.k1, early)
        uow.debit_collections.add(s.other, s.z1, PlannedCollection(
            s.z_m, ON, (CollectionInvoice(s.zed_f1, "F1", ON, ON, Decimal(10)),),
            CREDITOR.creditor_id, "zed", AT.date(),
        ))  # fmt: skip
        uow.commit()
    assert k1.id is not None and k2.id is not None and b2b.id is not None
    with store() as uow:
        found = uow.debit_collections.search(s.company, zone=AMSTERDAM)
        assert [c.id for c in found] == [b2b.id, k1.id, k2.id]  # by date, then customer
        mine = found[1]
        assert mine == PlannedCollection(
            s.k1_m, ON, (
                CollectionInvoice(s.invoice["F1"], "F1", date(2026, 3, 1), date(2026, 3, 31),
                                  Decimal("121.00"), "RF-F1"),
                CollectionInvoice(s.invoice["F2"], "F2", date(2026, 11, 15), date(2026, 12, 15),
                                  Decimal("50.00"), "RF-F2"),
            ), CREDITOR.creditor_id, "notice-M-K1-2026-12-31", AT.date(), id=k1.id,
        )  # by due date; amounts in cents  # fmt: skip
        assert mine.amount == Decimal("171.00")
        search = uow.debit_collections.search
        assert [c.id for c in search(s.company, zone=AMSTERDAM, on=ON)] == [k1.id, k2.id]
        assert [c.id for c in search(s.company, zone=AMSTERDAM, before=ON)] == [b2b.id]
        assert [c.id for c in search(s.company, zone=AMSTERDAM, scheme=Scheme.B2B)] == [b2b.id]
        assert search(s.company, zone=AMSTERDAM, statuses=(CollectionStatus.PRESENTED,)) == []
        assert uow.debit_collections.count_for(s.company, s.k1_m.id or 0, ON) == 1
        assert (
            uow.debit_collections.count_for(s.company, s.k1_m.id or 0, early.collection_date) == 0
        )
        assert uow.debit_collections.count_for(s.other, s.k1_m.id or 0, ON) == 0
        everything = [*s.invoice.values(), s.zed_f1]
        assert uow.debit_collections.busy_invoices(s.company, everything) == {
            s.invoice["F1"], s.invoice["F2"], s.invoice["F3"]}  # fmt: skip
        assert uow.debit_collections.busy_invoices(s.company, [s.invoice["F3"]]) == {
            s.invoice["F3"]}  # fmt: skip
        _leave_open(uow, s.company, "F1", "40.00")
        assert uow.debit_collections.open_amounts(s.company, everything) == {
            s.invoice["F1"]: Decimal("40.00"), s.invoice["F2"]: Decimal("50.00"),
            s.invoice["F3"]: Decimal("75.50"),
        }  # not the other company's invoice  # fmt: skip


def test_a_collection_leaves_planned_once_presented_or_cancelled(store: DebitStore) -> None:
    s = _Setup(store)
    with store() as uow:
        k1 = uow.debit_collections.add(s.company, s.k1, s.collection(s.k1_m, "F1", "F2"))
        k2 = uow.debit_collections.add(s.company, s.k2, s.collection(s.k2_m, "F3"))
        uow.commit()
    assert k1.id is not None and k2.id is not None
    why = Reason("notice_late", {"mandate": "M-K2", "sent_on": "2026-12-18", "days": "14"})
    with store() as uow:
        batch = _batch(s, uow, k1)
        collections = uow.debit_collections
        assert collections.present(k1.id, batch_id=batch, sequence=SequenceType.FIRST,
                                   end_to_end_id="B1-C1")  # fmt: skip
        assert not collections.cancel(k1.id, why)  # presented: stays so
        assert collections.cancel(k2.id, why)
        assert not collections.present(k2.id, batch_id=batch, sequence=SequenceType.FIRST,
                                       end_to_end_id="B1-C2")  # fmt: skip
        assert not collections.cancel(999, why)
        uow.commit()
    with store() as uow:
        presented, cancelled = uow.debit_collections.search(s.company, zone=AMSTERDAM)
        shown = (presented.status, presented.sequence, presented.end_to_end_id, presented.reason)
        assert shown == (CollectionStatus.PRESENTED, SequenceType.FIRST, "B1-C1", None)
        assert (cancelled.status, cancelled.reason, cancelled.sequence) == (
            CollectionStatus.CANCELLED, why, None)  # fmt: skip
        assert dict(cancelled.reason.params) == dict(why.params)  # type: ignore[union-attr]
        # a presented collection still holds its invoices; a cancelled one frees them
        assert uow.debit_collections.busy_invoices(s.company, list(s.invoice.values())) == {
            s.invoice["F1"], s.invoice["F2"]}  # fmt: skip


def _batch(s: _Setup, uow: DebitUnitOfWork, collection: PlannedCollection) -> int:
    """A stored batch collecting `collection` (its one debit, B1-C<id>)."""
    assert collection.id is not None
    debit = Debit(f"B1-C{collection.id}", collection.id, collection.mandate, SequenceType.FIRST,
                  collection.amount, "Een", "F1 F2")  # fmt: skip
    batch = DebitBatch("TIJDIG-1-1-20261231", datetime(2026, 12, 30, 17, 5, tzinfo=AMSTERDAM),
                       ON, Scheme.CORE, CREDITOR, (debit,))  # fmt: skip
    return uow.direct_debits.save(s.company, batch, b"<Document/>")


def test_a_batch_is_stored_and_its_debits_lead_back_to_mandate_and_invoices(
    store: DebitStore,
) -> None:
    s = _Setup(store)
    with store() as uow:
        k1 = uow.debit_collections.add(s.company, s.k1, s.collection(s.k1_m, "F2", "F1"))
        assert uow.direct_debits.count(s.company) == 0
        batch_id = _batch(s, uow, k1)
        uow.commit()
    with store() as uow:
        assert uow.direct_debits.count(s.company) == 1 and uow.direct_debits.count(s.other) == 0
        ref = uow.direct_debits.item_by_end_to_end(s.company, f" B1-C{k1.id} ")
        assert ref == DebitRef(
            mandate_id=s.k1_m.id or 0, customer_id=s.k1,
            invoice_ids=(s.invoice["F1"], s.invoice["F2"]), invoice_numbers=("F1", "F2"),
            batch_id=batch_id, amount=Decimal("171.00"), sequence=SequenceType.FIRST,
            collection_date=ON, collection_id=k1.id,
        )  # fmt: skip
        assert uow.direct_debits.item_by_end_to_end(s.company, "B9-NOPE") is None
        assert uow.direct_debits.item_by_end_to_end(s.other, f"B1-C{k1.id}") is None
    with store() as uow:
        assert isinstance(uow, FakeDirectDebitUnitOfWork | SqlUnitOfWork)
        [info] = uow.direct_debits.batches(s.company)
        assert (info.id, info.message_id, info.created_at, info.collection_date, info.count,
                info.total) == (batch_id, "TIJDIG-1-1-20261231",
                                datetime(2026, 12, 30, 16, 5, tzinfo=UTC), ON, 1,
                                Decimal("171.00"))  # fmt: skip
        assert info.created_at.tzinfo == UTC
        assert uow.direct_debits.batches(s.other) == []
        assert uow.direct_debits.content(s.company, "TIJDIG-1-1-20261231") == b"<Document/>"
        assert uow.direct_debits.content(s.other, "TIJDIG-1-1-20261231") is None


def test_a_collections_notice_is_read_from_its_outbox_message(store: DebitStore) -> None:
    s = _Setup(store)
    with store() as uow:
        k1 = uow.debit_collections.add(s.company, s.k1, s.collection(s.k1_m, "F1"))
        k2 = uow.debit_collections.add(s.company, s.k2, s.collection(s.k2_m, "F3"))
        ids = [
            uow.outbox.enqueue(
                key=c.notice_key,
                company_id=s.company,
                channel=DeliveryChannel.EMAIL,
                recipient=f"{c.mandate.reference}@x.nl",
                subject="Aankondiging",
                text="tekst",
                customer_id=cid,
                created_at=AT,
            )
            for c, cid in ((k1, s.k1), (k2, s.k2))
        ]
        again = uow.outbox.enqueue(key=k1.notice_key, company_id=s.company,
                                   channel=DeliveryChannel.EMAIL, recipient="other@x.nl",
                                   subject="x", text="x", created_at=AT)  # fmt: skip
        assert again == ids[0]  # one message per key
        for c, outbox_id in zip((k1, k2), ids, strict=True):
            uow.debit_collections.link_notice(c.id or 0, outbox_id)
        uow.commit()
    with store() as uow:
        notices = [c.notice for c in uow.debit_collections.search(s.company, zone=AMSTERDAM)]
        assert notices == [Notice(NoticeState.QUEUED), Notice(NoticeState.QUEUED)]
    late = datetime(2026, 12, 17, 23, 30, tzinfo=UTC)  # 18 December in Amsterdam
    with store() as uow:
        assert uow.outbox.due(now=late) == ids
        first = uow.outbox.claim(ids[0], now=late, lease_until=late + timedelta(minutes=10))
        second = uow.outbox.claim(ids[1], now=late, lease_until=late + timedelta(minutes=10))
        assert first is not None and second is not None
        assert uow.outbox.claim(ids[0], now=late, lease_until=late) is None  # leased
        assert first.message.sender == '"Acme B.V." <debiteuren@acme.nl>'
        assert (first.message.recipient, first.message.text, first.attempt) == (
            "M-K1@x.nl", "tekst", 1)  # fmt: skip
        assert not uow.outbox.release(ids[0], 2)  # not this run's attempt
        assert uow.outbox.release(ids[0], 1) and not uow.outbox.release(ids[0], 1)
        assert uow.outbox.mark_sent(ids[0], 1, sent_at=late)
        assert uow.outbox.mark_failed(ids[1], 1, error="RCPT TO: 550 no such user")
        assert not uow.outbox.mark_sent(ids[1], 1, sent_at=late)  # failed stays failed
        uow.commit()
    with store() as uow:
        k1_found, k2_found = uow.debit_collections.search(s.company, zone=AMSTERDAM)
        assert k1_found.notice == Notice(NoticeState.SENT, sent_on=date(2026, 12, 18))
        assert k2_found.notice == Notice(NoticeState.FAILED, error="RCPT TO: 550 no such user")
        utc = uow.debit_collections.search(s.company, zone=UTC)[0]
        assert utc.notice == Notice(NoticeState.SENT, sent_on=date(2026, 12, 17))
        counts = uow.outbox.counts(company_id=s.company)
        assert counts[OutboxStatus.SENT] == counts[OutboxStatus.FAILED] == 1
        assert (
            sum(counts.values()) == 2 and sum(uow.outbox.counts(company_id=s.other).values()) == 0
        )
        assert isinstance(uow, FakeDirectDebitUnitOfWork | SqlUnitOfWork)
        sent = uow.outbox.with_status(OutboxStatus.SENT, company_id=s.company)
        assert [(e.id, e.sent_at, e.attempts) for e in sent] == [(ids[0], late, 1)]
        entry = uow.outbox.get(ids[1])
        assert entry is not None and (entry.status, entry.last_error, entry.next_attempt_at) == (
            OutboxStatus.FAILED, "RCPT TO: 550 no such user", None)  # fmt: skip


def test_a_message_is_retried_and_a_lapsed_lease_claimed_again(store: DebitStore) -> None:
    s = _Setup(store)
    with store() as uow:
        outbox_id = uow.outbox.enqueue(key="k", company_id=s.company,
                                       channel=DeliveryChannel.EMAIL, recipient="a@x.nl",
                                       subject="s", text="t", created_at=AT)  # fmt: skip
        uow.commit()
    with store() as uow:
        claim = uow.outbox.claim(outbox_id, now=AT, lease_until=AT + timedelta(minutes=10))
        assert claim is not None
        retry = AT + timedelta(minutes=1)
        assert uow.outbox.mark_retry(outbox_id, 1, next_attempt_at=retry, error="451 later")
        assert uow.outbox.due(now=AT) == [] and uow.outbox.due(now=retry) == [outbox_id]
        again = uow.outbox.claim(outbox_id, now=retry, lease_until=retry + timedelta(minutes=10))
        assert again is not None and again.attempt == 2
        lapsed = retry + timedelta(minutes=10)
        assert uow.outbox.due(now=lapsed - timedelta(seconds=1)) == []
        assert uow.outbox.due(now=lapsed, limit=1) == [outbox_id]  # the sender died
        taken = uow.outbox.claim(outbox_id, now=lapsed, lease_until=lapsed + timedelta(hours=1))
        assert taken is not None and taken.attempt == 3
        assert not uow.outbox.mark_unconfirmed(outbox_id, 2, error="lost")  # the old run's
        assert uow.outbox.mark_unconfirmed(outbox_id, 3, error="no answer")
        uow.commit()
    with store() as uow:
        assert isinstance(uow, FakeDirectDebitUnitOfWork | SqlUnitOfWork)
        [left] = uow.outbox.with_status(OutboxStatus.UNCONFIRMED)
        assert (left.id, left.attempts, left.last_error) == (outbox_id, 3, "no answer")
        assert uow.outbox.expire(before=date(2027, 1, 1), now=AT) == []  # not dated: stays


def test_nothing_is_kept_without_a_commit(store: DebitStore) -> None:
    s = _Setup(store)
    with store() as uow:
        k1 = uow.debit_collections.add(s.company, s.k1, s.collection(s.k1_m, "F1"))
        _batch(s, uow, k1)
        uow.mandates.add(s.company, s.k2, Mandate("M-NEW", "K2", ON, Scheme.CORE, IBAN))
        uow.mandates.revoke(s.company, "M-K1", ON)
        uow.outbox.enqueue(key="k", company_id=s.company, channel=DeliveryChannel.EMAIL,
                           recipient="a@x.nl", subject="s", text="t", created_at=AT)  # fmt: skip
    with store() as uow:
        assert uow.debit_collections.search(s.company, zone=AMSTERDAM) == []
        assert uow.direct_debits.count(s.company) == 0
        assert uow.mandates.get(s.company, "M-NEW") is None
        assert uow.mandates.get(s.company, "M-K1") == s.k1_m
        assert sum(uow.outbox.counts().values()) == 0
