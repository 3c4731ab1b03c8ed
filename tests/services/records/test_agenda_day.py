"""The agenda's day ahead (issue 15 §2): "not reached, call back on" keeps the task open
with its new day, logged and audited; the cards' overdue invoices and their priority
order; the days ahead with the calls approved in a run; the script naming the contact.
Dates vary over month ends, the turn of the year and 29 February."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from tests.fakes import FakeDatabase, FakeUnitOfWork
from tests.services.records.data import BY, at
from tijdig.domain.collection.records import Task, TaskKind
from tijdig.domain.collection.scripts import call_script
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.domain.reasons import Code
from tijdig.domain.refusals import Refusal
from tijdig.services.records import agenda as agenda_service
from tijdig.services.records import promises, tasks
from tijdig.services.records.agenda import AgendaOrder
from tijdig.services.records.ports import ApprovedCall
from tijdig.services.records.tasks import CallOutcome
from tijdig.services.records.upcoming import upcoming


def _add(uow: FakeUnitOfWork, company: Company, number: str, due_on: date, **kw: str) -> int:
    assert company.id is not None
    with uow:
        ids = uow.customers.ids_by_number(company.id)
        task_id = uow.tasks.add(company.id, ids[number], Task(number, TaskKind.CALL, due_on,
                                                               f"Call {number}", **kw))  # fmt: skip
        uow.commit()
    return task_id


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(10, 30), tzinfo=UTC)


@pytest.mark.parametrize(
    ("tried", "again"),
    [
        (date(2026, 1, 30), date(2026, 2, 2)),  # a Friday at a month's end: Monday
        (date(2026, 12, 31), date(2027, 1, 4)),  # over the turn of the year
        (date(2028, 2, 28), date(2028, 2, 29)),  # to 29 February
        (date(2028, 2, 29), date(2028, 3, 1)),  # from 29 February
    ],
)
def test_not_reached_keeps_the_task_open_on_the_day_to_call_back(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company, tried: date, again: date
) -> None:
    task_id = _add(uow, company, "1001", tried)
    done = tasks.call_back(uow, company, task_id, again, note="voicemail",
                           done_at=_moment(tried), by="anne", **BY)  # fmt: skip
    assert done.event.summary.code is Code.NOT_REACHED  # type: ignore[union-attr]
    assert done.event.outcome == "voicemail" and done.promise is None
    stored = uow.tasks.get(company.id or 0, task_id)
    assert stored is not None and stored.done_on is None and stored.due_on == again
    # gone from the day it was tried, on the agenda of the day to call back
    assert agenda_service.agenda(uow, company, as_of=tried).items == ()
    [item] = agenda_service.agenda(uow, company, as_of=again).items
    assert item.task_id == task_id and item.days_overdue == 0
    [entry] = [e for e in db.tables.audit if e.action == "task.call_back"]
    assert entry.subject == f"task {task_id}" and str(again) in entry.details
    [(_, _, logged)] = db.tables.contact_log.values()
    assert logged.occurred_at == _moment(tried) and logged.by == "anne"


@pytest.mark.parametrize("again", [date(2026, 11, 30), date(2026, 11, 29), date(2025, 12, 31)])
def test_a_call_back_not_after_the_attempt_is_refused_and_writes_nothing(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company, again: date
) -> None:
    task_id = _add(uow, company, "1001", date(2026, 11, 30))
    before = copy.deepcopy(db.tables)
    with pytest.raises(InvalidValue) as refused:
        tasks.call_back(uow, company, task_id, again, done_at=_moment(date(2026, 11, 30)), **BY)
    assert refused.value.field == "call_back" and refused.value.code is Refusal.BEFORE
    assert refused.value.params["first"] == date(2026, 12, 1)
    assert db.tables == before


def test_a_done_task_or_another_companys_cannot_be_called_back(
    uow: FakeUnitOfWork, company: Company
) -> None:
    task_id = _add(uow, company, "1001", date(2026, 11, 30))
    tasks.complete_task(uow, company, task_id, CallOutcome("pays Friday"),
                        done_at=_moment(date(2026, 11, 30)), **BY)  # fmt: skip
    with pytest.raises(RuleViolation):
        tasks.call_back(uow, company, task_id, date(2026, 12, 2),
                        done_at=_moment(date(2026, 11, 30)), **BY)  # fmt: skip
    with pytest.raises(NotFound):
        tasks.call_back(uow, company, 999, date(2026, 12, 2),
                        done_at=_moment(date(2026, 11, 30)), **BY)  # fmt: skip


@pytest.mark.parametrize(
    ("as_of", "first_three"),
    [
        # 1001: 1210.00 x 91 days + 100.00 x 30; 2001: 500.00 x 183; 3001: 80.00 x 213
        (date(2026, 12, 31), ["1001", "2001", "3001"]),
        # F2 not yet due: 1210.00 x 61 = 73810 < 500.00 x 153 = 76500
        (date(2026, 12, 1), ["2001", "1001", "3001"]),
        (date(2028, 2, 29), ["1001", "2001", "3001"]),
    ],
)
def test_priority_is_amount_times_days_overdue(
    uow: FakeUnitOfWork, company: Company, as_of: date, first_three: list[str]
) -> None:
    for number in ("3001", "2001", "1001"):  # oldest due first: the reverse of priority
        _add(uow, company, number, date(2026, 11, 1))
    by_due = agenda_service.agenda(uow, company, as_of=as_of)
    assert [i.task.customer_number for i in by_due.items] == ["3001", "2001", "1001"]
    ranked = agenda_service.agenda(uow, company, as_of=as_of, order=AgendaOrder.PRIORITY)
    assert [i.task.customer_number for i in ranked.items] == first_three
    # pages of the priority order follow on from each other
    first = agenda_service.agenda(uow, company, as_of=as_of, order=AgendaOrder.PRIORITY,
                                  offset=0, limit=2)  # fmt: skip
    rest = agenda_service.agenda(uow, company, as_of=as_of, order=AgendaOrder.PRIORITY,
                                 offset=2, limit=2)  # fmt: skip
    assert [i.task_id for i in first.items + rest.items] == [i.task_id for i in ranked.items]
    assert first.total == 3


def test_a_promised_date_comes_first_soonest_first(uow: FakeUnitOfWork, company: Company) -> None:
    for number in ("3001", "2001", "1001"):
        _add(uow, company, number, date(2026, 12, 1))
    made = at(date(2026, 12, 1))
    promises.add_promise(uow, company, "3001", date(2026, 12, 18), made_at=made, **BY)
    promises.add_promise(uow, company, "2001", date(2026, 12, 31), made_at=made, **BY)
    ranked = agenda_service.agenda(
        uow, company, as_of=date(2026, 12, 14), order=AgendaOrder.PRIORITY
    )
    assert [i.task.customer_number for i in ranked.items] == ["3001", "2001", "1001"]
    assert ranked.items[0].facts.promised_on == date(2026, 12, 18)


def test_a_card_has_the_invoices_overdue_and_their_sum(
    uow: FakeUnitOfWork, company: Company
) -> None:
    _add(uow, company, "1001", date(2026, 12, 1))
    [item] = agenda_service.agenda(uow, company, as_of=date(2026, 12, 2)).items
    assert [i.number for i in item.facts.overdue] == ["F1", "F2"]  # never the credit note
    assert item.facts.overdue_amounts() == {"EUR": Decimal("1310.00")}
    assert item.facts.priority(date(2026, 12, 2)) == Decimal("1210.00") * 62 + Decimal(100)


def test_the_script_names_the_contact_and_the_caller(uow: FakeUnitOfWork, company: Company) -> None:
    _add(uow, company, "1001", date(2026, 12, 1), script=call_script("large_amount", "nl"))
    _add(uow, company, "2001", date(2026, 12, 1))  # no contact person: the main number
    items = agenda_service.agenda(uow, company, as_of=date(2026, 12, 1), caller="Carla").items
    by_number = {i.task.customer_number: i.script for i in items}
    assert by_number["1001"].startswith("Goedemorgen Anna Crediteuren, u spreekt met Carla;")
    assert by_number["2001"].startswith("Goedemorgen, u spreekt met Carla;")
    assert "[" not in by_number["1001"] + by_number["2001"]


def test_the_days_ahead_list_tasks_and_approved_calls_by_day(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    assert company.id is not None
    today_task = _add(uow, company, "1001", date(2026, 12, 28))
    new_year = _add(uow, company, "2001", date(2027, 1, 1))
    _add(uow, company, "3001", date(2027, 1, 12))  # past the two weeks
    db.tables.approved_calls.append(
        (company.id, ApprovedCall(4, 40, "3001", "Marieke de Vries", date(2026, 12, 31)))
    )
    db.tables.approved_calls.append(
        (company.id, ApprovedCall(4, 41, "1001", "Bakkerij", date(2026, 12, 28)))
    )
    ahead = upcoming(uow, company, as_of=date(2026, 12, 28))
    assert [d.day for d in ahead.days] == [date(2026, 12, 31), date(2027, 1, 1)]
    assert [c.item_id for c in ahead.days[0].approved] == [40]
    assert [i.task_id for i in ahead.days[1].items] == [new_year] and ahead.total == 1
    day = agenda_service.agenda(uow, company, as_of=date(2026, 12, 28))
    assert [i.task_id for i in day.items] == [today_task]
    assert [c.item_id for c in day.approved] == [41]  # the day's, not the days after
    # the day's agenda says what the days ahead hold, and from when
    assert day.ahead == agenda_service.Ahead(tasks=1, approved=1, first=date(2026, 12, 31))
    assert agenda_service.agenda(uow, company, as_of=date(2027, 1, 12)).ahead is None
