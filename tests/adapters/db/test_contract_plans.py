"""The payment plans repository, one contract for the fake (tests/fakes_plans.py), SQLite
and PostgreSQL: what one returns, the others do. With it what matching reads of the plans
in force and writes of a payment booked to one (adapters/db/views/matching.py; the fake's
FakeBankPlansDatabase)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from tests.databases import STORE_KINDS, MigratedSchema, units_of_work
from tests.fakes_collection import StepRecorded, _Claimed
from tests.fakes_plans import FakeBankPlansDatabase, FakePlansUnitOfWork, PlanTables
from tijdig.adapters.db.schema.collection import BankStatementRow, InvoiceClaimRow, StepTakenRow
from tijdig.adapters.db.schema.ledger import PaymentRow
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.domain.collection.ladder import AgreementKind, Rung
from tijdig.domain.collection.plan_rules import Reminded
from tijdig.domain.collection.plans import (
    AcceptanceWay,
    PaymentPlan,
    PlanLimits,
    PlanStatus,
    WrittenAcceptance,
    build_schedule,
)
from tijdig.domain.collection.records import StepTaken, Task, TaskKind
from tijdig.domain.invoices import Invoice, InvoiceKind
from tijdig.domain.money import Money
from tijdig.domain.parties import Company, Customer
from tijdig.domain.reasons import Code, reason
from tijdig.matching.model import PlanInForce
from tijdig.services.bank.drafts import AllocationDraft, PaymentDraft
from tijdig.services.plans.ports import PlannableInvoice, PlansUnitOfWork, StoredPlan

AT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
ON = date(2026, 11, 24)
D = Decimal
Store = Callable[[], PlansUnitOfWork]


@pytest.fixture(params=STORE_KINDS)
def store(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_schema: MigratedSchema | None,
) -> Iterator[Store]:
    yield from units_of_work(request.param, FakeBankPlansDatabase, tmp_path, sqlite_template,
                             postgres_schema)  # fmt: skip


class _Setup:
    """K1 with F1 (due 10-01, 121.00), F2 (due 11-01, 80.00), a credit note F9 and a
    paid F3; K2 with F4; and another company's customer."""

    def __init__(self, store: Store) -> None:
        with store() as uow:
            self.company = uow.companies.add(Company("ACME", "Acme"), at=AT).id or 0
            self.other = uow.companies.add(Company("ZED", "Zed"), at=AT).id or 0
            uow.customers.save_many(self.company, [Customer("K1", "Een"), Customer("K2", "Twee")])
            uow.customers.save_many(self.other, [Customer("Z1", "Zed")])
            ids = uow.customers.ids_by_number(self.company)
            self.k1, self.k2 = ids["K1"], ids["K2"]
            self.z1 = uow.customers.ids_by_number(self.other)["Z1"]
            self.invoice: dict[str, int] = {}
            for number, customer, due, total, kind, paid in (
                ("F1", self.k1, date(2026, 10, 1), "121.00", InvoiceKind.INVOICE, False),
                ("F2", self.k1, date(2026, 11, 1), "80.00", InvoiceKind.INVOICE, False),
                ("F9", self.k1, date(2026, 9, 1), "10.00", InvoiceKind.CREDIT_NOTE, False),
                ("F3", self.k1, date(2026, 9, 1), "50.00", InvoiceKind.INVOICE, True),
                ("F4", self.k2, date(2026, 10, 1), "70.00", InvoiceKind.INVOICE, False),
            ):
                invoice = Invoice(number, "", due - timedelta(days=30), due, D(total), kind=kind,
                                  open_amount=D(0) if paid else None)  # fmt: skip
                self.invoice[number] = uow.invoices.add(
                    invoice, company_id=self.company, customer_id=customer,
                    fingerprint=number, source="test",
                )  # fmt: skip
            z = Invoice("F1", "", ON, ON, D(10))
            self.z_f1 = uow.invoices.add(z, company_id=self.other, customer_id=self.z1,
                                         fingerprint="z", source="test")  # fmt: skip
            uow.commit()


