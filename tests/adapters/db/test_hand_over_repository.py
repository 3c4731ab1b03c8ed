"""What only the SQL of hand-overs can show, on SQLite and PostgreSQL: which payments
count as reaching the creditor directly (a bank payment of a handed-over customer, on or
after the hand-over day, while the case is not returned, not reported yet), and which
case holds a customer on a day (the latest opened by then and not returned)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.entrypoints.web.conftest import add_customers, add_invoices, invoice
from tijdig.adapters.db.schema.ledger import AllocationRow, PaymentRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.hand_over import CaseStatus, HandOverCase, Source
from tijdig.domain.parties import Company, Customer
from tijdig.services.companies.companies import add_company
from tijdig.services.hand_over import cases, direct

AT = datetime(2026, 2, 27, 9, tzinfo=UTC)
OPENED = date(2026, 2, 27)  # a Friday at a month's end


@pytest.fixture
def acme(app: Tijdig) -> Company:
    company = add_company(app.uow(), Company("ACME", "Acme B.V."), validate=False, actor="test",
                          at=AT)  # fmt: skip
    add_customers(app, company, [Customer("K1", "Jansen"), Customer("K2", "Vos")])
    add_invoices(app, company, [
        invoice("F-1", "K1", date(2025, 12, 1), date(2025, 12, 31), "500.00"),
        invoice("F-2", "K1", date(2026, 1, 2), date(2026, 2, 1), "800.00"),
        invoice("G-1", "K2", date(2025, 12, 1), date(2025, 12, 31), "300.00"),
    ])  # fmt: skip
    return company


def _open(app: Tijdig, company: Company, number: str, day: date) -> HandOverCase:
    return cases.open_case(app.uow(), app.hand_over_files(), app.invoice_copies(), company,
                           number, reason="no answer", actor="test", source=Source.CLI, at=AT,
                           as_of=day)  # fmt: skip


def _paid(app: Tijdig, company: Company, number: str, invoice_no: str, day: date,
          amount: str, *, line: int | None) -> int:  # fmt: skip
    """A payment booked to one invoice; `line`: its bank line (None: booked otherwise)."""
    assert company.id is not None
    with app.uow() as uow:
        customer_id = uow.customers.ids_by_number(company.id)[number]
        [found] = [i for i in uow.invoices.search(company.id) if i.number == invoice_no]
        minor = int(Decimal(amount) * 100)
        row = PaymentRow(company_id=company.id, customer_id=customer_id, paid_on=day,
                         amount_minor=minor, currency="EUR", reference=f"pay {invoice_no}",
                         bank_transaction_id=line)  # fmt: skip
        uow.session.add(row)
        uow.session.flush()
        uow.session.add(
            AllocationRow(
                company_id=company.id,
                invoice_id=found.id,
                payment_id=row.id,
                amount_minor=minor,
                allocated_on=day,
            )
        )
        uow.commit()
        return row.id


def test_only_bank_payments_after_the_hand_over_of_a_case_with_the_agency_count(
    app: Tijdig, acme: Company
) -> None:
    case = _open(app, acme, "K1", OPENED)
    _paid(app, acme, "K1", "F-1", date(2026, 2, 26), "100.00", line=1)  # the day before
    on_the_day = _paid(app, acme, "K1", "F-1", OPENED, "150.00", line=2)
    later = _paid(app, acme, "K1", "F-2", date(2026, 3, 2), "800.00", line=3)
    _paid(app, acme, "K1", "F-1", date(2026, 3, 3), "50.00", line=None)  # the agency's
    _paid(app, acme, "K2", "G-1", date(2026, 3, 3), "300.00", line=4)  # not handed over
    found = direct.direct_payments(app.uow(), acme, since=None)
    assert [(p.payment_id, p.case_reference, p.invoices) for p in found] == [
        (on_the_day, case.reference, ("F-1",)), (later, case.reference, ("F-2",))]  # fmt: skip
    assert [
        p.payment_id for p in direct.direct_payments(app.uow(), acme, since=date(2026, 3, 1))
    ] == [later]
    reported = direct.report_direct_payments(app.uow(), acme, since=date(2026, 3, 1),
                                             actor="test", at=AT)  # fmt: skip
    assert [p.payment_id for p in reported] == [later]
    assert [p.payment_id for p in direct.direct_payments(app.uow(), acme, since=None)] == [
        on_the_day]  # fmt: skip
    assert direct.as_csv(reported).splitlines()[1] == (
        f"{case.reference};K1;2026-03-02;800.00;EUR;pay F-2;F-2")  # fmt: skip


def test_a_returned_case_holds_nothing_and_reports_nothing(app: Tijdig, acme: Company) -> None:
    case = _open(app, acme, "K1", OPENED)
    _paid(app, acme, "K1", "F-1", date(2026, 3, 2), "100.00", line=1)
    assert acme.id is not None
    with app.uow() as uow:
        held = uow.hand_overs.holding(acme.id, OPENED)
        before = uow.hand_overs.holding(acme.id, date(2026, 2, 26))
    assert [c.reference for c in held.values()] == [case.reference] and before == {}
    cases.change_status(app.uow(), acme, "K1", CaseStatus.RETURNED, actor="test",
                        source=Source.CLI, at=AT, on=date(2026, 3, 4))  # fmt: skip
    with app.uow() as uow:
        assert uow.hand_overs.holding(acme.id, date(2026, 3, 4)) == {}
    assert direct.direct_payments(app.uow(), acme, since=None) == []
    # handed over again: a new case, which holds and reports again
    again = _open(app, acme, "K1", date(2026, 3, 5))
    assert again.reference != case.reference
    assert [p.case_reference for p in direct.direct_payments(app.uow(), acme, since=None)] == []
    _paid(app, acme, "K1", "F-2", date(2026, 3, 6), "10.00", line=2)
    assert [p.case_reference for p in direct.direct_payments(app.uow(), acme, since=None)] == [
        again.reference]  # fmt: skip


def test_a_debtors_export_holds_its_cases_and_their_history_not_the_file(
    app: Tijdig, acme: Company
) -> None:
    case = _open(app, acme, "K1", OPENED)
    assert acme.id is not None
    with app.uow() as uow:
        customer_id = uow.customers.ids_by_number(acme.id)["K1"]
        exported = uow.personal_data.export(acme.id, customer_id)
    [row] = exported["hand_over_cases"]
    assert (row["reference"], row["reason"], row["file_name"]) == (
        case.reference, "no answer", f"hand-over-{case.reference}-K1.zip")  # fmt: skip
    assert "file_zip" not in row
    assert [s["status"] for s in exported["hand_over_statuses"]] == ["handed_over"]
    assert exported["agency_payments"] == []


def test_a_case_returned_after_one_closed_gives_the_customer_back(
    app: Tijdig, acme: Company
) -> None:
    _open(app, acme, "K1", OPENED)
    cases.change_status(app.uow(), acme, "K1", CaseStatus.CLOSED, actor="test",
                        source=Source.CLI, at=AT, on=date(2026, 3, 2))  # fmt: skip
    assert acme.id is not None
    with app.uow() as uow:
        assert [c.status for c in uow.hand_overs.holding(acme.id, date(2026, 3, 2)).values()] == [
            CaseStatus.CLOSED]  # fmt: skip
    second = _open(app, acme, "K1", date(2026, 3, 9))
    cases.change_status(app.uow(), acme, second.reference, CaseStatus.RETURNED, actor="test",
                        source=Source.CLI, at=AT, on=date(2026, 3, 10))  # fmt: skip
    with app.uow() as uow:
        assert uow.hand_overs.holding(acme.id, date(2026, 3, 10)) == {}
