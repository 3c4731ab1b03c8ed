"""The letters about a payment plan go through the outbox once: the confirmation with
the acceptance (in its transaction), the reminder of a missed plan instalment when asked.
On the fakes; the words are tests/adapters/render/test_plan_letters.py's."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from tests.fakes_plans import FakePlanLetters
from tests.services.plans.test_plans import MADE, World
from tijdig.domain.collection.ladder import AgreementKind, Ladder, Rung
from tijdig.domain.collection.plan_letters import Fallback, PlanLetter, PlanLetterKind
from tijdig.domain.collection.plans import (
    AcceptanceWay,
    IllegalPlanTransition,
    PlanStatus,
    WrittenAcceptance,
)
from tijdig.domain.collection.records import Promise
from tijdig.domain.errors import RuleViolation
from tijdig.domain.parties import Company, Customer, Language
from tijdig.services.ladder.fallbacks import choose_fallback, set_ladder
from tijdig.services.outbox import DeliveryChannel, OutboxStatus
from tijdig.services.plans import plans
from tijdig.services.plans.letters import RenderedLetter, queue_confirmation, queue_missed_reminder

SIGNED = WrittenAcceptance(AcceptanceWay.SIGNED_COPY, MADE, filename="akkoord.pdf",
                           mime_type="application/pdf", content=b"%PDF")  # fmt: skip
BY = {"actor": "anne"}


@pytest.fixture
def world() -> World:
    return World()


def _accept(world: World, letters: FakePlanLetters, plan_id: int) -> None:
    plans.accept_plan(world.db.uow(), world.company, plan_id, SIGNED, letters=letters,
                      on=MADE.date(), at=MADE, **BY)  # fmt: skip


def _outbox(world: World) -> list[tuple[str, DeliveryChannel, str, str, str]]:
    rows = world.db.tables.outbox.values()
    return [(o.entry.key, o.entry.channel, o.entry.recipient, o.entry.subject, o.text)
            for o in rows]  # fmt: skip


def _with_email(world: World, number: str, email: str, language: Language) -> None:
    with world.db.uow() as uow:
        cid = world.company.id or 0
        customer = uow.customers.get(cid, number)
        assert customer is not None
        uow.customers.save_many(cid, [replace(customer, email=email, language=language)])
        uow.commit()


def test_accepting_a_plan_queues_its_confirmation_once(world: World) -> None:
    _with_email(world, "B1", "ap@bakkerij.example", Language.EN)
    offered = world.offer("B1", "F1", "F2", count=2)
    letters = FakePlanLetters()
    _accept(world, letters, offered.plan_id)
    cid = world.company.id or 0
    [(key, channel, recipient, subject, text)] = _outbox(world)
    assert (key, channel, recipient) == (f"plan_confirmation-{cid}-{offered.plan_id}",
                                         DeliveryChannel.EMAIL, "ap@bakkerij.example")  # fmt: skip
    assert subject == "plan_confirmation 7900000000000001"
    # in the customer's language; a Dutch company's references are betalingskenmerken
    assert text.startswith(
        "en: 1 2026-04-01 500.00 7900000000000001; 2 2026-05-01 500.00 7900000000000001"
    )
    [letter] = letters.rendered
    assert (letter.plan.status, letter.accepted_on, letter.written_on) == (
        PlanStatus.IN_FORCE, MADE.date(), MADE.date())  # fmt: skip
    [outgoing] = world.db.tables.outbox.values()
    assert [a.filename for a in outgoing.attachments] == ["plan.pdf"]
    with pytest.raises(IllegalPlanTransition):  # accepted twice: refused, nothing queued
        _accept(world, letters, offered.plan_id)
    with world.db.uow() as uow:  # a retry of the queueing itself finds its row
        stored = uow.plans.get(cid, offered.plan_id)
        assert stored is not None
        again = queue_confirmation(uow, letters, world.company, stored, on=MADE.date(), now=MADE)
        uow.commit()
    assert again == outgoing.entry.id and len(_outbox(world)) == 1
    assert outgoing.entry.status is OutboxStatus.PENDING  # `tijdig send` sends it


def test_without_an_email_address_the_confirmation_goes_by_post(world: World) -> None:
    offered = world.offer("P1", "F3", count=2)
    _accept(world, FakePlanLetters(), offered.plan_id)
    [(_key, channel, recipient, _subject, text)] = _outbox(world)
    assert (channel, recipient) == (DeliveryChannel.LETTER, "Piet")
    assert text.startswith("nl: ")


class _Broken:
    def render(self, letter: PlanLetter, *, company: Company, customer: Customer) -> RenderedLetter:
        raise RuleViolation("the printer ran out of paper")


def test_a_confirmation_that_cannot_be_written_leaves_the_plan_offered(world: World) -> None:
    offered = world.offer("B1", "F1")
    with pytest.raises(RuleViolation, match="paper"):
        plans.accept_plan(world.db.uow(), world.company, offered.plan_id, SIGNED,
                          letters=_Broken(), on=MADE.date(), at=MADE, **BY)  # fmt: skip
    with world.db.uow() as uow:
        cid = world.company.id or 0
        stored = uow.plans.get(cid, offered.plan_id)
        assert stored is not None and stored.plan.status is PlanStatus.OFFERED
        assert uow.plans.acceptance(cid, offered.plan_id) is None
    assert _outbox(world) == []


def test_a_missed_plan_instalment_is_reminded_once(world: World) -> None:
    """Plan instalment 1 was due Wed 1 April 2026; written Thu 2 April, the new day is a
    week on: Thu 9 April. Good Friday (3 April) and Easter Monday (6 April) do not move it."""
    offered = world.offer("B1", "F1", "F2", count=2)
    letters = FakePlanLetters()
    _accept(world, letters, offered.plan_id)
    now = datetime(2026, 4, 2, 9, 0, tzinfo=MADE.tzinfo)

    def remind(number: int) -> int:
        return queue_missed_reminder(world.db.uow(), letters, world.company, offered.plan_id,
                                     number, on=now.date(), now=now, **BY)  # fmt: skip

    first, again = remind(1), remind(1)
    assert first == again
    cid = world.company.id or 0
    keys = [row[0] for row in _outbox(world)]
    assert keys == [f"plan_confirmation-{cid}-{offered.plan_id}",
                    f"plan_missed_instalment-{cid}-{offered.plan_id}-1"]  # fmt: skip
    letter = letters.rendered[-1]
    assert letter.kind is PlanLetterKind.MISSED_INSTALMENT
    assert letter.missed is not None and letter.missed.reference == "7900000000000001"
    assert letter.pay_by == date(2026, 4, 9)
    assert [e.action for e in world.db.audit_entries][-1] == "plan.missed_reminder"
    with pytest.raises(RuleViolation, match="due 2026-05-01"):  # not missed yet
        remind(2)


def test_a_plan_not_accepted_gets_no_reminder(world: World) -> None:
    offered = world.offer("B1", "F1")
    day = offered.plan.instalments[0].due_on + timedelta(days=2)
    with pytest.raises(RuleViolation, match="not accepted in writing"):
        queue_missed_reminder(world.db.uow(), FakePlanLetters(), world.company, offered.plan_id,
                              1, on=day, now=MADE, **BY)  # fmt: skip
    assert _outbox(world) == []


def _remind(world: World, letters: FakePlanLetters, plan_id: int, number: int) -> PlanLetter:
    now = datetime(2026, 4, 2, 9, 0, tzinfo=MADE.tzinfo)
    queue_missed_reminder(world.db.uow(), letters, world.company, plan_id, number,
                          on=now.date(), now=now, **BY)  # fmt: skip
    return letters.rendered[-1]


def test_the_letters_name_the_rung_of_the_ladder_that_follows_a_broken_plan(
    world: World,
) -> None:
    """What follows is what the run will propose once the plan breaks (`fallback_of`
    with the customer's agreements broken before it): on the default ladder a first
    broken plan gets one new plan; a ladder without plans the rung after it."""
    letters = FakePlanLetters()
    first = world.offer("B1", "F1", "F2", count=2)
    _accept(world, letters, first.plan_id)
    assert letters.rendered[-1].fallback is Fallback.PAYMENT_PLAN
    assert _outbox(world)[-1][4].endswith("; payment_plan")
    ladder = Ladder((Rung.NEW_TERM, Rung.AGENCY))
    set_ladder(world.db.uow(), world.company, ladder, actor="admin", at=MADE)
    assert _remind(world, letters, first.plan_id, 1).fallback is Fallback.AGENCY


def test_a_customer_who_broke_an_agreement_before_is_told_the_next_rung(world: World) -> None:
    """P1 broke a promise (to pay by 10 March): a plan of theirs is the second agreement broken,
    so past its own rung, the default ladder's top: the agency."""
    with world.db.uow() as uow:
        cid = world.company.id or 0
        customer_id = uow.customers.ids_by_number(cid)["P1"]
        uow.promises.add(cid, customer_id, Promise("P1", date(2026, 3, 10), date(2026, 3, 5),
                                                   kept=False))  # fmt: skip
        uow.commit()
    letters = FakePlanLetters()
    offered = world.offer("P1", "F3", count=2)
    _accept(world, letters, offered.plan_id)
    assert letters.rendered[-1].fallback is Fallback.AGENCY


def test_a_fallback_a_person_chose_for_the_plan_is_the_one_named(world: World) -> None:
    letters = FakePlanLetters()
    offered = world.offer("B1", "F1", "F2", count=2)
    _accept(world, letters, offered.plan_id)
    choose_fallback(world.db.uow(), world.company, AgreementKind.PLAN, offered.plan_id,
                    Rung.NEW_TERM, actor="anne", at=MADE)  # fmt: skip
    assert _remind(world, letters, offered.plan_id, 1).fallback is Fallback.NEW_TERM
