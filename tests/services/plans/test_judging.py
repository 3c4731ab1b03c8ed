"""Plans in force judged against the bank: a plan instalment unpaid once the next working
day's statement is booked plans a call on the working day after and queues its reminder
with a new day to pay by; still unpaid once the statement of the working day after that
day is booked, the plan breaks; a plan paid in full is kept; nothing is judged ahead of
today. On the fakes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.fakes_plans import FakePlanLetters
from tests.services.plans.test_plans import LETTERS, MADE, World
from tijdig.domain.collection.plan_letters import PlanLetterKind
from tijdig.domain.collection.plan_rules import Reminded
from tijdig.domain.collection.plans import AcceptanceWay, PlanStatus, WrittenAcceptance
from tijdig.domain.collection.records import TaskKind
from tijdig.domain.money import Money
from tijdig.domain.reasons import Code, reason
from tijdig.services.plans import plans
from tijdig.services.plans.judging import Judged, judge_plans

NOW = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
REMINDERS = FakePlanLetters()


def _in_force(world: World) -> int:
    """B1's F1 (600.00) in two plan instalments, Wed 04-01 and Fri 05-01, accepted 03-19."""
    offered = world.offer("B1", "F1", count=2)
    signed = WrittenAcceptance(AcceptanceWay.SIGNED_COPY, MADE, filename="ok.pdf",
                               content=b"%PDF")  # fmt: skip
    plans.accept_plan(world.db.uow(), world.company, offered.plan_id, signed, letters=LETTERS,
                      on=MADE.date(), at=MADE, actor="anne")  # fmt: skip
    return offered.plan_id


def _judge(world: World, as_of: date, statement: date | None) -> Judged | None:
    if statement is not None:
        world.db.set_last_statement(world.company.id or 0, statement)
    return judge_plans(world.db.uow(), world.company, letters=REMINDERS, as_of=as_of,
                       today=TODAY, actor="run", at=NOW)  # fmt: skip


def _pay(world: World, day: date, amount: str, *, plan_id: int | None) -> None:
    """A payment of B1's, booked to the plan `plan_id` (as matching books one) or not."""
    with world.db.uow() as uow:
        b1 = uow.customers.ids_by_number(world.company.id or 0)["B1"]
        uow.ledger.pay(b1, day, Decimal(amount), plan_id=plan_id)
        uow.commit()


def _status(world: World, plan_id: int) -> PlanStatus:
    return plans.plan_of(world.db.uow(), world.company, plan_id).plan.status


@pytest.fixture
def world() -> World:
    return World()


def _reminders(world: World) -> list[str]:
    kind = PlanLetterKind.MISSED_INSTALMENT.value
    return [o.entry.key for o in world.db.tables.outbox.values() if o.entry.key.startswith(kind)]


def _tasks(world: World) -> list[tuple[TaskKind, date]]:
    with world.db.uow() as uow:
        cid = world.company.id or 0
        found = uow.tasks.open_for_customer(cid, uow.customers.ids_by_number(cid)["B1"])
    return [(task.kind, task.due_on) for _id, task in found]


def test_a_missed_instalment_plans_a_call_and_a_reminder_and_the_plan_stays_in_force(
    world: World,
) -> None:
    plan_id = _in_force(world)
    assert _judge(world, date(2026, 4, 2), date(2026, 4, 1)) == Judged()  # 04-02 not booked
    assert _status(world, plan_id) is PlanStatus.IN_FORCE
    assert _judge(world, date(2026, 4, 3), date(2026, 4, 2)) == Judged(reminded=1)
    stored = plans.plan_of(world.db.uow(), world.company, plan_id)
    assert stored.plan.status is PlanStatus.IN_FORCE
    # Written Fri 04-03, the new day is a week on: Fri 04-10.
    assert stored.reminded == Reminded(1, date(2026, 4, 10))
    with world.db.uow() as uow:
        cid = world.company.id or 0
        [(_id, task)] = uow.tasks.open_for_customer(cid, uow.customers.ids_by_number(cid)["B1"])
    # Fri 04-03 is Good Friday and Mon 04-06 Easter Monday: the call is on Tue 04-07.
    assert (task.kind, task.due_on) == (TaskKind.CALL, date(2026, 4, 7))
    assert task.title == reason(Code.TASK_PLAN_MISSED, plan="7900000000000001",
                                due=date(2026, 4, 1))  # fmt: skip
    assert task.reasons == (reason(Code.PLAN_INSTALMENT_MISSED, plan="7900000000000001",
                                   due=date(2026, 4, 1), amount=Money("EUR", Decimal("300.00")),
                                   counted=date(2026, 4, 2)),)  # fmt: skip
    assert _reminders(world) == [f"plan_missed_instalment-{world.company.id}-{plan_id}-1"]
    assert [e.action for e in world.db.audit_entries][-1] == "plan.missed_reminder"
    assert _judge(world, date(2026, 4, 8), date(2026, 4, 7)) == Judged()  # reminded once
    assert len(_tasks(world)) == 1 and len(_reminders(world)) == 1


