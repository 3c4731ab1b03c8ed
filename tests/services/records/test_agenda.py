"""The agenda read model: whom to call with which script, lapsed promises (S0-5)."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from tests.fakes import FakeDatabase, FakeUnitOfWork
from tests.services.records.data import BY, at
from tijdig.domain.collection.records import (
    Task,
    TaskKind,
)
from tijdig.domain.parties import Company
from tijdig.services.records import agenda as agenda_service
from tijdig.services.records import promises


def test_the_agenda_names_whom_to_call_with_a_script(uow: FakeUnitOfWork, company: Company) -> None:
    assert company.id is not None
    with uow:
        ids = uow.customers.ids_by_number(company.id)
        call = Task("1001", TaskKind.CALL, date(2026, 11, 25), "Large amount overdue")
        uow.tasks.add(company.id, ids["1001"], call)
        later = Task("2001", TaskKind.CALL, date(2026, 11, 26), "Tomorrow")
        uow.tasks.add(company.id, ids["2001"], later)
        uow.commit()
    [item] = agenda_service.agenda(uow, company, as_of=date(2026, 11, 25)).items
    assert item.contact is not None and item.contact.name == "Anna Crediteuren"
    assert "Klopt de factuur" in item.script  # the customer's language
    assert item.days_overdue == 0


@pytest.mark.parametrize("as_of", [date(2026, 11, 30), date(2027, 2, 1), date(2099, 12, 31)])
def test_the_agenda_shows_a_lapsed_promise_and_writes_nothing(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company, as_of: date
) -> None:
    promises.add_promise(
        uow, company, "1001", date(2026, 11, 27), made_at=at(date(2026, 11, 23)), **BY
    )
    before = copy.deepcopy(db.tables)
    agenda = agenda_service.agenda(uow, company, as_of=as_of)
    [lapsed] = agenda.lapsed
    assert lapsed.customer_name.startswith("Bakkerij") and lapsed.contact is not None
    assert lapsed.follow_up.due_on == date(2026, 11, 30) and agenda.items == ()
    assert db.tables == before
    activity = agenda_service.customer_activity(uow, company, "1001", as_of=as_of)
    assert activity.promises[0].kept is None and activity.tasks == ()


@pytest.mark.parametrize(("limit", "shown"), [(None, 2), (3, 2), (2, 2), (1, 1), (0, 0)])
def test_a_page_of_lapsed_promises_counts_them_all(
    uow: FakeUnitOfWork, company: Company, limit: int | None, shown: int
) -> None:
    for number, promised in (("1001", date(2026, 11, 26)), ("2001", date(2026, 11, 25))):
        promises.add_promise(uow, company, number, promised, made_at=at(date(2026, 11, 23)), **BY)
    agenda = agenda_service.agenda(uow, company, as_of=date(2026, 11, 30), limit=limit)
    assert agenda.lapsed_total == 2
    soonest_first = [lapsed.promise.customer_number for lapsed in agenda.lapsed]
    assert soonest_first == ["2001", "1001"][:shown]
