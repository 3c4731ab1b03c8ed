"""Payment plans in the debtor portal, on the fakes: a proposal within the company's
limits is offered and accepted at once with the customer's written evidence, one outside
them waits for a person; only the plan shown is accepted; a customer accepts only their
own offered plans; a Belgian consumer may ask a plan during the first reminder's term,
and the request is recorded. The world is tests/services/plans/test_plans.py's."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from tests.fakes_collection import StepRecorded
from tests.fakes_plans import PlanTables
from tests.services.plans.test_plans import FIRST, LETTERS, MADE, World
from tijdig.domain.collection.plans import (
    AcceptanceWay,
    IllegalPlanTransition,
    PlanStatus,
    WrittenAcceptance,
)
from tijdig.domain.collection.records import ReasonCode, TaskKind
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Customer
from tijdig.domain.reason_texts import plain
from tijdig.domain.reasons import Code, reason
from tijdig.services.plans import plans
from tijdig.services.plans import portal as portal_plans
from tijdig.services.plans.plans import PlanTerms
from tijdig.services.plans.portal import Proposal
from tijdig.services.records import disputes

D = Decimal
ON = MADE.date()
SHOWN = "Betalingsregeling ... Ik aanvaard deze betalingsregeling."


@pytest.fixture
def world() -> World:
    return World()


def _customer(world: World, number: str) -> Customer:
    with world.db.uow() as uow:
        found = uow.customers.get(world.company.id or 0, number)
    assert found is not None
    return found


def _evidence(at: datetime = MADE) -> WrittenAcceptance:
    return WrittenAcceptance(AcceptanceWay.PORTAL, at, ip_address="192.0.2.7", shown_text=SHOWN)


def _propose(world: World, number: str, wanted: Proposal, **kw: object) -> portal_plans.Proposed:
    customer = _customer(world, number)
    draft, _outside = portal_plans.draft(world.db.uow(), world.company, customer, wanted, on=ON)
    shown = kw.pop("shown", draft)
    return portal_plans.propose(world.db.uow(), world.company, customer, wanted,
                                shown=shown, acceptance=kw.pop("acceptance", _evidence()),  # type: ignore[arg-type]
                                letters=LETTERS, on=ON, at=MADE)  # fmt: skip


def _actions(world: World) -> list[tuple[str, str]]:
    return [(e.action, e.actor) for e in world.db.audit_entries
            if e.action.startswith(("plan.", "portal."))]  # fmt: skip


def test_a_proposal_within_the_limits_is_offered_and_accepted_at_once(world: World) -> None:
    made = _propose(world, "B1", Proposal(4, FIRST, D("100.00")))
    assert made.accepted and made.outside_limits == ()
    plan = made.plan
    assert (plan.invoice_numbers, plan.total, plan.accepted_on) == (("F1", "F2"), D("1000.00"), ON)
    assert [p.amount for p in plan.instalments] == [D("100.00")] + [D("225.00")] * 4
    with world.db.uow() as uow:
        cid = world.company.id or 0
        kept = uow.plans.acceptance(cid, made.plan_id)
        stored = uow.plans.get(cid, made.plan_id)
    assert stored is not None and stored.plan.status is PlanStatus.IN_FORCE
    assert kept == _evidence(MADE.astimezone(UTC))  # the moment, the address, the text
    assert _actions(world) == [("plan.offer", "portal"), ("plan.accept", "portal")]


def test_a_proposal_outside_the_limits_waits_for_a_person(world: World) -> None:
    made = _propose(world, "B1", Proposal(24, FIRST))
    assert not made.accepted and made.plan.status is PlanStatus.PROPOSED
    codes = [r.code for r in made.outside_limits]
    assert codes == [Code.PLAN_TOO_MANY_INSTALMENTS, Code.PLAN_TOO_LONG]  # 24 of 41.66
    with world.db.uow() as uow:
        cid = world.company.id or 0
        assert uow.plans.acceptance(cid, made.plan_id) is None  # nothing accepted
        [(_, task)] = uow.tasks.open_for_customer(cid, _customer(world, "B1").id or 0)
    assert task.kind is TaskKind.FOLLOW_UP and "approve" in plain(task.title)
    assert _actions(world) == [("plan.propose", "portal")]
    # The person approves it; the customer then accepts the offered plan in the portal.
    plans.approve_plan(world.db.uow(), world.company, made.plan_id, actor="anne", at=MADE)
    accepted = portal_plans.accept_offered(world.db.uow(), world.company,
                                           _customer(world, "B1"), made.plan_id, _evidence(),
                                           letters=LETTERS, on=ON, at=MADE)  # fmt: skip
    assert accepted.status is PlanStatus.IN_FORCE


def test_a_plan_that_came_out_other_than_shown_stays_offered(world: World) -> None:
    customer = _customer(world, "B1")
    other, _ = portal_plans.draft(world.db.uow(), world.company, customer, Proposal(2, FIRST),
                                  on=ON)  # fmt: skip
    made = _propose(world, "B1", Proposal(4, FIRST), shown=other)
    assert not made.accepted and made.plan.status is PlanStatus.OFFERED
    with world.db.uow() as uow:
        assert uow.plans.acceptance(world.company.id or 0, made.plan_id) is None


def test_a_proposal_covers_the_open_undisputed_invoices_in_no_other_plan(world: World) -> None:
    disputes.open_dispute(world.db.uow(), world.company, "F2", ReasonCode.DISSATISFIED,
                          as_of=ON, actor="anne", at=MADE)  # fmt: skip
    made = _propose(world, "B1", Proposal(2, FIRST))
    assert made.plan.invoice_numbers == ("F1",)
    customer = _customer(world, "B1")
    with pytest.raises(RuleViolation, match="no open invoices"):
        portal_plans.draft(world.db.uow(), world.company, customer, Proposal(2, FIRST), on=ON)
    found = portal_plans.portal_plans(world.db.uow(), world.company, customer, as_of=ON)
    assert ([s.plan_id for s in found.plans], found.coverable) == ([made.plan_id], ())


@pytest.mark.parametrize(
    ("wanted", "field"),
    [(Proposal(0, FIRST), "instalments"), (Proposal(61, FIRST), "instalments"),
     (Proposal(2, ON - timedelta(days=1)), "first"),
     (Proposal(2, ON + timedelta(days=367)), "first"),
     (Proposal(2, FIRST, D("1000.00")), "deposit")],
)  # fmt: skip
def test_a_proposal_the_form_cannot_make_is_refused_naming_the_field(
    world: World, wanted: Proposal, field: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        _propose(world, "B1", wanted)
    assert refused.value.field == field
    assert world.db.tables.plans == {}  # type: ignore[attr-defined]


def test_a_customer_accepts_only_their_own_offered_plan(world: World) -> None:
    offered = plans.offer_plan(world.db.uow(), world.company, "B1", PlanTerms(("F1",), 2, FIRST),
                               on=ON, actor="anne", at=MADE)  # fmt: skip
    with pytest.raises(NotFound):
        portal_plans.accept_offered(world.db.uow(), world.company, _customer(world, "P1"),
                                    offered.plan_id, _evidence(), letters=LETTERS, on=ON,
                                    at=MADE)  # fmt: skip
    with world.db.uow() as uow:
        assert uow.plans.acceptance(world.company.id or 0, offered.plan_id) is None
    b1 = _customer(world, "B1")
    portal_plans.accept_offered(world.db.uow(), world.company, b1, offered.plan_id, _evidence(),
                                letters=LETTERS, on=ON, at=MADE)  # fmt: skip
    with pytest.raises(IllegalPlanTransition):  # once is enough
        portal_plans.accept_offered(world.db.uow(), world.company, b1, offered.plan_id,
                                    _evidence(), letters=LETTERS, on=ON, at=MADE)  # fmt: skip


def _first_reminder(world: World, sent: date) -> None:
    tables = world.db.tables
    assert isinstance(tables, PlanTables)
    tables.steps_taken.append(StepRecorded(world.invoice["F4"], "first_reminder", "email", sent,
                                           None, 0))  # fmt: skip


def test_a_belgian_consumer_may_ask_a_plan_during_the_first_reminders_term(
    world: World,
) -> None:
    _first_reminder(world, date(2026, 3, 10))  # by e-mail: the term runs to Tue 03-24
    p2 = _customer(world, "P2")
    found = portal_plans.portal_plans(world.db.uow(), world.company, p2, as_of=ON)
    assert found.request_until == date(2026, 3, 24)
    until = portal_plans.request_plan(world.db.uow(), world.company, p2, as_of=ON, at=MADE)
    assert until == date(2026, 3, 24)
    assert _actions(world) == [("portal.plan_request", "portal")]
    with world.db.uow() as uow:
        cid = world.company.id or 0
        [note] = uow.contact_log.timeline(cid, p2.id or 0)
        [(_, task)] = uow.tasks.open_for_customer(cid, p2.id or 0)
    assert note.summary == reason(Code.PLAN_REQUESTED, until=until) and note.by == "portal"
    assert plain(task.title) == (
        "The customer asked a payment plan in the portal (term until 2026-03-24): offer one"
    )
    assert (task.kind, task.due_on) == (TaskKind.FOLLOW_UP, ON)
    again = portal_plans.request_plan(world.db.uow(), world.company, p2, as_of=ON, at=MADE)
    assert again == until and len(_actions(world)) == 1  # asked twice, recorded once


def test_no_plan_is_asked_after_the_term_nor_where_the_law_gives_no_such_term(
    world: World,
) -> None:
    _first_reminder(world, date(2026, 3, 10))
    after = date(2026, 3, 25)
    p2, p1 = _customer(world, "P2"), _customer(world, "P1")  # P1: a Dutch 14-day letter runs
    assert portal_plans.portal_plans(world.db.uow(), world.company, p2,
                                     as_of=after).request_until is None  # fmt: skip
    assert portal_plans.portal_plans(world.db.uow(), world.company, p1,
                                     as_of=ON).request_until is None  # fmt: skip
    for customer, day in ((p2, after), (p1, ON)):
        with pytest.raises(RuleViolation, match="no term"):
            portal_plans.request_plan(world.db.uow(), world.company, customer, as_of=day, at=MADE)
    assert _actions(world) == []
