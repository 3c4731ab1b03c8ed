"""The one customer-state loader: the run's states (every customer with open items) and
one customer's (the customer page, sending, the preview) are the same values, read by
the same queries; one customer's are filtered in SQL and come with the contacts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import insert

from tests.adapters.db.test_collection_records import counted
from tijdig.adapters.db.schema.collection import DisputeRow, PromiseRow
from tijdig.adapters.db.views.customer_state import load_customer_state, load_customer_states
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.plans import PaymentPlan, PlanStatus, build_schedule
from tijdig.domain.invoices import EarlyPaymentDiscount, Invoice
from tijdig.domain.parties import Company, Contact, Customer
from tijdig.services.companies.companies import add_company

AS_OF = date(2026, 3, 15)

AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _seed(app: Tijdig) -> tuple[Company, dict[str, int], Company, dict[str, int]]:
    """ACME: A1 with a contact, two open invoices (one disputed) and a promise in force,
    A2 with one open invoice, A3 with nothing open; OTHER: O1 with an open invoice."""
    acme = add_company(app.uow(), Company("ACME", "Acme B.V."), validate=False, actor="test", at=AT)
    other = add_company(
        app.uow(), Company("OTHER", "Other B.V."), validate=False, actor="test", at=AT
    )
    assert acme.id is not None and other.id is not None
    with app.uow() as uow:
        uow.customers.save_many(acme.id, [
            Customer("A1", "Eerste", contacts=(Contact("Anna", email="anna@example.com"),)),
            Customer("A2", "Tweede"), Customer("A3", "Derde"),
        ])  # fmt: skip
        uow.customers.save_many(other.id, [Customer("O1", "Ander")])
        ids = uow.customers.ids_by_number(acme.id)
        others = uow.customers.ids_by_number(other.id)
        invoices = [
            (acme.id, ids, Invoice("F-1", "A1", date(2026, 1, 1), date(2026, 1, 31),
                                   Decimal("100.00"), description="Tegels",
                                   discount=EarlyPaymentDiscount(Decimal(2), 10))),
            (acme.id, ids, Invoice("F-2", "A1", date(2026, 2, 1), date(2026, 3, 1),
                                   Decimal("200.00"))),
            (acme.id, ids, Invoice("F-3", "A2", date(2026, 2, 1), date(2026, 3, 1),
                                   Decimal("300.00"))),
            (acme.id, ids, Invoice("F-4", "A3", date(2026, 2, 1), date(2026, 3, 1),
                                   Decimal("50.00"), open_amount=Decimal(0))),
            (other.id, others, Invoice("X-1", "O1", date(2026, 2, 1), date(2026, 3, 1),
                                       Decimal("400.00"))),
        ]  # fmt: skip
        for company_id, by_number, invoice in invoices:
            uow.invoices.add(invoice, company_id=company_id,
                             customer_id=by_number[invoice.customer_number],
                             fingerprint=invoice.number, source="test")  # fmt: skip
        [f1] = [i.id for i in uow.invoices.search(acme.id) if i.number == "F-1"]
        uow.session.execute(insert(DisputeRow), [
            {"company_id": acme.id, "invoice_id": f1, "reason": "dissatisfied", "note": "",
             "opened_on": date(2026, 2, 5)},
        ])  # fmt: skip
        uow.session.execute(insert(PromiseRow), [
            {"company_id": acme.id, "customer_id": ids["A1"], "promised_date": date(2026, 3, 20),
             "made_on": date(2026, 3, 10), "amount_minor": 10000, "currency": "EUR"},
            {"company_id": acme.id, "customer_id": ids["A1"], "promised_date": date(2026, 3, 1),
             "made_on": date(2026, 2, 20), "amount_minor": 5000, "currency": "EUR"},  # passed
        ])  # fmt: skip
        uow.commit()
    return acme, ids, other, others


def test_one_customer_is_what_the_run_loads_with_the_contacts(app: Tijdig) -> None:
    acme, ids, _, _ = _seed(app)
    assert acme.id is not None
    with app.uow() as uow:
        run = {s.customer.number: s for s in load_customer_states(uow.session, acme.id,
                                                                  as_of=AS_OF)}  # fmt: skip
        assert sorted(run) == ["A1", "A2"]  # A3 has nothing open; OTHER's are not ACME's
        one = load_customer_state(uow.session, acme.id, ids["A1"], as_of=AS_OF)
    assert one is not None
    assert [c.name for c in one.customer.contacts] == ["Anna"]
    assert replace(one, customer=replace(one.customer, contacts=())) == run["A1"]
    assert [i.number for i in one.invoices] == ["F-1", "F-2"]
    assert one.invoices[0].description == "Tegels"
    assert one.invoices[0].discount == EarlyPaymentDiscount(Decimal(2), 10)
    assert [d.invoice_number for d in one.disputes] == ["F-1"]
    assert [p.promised_date for p in one.promises] == [date(2026, 3, 20)]


def test_one_customer_without_open_items_still_has_a_state(app: Tijdig) -> None:
    acme, ids, _, _ = _seed(app)
    assert acme.id is not None
    with app.uow() as uow:
        state = load_customer_state(uow.session, acme.id, ids["A3"], as_of=AS_OF)
        assert state is not None and state.invoices == ()
        assert not list(uow.run_data.customer_states(acme.id, as_of=AS_OF,
                                                     customer_number="A3"))  # fmt: skip


def test_another_companys_customer_is_not_found(app: Tijdig) -> None:
    acme, _, _, others = _seed(app)
    assert acme.id is not None
    with app.uow() as uow:
        assert load_customer_state(uow.session, acme.id, others["O1"], as_of=AS_OF) is None


def test_one_customer_is_filtered_in_sql(app: Tijdig) -> None:
    """Every statement of one customer's load names the customer: nothing of the whole
    company is loaded and filtered in Python."""
    acme, _, _, _ = _seed(app)
    assert acme.id is not None
    with app.uow() as uow, counted(app) as statements:
        [state] = uow.run_data.customer_states(acme.id, as_of=AS_OF, customer_number="A2")
    assert [i.number for i in state.invoices] == ["F-3"]
    lookup, *loads = statements  # the customer's id by its number, then the load
    assert "customers.number" in lookup and len(loads) >= 10
    assert all("customer_id =" in s or "customers.id =" in s for s in loads), loads


def test_a_customers_state_carries_its_payment_plans_in_force(app: Tijdig) -> None:
    acme, ids, _, _ = _seed(app)
    assert acme.id is not None
    with app.uow() as uow:
        [f2] = [i for i in uow.invoices.search(acme.id) if i.number == "F-2"]
        [f2_id] = [p.invoice_id for p in uow.plans.plannable(acme.id, ids["A1"])
                   if p.number == "F-2"]  # fmt: skip
        parts = build_schedule(f2.outstanding, 2, date(2026, 4, 1))
        plan = PaymentPlan("A1", "RF28PLAN1", ("F-2",), "EUR", f2.outstanding, Decimal(0),
                           Decimal(0), parts, date(2026, 3, 10), PlanStatus.OFFERED)  # fmt: skip
        plan_id = uow.plans.add(acme.id, ids["A1"], plan, invoice_ids=[f2_id], outside=(),
                                created_by="test")  # fmt: skip
        uow.plans.move(acme.id, plan_id, PlanStatus.OFFERED, PlanStatus.IN_FORCE, on=AS_OF)
        uow.commit()
    with app.uow() as uow:
        one = load_customer_state(uow.session, acme.id, ids["A1"], as_of=AS_OF)
        before = load_customer_state(uow.session, acme.id, ids["A1"], as_of=date(2026, 3, 14))
        other = load_customer_state(uow.session, acme.id, ids["A2"], as_of=AS_OF)
    assert one is not None and before is not None and other is not None
    assert [(p.invoice_numbers, p.accepted_on) for p in one.plans] == [(("F-2",), AS_OF)]
    assert before.plans == () and other.plans == ()