def _claimed_and_stepped(uow: PlansUnitOfWork, company_id: int, invoice_id: int) -> None:
    """A 14-day letter sent on 10-05 and costs and interest claimed on 10-25."""
    if isinstance(uow, FakePlansUnitOfWork):
        tables = uow.plans._tables
        assert isinstance(tables, PlanTables)
        tables.steps_taken.append(
            StepRecorded(invoice_id, "fourteen_day", "letter", date(2026, 10, 5), None, 0)
        )
        tables.claims.append(_Claimed(company_id, invoice_id, "EUR", D("40.00"), D("1.25"),
                                      date(2026, 10, 25), 0))  # fmt: skip
        return
    assert isinstance(uow, SqlUnitOfWork)
    uow.session.add(StepTakenRow(company_id=company_id, invoice_id=invoice_id,
                                 step_key="fourteen_day", channel="letter",
                                 taken_on=date(2026, 10, 5)))  # fmt: skip
    uow.session.add(InvoiceClaimRow(company_id=company_id, invoice_id=invoice_id,
                                    costs_minor=4000, interest_minor=125, currency="EUR",
                                    claimed_on=date(2026, 10, 25)))  # fmt: skip


def _plan(numbers: tuple[str, ...] = ("F1", "F2"), total: str = "201.00") -> PaymentPlan:
    parts = build_schedule(D(total), 3, date(2026, 12, 1), deposit=D("1.00"),
                           deposit_on=ON)  # fmt: skip
    return PaymentPlan(
        "",
        "",
        numbers,
        "EUR",
        D(total),
        D(0),
        D(0),
        parts,
        ON,
        status=PlanStatus.OFFERED,
        payment_order="costs_interest_principal_6_44",
    )


def test_what_a_plan_may_cover_is_open_invoices_in_no_live_plan(store: Store) -> None:
    s = _Setup(store)
    with store() as uow:
        _claimed_and_stepped(uow, s.company, s.invoice["F1"])
        uow.commit()
    with store() as uow:
        assert uow.plans.plannable(s.company, s.k1) == [
            PlannableInvoice(s.invoice["F1"], "F1", "EUR", D("121.00"), D("40.00"), D("1.25"),
                             (StepTaken("F1", "fourteen_day", date(2026, 10, 5), "letter"),)),
            PlannableInvoice(s.invoice["F2"], "F2", "EUR", D("80.00"), D("0.00"), D("0.00")),
        ]  # fmt: skip
        assert uow.plans.plannable(s.other, s.k1) == []
        plan_id = uow.plans.add(s.company, s.k1, _plan(("F1",), "121.00"), outside=(),
                                invoice_ids=[s.invoice["F1"]], created_by="a")  # fmt: skip
        uow.commit()
    with store() as uow:
        assert [i.number for i in uow.plans.plannable(s.company, s.k1)] == ["F2"]
        assert uow.plans.move(s.company, plan_id, PlanStatus.OFFERED, PlanStatus.CANCELLED, on=ON)
        uow.commit()
    with store() as uow:
        assert [i.number for i in uow.plans.plannable(s.company, s.k1)] == ["F1", "F2"]


