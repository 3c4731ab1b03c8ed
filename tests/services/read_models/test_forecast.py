"""The forecast through the service on the real database (services/read_models/forecast.py,
adapters/db/views/forecast.py): only what was known on the forecast's day is read (what
happens after it changes nothing), and the check counts the money that came in after it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.entrypoints.web.conftest import seed_acme
from tests.services.records.habits_data import add_paid
from tijdig.adapters.db.schema.collection import DisputeRow
from tijdig.adapters.db.schema.hand_over import HandOverCaseRow, HandOverStatusRow
from tijdig.adapters.db.schema.ledger import AllocationRow, InvoiceRow, PaymentRow
from tijdig.analytics.forecast import Apart
from tijdig.bootstrap import Tijdig
from tijdig.domain.parties import Company
from tijdig.services.read_models.forecast import cash_forecast, check_forecast

# ACME on 15 March 2026 (seed_acme): F-001 Jansen 1210 due 31 Jan, F-002 Jansen 605 due
# 31 Mar, F-003 Van Dijk 2420 due 1 Dec 2025 (EUR, open); F-004 USD, not in the forecast.


def _id(app: Tijdig, company: Company, number: str) -> int:
    with app.uow() as uow:
        found = uow.session.query(InvoiceRow.id).filter_by(company_id=company.id,
                                                           number=number).scalar()  # fmt: skip
        assert found is not None
        return int(found)


def _pay(app: Tijdig, company: Company, number: str, day: date, minor: int) -> None:
    """A payment of `minor` on `day` allocated to the invoice: its open amount drops."""
    invoice_id = _id(app, company, number)
    with app.uow() as uow:
        row = uow.session.get(InvoiceRow, invoice_id)
        assert row is not None
        row.open_minor -= minor
        payment = PaymentRow(company_id=company.id, customer_id=row.customer_id, paid_on=day,
                             amount_minor=minor, currency="EUR")  # fmt: skip
        uow.session.add(payment)
        uow.session.flush()
        uow.session.add(AllocationRow(company_id=company.id, invoice_id=invoice_id,
                                      payment_id=payment.id, amount_minor=minor,
                                      allocated_on=day))  # fmt: skip
        uow.commit()


def _dispute(app: Tijdig, company: Company, number: str, opened: date,
             resolved: date | None = None) -> None:  # fmt: skip
    with app.uow() as uow:
        uow.session.add(DisputeRow(company_id=company.id, invoice_id=_id(app, company, number),
                                   reason="invoice_incorrect", opened_on=opened,
                                   resolved_on=resolved))  # fmt: skip
        uow.commit()


def _hand_over(app: Tijdig, company: Company, customer: str, opened: date,
               ended: date | None = None) -> None:  # fmt: skip
    from datetime import UTC, datetime

    with app.uow() as uow:
        customer_id = uow.customers.ids_by_number(company.id or 0)[customer]
        case = HandOverCaseRow(reference=f"HO{opened:%m%d}", company_id=company.id,
                               customer_id=customer_id, opened_on=opened, reason="test",
                               off_policy=False, status="handed_over")  # fmt: skip
        uow.session.add(case)
        uow.session.flush()
        if ended is not None:
            uow.session.add(HandOverStatusRow(case_id=case.id, status="closed", on_day=ended,
                                              at=datetime(2026, 1, 1, tzinfo=UTC), actor="t",
                                              source="test"))  # fmt: skip
        uow.commit()


@pytest.fixture
def acme(app: Tijdig) -> Company:
    company = seed_acme(app)
    # Jansen paid 6 invoices 4..9 days late before March 2026: its own habit counts.
    for n, late in enumerate((4, 5, 6, 7, 8, 9)):
        due = date(2025, 6 + n, 10)
        add_paid(app, company, "C001", f"P-{n}", due=due,
                 payments=((due + timedelta(days=late), 10_000),))  # fmt: skip
    return company


@pytest.mark.parametrize("day", [date(2026, 3, 15), date(2026, 3, 18), date(2026, 4, 2)])
def test_what_happens_after_the_day_changes_nothing(app: Tijdig, acme: Company, day: date) -> None:
    _dispute(app, acme, "F-003", day - timedelta(days=20), resolved=day + timedelta(days=3))
    before = cash_forecast(app.forecast_data, acme, as_of=day)
    # after the day: money in on every open invoice (F-001 and F-002 paid in full: their
    # delays would change Jansen's habit), a dispute and a hand-over opened, a new invoice
    # issued and paid, the earlier dispute resolved (above)
    _pay(app, acme, "F-001", day + timedelta(days=1), 121_000)
    _pay(app, acme, "F-002", day + timedelta(days=2), 60_500)
    _pay(app, acme, "F-003", day + timedelta(days=9), 100_000)
    _dispute(app, acme, "F-002", day + timedelta(days=1))
    _hand_over(app, acme, "C001", day + timedelta(days=1))
    add_paid(app, acme, "C002", "LATER-1", due=day + timedelta(days=31),
             payments=((day + timedelta(days=40), 50_000),))  # fmt: skip
    after = cash_forecast(app.forecast_data, acme, as_of=day)
    assert after == before
    # ... while the same events before the day do change it (the test can fail)
    moved = cash_forecast(app.forecast_data, acme, as_of=day + timedelta(days=10))
    assert moved.apart != before.apart


def test_what_is_open_and_apart_on_the_day(app: Tijdig, acme: Company) -> None:
    day = date(2026, 3, 15)
    _dispute(app, acme, "F-003", date(2026, 3, 1))
    _pay(app, acme, "F-001", date(2026, 3, 10), 21_000)  # 1210 - 210 = 1000 left
    made = cash_forecast(app.forecast_data, acme, as_of=day)
    assert made.invoices == 2  # F-001 and F-002; F-003 disputed, F-004 in USD
    assert [(a.reason, a.invoices, a.amount) for a in made.apart] == [
        (Apart.DISPUTED, 1, Decimal("2420.00"))
    ]
    total = made.expected_total + made.later.expected
    assert abs(total - Decimal("1605.00")) < Decimal("0.05")
    _hand_over(app, acme, "C001", date(2026, 3, 1), ended=date(2026, 3, 20))
    held = cash_forecast(app.forecast_data, acme, as_of=day)
    assert held.invoices == 0
    assert (Apart.HANDED_OVER, 2, Decimal("1605.00")) in [
        (a.reason, a.invoices, a.amount) for a in held.apart
    ]
    back = cash_forecast(app.forecast_data, acme, as_of=date(2026, 3, 20))
    assert back.invoices == 2  # the case closed on the 20th


def test_the_check_counts_the_money_in_after_the_day_per_week(app: Tijdig, acme: Company) -> None:
    made_on = date(2026, 3, 15)  # Sunday: week 0 = 16..22 March
    _pay(app, acme, "F-001", date(2026, 3, 14), 10_000)  # before: no receipt of the check
    _pay(app, acme, "F-001", date(2026, 3, 17), 11_000)  # week 0
    _pay(app, acme, "F-002", date(2026, 3, 22), 60_500)  # week 0 (Sunday)
    _pay(app, acme, "F-003", date(2026, 3, 30), 20_000)  # week 2
    _pay(app, acme, "F-003", date(2026, 4, 20), 30_000)  # week 5: not passed by 19 April
    add_paid(app, acme, "C002", "NEW-1", due=date(2026, 4, 20),  # issued 21 March: not counted
             payments=((date(2026, 3, 24), 99_900),))  # fmt: skip
    done = check_forecast(app.forecast_data, acme, made_on=made_on, as_of=date(2026, 4, 19))
    assert done.passed == 5
    actual = [w.actual for w in done.weeks]
    assert actual[:6] == [Decimal("715.00"), Decimal(0), Decimal("200.00"), Decimal(0),
                          Decimal(0), None]  # fmt: skip
    assert done.without_receipts == 3
    first = done.weeks[0]
    assert first.error == Decimal("715.00") - first.week.expected
