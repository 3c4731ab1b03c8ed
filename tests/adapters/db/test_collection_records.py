"""The collection record repositories on SQLite and PostgreSQL: round trips, company
isolation, and the daily run's bulk reads in one query each."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event

from tests.services.records.data import seed
from tijdig.adapters.db.uow import SqlUnitOfWork
from tijdig.bootstrap import Tijdig
from tijdig.domain.collection.records import (
    ContactEvent,
    ContactKind,
    Dispute,
    Promise,
    ReasonCode,
    Task,
    TaskKind,
)
from tijdig.domain.parties import Company


@contextmanager
def counted(app: Tijdig) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(app.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(app.engine, "before_cursor_execute", count)


def _ids(uow: SqlUnitOfWork, company: Company) -> dict[str, int]:
    assert company.id is not None
    ids = uow.customers.ids_by_number(company.id)
    refs = {r.kind + r.customer_number: r for r in uow.disputes.invoices_numbered(company.id, "F1")}
    ids["F1"] = refs["invoice1001"].invoice_id
    ids["F3"] = uow.disputes.invoices_numbered(company.id, "F3")[0].invoice_id
    return ids


def test_disputes_round_trip_and_load_by_customer_in_one_query(app: Tijdig) -> None:
    company = seed(app)
    assert company.id is not None
    with SqlUnitOfWork(app.engine) as uow:
        ids = _ids(uow, company)
        f1 = Dispute("F1", ReasonCode.DISSATISFIED, date(2026, 11, 2), "broken oven")
        uow.disputes.open(company.id, ids["F1"], f1)
        uow.disputes.open(
            company.id, ids["F3"], Dispute("F3", ReasonCode.OTHER, date(2026, 11, 20))
        )
        assert uow.disputes.open_for(company.id, [ids["F1"], ids["F3"], 999]) == {
            ids["F1"]: f1,
            ids["F3"]: Dispute("F3", ReasonCode.OTHER, date(2026, 11, 20)),
        }
        with counted(app) as statements:
            by_customer = uow.disputes.open_by_customer(company.id, date(2026, 11, 10))
        assert len(statements) == 1
        assert by_customer == {ids["1001"]: [f1]}  # F3's dispute opens later
        assert uow.disputes.resolve(company.id, ids["F1"], date(2026, 11, 12)) == 1
        [still] = uow.disputes.open_by_customer(company.id, date(2026, 11, 11))[ids["1001"]]
        assert still.resolved_on == date(2026, 11, 12)  # open on the 11th, resolved later
        assert uow.disputes.open_by_customer(company.id, date(2026, 11, 12)) == {}
        [resolved] = uow.disputes.for_customer(company.id, ids["1001"])
        assert resolved.resolved_on == date(2026, 11, 12)


def test_promises_in_force_by_customer_in_one_query(app: Tijdig) -> None:
    company = seed(app)
    assert company.id is not None
    with SqlUnitOfWork(app.engine) as uow:
        ids = _ids(uow, company)
        p1 = Promise("1001", date(2026, 11, 27), date(2026, 11, 23), Decimal("12.34"))
        p2 = Promise("2001", date(2026, 11, 24), date(2026, 11, 23))
        first = uow.promises.add(company.id, ids["1001"], p1)
        uow.promises.add(company.id, ids["2001"], p2)
        with counted(app) as statements:
            in_force = uow.promises.in_force_by_customer(company.id, date(2026, 11, 25))
        assert len(statements) == 1 and in_force == {ids["1001"]: [p1]}
        uow.promises.mark_kept(company.id, first)
        assert uow.promises.in_force_by_customer(company.id, date(2026, 11, 25)) == {}
        assert uow.promises.for_customer(company.id, ids["1001"])[0].kept is True
        [due] = uow.promises.due_unkept(company.id, date(2026, 11, 25))
        assert due.promise == p2 and due.country == "BE" and due.still_open == Decimal("500.00")
        assert due.paid == Decimal(0)


def test_the_contact_log_is_a_timeline_newest_first(app: Tijdig) -> None:
    company = seed(app)
    assert company.id is not None
    older = ContactEvent(
        "1001", ContactKind.CALL, datetime(2026, 11, 2, 9, tzinfo=UTC), "first call",
        by="Sanne", with_whom="Anna", outcome="pays Friday", reason=ReasonCode.CASH_FLOW,
        next_step="check Monday",
    )  # fmt: skip
    newer = ContactEvent("1001", ContactKind.VISIT, datetime(2026, 11, 9, 14, tzinfo=UTC), "visit")
    with SqlUnitOfWork(app.engine) as uow:
        ids = _ids(uow, company)
        uow.contact_log.add(company.id, ids["1001"], older)
        uow.contact_log.add(company.id, ids["1001"], newer)
        assert uow.contact_log.timeline(company.id, ids["1001"]) == [newer, older]
        assert uow.contact_log.timeline(company.id, ids["1001"], limit=1) == [newer]
        assert uow.contact_log.timeline(company.id, ids["2001"]) == []


def test_tasks_agenda_completion_and_open_calls_in_one_query(app: Tijdig) -> None:
    company = seed(app)
    other = Company(code="OTHER", name="Other B.V.")
    assert company.id is not None
    with SqlUnitOfWork(app.engine) as uow:
        other_id = uow.companies.add(other, at=datetime(2026, 1, 1, tzinfo=UTC)).id
        assert other_id is not None
        ids = _ids(uow, company)
        call = Task("1001", TaskKind.CALL, date(2026, 11, 25), "call", contact_role="purchasing")
        follow = Task("1001", TaskKind.FOLLOW_UP, date(2026, 11, 24), "follow up")
        later = Task("2001", TaskKind.CALL, date(2026, 11, 26), "later")
        call_id = uow.tasks.add(company.id, ids["1001"], call)
        follow_id = uow.tasks.add(company.id, ids["1001"], follow)
        uow.tasks.add(company.id, ids["2001"], later)
        counts, page = uow.worklists.agenda(company.id, date(2026, 11, 25), offset=0, limit=None)
        assert page == [(follow_id, follow), (call_id, call)]
        assert counts == {"follow_up": 1, "call": 1}
        assert uow.worklists.agenda(other_id, date(2026, 11, 25), offset=0, limit=None) == ({}, [])
        assert uow.tasks.get(other_id, call_id) is None
        with counted(app) as statements:
            calls = uow.tasks.open_calls_by_customer(company.id)
        assert len(statements) == 1 and calls == {ids["1001"]: 1, ids["2001"]: 1}
        uow.tasks.complete(company.id, call_id, "reached", date(2026, 11, 25))
        done = uow.tasks.get(company.id, call_id)
        assert done is not None and done.done_on == date(2026, 11, 25) and done.outcome == "reached"
        assert uow.tasks.open_calls_by_customer(company.id) == {ids["2001"]: 1}
        assert [t for _, t in uow.tasks.open_for_customer(company.id, ids["1001"])] == [follow]