def test_a_missed_instalment_unpaid_past_its_reminders_day_breaks_the_plan(world: World) -> None:
    """Reminded to pay by Fri 04-10: paid only on Tue 04-14, after Monday's statement."""
    plan_id = _in_force(world)
    assert _judge(world, date(2026, 4, 3), date(2026, 4, 2)) == Judged(reminded=1)
    _pay(world, date(2026, 4, 14), "300.00", plan_id=plan_id)
    assert _judge(world, date(2026, 4, 13), date(2026, 4, 10)) == Judged()  # Mon not booked
    assert _status(world, plan_id) is PlanStatus.IN_FORCE
    assert _judge(world, date(2026, 4, 14), date(2026, 4, 13)) == Judged(broken=1)
    stored = plans.plan_of(world.db.uow(), world.company, plan_id).plan
    assert (stored.status, stored.ended_on) == (PlanStatus.BROKEN, date(2026, 4, 13))
    assert [e.action for e in world.db.audit_entries][-1] == "plan.broken"
    assert _tasks(world) == [(TaskKind.CALL, date(2026, 4, 7))]  # plan B follows, no new call
    assert _judge(world, date(2026, 4, 15), date(2026, 4, 14)) == Judged()  # judged once


def test_a_missed_instalment_paid_by_its_reminders_day_keeps_the_plan_running(
    world: World,
) -> None:
    """Paid on Mon 04-13, the working day after the reminder's Fri 04-10: in time. The
    next plan instalment (Fri 05-01) missed is reminded in its turn."""
    plan_id = _in_force(world)
    assert _judge(world, date(2026, 4, 3), date(2026, 4, 2)) == Judged(reminded=1)
    _pay(world, date(2026, 4, 13), "300.00", plan_id=plan_id)
    assert _judge(world, date(2026, 4, 14), date(2026, 4, 13)) == Judged()
    assert _status(world, plan_id) is PlanStatus.IN_FORCE
    assert _judge(world, date(2026, 5, 5), date(2026, 5, 4)) == Judged(reminded=1)
    cid = world.company.id
    assert _reminders(world) == [f"plan_missed_instalment-{cid}-{plan_id}-1",
                                 f"plan_missed_instalment-{cid}-{plan_id}-2"]  # fmt: skip
    assert _status(world, plan_id) is PlanStatus.IN_FORCE


def test_an_instalment_paid_by_the_next_working_day_keeps_the_plan_running(
    world: World,
) -> None:
    plan_id = _in_force(world)
    _pay(world, date(2026, 4, 2), "300.00", plan_id=plan_id)
    assert _judge(world, date(2026, 4, 20), date(2026, 4, 17)) == Judged()
    assert _status(world, plan_id) is PlanStatus.IN_FORCE
    # Mon 05-04: the working day after Fri 05-01
    _pay(world, date(2026, 5, 4), "300.00", plan_id=plan_id)
    assert _judge(world, date(2026, 5, 5), date(2026, 5, 4)) == Judged(kept=1)
    assert _status(world, plan_id) is PlanStatus.KEPT


def test_only_payments_booked_to_the_plan_pay_its_instalments(world: World) -> None:
    """B1 pays 300.00 on 04-01, but for something else (not booked to the plan), and
    300.00 more booked to another plan: the plan instalment of 04-01 is still missed."""
    plan_id = _in_force(world)
    _pay(world, date(2026, 4, 1), "300.00", plan_id=None)
    _pay(world, date(2026, 4, 1), "300.00", plan_id=plan_id + 1)
    assert _judge(world, date(2026, 4, 3), date(2026, 4, 2)) == Judged(reminded=1)
    assert _judge(world, date(2026, 4, 14), date(2026, 4, 13)) == Judged(broken=1)
    assert _status(world, plan_id) is PlanStatus.BROKEN


def test_statements_after_the_day_judged_do_not_count_and_no_day_after_today_is_judged(
    world: World,
) -> None:
    plan_id = _in_force(world)
    assert _judge(world, date(2026, 4, 1), date(2026, 4, 30)) == Judged()  # only to 04-01
    assert _judge(world, date(2026, 5, 21), date(2026, 5, 20)) is None  # after today
    assert _status(world, plan_id) is PlanStatus.IN_FORCE


def test_a_plan_only_offered_is_not_judged(world: World) -> None:
    offered = world.offer("B1", "F1", count=2)
    assert _judge(world, date(2026, 4, 20), date(2026, 4, 17)) == Judged()
    assert _status(world, offered.plan_id) is PlanStatus.OFFERED
