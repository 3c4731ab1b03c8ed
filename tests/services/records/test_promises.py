"""Promises to pay: recorded with their note, judged kept or broken (S0-5, S3-10)."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.fakes import FakeDatabase, FakeUnitOfWork
from tests.services.records.data import BY, at, judge, pay, settle
from tijdig.domain.collection.ladder import AgreementKind
from tijdig.domain.collection.records import (
    ContactKind,
    Promise,
    TaskKind,
)
from tijdig.domain.errors import NotFound, RuleViolation
from tijdig.domain.money import Money
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code, reason
from tijdig.services.records import agenda as agenda_service
from tijdig.services.records import promises
from tijdig.services.records.ports import DuePromise


def test_a_promise_is_logged_as_a_note(uow: FakeUnitOfWork, company: Company) -> None:
    made = at(date(2026, 11, 23))
    promise = promises.add_promise(
        uow, company, "1001", date(2026, 11, 27), amount=Decimal("500"), made_at=made, **BY
    )
    assert promise.is_in_force(date(2026, 11, 25))
    activity = agenda_service.customer_activity(uow, company, "1001", as_of=date(2026, 11, 23))
    [note] = activity.events
    assert note.kind is ContactKind.NOTE
    assert note.summary == reason(Code.PROMISE_MADE, amount=Money("EUR", Decimal("500")),
                                  promised=date(2026, 11, 27))  # fmt: skip
    assert activity.promises == (promise,)
    with pytest.raises(RuleViolation, match="lies before"):
        promises.add_promise(uow, company, "1001", date(2026, 11, 20), made_at=made, **BY)
    with pytest.raises(NotFound):
        promises.add_promise(uow, company, "9999", date(2026, 11, 30), made_at=made, **BY)


@pytest.mark.parametrize(
    ("customer", "promised", "due_on"),
    [
        ("1001", date(2026, 11, 27), date(2026, 11, 30)),  # Friday -> Monday
        ("1001", date(2026, 12, 24), date(2026, 12, 28)),  # Christmas and a weekend
        ("3001", date(2026, 7, 20), date(2026, 7, 21)),  # NL: an ordinary Tuesday
        ("2001", date(2026, 7, 20), date(2026, 7, 22)),  # BE: 21 July is a holiday
    ],
)
def test_a_promise_not_kept_raises_one_follow_up_on_the_next_working_day(
    uow: FakeUnitOfWork, company: Company, customer: str, promised: date, due_on: date
) -> None:
    made = at(promised - timedelta(days=4))
    promises.add_promise(uow, company, customer, promised, made_at=made, **BY)
    assert judge(uow, company, promised) == 0  # not yet passed
    [lapsed] = agenda_service.agenda(uow, company, as_of=due_on).lapsed  # shown, not judged
    assert lapsed.follow_up.due_on == due_on and lapsed.promise.promised_date == promised
    assert judge(uow, company, due_on) == 1
    first = agenda_service.agenda(uow, company, as_of=due_on)
    [item] = first.items
    assert first.lapsed == ()
    assert item.task.kind is TaskKind.FOLLOW_UP and item.task.due_on == due_on
    assert item.task.title == reason(Code.PROMISE_NOT_KEPT_ALL, promised=promised)
    assert item.script
    assert item.task == lapsed.follow_up  # the agenda showed what the run raised
    assert judge(uow, company, due_on) == 0
    again = agenda_service.agenda(uow, company, as_of=due_on)
    assert [i.task_id for i in again.items] == [item.task_id]
    activity = agenda_service.customer_activity(uow, company, customer, as_of=due_on)
    assert activity.promises[0].kept is False and len(activity.tasks) == 1


def test_a_new_term_not_kept_is_followed_up_as_a_new_term(company: Company) -> None:
    """Plan B's new term is kept or broken as a promise is; its follow-up names it."""
    term = Promise("1001", date(2026, 11, 27), date(2026, 11, 13), kind=AgreementKind.NEW_TERM)
    due = DuePromise(1, 1, "NL", "en", term, paid=Decimal(0), still_open=Decimal(100))
    task = promises.follow_up(due, company)
    assert task.title == reason(Code.NEW_TERM_NOT_KEPT, promised=date(2026, 11, 27))
    assert task.reasons == (task.title,) and "a new term agreed in writing" in task.script
    kept_as_promise = promises.follow_up(
        DuePromise(
            1,
            1,
            "NL",
            "en",
            Promise("1001", date(2026, 11, 27), date(2026, 11, 13)),
            Decimal(0),
            Decimal(100),
        ),
        company,
    )
    assert kept_as_promise.title == reason(Code.PROMISE_NOT_KEPT_ALL, promised=date(2026, 11, 27))
    assert "a promise to pay was not kept" in kept_as_promise.script


def test_a_settled_promise_is_kept_and_raises_nothing(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    promises.add_promise(
        uow, company, "1001", date(2026, 11, 27), made_at=at(date(2026, 11, 23)), **BY
    )
    settle(db, company, "F1")  # F2 was not yet due when the promise was made
    agenda = agenda_service.agenda(uow, company, as_of=date(2026, 11, 30))
    assert agenda.lapsed == () and agenda.items == ()  # nothing to follow up
    assert judge(uow, company, date(2026, 11, 30)) == 0
    activity = agenda_service.customer_activity(uow, company, "1001", as_of=date(2026, 11, 30))
    assert activity.promises[0].kept is True


def test_a_promised_amount_paid_by_the_date_keeps_the_promise(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    promises.add_promise(
        uow,
        company,
        "2001",
        date(2026, 11, 27),
        amount=Decimal("200"),
        made_at=at(date(2026, 11, 23)),
        **BY,
    )
    pay(db, company, "2001", date(2026, 11, 20), Decimal("500.00"))
    pay(db, company, "2001", date(2026, 11, 26), Decimal("200.00"))
    assert agenda_service.agenda(uow, company, as_of=date(2026, 11, 30)).lapsed == ()
    assert judge(uow, company, date(2026, 11, 30)) == 0
    made = agenda_service.customer_activity(uow, company, "2001", as_of=date(2026, 11, 30))
    assert made.promises[0].kept is True


@pytest.mark.parametrize(
    "today",
    [date(2026, 11, 27), date(2026, 11, 29)],  # the promised day; a Sunday before the run's day
)
def test_promises_are_never_judged_for_a_day_after_today(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company, today: date
) -> None:
    promises.add_promise(
        uow, company, "1001", date(2026, 11, 27), made_at=at(date(2026, 11, 23)), **BY
    )
    before = copy.deepcopy(db.tables)
    assert judge(uow, company, today + timedelta(days=1), today=today) is None
    assert judge(uow, company, date(2099, 12, 31), today=today) is None
    assert db.tables == before
    assert judge(uow, company, date(2026, 11, 30), today=date(2026, 12, 6)) == 1  # a past day
