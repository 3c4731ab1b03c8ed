"""Booking payment history (issue 16): the demo's records from a bookkeeper's books, no
step, all or nothing, idempotent. On SQLite and PostgreSQL (the `app` fixture): the
bulk statements are the point."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.fakes import FakeDatabase
from tests.services.receivables.conftest import ACTOR, AT, snapshot
from tests.services.receivables.history_sample import CUSTOMERS, LATE, PUNCTUAL, books
from tijdig.adapters.db.schema.collection import StepTakenRow
from tijdig.adapters.db.schema.ledger import AllocationRow, InvoiceRow, PaymentRow
from tijdig.adapters.db.schema.users import AuditRow
from tijdig.analytics.behaviour import behaviour
from tijdig.bootstrap import Tijdig
from tijdig.domain.books import BookEntry, HistoryPayment
from tijdig.domain.collection.run_items import RunItemKind
from tijdig.domain.errors import ImportRefused
from tijdig.domain.imports import ImportResult
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code
from tijdig.services.collection.payload import CallPayload, MessagePayload
from tijdig.services.collection.run import show_run, start_run
from tijdig.services.companies.companies import add_company
from tijdig.services.receivables.history import HistorySummary, book_history, import_history

AS_OF = date(2026, 11, 25)  # a Wednesday: a run day


@pytest.fixture
def company(app: Tijdig) -> Company:
    company = add_company(app.uow(), Company("ACME", "Acme B.V."), validate=False,
                          actor="test", at=datetime.now(UTC))  # fmt: skip
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, list(CUSTOMERS))
        uow.commit()
    return company


def _count(app: Tijdig, table: type, *where: object) -> int:
    with app.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(table).where(*where)) or 0)


def _open(app: Tijdig, number: str, kind: str = "invoice") -> int:
    with app.engine.connect() as connection:
        found = connection.scalar(
            select(InvoiceRow.open_minor).where(
                InvoiceRow.number == number, InvoiceRow.kind == kind
            )
        )
    assert found is not None
    return int(found)


def _book(
    app: Tijdig, company: Company, *entries: BookEntry, name: str = "books.csv"
) -> HistorySummary:
    result = ImportResult(entries, (), tuple(range(2, len(entries) + 2)))
    return book_history(app.uow(), company, [(name, result)], actor=ACTOR, at=AT)


def _each_payment_is_its_allocation(app: Tijdig) -> None:
    """Every payment has one allocation of its amount on its day (ids paired right)."""
    a, p = AllocationRow, PaymentRow
    with app.engine.connect() as connection:
        pairs = connection.execute(
            select(p.amount_minor, a.amount_minor, p.paid_on, a.allocated_on)
            .join(a, a.payment_id == p.id)
        ).all()  # fmt: skip
    assert len(pairs) == _count(app, PaymentRow) > 0
    assert all(paid == allocated and on == day for paid, allocated, on, day in pairs)


@pytest.mark.parametrize(("as_of", "seed"), [(AS_OF, 16), (date(2027, 3, 17), 7)])
def test_two_years_of_books_make_a_frequent_late_payer_before_any_reminder(
    app: Tijdig, company: Company, as_of: date, seed: int
) -> None:
    sample = books(as_of, seed=seed)
    summary = book_history(app.uow(), company, [("books.csv", sample.result())], actor=ACTOR,
                           at=AT)  # fmt: skip
    payments = sum(isinstance(e, HistoryPayment) for e in sample.entries)
    assert (summary.invoices_added, summary.payments_added) == (len(sample.entries) - payments,
                                                                payments)  # fmt: skip
    assert _count(app, StepTakenRow) == 0  # history is not collection
    _each_payment_is_its_allocation(app)
    assert company.id is not None
    with app.uow() as uow:
        ids = uow.customers.ids_by_number(company.id)
    late = behaviour(app.reports.settled(company.id, ids[LATE]))
    punctual = behaviour(app.reports.settled(company.id, ids[PUNCTUAL]))
    assert (late.paid_invoices, late.paid_late) == (24, sample.late_invoices)
    assert punctual.always_on_time and punctual.paid_invoices == 24
    run = start_run(app.uow(), company, as_of=as_of, actor=ACTOR, at=AT, today=as_of)
    view = show_run(app.uow(), company, run.run_id)
    proposals = {i.customer_number: i for i in view.items if i.kind is RunItemKind.MESSAGE}
    assert set(proposals) == {LATE}  # the punctual one's reminder is not due yet
    payload = proposals[LATE].payload
    assert isinstance(payload, MessagePayload)
    stored = payload.approved
    assert Code.FREQUENT_LATE in {r.code for r in stored.reasons}
    # Nothing is proposed for a paid invoice: only the open one is a line.
    assert [line.invoice_number for line in stored.lines] == [sample.open_numbers[0]]
    # Two weeks on, both open invoices overdue: the punctual customer's first late
    # payment gets a call to ask what changed (S0-2); the late payer's is nothing new.
    later = as_of + timedelta(days=14)
    run = start_run(app.uow(), company, as_of=later, actor=ACTOR, at=AT, today=later)
    calls = {
        item.customer_number: item.payload
        for item in show_run(app.uow(), company, run.run_id).items
        if item.kind is RunItemKind.CALL
    }
    first_time = {
        number for number, call in calls.items()
        if isinstance(call, CallPayload) and Code.FIRST_TIME_LATE in {r.code for r in call.reasons}
    }  # fmt: skip
    assert first_time == {PUNCTUAL}


def test_the_same_history_again_books_nothing(app: Tijdig, company: Company) -> None:
    sample = books(AS_OF, seed=3)
    _book(app, company, *sample.entries)
    before = snapshot(app)
    again = book_history(app.uow(), company, [("other.csv", sample.result())], actor=ACTOR,
                         at=AT)  # fmt: skip
    assert (again.payments_added, again.invoices_added) == (0, 0)
    assert again.lines_unchanged == sum(isinstance(e, HistoryPayment) for e in sample.entries)
    changed = snapshot(app)
    assert isinstance(changed, dict) and isinstance(before, dict)
    assert {k: v for k, v in changed.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }


def test_payments_from_a_csv_file_book_once_and_a_bad_line_refuses_it(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    _book(app, company,
          Invoice("F-1", LATE, date(2026, 9, 1), date(2026, 10, 1), Decimal("1000.00")),
          Invoice("F-2", LATE, date(2026, 9, 2), date(2026, 10, 2), Decimal("500.00")))  # fmt: skip
    good = tmp_path / "betalingen.csv"
    good.write_text("factuurnummer;betaaldatum;bedrag;omschrijving\n"
                    "F-1;03-10-2026;400,00;eerste deel\nF-1;10-10-2026;600,00;rest\n"
                    "F-2;20-10-2026;200,00;\n", encoding="utf-8")  # fmt: skip
    read = app.read_payments
    summary = import_history(app.uow(), company, [good], read=read, actor=ACTOR, at=AT)
    assert summary.payments_added == 3
    assert (_open(app, "F-1"), _open(app, "F-2")) == (0, 30000)
    before = snapshot(app)
    again = import_history(app.uow(), company, [good], read=read, actor=ACTOR, at=AT)
    assert again.files_skipped == [str(good)] and again.payments_added == 0
    assert snapshot(app) == before
    bad = tmp_path / "bad.csv"
    bad.write_text("invoice;date;amount;reference\nF-2;21-10-2026;100.00;x\n"
                   "F-9;22-10-2026;50.00;unknown\nF-2;23-10-2026;250.00;too much\n",
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(ImportRefused) as refused:
        import_history(app.uow(), company, [bad], read=read, actor=ACTOR, at=AT)
    found = {(i.line, i.field) for i in refused.value.issues}
    assert found == {(3, "invoice"), (4, "amount")}
    assert "F-9" in str(refused.value.issues[0]) and str(bad) in str(refused.value.issues[0])
    assert snapshot(app) == before


def test_an_overlapping_export_books_only_its_new_lines(
    app: Tijdig, company: Company, tmp_path: Path
) -> None:
    _book(app, company, Invoice("F-1", LATE, date(2026, 9, 1), date(2026, 10, 1),
                                Decimal("900.00")))  # fmt: skip
    head = "invoice;date;amount;reference\n"
    first, second = tmp_path / "sep.csv", tmp_path / "sep-oct.csv"
    first.write_text(head + "F-1;2026-09-20;300.00;a\nF-1;2026-09-20;300.00;a\n")
    second.write_text(head + "F-1;2026-09-20;300.00;a\nF-1;2026-09-20;300.00;a\n"
                      "F-1;2026-10-05;300.00;a\n")  # fmt: skip
    read = app.read_payments
    assert import_history(app.uow(), company, [first], read=read, actor=ACTOR,
                          at=AT).payments_added == 2  # fmt: skip
    later = import_history(app.uow(), company, [second], read=read, actor=ACTOR, at=AT)
    assert (later.payments_added, later.lines_unchanged) == (1, 2)
    assert _open(app, "F-1") == 0
    assert _count(app, PaymentRow) == 3
    _each_payment_is_its_allocation(app)


def test_payments_first_explain_an_open_amount_then_lower_it(app: Tijdig, company: Company) -> None:
    """An open-items export said 800 of 1000 open: a payment of 200 before it explains
    it; the next 300 lowers it to 500. More than the total is refused."""
    _book(app, company, Invoice("F-1", LATE, date(2026, 9, 1), date(2026, 10, 1),
                                Decimal("1000.00"), open_amount=Decimal("800.00")))  # fmt: skip
    _book(app, company, HistoryPayment("F-1", date(2026, 9, 15), Decimal("200.00")))
    assert _open(app, "F-1") == 80000
    _book(app, company, HistoryPayment("F-1", date(2026, 10, 15), Decimal("300.00")))
    assert _open(app, "F-1") == 50000
    with pytest.raises(ImportRefused) as refused:
        _book(app, company, HistoryPayment("F-1", date(2026, 10, 20), Decimal("500.01")))
    assert refused.value.issues[0].field == "amount"
    assert _open(app, "F-1") == 50000


def test_a_credit_note_settled_against_its_invoice_is_the_demos_allocation(
    app: Tijdig, company: Company
) -> None:
    _book(app, company,
          Invoice("F-1", LATE, date(2026, 9, 1), date(2026, 10, 1), Decimal("1000.00"),
                  open_amount=Decimal(0)),
          Invoice("C-1", LATE, date(2026, 9, 10), date(2026, 9, 10), Decimal("250.00"),
                  kind=InvoiceKind.CREDIT_NOTE, open_amount=Decimal(0)),
          HistoryPayment("F-1", date(2026, 10, 3), Decimal("750.00"), LATE, "F-1"),
          HistoryPayment("C-1", date(2026, 9, 12), Decimal("250.00"), LATE, "F-1"))  # fmt: skip
    with app.engine.connect() as connection:
        rows = connection.execute(
            select(AllocationRow.payment_id.is_(None), AllocationRow.credit_note_id.is_(None),
                   AllocationRow.amount_minor).order_by(AllocationRow.allocated_on)
        ).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [(True, False, 25000), (False, True, 75000)]
    assert (_open(app, "F-1"), _open(app, "C-1", "credit_note")) == (0, 0)
    assert _count(app, PaymentRow) == 1


def test_a_payment_of_another_customer_or_for_an_unknown_invoice_is_refused(
    app: Tijdig, company: Company
) -> None:
    with pytest.raises(ImportRefused) as refused:
        _book(app, company,
              Invoice("F-1", LATE, date(2026, 9, 1), date(2026, 10, 1), Decimal("100.00")),
              HistoryPayment("F-1", date(2026, 10, 3), Decimal("50.00"), PUNCTUAL),
              HistoryPayment("F-7", date(2026, 10, 3), Decimal("50.00")))  # fmt: skip
    assert [(i.line, i.field) for i in refused.value.issues] == [(3, "customer"), (4, "invoice")]
    assert _count(app, InvoiceRow) == 0


def test_an_import_is_audited_per_customer(app: Tijdig, company: Company) -> None:
    _book(app, company, *books(AS_OF, seed=5).entries)
    with app.engine.connect() as connection:
        rows = connection.execute(
            select(AuditRow.customer_id, AuditRow.details).where(
                AuditRow.action == "history.import")
        ).all()  # fmt: skip
    assert len(rows) == 2 and all("payment(s)" in details for _, details in rows)


def test_a_refund_of_a_credit_note_is_not_booked_and_said_so(app: Tijdig, company: Company) -> None:
    credit = Invoice("C-2", LATE, date(2026, 9, 10), date(2026, 9, 10), Decimal("80.00"),
                     kind=InvoiceKind.CREDIT_NOTE, open_amount=Decimal(0))  # fmt: skip
    refund = HistoryPayment("C-2", date(2026, 9, 20), Decimal("80.00"), LATE, "terug")
    summary = _book(app, company, credit, refund)
    [note] = summary.warnings
    assert (note.line, note.field, note.is_error) == (3, "reference", False)
    assert "C-2" in note.message
    assert _count(app, AllocationRow) == 0 and _count(app, PaymentRow) == 0


def test_an_invoice_stored_with_other_contents_is_refused(app: Tijdig, company: Company) -> None:
    stored = Invoice("F-1", LATE, date(2026, 9, 1), date(2026, 10, 1), Decimal("100.00"))
    _book(app, company, stored)
    # The same invoice with another open amount is the same invoice (a later export).
    again = _book(app, company, replace(stored, open_amount=Decimal(0)))
    assert again.invoices_unchanged == 1
    with pytest.raises(ImportRefused) as refused:
        _book(app, company, replace(stored, total=Decimal("120.00")))
    [issue] = refused.value.issues
    assert (issue.line, issue.field) == (2, "number") and "other contents" in issue.message


def test_on_the_fake_the_same_rules_hold(db: FakeDatabase) -> None:
    """The use case on the fake (tests/fakes_history.py): explained, then lowered."""
    company = add_company(db.uow(), Company("ACME", "Acme B.V."), validate=False,
                          actor="test", at=datetime.now(UTC))  # fmt: skip
    assert company.id is not None
    with db.uow() as uow:
        uow.customers.save_many(company.id, list(CUSTOMERS))
        uow.commit()
    invoice = Invoice("F-1", LATE, date(2026, 9, 1), date(2026, 10, 1), Decimal("1000.00"),
                      open_amount=Decimal("800.00"))  # fmt: skip
    first = HistoryPayment("F-1", date(2026, 9, 15), Decimal("200.00"))
    later = HistoryPayment("F-1", date(2026, 10, 15), Decimal("300.00"))
    for entries, left in (((invoice, first), "800.00"), ((later,), "500.00")):
        result = ImportResult(entries, (), (2, 3)[: len(entries)])
        book_history(db.uow(), company, [("books.csv", result)], actor=ACTOR, at=AT)
        with db.uow() as uow:
            [stored] = uow.history.items(company.id, ["F-1"])
        assert stored.open_amount == Decimal(left)
    again = book_history(db.uow(), company, [("b.csv", ImportResult((later,)))], actor=ACTOR,
                         at=AT)  # fmt: skip
    assert (again.payments_added, again.lines_unchanged) == (0, 1)
