"""Payment plans: offered at once within the company's limits, else proposed for a
person to approve; what they include by the law of the claim; in force only once the
customer accepted in writing; cancelled, their invoices free again. On the fakes
(tests/fakes_plans.py); the repository's contract is tests/adapters/db/test_contract_plans.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from tests.fakes_collection import StepRecorded, _Claimed
from tests.fakes_plans import FakePlanLetters, FakePlansDatabase, PlanTables
from tijdig.domain.collection.plans import (
    AcceptanceWay,
    IllegalPlanTransition,
    PlanLimits,
    PlanStatus,
    WrittenAcceptance,
)
from tijdig.domain.collection.records import TaskKind
from tijdig.domain.errors import InvalidValue
from tijdig.domain.invoices import Invoice
from tijdig.domain.money import Money
from tijdig.domain.parties import Company, Customer, CustomerKind
from tijdig.domain.reasons import Code, reason
from tijdig.services.plans import limits as plan_limits
from tijdig.services.plans import plans
from tijdig.services.plans.plans import PlanTerms

D = Decimal
LETTERS = FakePlanLetters()
MADE = datetime(2026, 3, 19, 10, 0, tzinfo=UTC)
BY = {"actor": "anne"}
FIRST = date(2026, 4, 1)


class World:
    """ACME (NL) with a business (B1: F1 600.00, F2 400.00), a Dutch consumer (P1: F3
    300.00, with a 14-day letter posted Tue 03-03: costs from Fri 03-20, and 75.00
    costs and 2.10 interest claimed) and a Belgian consumer (P2: F4 200.00 with 30.00
    damages claimed, and no clause)."""

    def __init__(self) -> None:
        self.db = FakePlansDatabase()
        with self.db.uow() as uow:
            self.company = uow.companies.add(Company("ACME", "Acme"), at=MADE)
            cid = self.company.id or 0
            uow.customers.save_many(cid, [
                Customer("B1", "Bakkerij"),
                Customer("P1", "Piet", kind=CustomerKind.CONSUMER),
                Customer("P2", "Pauline", kind=CustomerKind.CONSUMER, country="BE"),
            ])  # fmt: skip
            ids = uow.customers.ids_by_number(cid)
            self.invoice: dict[str, int] = {}
            for number, customer, total in (
                ("F1", "B1", "600.00"),
                ("F2", "B1", "400.00"),
                ("F3", "P1", "300.00"),
                ("F4", "P2", "200.00"),
            ):
                invoice = Invoice(number, "", date(2026, 1, 1), date(2026, 2, 1), D(total))
                self.invoice[number] = uow.invoices.add(
                    invoice,
                    company_id=cid,
                    fingerprint=number,
                    customer_id=ids[customer],
                    source="t",
                )
            uow.commit()  # fmt: skip
        tables = self.db.tables
        assert isinstance(tables, PlanTables)
        tables.steps_taken.append(
            StepRecorded(
                self.invoice["F3"], "fourteen_day_letter", "letter", date(2026, 3, 3), None, 0
            )
        )
        tables.claims += [
            _Claimed(cid, self.invoice["F3"], "EUR", D("75.00"), D("2.10"), date(2026, 3, 20), 0),
            _Claimed(cid, self.invoice["F4"], "EUR", D("30.00"), D(0), date(2026, 3, 20), 0),
        ]  # fmt: skip

    def offer(self, customer: str, *numbers: str, count: int = 4, at: datetime = MADE,
              **terms: object) -> plans.Offered:  # fmt: skip
        asked = PlanTerms(numbers, count, FIRST, **terms)  # type: ignore[arg-type]
        return plans.offer_plan(self.db.uow(), self.company, customer, asked, on=at.date(),
                                 at=at, **BY)  # fmt: skip


@pytest.fixture
def world() -> World:
    return World()


def test_a_plan_within_the_limits_is_offered_at_once(world: World) -> None:
    offered = world.offer("B1", "F1", "F2")
    plan = offered.plan
    assert (offered.outside_limits, offered.task_id) == ((), None)
    assert (plan.status, plan.reference, plan.total) == (PlanStatus.OFFERED, "7900000000000001",
                                                         D("1000.00"))  # fmt: skip
    assert [p.amount for p in plan.instalments] == [D("250.00")] * 4
    assert plan.payment_order == "costs_interest_principal_6_44"  # the law of the claim: NL
    [stored] = plans.plans_of(world.db.uow(), world.company)
    assert stored.plan == plan
    [entry] = [e for e in world.db.audit_entries if e.action.startswith("plan.")]
    assert (entry.action, entry.subject) == ("plan.offer", "plan 7900000000000001")
    with pytest.raises(InvalidValue, match="in another plan: F1"):
        world.offer("B1", "F1")


def test_a_plan_outside_the_limits_waits_for_a_persons_approval(world: World) -> None:
    plan_limits.set_plan_limits(world.db.uow(), world.company,
                                PlanLimits(max_instalments=3, min_instalment=D("300")),
                                at=MADE, **BY)  # fmt: skip
    offered = world.offer("B1", "F1", "F2")
    too_many = reason(Code.PLAN_TOO_MANY_INSTALMENTS, count=4, most=3)
    too_small = reason(Code.PLAN_INSTALMENT_TOO_SMALL, amount=Money("EUR", D("250.00")),
                       least=Money("EUR", D("300.00")))  # fmt: skip
    assert offered.outside_limits == (too_many, too_small)
    assert offered.plan.status is PlanStatus.PROPOSED
    with world.db.uow() as uow:
        task = uow.tasks.get(world.company.id or 0, offered.task_id or 0)
    assert task is not None
    assert (task.kind, task.due_on, task.reasons) == (TaskKind.FOLLOW_UP, MADE.date(),
                                                      (too_many, too_small))  # fmt: skip
    assert task.title == reason(Code.TASK_PLAN_APPROVAL, plan=offered.plan.reference)
    assert task.done_on is None
    approved = plans.approve_plan(world.db.uow(), world.company, offered.plan_id, at=MADE, **BY)
    assert approved.status is PlanStatus.OFFERED
    with world.db.uow() as uow:
        done = uow.tasks.get(world.company.id or 0, offered.task_id or 0)
    assert done is not None and done.done_on == MADE.date()  # approving closes the task
    actions = [e.action for e in world.db.audit_entries if e.action.startswith("plan.")]
    assert actions == ["plan.limits", "plan.propose", "plan.approve"]
    with pytest.raises(IllegalPlanTransition):
        plans.approve_plan(world.db.uow(), world.company, offered.plan_id, at=MADE, **BY)


@pytest.mark.parametrize(
    ("customer", "invoice", "day", "costs", "interest"),
    [("P1", "F3", date(2026, 3, 19), "0", "2.10"),  # the 14-day letter's term runs
     ("P1", "F3", date(2026, 3, 20), "75.00", "2.10"),  # costs owed from 03-20
     ("P2", "F4", date(2026, 3, 20), "0", "0")],  # BE consumer: no clause, nothing
)  # fmt: skip
def test_a_consumer_plan_includes_costs_only_where_already_owed(
    world: World, customer: str, invoice: str, day: date, costs: str, interest: str
) -> None:
    at = datetime.combine(day, MADE.timetz())
    plan = world.offer(customer, invoice, count=2, at=at).plan
    assert (plan.costs, plan.interest) == (D(costs), D(interest))
    assert sum(p.amount for p in plan.instalments) == plan.total == plan.principal + D(
        costs) + D(interest)  # fmt: skip


def test_a_plan_is_in_force_only_once_accepted_in_writing(world: World) -> None:
    offered = world.offer("B1", "F1", count=2, deposit=D("100.00"))
    assert [p.number for p in offered.plan.instalments] == [0, 1, 2]
    accepted_at = MADE + timedelta(days=1)
    evidence = WrittenAcceptance(
        AcceptanceWay.PORTAL,
        accepted_at,
        ip_address="192.0.2.7",
        shown_text="Ik ga akkoord met betalingsregeling 7900000000000001",
    )
    with pytest.raises(InvalidValue, match="lies before"):  # not before it was made
        plans.accept_plan(world.db.uow(), world.company, offered.plan_id,
                          evidence, letters=LETTERS, on=MADE.date() - timedelta(days=1),
                          at=accepted_at, **BY)  # fmt: skip
    plan = plans.accept_plan(world.db.uow(), world.company, offered.plan_id, evidence,
                             letters=LETTERS, on=accepted_at.date(),
                             at=accepted_at + timedelta(hours=1), **BY)  # fmt: skip
    assert plan.is_in_force(accepted_at.date()) and not plan.is_in_force(MADE.date())
    with world.db.uow() as uow:
        cid = world.company.id or 0
        assert uow.plans.acceptance(cid, offered.plan_id) == evidence
        assert list(uow.plans.in_force_by_customer(cid, accepted_at.date())) == [
            uow.customers.ids_by_number(cid)["B1"]]  # fmt: skip
        [note] = uow.contact_log.timeline(cid, uow.customers.ids_by_number(cid)["B1"])
    assert note.summary == reason(Code.PLAN_ACCEPTED, plan="7900000000000001", way="portal")
    with pytest.raises(IllegalPlanTransition):
        plans.accept_plan(world.db.uow(), world.company, offered.plan_id, evidence,
                          letters=LETTERS, on=accepted_at.date(), at=accepted_at, **BY)  # fmt: skip


def test_a_proposed_plan_cannot_be_accepted_before_approval(world: World) -> None:
    plan_limits.set_plan_limits(world.db.uow(), world.company,
                                PlanLimits(deposit_required=True), at=MADE, **BY)  # fmt: skip
    offered = world.offer("B1", "F1")
    assert offered.outside_limits == (reason(Code.PLAN_DEPOSIT_REQUIRED),)
    signed = WrittenAcceptance(AcceptanceWay.SIGNED_COPY, MADE, filename="akkoord.pdf",
                               mime_type="application/pdf", content=b"%PDF")  # fmt: skip
    with pytest.raises(IllegalPlanTransition):
        plans.accept_plan(
            world.db.uow(),
            world.company,
            offered.plan_id,
            signed,
            letters=LETTERS,
            on=MADE.date(),
            at=MADE,
            **BY,
        )
    with world.db.uow() as uow:
        assert uow.plans.acceptance(world.company.id or 0, offered.plan_id) is None


def test_cancelling_a_proposed_plan_closes_its_approval_task(world: World) -> None:
    plan_limits.set_plan_limits(world.db.uow(), world.company,
                                PlanLimits(deposit_required=True), at=MADE, **BY)  # fmt: skip
    offered = world.offer("B1", "F1")
    later = MADE + timedelta(days=2)
    plans.cancel_plan(world.db.uow(), world.company, offered.plan_id, at=later, **BY)
    with world.db.uow() as uow:
        cid = world.company.id or 0
        task = uow.tasks.get(cid, offered.task_id or 0)
        assert uow.tasks.open_for_customer(cid, uow.customers.ids_by_number(cid)["B1"]) == []
    assert task is not None and task.done_on == later.date()


def test_a_cancelled_plan_frees_its_invoices(world: World) -> None:
    offered = world.offer("B1", "F1")
    cancelled = plans.cancel_plan(world.db.uow(), world.company, offered.plan_id,
                                  note="klant belt terug", at=MADE, **BY)  # fmt: skip
    assert (cancelled.status, cancelled.ended_on) == (PlanStatus.CANCELLED, MADE.date())
    again = world.offer("B1", "F1")
    assert again.plan.reference == "5900000000000002"  # a kenmerk: the company is Dutch
    assert [s.plan.status for s in plans.plans_of(world.db.uow(), world.company,
                                                   customer_number="B1")] == [
        PlanStatus.CANCELLED, PlanStatus.OFFERED]  # fmt: skip
