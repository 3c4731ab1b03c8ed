"""A dispute's case on the real database (SQLite and PostgreSQL): its lines and owner,
an outcome's credit note set off against the invoice, the disputes of a hand-over's
invoices as its task says them, and the notes the run loads (only those that can hold)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from tijdig.adapters.db.views.customer_state import load_customer_state
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.internal import Department, NoteKind, OutcomeKind
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.invoices import Invoice, InvoiceLine
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reason_texts import say
from tijdig.services.collection.queue import dispute_reason
from tijdig.services.companies.companies import add_company
from tijdig.services.records import dispute_cases, notes

AT = datetime(2026, 2, 10, 9, tzinfo=UTC)
LINES = (InvoiceLine("Oven", Decimal("800.00")), InvoiceLine("Installatie", Decimal("200.00")))


def _acme(app: Tijdig) -> tuple[Company, int, int]:
    """ACME, customer K1 with F-1 (two lines, EUR 1,210.00) and F-2; (company, K1, F-1)."""
    company = add_company(app.uow(), Company("ACME", "Acme"), validate=False, actor="t", at=AT)
    assert company.id is not None
    with app.uow() as uow:
        uow.customers.save_many(company.id, [Customer("K1", "Een")])
        k1 = uow.customers.ids_by_number(company.id)["K1"]
        f1 = uow.invoices.add(Invoice("F-1", "K1", date(2026, 1, 1), date(2026, 1, 31),
                                      Decimal("1210.00"), lines=LINES),
                              company_id=company.id, customer_id=k1, fingerprint="1",
                              source="test")  # fmt: skip
        uow.invoices.add(Invoice("F-2", "K1", date(2026, 1, 5), date(2026, 2, 4), Decimal("50")),
                         company_id=company.id, customer_id=k1, fingerprint="2",
                         source="test")  # fmt: skip
        uow.commit()
    return company, k1, f1


def test_a_credit_note_outcome_is_set_off_and_the_hand_over_says_the_dispute(app: Tijdig) -> None:
    company, _, f1 = _acme(app)
    own = dispute_cases.Ownership(Department.FINANCE, None, date(2026, 2, 20), (2,))
    opened = dispute_cases.open_case(app.uow(), company, "F-1", ReasonCode.DISSATISFIED,
                                     ownership=own, as_of=date(2026, 2, 10), actor="t",
                                     at=AT)  # fmt: skip
    assert (opened.disputed_amount, [x.name for x in opened.lines]) == (
        Decimal("200.00"), ["Installatie"])  # fmt: skip
    assert opened.task_id is not None
    outcome = dispute_cases.Outcome(OutcomeKind.CREDIT_NOTE, amount=Decimal("200.00"))
    closed = dispute_cases.close_case(app.uow(), app.dispute_letters(), company, outcome,
                                      dispute_id=opened.id, as_of=date(2026, 2, 12), actor="t",
                                      at=AT)  # fmt: skip
    assert (closed.invoice.open_amount, closed.credit_note) == (Decimal("1010.00"), "F-1-C1")
    with app.uow() as uow:
        [case] = uow.dispute_cases.of_invoices(company.id or 0, [f1])
        task = uow.tasks.get(company.id or 0, opened.task_id)
    assert task is not None and task.done_on == date(2026, 2, 12)
    assert say(dispute_reason(case)) == (
        "F-1: disputed since 2026-02-10 (dissatisfied with goods or service), lines 2 "
        "(EUR 200.00): credit note")  # fmt: skip


def test_the_run_loads_only_the_notes_that_can_still_hold(app: Tijdig) -> None:
    company, k1, _ = _acme(app)
    for invoice, until in ((None, date(2026, 2, 15)), ("F-2", None)):
        notes.add_note(app.uow(), company, "K1", department=Department.DELIVERY,
                       kind=NoteKind.PENDING_DELIVERY, text="nog te leveren",
                       invoice_number=invoice, until=until, as_of=date(2026, 2, 10), actor="t",
                       at=AT)  # fmt: skip
    closed = notes.add_note(app.uow(), company, "K1", department=Department.SALES,
                            kind=NoteKind.COMPLAINT, text="klacht", as_of=date(2026, 2, 10),
                            actor="t", at=AT)  # fmt: skip
    notes.close_note(app.uow(), company, closed.id or 0, as_of=date(2026, 2, 11), actor="t",
                     at=AT)  # fmt: skip

    def loaded(day: date) -> list[tuple[str | None, NoteKind]]:
        with app.uow() as uow:
            state = load_customer_state(uow.session, company.id or 0, k1, as_of=day)
        assert state is not None
        return sorted(((n.invoice_number, n.kind) for n in state.notes), key=str)

    assert loaded(date(2026, 2, 10)) == [
        ("F-2", NoteKind.PENDING_DELIVERY), (None, NoteKind.COMPLAINT),
        (None, NoteKind.PENDING_DELIVERY)]  # fmt: skip
    assert loaded(date(2026, 2, 15)) == [("F-2", NoteKind.PENDING_DELIVERY),
                                         (None, NoteKind.PENDING_DELIVERY)]  # fmt: skip
    assert loaded(date(2026, 2, 16)) == [("F-2", NoteKind.PENDING_DELIVERY)]
    assert loaded(date(2026, 2, 9)) == []  # not opened yet