def test_a_plan_is_stored_whole_and_moves_only_from_the_status_it_is_in(store: Store) -> None:
    s = _Setup(store)
    outside = (reason(Code.PLAN_INSTALMENT_TOO_SMALL, amount=Money("EUR", D("66.66")),
                      least=Money("EUR", D("100.00"))),)  # fmt: skip
    with store() as uow:
        plan_id = uow.plans.add(s.company, s.k1, _plan(), created_by="anna", outside=outside,
                                invoice_ids=[s.invoice["F2"], s.invoice["F1"]])  # fmt: skip
        uow.plans.set_reference(s.company, plan_id, "RF28PLAN1")
        uow.commit()
    expected = StoredPlan(plan_id, s.k1, PaymentPlan(
        "K1", "RF28PLAN1", ("F1", "F2"), "EUR", D("201.00"), D("0.00"), D("0.00"),
        _plan().instalments, ON, PlanStatus.OFFERED, "costs_interest_principal_6_44",
    ), outside)  # fmt: skip
    with store() as uow:
        assert uow.plans.get(s.company, plan_id) == expected
        assert uow.plans.get(s.other, plan_id) is None
        assert uow.plans.listed(s.company) == [expected]
        assert uow.plans.listed(s.company, status=PlanStatus.IN_FORCE) == []
        assert uow.plans.listed(s.company, customer_id=s.k2) == []
        assert uow.plans.in_force_by_customer(s.company, ON) == {}
        assert not uow.plans.move(s.company, plan_id, PlanStatus.PROPOSED, PlanStatus.OFFERED,
                                  on=ON)  # fmt: skip
        assert not uow.plans.move(s.other, plan_id, PlanStatus.OFFERED, PlanStatus.IN_FORCE,
                                  on=ON)  # fmt: skip
        later = ON + timedelta(days=2)
        assert uow.plans.move(s.company, plan_id, PlanStatus.OFFERED, PlanStatus.IN_FORCE,
                              on=later)  # fmt: skip
        uow.commit()
    with store() as uow:
        in_force = uow.plans.in_force_by_customer(s.company, later)
        assert [p.accepted_on for p in in_force[s.k1]] == [later]
        assert uow.plans.in_force_by_customer(s.company, ON) == {}
        assert uow.plans.in_force_by_customer(s.company, later, customer_id=s.k2) == {}
        assert uow.plans.move(s.company, plan_id, PlanStatus.IN_FORCE, PlanStatus.BROKEN, on=later)
        uow.commit()
    with store() as uow:
        broken = uow.plans.get(s.company, plan_id)
        assert broken is not None
        assert (broken.plan.status, broken.plan.ended_on) == (PlanStatus.BROKEN, later)


def test_the_written_acceptance_is_kept_as_evidence(store: Store) -> None:
    s = _Setup(store)
    cet = timezone(timedelta(hours=1))
    portal = WrittenAcceptance(AcceptanceWay.PORTAL, datetime(2026, 11, 25, 10, 0, tzinfo=cet),
                               ip_address="192.0.2.7",
                               shown_text="Ik ga akkoord met ...")  # fmt: skip
    signed = WrittenAcceptance(AcceptanceWay.SIGNED_COPY, AT, filename="getekend.pdf",
                               mime_type="application/pdf", content=b"%PDF-1.7")  # fmt: skip
    with store() as uow:
        first = uow.plans.add(s.company, s.k1, _plan(("F1",), "121.00"), outside=(),
                              invoice_ids=[s.invoice["F1"]], created_by="a")  # fmt: skip
        second = uow.plans.add(s.company, s.k2, _plan(("F4",), "70.00"), outside=(),
                               invoice_ids=[s.invoice["F4"]], created_by="a")  # fmt: skip
        uow.plans.set_reference(s.company, first, "A")
        uow.plans.set_reference(s.company, second, "B")
        uow.plans.accept(s.company, first, portal, recorded_by="portal")
        uow.plans.accept(s.company, second, signed, recorded_by="anna")
        uow.commit()
    with store() as uow:
        kept = uow.plans.acceptance(s.company, first)
        assert kept is not None
        assert kept.accepted_at == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
        assert (kept.way, kept.ip_address, kept.shown_text) == (
            AcceptanceWay.PORTAL, "192.0.2.7", "Ik ga akkoord met ...")  # fmt: skip
        assert uow.plans.acceptance(s.company, second) == signed
        assert uow.plans.acceptance(s.other, first) is None


def test_a_companys_limits_are_the_defaults_until_saved(store: Store) -> None:
    s = _Setup(store)
    own = PlanLimits(max_instalments=6, min_instalment=D("50"), max_months=9,
                     deposit_required=True)  # fmt: skip
    with store() as uow:
        assert uow.plans.limits(s.company) == PlanLimits()
        uow.plans.save_limits(s.company, own, at=AT)
        uow.commit()
    with store() as uow:
        assert uow.plans.limits(s.company) == own
        assert uow.plans.limits(s.other) == PlanLimits()
        uow.plans.save_limits(s.company, PlanLimits(max_instalments=3), at=AT)
        uow.commit()
    with store() as uow:
        assert uow.plans.limits(s.company) == PlanLimits(max_instalments=3)


