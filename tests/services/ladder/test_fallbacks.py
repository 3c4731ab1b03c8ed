"""Plan B (S0-6) on the fakes: a broken agreement's fallback is proposed by the next run,
by every run until a person's approval carries it out, and carried out once: a new term
(held like a promise), a task to offer a plan, or the hand-over. The dated examples of
docs/dunning.md ("Plan B") are tests/engine/test_ladder_examples.py."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.services.ladder.world import LEAP, World
from tijdig.domain.collection.ladder import AgreementKind, Ladder, Rung
from tijdig.domain.collection.records import TaskKind
from tijdig.domain.collection.run_items import RunItemStatus
from tijdig.domain.reasons import Code, reason
from tijdig.services.ladder import fallbacks


def test_a_broken_promise_is_followed_by_a_new_term_proposed_until_approved() -> None:
    w = World()
    w.promise(LEAP, date(2028, 2, 15))
    first = w.run(date(2028, 3, 1))
    assert [(i.step_key, i.status) for i in first] == [("new_term", RunItemStatus.PROPOSED)]
    assert "broken on 2028-03-01" in first[0].summary
    # nobody decides: the next run proposes it again, the first gives way
    second = w.run(date(2028, 3, 2))
    assert [i.step_key for i in second] == ["new_term"]
    with w.db.uow() as uow:
        assert uow.runs.item(first[0].id).status is RunItemStatus.SUPERSEDED  # type: ignore[union-attr]
    # skipped: still proposed by the next run
    w.decide("skip", second[0], date(2028, 3, 2))
    third = w.run(date(2028, 3, 3))
    assert [i.step_key for i in third] == ["new_term"]
    # approved: carried out, the new term holds the customer, and no run proposes it again
    w.decide("approve", third[0], date(2028, 3, 3))
    with w.db.uow() as uow:
        assert uow.runs.item(third[0].id).status is RunItemStatus.DONE  # type: ignore[union-attr]
        terms = [p for p in uow.promises.for_customer(w.cid, w.customer_id)
                 if p.kind is AgreementKind.NEW_TERM]  # fmt: skip
        notes = [e.summary for e in uow.contact_log.timeline(w.cid, w.customer_id)]
    assert [(t.made_on, t.promised_date, t.fallback) for t in terms] == [
        (date(2028, 3, 3), date(2028, 3, 17), Rung.PAYMENT_PLAN)
    ]
    assert any("new term to 2028-03-17" in title for _, title in w.tasks())
    assert reason(Code.NEW_TERM_GIVEN, until=date(2028, 3, 17)) in notes  # said in words
    assert w.run(date(2028, 3, 6)) == []


def test_a_plan_broken_twice_leads_to_the_agency() -> None:
    w = World()
    w.broken_plan(date(2028, 1, 31), ended=date(2028, 3, 31))
    first = w.run(date(2028, 3, 31))
    assert [i.step_key for i in first] == ["payment_plan"]  # one more chance
    w.decide("approve", first[0], date(2028, 3, 31))
    assert (TaskKind.FOLLOW_UP, "Cees: Offer a payment plan (plan B): tijdig plan offer") in (
        w.tasks()
    )
    w.broken_plan(date(2028, 4, 3), ended=date(2028, 4, 30))
    second = w.run(date(2028, 4, 30))
    assert [i.step_key for i in second] == ["agency"]
    w.decide("approve", second[0], date(2028, 4, 30))
    assert any(kind is TaskKind.HAND_OVER for kind, _ in w.tasks())
    hand_overs = [s for s in w.db.steps_taken() if s.step_key == "hand_over"]
    with w.db.uow() as uow:
        f1 = uow.invoices.search(w.cid, customer_id=w.customer_id)[0].id
    assert [(s.invoice_id, s.taken_on) for s in hand_overs] == [(f1, date(2028, 4, 30))]


def test_a_person_chooses_a_fallback_and_the_company_its_ladder() -> None:
    w = World()
    promise_id = w.promise(LEAP, date(2028, 2, 1))
    at = datetime(2028, 2, 2, tzinfo=UTC)
    fallbacks.choose_fallback(w.db.uow(), w.company, AgreementKind.PROMISE, promise_id,
                              Rung.AGENCY, actor="anne", at=at)  # fmt: skip
    assert [i.step_key for i in w.run(date(2028, 3, 1))] == ["agency"]
    ladder = Ladder((Rung.PAYMENT_PLAN, Rung.AGENCY), name_agency_after=1)
    fallbacks.set_ladder(w.db.uow(), w.company, ladder, actor="anne", at=at)
    assert fallbacks.show_ladder(w.db.uow(), w.company) == ladder
    assert [e.action for e in w.db.audit_entries if e.action.startswith("ladder.")] == [
        "ladder.fallback", "ladder.set"
    ]  # fmt: skip


def test_plan_b_waits_while_the_customer_has_nothing_overdue() -> None:
    w = World()
    w.promise(LEAP, date(2028, 2, 1))
    assert [i.step_key for i in w.run(date(2028, 3, 1))] == ["new_term"]
    w.pay_all()
    assert w.run(date(2028, 3, 2)) == []
    w.late_again(due=date(2028, 3, 31))
    assert [i.step_key for i in w.run(date(2028, 4, 3))] == ["new_term"]
