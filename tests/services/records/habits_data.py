"""A paid history in the real database for the habits and tolerance tests (service, web,
CLI): invoices paid by payments on chosen days, with steps taken, plans and hand-overs."""

from __future__ import annotations

from datetime import date, timedelta

from tijdig.adapters.db.schema.collection import StepTakenRow
from tijdig.adapters.db.schema.ledger import AllocationRow, InvoiceRow, PaymentRow
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company

# Bakkerij Jansen (C001 of ACME) paid eight invoices of EUR 100, each on its own, due on
# the 1st of each month from May to December 2025, 2 3 3 4 5 5 6 9 days late: p90 of
# the days late = 6 + 0.3 x (9 - 6) = 6.9 (h = 7 x 0.9 = 6.3), so 7 days are suggested.
REGULAR_LATE = (2, 3, 3, 4, 5, 5, 6, 9)
SUGGESTED = 7


def add_paid(
    app: Tijdig, company: Company, customer: str, number: str, *, due: date,
    payments: tuple[tuple[date, int], ...], steps: tuple[tuple[date, str], ...] = (),
) -> int:  # fmt: skip
    """An invoice of the customer paid in full by `payments` (day, minor units)."""
    assert company.id is not None
    total = sum(minor for _, minor in payments)
    with app.uow() as uow:
        customer_id = uow.customers.ids_by_number(company.id)[customer]
        row = InvoiceRow(
            company_id=company.id, customer_id=customer_id, kind="invoice", number=number,
            issue_date=due - timedelta(days=30), due_date=due, currency="EUR",
            total_minor=total, open_minor=0, source="test",
        )  # fmt: skip
        uow.session.add(row)
        uow.session.flush()
        for day, minor in payments:
            payment = PaymentRow(company_id=company.id, customer_id=customer_id, paid_on=day,
                                 amount_minor=minor, currency="EUR")  # fmt: skip
            uow.session.add(payment)
            uow.session.flush()
            uow.session.add(AllocationRow(company_id=company.id, invoice_id=row.id,
                                          payment_id=payment.id, amount_minor=minor,
                                          allocated_on=day))  # fmt: skip
        for day, key in steps:
            uow.session.add(StepTakenRow(company_id=company.id, invoice_id=row.id,
                                         step_key=key, channel="email", taken_on=day))  # fmt: skip
        uow.commit()
        return row.id


def add_regular_late(app: Tijdig, company: Company, customer: str = "C001") -> None:
    for month, late in zip(range(5, 13), REGULAR_LATE, strict=True):
        due = date(2025, month, 1)
        add_paid(app, company, customer, f"H-{customer}-{month:02d}", due=due,
                 payments=((due + timedelta(days=late), 10_000),))  # fmt: skip
