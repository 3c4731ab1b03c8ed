"""The disputes, promises, contact log, tasks and work list repositories, one contract
for the fake (tests/fakes.py), SQLite and PostgreSQL: what one returns, the others do."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import update

from tests.adapters.db.conftest import ContractUnitOfWork, Store
from tests.fakes import FakeUnitOfWork
from tijdig.adapters.db.schema.ledger import CustomerRow, InvoiceRow, PaymentRow
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.domain.collection.records import (
    ContactEvent,
    ContactKind,
    Dispute,
    Promise,
    ReasonCode,
    Task,
    TaskKind,
)
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.parties import Company, Customer, Language
from tijdig.domain.reasons import Code, reason
from tijdig.services.records.ports import InvoiceRef
from tijdig.services.records.promises import is_kept

AT = datetime(2026, 1, 1, tzinfo=UTC)
D = date(2026, 11, 2)


class _Setup:
    """A company with two customers and their invoices: F1 (and credit note F1), F2 of
    K1, F3 of K2 in USD; and another company whose records must never show."""

    def __init__(self, store: Store) -> None:
        with store() as uow:
            self.company = uow.companies.add(Company("ACME", "Acme"), at=AT).id or 0
            self.other = uow.companies.add(Company("ZED", "Zed"), at=AT).id or 0
            uow.customers.save_many(self.company, [
                Customer("K1", "Een B.V."),
                Customer("K2", "Twee BV", country="BE", language=Language.EN),
            ])  # fmt: skip
            uow.customers.save_many(self.other, [Customer("Z1", "Zed klant")])
            ids = uow.customers.ids_by_number(self.company)
            self.k1, self.k2 = ids["K1"], ids["K2"]
            self.z1 = uow.customers.ids_by_number(self.other)["Z1"]
            self.invoice: dict[tuple[str, str], int] = {}
            for number, customer, due, total, kind, currency in (
                ("F1", self.k1, date(2026, 10, 1), "121.00", InvoiceKind.INVOICE, "EUR"),
                ("F1", self.k1, date(2026, 10, 1), "21.00", InvoiceKind.CREDIT_NOTE, "EUR"),
                ("F2", self.k1, date(2026, 11, 20), "80.00", InvoiceKind.INVOICE, "EUR"),
                ("F3", self.k2, date(2026, 9, 1), "500.00", InvoiceKind.INVOICE, "USD"),
            ):
                invoice = Invoice(number, "", due - timedelta(days=30), due, Decimal(total),
                                  kind=kind, currency=currency)  # fmt: skip
                self.invoice[number, kind.value] = uow.invoices.add(
                    invoice, company_id=self.company, customer_id=customer,
                    fingerprint=number + kind.value, source="test",
                )  # fmt: skip
            z = Invoice("F1", "", D, D, Decimal(10))
            self.zed_f1 = uow.invoices.add(z, company_id=self.other, customer_id=self.z1,
                                           fingerprint="z", source="test")  # fmt: skip
            uow.commit()


def _pay(uow: ContractUnitOfWork, customer_id: int, paid_on: date, amount: str) -> None:
    """A payment as the bank booking writes it (the fake's ledger, or the row)."""
    if isinstance(uow, FakeUnitOfWork):
        uow.ledger.pay(customer_id, paid_on, Decimal(amount))
        return
    assert isinstance(uow, SqlUnitOfWork)
    customer = uow.session.get(CustomerRow, customer_id)
    assert customer is not None
    uow.session.add(PaymentRow(company_id=customer.company_id, customer_id=customer_id,
                               paid_on=paid_on, amount_minor=int(Decimal(amount) * 100),
                               currency="EUR"))  # fmt: skip


def _settle(uow: ContractUnitOfWork, company_id: int, number: str) -> None:
    if isinstance(uow, FakeUnitOfWork):
        uow.ledger.settle(company_id, number)
        return
    assert isinstance(uow, SqlUnitOfWork)
    uow.session.execute(
        update(InvoiceRow)
        .where(InvoiceRow.company_id == company_id, InvoiceRow.number == number)
        .values(open_minor=0)
    )


def test_a_dispute_is_found_by_its_invoice_until_resolved(store: Store) -> None:
    s = _Setup(store)
    f1, f2, f3 = (s.invoice[n, "invoice"] for n in ("F1", "F2", "F3"))
    with store() as uow:
        assert uow.disputes.invoices_numbered(s.company, "F1") == [
            InvoiceRef(f1, s.k1, "K1", "invoice"),
            InvoiceRef(s.invoice["F1", "credit_note"], s.k1, "K1", "credit_note"),
        ]
        assert uow.disputes.invoices_numbered(s.company, "NOPE") == []
        first = uow.disputes.open(s.company, f1, Dispute("x", ReasonCode.OTHER, D, "te duur"))
        uow.disputes.open(s.company, f2, Dispute("x", ReasonCode.CASH_FLOW, D + timedelta(1)))
        uow.disputes.open(s.company, f3, Dispute("x", ReasonCode.OTHER, D - timedelta(5)))
        uow.disputes.open(s.other, s.zed_f1, Dispute("x", ReasonCode.OTHER, D))
        uow.commit()
    with store() as uow:
        assert uow.disputes.open_for(s.company, [f1, s.zed_f1]) == {
            f1: Dispute("F1", ReasonCode.OTHER, D, "te duur")
        }
        assert uow.disputes.resolve(s.company, f1, D + timedelta(3)) == 1
        assert uow.disputes.resolve(s.company, f1, D + timedelta(4)) == 0
        uow.commit()
    with store() as uow:
        assert uow.disputes.open_for(s.company, [f1]) == {}
        assert [d.invoice_number for d in uow.disputes.for_customer(s.company, s.k1)] == [
            "F2", "F1"]  # newest opened first  # fmt: skip
        assert uow.disputes.for_customer(s.company, s.k1)[1].resolved_on == D + timedelta(3)
        on_d = uow.disputes.open_by_customer(s.company, D)
        assert {c: [d.invoice_number for d in ds] for c, ds in on_d.items()} == {
            s.k1: ["F1"], s.k2: ["F3"]}  # F2 is opened later; F1 resolved later  # fmt: skip
        later = uow.disputes.open_by_customer(s.company, D + timedelta(3))
        assert {c: [d.invoice_number for d in ds] for c, ds in later.items()} == {
            s.k1: ["F2"], s.k2: ["F3"]}  # fmt: skip
        assert uow.worklists.dispute(s.company, first) is not None
        assert uow.worklists.dispute(s.other, first) is None


def test_the_open_disputes_come_a_page_at_a_time_oldest_first(store: Store) -> None:
    s = _Setup(store)
    f1, f2, f3 = (s.invoice[n, "invoice"] for n in ("F1", "F2", "F3"))
    with store() as uow:
        uow.disputes.open(s.company, f1, Dispute("F1", ReasonCode.OTHER, D, "note"))
        done = uow.disputes.open(s.company, f2, Dispute("F2", ReasonCode.OTHER, D))
        uow.disputes.resolve(s.company, f2, D)
        uow.disputes.open(s.company, f3, Dispute("F3", ReasonCode.CASH_FLOW, D - timedelta(1)))
        uow.disputes.open(s.other, s.zed_f1, Dispute("F1", ReasonCode.OTHER, D))
        uow.commit()
    with store() as uow:
        total, page = uow.worklists.open_disputes(s.company, reason=None, offset=0, limit=10)
        assert total == 2 and [(d.invoice_number, d.customer_number) for d in page] == [
            ("F3", "K2"), ("F1", "K1")]  # fmt: skip
        f3_shown = page[0]
        assert (f3_shown.customer_id, f3_shown.customer_name, f3_shown.open_amount,
                f3_shown.currency) == (s.k2, "Twee BV", Decimal("500.00"), "USD")  # fmt: skip
        assert uow.worklists.open_disputes(s.company, reason=None, offset=1, limit=1) == (
            2, [page[1]])  # fmt: skip
        assert page[1].note == "note" and page[1].reason is ReasonCode.OTHER
        other = uow.worklists.open_disputes(s.company, reason=ReasonCode.CASH_FLOW, offset=0,
                                            limit=10)  # fmt: skip
        assert other == (1, [f3_shown])
        resolved = uow.worklists.dispute(s.company, done)
        assert resolved is not None and resolved.resolved_on == D
        assert resolved.open_amount == Decimal("80.00") and resolved.age(D + timedelta(4)) == 4


def test_the_lapsed_promises_not_kept_are_counted_and_paged_as_the_rule_finds_them(
    store: Store,
) -> None:
    """`due_not_kept` counts and pages, in SQL, what `is_kept` finds not kept of
    `due_unkept`: kept by what was paid or by nothing left open; not kept otherwise."""
    s = _Setup(store)
    made = date(2026, 11, 2)  # F1 (121.00) of K1 and F3 (500 USD) of K2 are overdue
    with store() as uow:

        def add(customer: int, day: int, amount: str | None, currency: str = "EUR") -> int:
            promise = Promise("?", date(2026, 11, day), made,
                              None if amount is None else Decimal(amount), currency)  # fmt: skip
            return uow.promises.add(s.company, customer, promise)

        add(s.k1, 12, "50.00")  # kept: 30 + 20 paid by its date
        everything = add(s.k1, 10, None)  # not kept: 121.00 still open
        too_little = add(s.k1, 11, "80.00")  # not kept: 30 paid by its date
        add(s.k2, 8, None)  # kept: nothing overdue in EUR
        dollars = add(s.k2, 9, None, "USD")  # not kept: 500 USD open
        uow.promises.add(s.other, s.z1, Promise("Z1", date(2026, 11, 9), made))
        _pay(uow, s.k1, date(2026, 11, 9), "30.00")
        _pay(uow, s.k1, date(2026, 11, 12), "20.00")
        uow.commit()
    with store() as uow:
        due = uow.promises.due_unkept(s.company, date(2026, 11, 13))
        by_the_rule = [d for d in due if not is_kept(d)]
        assert len(due) == 5
        assert [d.promise_id for d in by_the_rule] == [dollars, everything, too_little]
        for limit in (None, 4, 3, 2, 1, 0):
            assert uow.promises.due_not_kept(s.company, date(2026, 11, 13), limit=limit) == (
                3, by_the_rule[:limit])  # fmt: skip
        assert uow.promises.due_not_kept(s.company, date(2026, 11, 10), limit=0) == (1, [])
        assert uow.promises.due_not_kept(s.company, date(2026, 11, 10)) == (1, by_the_rule[:1])
        assert uow.promises.due_not_kept(s.company, date(2026, 11, 9), limit=1) == (0, [])
        _settle(uow, s.company, "F1")
        uow.commit()
    with store() as uow:
        count, [settled] = uow.promises.due_not_kept(s.company, D + timedelta(30), limit=5)
        assert (count, settled.promise_id) == (1, dollars)


def test_promises_are_in_force_until_their_date_and_judged_by_what_was_paid(
    store: Store,
) -> None:
    s = _Setup(store)
    made = date(2026, 11, 2)  # F1 (121.00) and F3 (USD) are overdue; F2 not yet
    with store() as uow:
        everything = uow.promises.add(s.company, s.k1, Promise("K1", date(2026, 11, 10), made))
        half = Promise("?", date(2026, 11, 12), made, Decimal("50.004"))
        part = uow.promises.add(s.company, s.k1, half)
        later = uow.promises.add(s.company, s.k2, Promise("K2", date(2026, 12, 1), made))
        followed = uow.promises.add(s.company, s.k2, Promise("K2", date(2026, 11, 5), made))
        uow.tasks.add(s.company, s.k2, Task("K2", TaskKind.FOLLOW_UP, D, "call"),
                      promise_id=followed)  # fmt: skip
        uow.promises.add(s.other, s.z1, Promise("Z1", date(2026, 11, 10), made))
        _pay(uow, s.k1, date(2026, 11, 1), "100.00")  # before the promise: not counted
        _pay(uow, s.k1, date(2026, 11, 9), "30.00")
        _pay(uow, s.k1, date(2026, 11, 12), "20.00")
        _pay(uow, s.k1, date(2026, 11, 13), "70.00")  # after both dates
        uow.commit()
    with store() as uow:
        in_force = uow.promises.in_force_by_customer(s.company, date(2026, 11, 10))
        assert {c: [p.promised_date.day for p in ps] for c, ps in in_force.items()} == {
            s.k1: [10, 12], s.k2: [1]}  # fmt: skip
        assert in_force[s.k1][1] == Promise("K1", date(2026, 11, 12), made, Decimal("50.00"))
        due = uow.promises.due_unkept(s.company, date(2026, 11, 13))
        assert [(d.promise_id, d.paid, d.still_open) for d in due] == [
            (everything, Decimal("30.00"), Decimal("121.00")),
            (part, Decimal("50.00"), Decimal("121.00")),
        ]  # fmt: skip
        assert (due[0].customer_id, due[0].country, due[0].language) == (s.k1, "NL", "nl")
        assert uow.promises.due_unkept(s.company, date(2026, 11, 10)) == []
        _settle(uow, s.company, "F1")
        uow.promises.mark_kept(s.company, part)
        uow.promises.mark_broken(s.company, later)
        uow.promises.mark_broken(s.other, everything)  # not the other company's
        uow.commit()
    with store() as uow:
        [settled] = uow.promises.due_unkept(s.company, date(2026, 12, 31))
        assert (settled.promise_id, settled.still_open) == (everything, Decimal(0))
        assert [p.kept for p in uow.promises.for_customer(s.company, s.k1)] == [True, None]
        assert uow.promises.for_customer(s.company, s.k2)[1].kept is False
        assert uow.promises.for_customer(s.company, s.k1)[0].amount == Decimal("50.00")
        assert uow.promises.for_customer(s.company, s.z1) == []


def test_the_promises_due_are_the_unjudged_ones_in_the_window(store: Store) -> None:
    s = _Setup(store)
    with store() as uow:
        for day in (9, 3, 5, 20):
            uow.promises.add(s.company, s.k2, Promise("K2", date(2026, 11, day), D))
        judged = uow.promises.add(s.company, s.k1, Promise("K1", date(2026, 11, 4), D))
        uow.promises.mark_broken(s.company, judged)
        uow.promises.add(s.other, s.z1, Promise("Z1", date(2026, 11, 4), D))
        uow.commit()
    with store() as uow:
        start, end = date(2026, 11, 3), date(2026, 11, 9)
        total, shown = uow.worklists.promises_due(s.company, start=start, end=end, limit=2)
        assert total == 3
        assert [(p.customer_number, p.customer_name, p.promise.promised_date.day)
                for p in shown] == [("K2", "Twee BV", 3), ("K2", "Twee BV", 5)]  # fmt: skip
        assert len(uow.worklists.promises_due(s.company, start=start, end=end, limit=None)[1]) == 3


def test_the_contact_log_reads_newest_first_in_utc(store: Store) -> None:
    s = _Setup(store)
    amsterdam = timezone(timedelta(hours=1))
    call = ContactEvent("?", ContactKind.CALL, datetime(2026, 11, 2, 10, 0, tzinfo=amsterdam),
                        "Called", by="anne", with_whom="Piet", outcome="pays Friday",
                        reason=ReasonCode.CASH_FLOW, next_step="wait")  # fmt: skip
    note = ContactEvent("K1", ContactKind.NOTE, datetime(2026, 11, 3, 8, 0, tzinfo=UTC), "Note")
    same = ContactEvent("K1", ContactKind.NOTE, note.occurred_at, "Later entry")
    with store() as uow:
        for event in (call, note, same):
            uow.contact_log.add(s.company, s.k1, event)
        uow.contact_log.add(s.other, s.z1, note)
        uow.commit()
    with store() as uow:
        found = uow.contact_log.timeline(s.company, s.k1)
        assert [e.summary for e in found] == ["Later entry", "Note", "Called"]
        assert found[2] == ContactEvent(
            "K1", ContactKind.CALL, datetime(2026, 11, 2, 9, 0, tzinfo=UTC), "Called", by="anne",
            with_whom="Piet", outcome="pays Friday", reason=ReasonCode.CASH_FLOW, next_step="wait",
        )  # fmt: skip
        assert found[2].occurred_at.tzinfo == UTC
        assert uow.contact_log.timeline(s.company, s.k1, limit=1) == [same]
        assert uow.contact_log.timeline(s.company, s.k2) == []


def test_what_the_system_wrote_reads_back_as_a_code_and_a_persons_text_as_written(
    store: Store,
) -> None:
    s = _Setup(store)
    sent = reason(Code.INVOICE_COPY_SENT, invoice="F1", recipient="ap@k1.example")
    returned = reason(Code.PAYMENT_RETURNED, return_reason="MD06", invoices="F1, F2")
    # a person may type anything, even what looks like a code: it stays their text
    typed = '{"code": "no such code", "params": {}}'
    at = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    with store() as uow:
        uow.contact_log.add(s.company, s.k1, ContactEvent("K1", ContactKind.EMAIL_SENT, at, sent))
        uow.contact_log.add(s.company, s.k1, ContactEvent("K1", ContactKind.NOTE, at, typed))
        system = uow.tasks.add(s.company, s.k1, Task("K1", TaskKind.FOLLOW_UP, D, returned))
        own = uow.tasks.add(s.company, s.k1, Task("K1", TaskKind.CALL, D, "Call Piet"))
        uow.commit()
    with store() as uow:
        assert [e.summary for e in uow.contact_log.timeline(s.company, s.k1)] == [typed, sent]
        assert [t.title for _, t in uow.tasks.open_for_customer(s.company, s.k1)] == [
            returned, "Call Piet"]  # fmt: skip
        _, page = uow.worklists.agenda(s.company, D, offset=0, limit=None)
        assert [(i, t.title) for i, t in page] == [(system, returned), (own, "Call Piet")]


def test_tasks_are_listed_open_due_first_and_completed(store: Store) -> None:
    s = _Setup(store)
    why = reason(Code.PROMISE_NOT_KEPT_ALL, promised=date(2026, 11, 20))
    call = Task("?", TaskKind.CALL, date(2026, 11, 25), "Call", script="Goedemorgen",
                contact_role="accounts_payable", assignee="anne", reasons=(why,))  # fmt: skip
    with store() as uow:
        first = uow.tasks.add(s.company, s.k1, call)
        second = uow.tasks.add(s.company, s.k1, Task("K1", TaskKind.FOLLOW_UP, D, "Follow up"))
        third = uow.tasks.add(s.company, s.k2, Task("K2", TaskKind.CALL, D, "Call K2"))
        future = uow.tasks.add(s.company, s.k2, Task("K2", TaskKind.CALL, date(2027, 1, 4), "X"))
        done = uow.tasks.add(s.company, s.k1, Task("K1", TaskKind.CALL, D, "Done", done_on=D))
        zed = uow.tasks.add(s.other, s.z1, Task("Z1", TaskKind.CALL, D, "Zed"))
        uow.commit()
    with store() as uow:
        stored = uow.tasks.get(s.company, first)
        assert stored is not None and stored.customer_number == "K1"
        assert stored == Task("K1", TaskKind.CALL, date(2026, 11, 25), "Call", script="Goedemorgen",
                              contact_role="accounts_payable", assignee="anne",
                              reasons=(why,))  # fmt: skip
        assert uow.tasks.get(s.company, zed) is None and uow.tasks.get(s.company, 999) is None
        assert uow.tasks.open_calls_by_customer(s.company) == {s.k1: 1, s.k2: 2}
        assert [i for i, _ in uow.tasks.open_for_customer(s.company, s.k1)] == [second, first]
        counts, page = uow.worklists.agenda(s.company, date(2026, 11, 30), offset=0, limit=None)
        assert counts == {"call": 2, "follow_up": 1}
        assert [i for i, _ in page] == [second, third, first]  # due date, then id
        _, one = uow.worklists.agenda(s.company, date(2026, 11, 30), offset=1, limit=1)
        assert [i for i, _ in one] == [third] and one[0][1].customer_number == "K2"
        assert uow.worklists.task_customer(s.company, future) == s.k2
        assert uow.worklists.task_customer(s.company, zed) is None
        uow.tasks.complete(s.company, first, "pays Friday", date(2026, 11, 26))
        uow.tasks.complete(s.other, second, "not the other company's", D)
        uow.commit()
    with store() as uow:
        closed = uow.tasks.get(s.company, first)
        assert closed is not None and (closed.done_on, closed.outcome) == (
            date(2026, 11, 26), "pays Friday")  # fmt: skip
        assert uow.tasks.get(s.company, done) is not None
        assert uow.tasks.open_calls_by_customer(s.company) == {s.k2: 2}
        counts, page = uow.worklists.agenda(s.company, date(2026, 11, 30), offset=0, limit=None)
        assert counts == {"call": 1, "follow_up": 1} and [i for i, _ in page] == [second, third]


def test_no_record_is_kept_without_a_commit(store: Store) -> None:
    s = _Setup(store)
    with store() as uow:
        uow.disputes.open(s.company, s.invoice["F1", "invoice"], Dispute("F1", ReasonCode.OTHER, D))
        uow.promises.add(s.company, s.k1, Promise("K1", D, D))
        uow.contact_log.add(s.company, s.k1, ContactEvent("K1", ContactKind.NOTE, AT, "n"))
        uow.tasks.add(s.company, s.k1, Task("K1", TaskKind.CALL, D, "Call"))
    with store() as uow:
        assert uow.disputes.for_customer(s.company, s.k1) == []
        assert uow.promises.for_customer(s.company, s.k1) == []
        assert uow.contact_log.timeline(s.company, s.k1) == []
        assert uow.tasks.open_for_customer(s.company, s.k1) == []