def _paid(uow: PlansUnitOfWork, company_id: int, customer_id: int, day: date, amount: str,
          currency: str = "EUR", *, plan_id: int | None = None) -> None:  # fmt: skip
    if isinstance(uow, FakePlansUnitOfWork):
        uow.ledger.pay(customer_id, day, D(amount), currency, plan_id=plan_id)
        return
    assert isinstance(uow, SqlUnitOfWork)
    uow.session.add(PaymentRow(company_id=company_id, customer_id=customer_id, paid_on=day,
                               amount_minor=int(D(amount) * 100), currency=currency,
                               plan_id=plan_id))  # fmt: skip


def _statement(uow: PlansUnitOfWork, company_id: int, day: date) -> None:
    if isinstance(uow, FakePlansUnitOfWork):
        tables = uow.plans._tables
        tables.last_statement[company_id] = max(tables.last_statement.get(company_id, day), day)
        return
    assert isinstance(uow, SqlUnitOfWork)
    uow.session.add(BankStatementRow(company_id=company_id, account_iban="NL02ABNA0123456789",
                                     statement_date=day, imported_at=AT))  # fmt: skip


def test_a_plans_payments_are_those_booked_to_it(store: Store) -> None:
    s = _Setup(store)
    with store() as uow:
        assert uow.plans.last_statement_on(s.company) is None
        plan_id = uow.plans.add(s.company, s.k1, _plan(("F1",), "121.00"), outside=(),
                                invoice_ids=[s.invoice["F1"]], created_by="a")  # fmt: skip
        other = uow.plans.add(s.company, s.k1, _plan(("F2",), "80.00"), outside=(),
                              invoice_ids=[s.invoice["F2"]], created_by="a")  # fmt: skip
        _paid(uow, s.company, s.k1, ON + timedelta(days=9), "40.00", plan_id=plan_id)
        _paid(uow, s.company, s.k1, ON, "1.00", plan_id=plan_id)
        _paid(uow, s.company, s.k1, ON, "5.00")  # the customer's, not booked to a plan
        _paid(uow, s.company, s.k1, ON, "7.00", plan_id=other)  # to its other plan
        _statement(uow, s.company, ON + timedelta(days=3))
        _statement(uow, s.company, ON + timedelta(days=1))
        uow.commit()
    with store() as uow:
        assert uow.plans.payments(s.company, plan_id) == [
            (ON, D("1.00")), (ON + timedelta(days=9), D("40.00"))]  # fmt: skip
        assert uow.plans.payments(s.other, plan_id) == []
        assert uow.plans.last_statement_on(s.company) == ON + timedelta(days=3)
        assert uow.plans.last_statement_on(s.other) is None


def test_a_plans_approval_task_is_kept_with_it(store: Store) -> None:
    s = _Setup(store)
    with store() as uow:
        plan_id = uow.plans.add(s.company, s.k1, _plan(("F1",), "121.00"), outside=(),
                                invoice_ids=[s.invoice["F1"]], created_by="a")  # fmt: skip
        assert uow.plans.approval_task(s.company, plan_id) is None
        task = Task("K1", TaskKind.FOLLOW_UP, ON, reason(Code.TASK_PLAN_APPROVAL, plan="P"))
        task_id = uow.tasks.add(s.company, s.k1, task)
        uow.plans.set_approval_task(s.company, plan_id, task_id)
        uow.commit()
    with store() as uow:
        assert uow.plans.approval_task(s.company, plan_id) == task_id
        assert uow.plans.approval_task(s.other, plan_id) is None


