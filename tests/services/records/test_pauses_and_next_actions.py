"""Pausing dunning by hand and setting the next action (issue 15), on the fake unit of
work: each is kept, written where the timeline reads it (the contact log, the agenda),
audited in the same transaction; bad input is refused, naming the field, and nothing
is kept."""

from __future__ import annotations

from datetime import date

import pytest

from tests.fakes import FakeDatabase, FakeUnitOfWork
from tests.services.records.data import ACTOR, BY, NOW
from tijdig.domain.collection.pauses import DunningPause
from tijdig.domain.collection.records import TaskKind
from tijdig.domain.errors import InvalidValue, NotFound
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, Reason
from tijdig.services.records import pauses, tasks

TODAY = date(2026, 12, 31)  # a year's last day: the pause runs into the next


def _audit(db: FakeDatabase) -> list[tuple[str, str, str]]:
    return [(e.action, e.subject, e.details) for e in db.audit_entries
            if e.actor == ACTOR and e.at == NOW]  # fmt: skip


def test_a_pause_is_kept_logged_and_audited(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    done = pauses.pause_dunning(uow, company, "1001", until=date(2027, 1, 15),
                                why="  Director   away ", as_of=TODAY, **BY)  # fmt: skip
    assert done == DunningPause("1001", TODAY, date(2027, 1, 15), "Director away", None, done.id)
    assert pauses.pauses_of(uow, company, "1001") == [done]
    assert pauses.pauses_of(uow, company, "2001") == []
    with db.uow() as reading:
        [event] = reading.contact_log.timeline(company.id or 0, 1)
    assert isinstance(event.summary, Reason) and event.summary.code is Code.PAUSE_SET
    assert event.summary.params == {"until": date(2027, 1, 15), "why": "Director away"}
    assert _audit(db) == [("customer.pause", "customer 1001",
                           "from 2026-12-31 until 2027-01-15")]  # fmt: skip


@pytest.mark.parametrize(
    ("number", "until", "why", "refused"),
    [("1001", TODAY, "x", InvalidValue), ("1001", date(2027, 1, 15), "", InvalidValue),
     ("9999", date(2027, 1, 15), "x", NotFound)],
)  # fmt: skip
def test_a_refused_pause_keeps_nothing(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company, number: str, until: date, why: str,
    refused: type[Exception],
) -> None:  # fmt: skip
    before = db.snapshot()
    with pytest.raises(refused):
        pauses.pause_dunning(uow, company, number, until=until, why=why, as_of=TODAY, **BY)
    assert db.snapshot() == before


def test_the_next_action_is_a_task_in_the_agenda_audited(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    task_id, task = tasks.add_task(uow, company, "2001", title=" Call back  Piet ",
                                   due_on=TODAY, as_of=TODAY, **BY)  # fmt: skip
    assert (task.kind, task.due_on, task.title) == (TaskKind.FOLLOW_UP, TODAY, "Call back Piet")
    with db.uow() as reading:
        assert reading.tasks.get(company.id or 0, task_id) == task
    said = "follow_up on 2026-12-31: Call back Piet"
    assert _audit(db) == [("task.add", f"task {task_id}", said)]


@pytest.mark.parametrize(
    ("title", "due_on", "field"),
    [("", TODAY, "title"), ("x" * 301, TODAY, "title"), ("Call", date(2026, 12, 30), "due")],
)
def test_a_refused_next_action_names_the_field_and_keeps_nothing(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company, title: str, due_on: date, field: str
) -> None:
    before = db.snapshot()
    with pytest.raises(InvalidValue) as refused:
        tasks.add_task(uow, company, "2001", title=title, due_on=due_on, as_of=TODAY, **BY)
    assert refused.value.field == field
    assert db.snapshot() == before


def test_a_pause_lifted_holds_no_more_from_that_day_and_lifting_none_is_refused(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    set_on, lifted_on = date(2026, 2, 27), date(2026, 2, 28)  # no 29 February in 2026
    pauses.pause_dunning(uow, company, "1001", until=date(2026, 3, 31), why="Holidays",
                         as_of=set_on, **BY)  # fmt: skip
    [lifted] = pauses.lift_pause(uow, company, "1001", as_of=lifted_on, **BY)
    [stored] = pauses.pauses_of(uow, company, "1001")
    assert stored.lifted_on == lifted_on and lifted.until == date(2026, 3, 31)
    assert stored.holds_on(set_on) and not stored.holds_on(lifted_on)
    assert _audit(db)[-1] == ("customer.pause_lift", "customer 1001", "on 2026-02-28")
    before = db.snapshot()
    with pytest.raises(NotFound):
        pauses.lift_pause(uow, company, "1001", as_of=lifted_on, **BY)
    assert db.snapshot() == before