def test_the_plan_instalment_reminded_is_kept_with_the_plan_in_its_company(store: Store) -> None:
    s = _Setup(store)
    with store() as uow:
        plan_id = uow.plans.add(s.company, s.k1, _plan(("F1",), "121.00"), outside=(),
                                invoice_ids=[s.invoice["F1"]], created_by="a")  # fmt: skip
        assert (got := uow.plans.get(s.company, plan_id)) is not None and got.reminded is None
        uow.plans.remind(s.company, plan_id, Reminded(1, ON + timedelta(days=7)))
        uow.plans.remind(s.other, plan_id, Reminded(2, ON))  # not its company: nothing
        uow.commit()
    with store() as uow:
        [listed] = uow.plans.listed(s.company)
        assert listed.reminded == Reminded(1, ON + timedelta(days=7))


def test_a_plans_fallback_chosen_by_a_person_is_read_with_it(store: Store) -> None:
    """The plan letters name it (services/plans/letters.py); None while the ladder decides."""
    s = _Setup(store)
    with store() as uow:
        plan_id = uow.plans.add(s.company, s.k1, _plan(("F1",), "121.00"), outside=(),
                                invoice_ids=[s.invoice["F1"]], created_by="a")  # fmt: skip
        assert (got := uow.plans.get(s.company, plan_id)) is not None and got.fallback is None
        assert uow.agreements.set_fallback(s.company, AgreementKind.PLAN, plan_id, Rung.NEW_TERM)
        uow.commit()
    with store() as uow:
        assert (got := uow.plans.get(s.company, plan_id)) is not None
        assert got.fallback is Rung.NEW_TERM
        [listed] = uow.plans.listed(s.company)
        assert listed.fallback is Rung.NEW_TERM


def test_matching_reads_the_plans_in_force_as_payment_targets(store: Store) -> None:
    """In force only; the covered invoices oldest due first, each instalment amount once;
    the law's order and whether the plan includes costs and interest."""
    s = _Setup(store)
    with store() as uow:
        both = replace(_plan(("F2", "F1"), "201.00"), costs=D(0), interest=D("1.00"),
                       principal=D("200.00"))  # fmt: skip
        plan_id = uow.plans.add(s.company, s.k1, both, outside=(), created_by="a",
                                invoice_ids=[s.invoice["F2"], s.invoice["F1"]])  # fmt: skip
        belgian = replace(_plan(("F4",), "70.00"), payment_order="")
        offered = uow.plans.add(s.company, s.k2, belgian, outside=(), created_by="a",
                                invoice_ids=[s.invoice["F4"]])  # fmt: skip
        for number, plan in ((plan_id, "7900000000000001"), (offered, "5900000000000002")):
            uow.plans.set_reference(s.company, number, plan)
        uow.plans.move(s.company, plan_id, PlanStatus.OFFERED, PlanStatus.IN_FORCE, on=ON)
        uow.commit()
    with store() as uow:
        assert uow.matching.plans_in_force(s.company) == [(plan_id, PlanInForce(
            "7900000000000001", "K1", "EUR", (D("1.00"), D("66.66"), D("66.68")), ("F1", "F2"),
            by_law=True, costs=False, interest=True,
        ))]  # fmt: skip
        assert uow.matching.plans_in_force(s.other) == []
        uow.plans.move(s.company, offered, PlanStatus.OFFERED, PlanStatus.IN_FORCE, on=ON)
        [_, (_, belgian)] = uow.matching.plans_in_force(s.company)
        assert (belgian.by_law, belgian.invoice_numbers) == (False, ("F4",))


def test_a_payment_drafted_to_a_plan_is_one_of_its_payments(store: Store) -> None:
    s = _Setup(store)
    with store() as uow:
        plan_id = uow.plans.add(s.company, s.k1, _plan(("F1",), "121.00"), outside=(),
                                invoice_ids=[s.invoice["F1"]], created_by="a")  # fmt: skip
        uow.matching.add_payments([PaymentDraft(
            s.company, s.k1, 1, ON, D("60.50"), "EUR", "7900000000000001",
            (AllocationDraft(s.invoice["F1"], D("60.50"), D(0), D(0)),), plan_id,
        )])  # fmt: skip
        uow.commit()
    with store() as uow:
        assert uow.plans.payments(s.company, plan_id) == [(ON, D("60.50"))]
