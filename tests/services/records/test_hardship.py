"""Debtors in hardship: a status pauses collection of the customer and puts a task in
the agenda; it ends with its day, and its history is kept."""

from __future__ import annotations

from datetime import date

import pytest

from tests.fakes import FakeDatabase, FakeUnitOfWork
from tests.services.records.data import ACTOR, BY, NOW
from tijdig.domain.collection.records import Task, TaskKind
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.hardship import HardshipKind, HardshipStatus
from tijdig.domain.parties import Company
from tijdig.domain.reason_texts import say
from tijdig.domain.reasons import Code, Reason
from tijdig.services.records import hardship
from tijdig.services.records.hardship import Evidence

SINCE = date(2026, 10, 1)
TODAY = date(2026, 12, 7)


def _open_tasks(db: FakeDatabase, company: Company, number: str) -> list[Task]:
    with db.uow() as uow:
        customer_id = uow.customers.ids_by_number(company.id or 0)[number]
        return [t for _id, t in uow.tasks.open_for_customer(company.id or 0, customer_id)]


def _audit(db: FakeDatabase, company: Company) -> list[tuple[str, str, str]]:
    with db.uow() as uow:
        found = reversed(uow.audit.for_company(company.id or 0))
        return [(e.action, e.subject, e.details) for e in found
                if e.action != "company.add" and e.actor == ACTOR and e.at == NOW]  # fmt: skip


@pytest.mark.parametrize("as_of", [SINCE, TODAY])  # set on its first day, or later
def test_a_status_is_kept_with_a_task_in_the_default_words_and_audited(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company, as_of: date
) -> None:
    done = hardship.set_hardship(
        uow, company, "3001", HardshipKind.WSNP, since=SINCE,
        evidence=Evidence(" Vonnis rechtbank Utrecht ", "wsnp/3001.pdf"), as_of=as_of, **BY,
    )  # fmt: skip
    expected = HardshipStatus("3001", HardshipKind.WSNP, SINCE, "Vonnis rechtbank Utrecht",
                              "wsnp/3001.pdf")  # fmt: skip
    assert done.status == expected
    assert hardship.hardship_history(uow, company, "3001") == [expected]
    [task] = _open_tasks(db, company, "3001")
    assert task == done.task
    assert (task.kind, task.due_on) == (TaskKind.FOLLOW_UP, as_of)
    assert isinstance(task.title, Reason) and task.title.code is Code.HARDSHIP_TASK
    assert task.reasons == ()  # the title says it, in each reader's words
    assert say(task.title) == (
        "WSNP (statutory debt rescheduling) since 2026-10-01: "
        "Register the claim with the WSNP administrator."
    )
    assert _audit(db, company) == [("customer.hardship", "customer 3001", "wsnp since 2026-10-01")]


def test_the_task_says_the_company_s_own_text_once_written(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    own = hardship.set_task_text(uow, company, HardshipKind.BANKRUPTCY,
                                 " Meld de vordering aan bij de curator.\n", **BY)  # fmt: skip
    assert own == "Meld de vordering aan bij de curator."
    assert hardship.task_texts(uow, company) == {HardshipKind.BANKRUPTCY: own}
    hardship.set_hardship(uow, company, "1001", HardshipKind.BANKRUPTCY, since=SINCE,
                          evidence=Evidence("insolventieregister"), as_of=TODAY, **BY)  # fmt: skip
    [task] = _open_tasks(db, company, "1001")
    assert (task.title, task.reasons) == (own, ())
    assert hardship.set_task_text(uow, company, HardshipKind.BANKRUPTCY, "  ", **BY) is None
    assert hardship.task_texts(uow, company) == {}
    assert [a for a, _s, _d in _audit(db, company)] == [
        "settings.hardship_task", "customer.hardship", "settings.hardship_task"]  # fmt: skip


def test_a_status_ends_on_its_day_and_stays_in_the_history(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    hardship.set_hardship(uow, company, "2001", HardshipKind.DEBT_MEDIATION, since=SINCE,
                          evidence=Evidence("brief OCMW"), as_of=SINCE, **BY)  # fmt: skip
    ended = hardship.end_hardship(uow, company, "2001", ended_on=date(2026, 11, 15),
                                  as_of=TODAY, **BY)  # fmt: skip
    assert ended.ended_on == date(2026, 11, 15)
    assert not ended.is_active(date(2026, 11, 15)) and ended.is_active(date(2026, 11, 14))
    with pytest.raises(NotFound, match="no running hardship status"):
        hardship.end_hardship(uow, company, "2001", ended_on=TODAY, as_of=TODAY, **BY)
    # a new status from the day the last ended: the collective settlement follows
    hardship.set_hardship(uow, company, "2001", HardshipKind.COLLECTIVE_SETTLEMENT,
                          since=date(2026, 11, 15), evidence=Evidence("beschikking"),
                          as_of=TODAY, **BY)  # fmt: skip
    history = hardship.hardship_history(uow, company, "2001")
    assert [(s.kind, s.ended_on) for s in history] == [
        (HardshipKind.COLLECTIVE_SETTLEMENT, None),
        (HardshipKind.DEBT_MEDIATION, date(2026, 11, 15)),
    ]
    assert [a for a, _s, _d in _audit(db, company)] == [
        "customer.hardship", "customer.hardship_end", "customer.hardship"]  # fmt: skip


@pytest.mark.parametrize(
    ("number", "since", "error", "message"),
    [
        ("NOPE", SINCE, NotFound, "no customer"),
        ("3001", date(2026, 12, 8), RuleViolation, "cannot begin after 2026-12-07"),
        ("1001", date(2026, 11, 1), Conflict, "has the status deceased since 2026-10-01"),
        ("1001", date(2026, 9, 1), Conflict, "end it first"),
    ],
)
def test_a_status_is_refused_for_an_unknown_customer_a_later_day_or_over_another(
    db: FakeDatabase,
    uow: FakeUnitOfWork,
    company: Company,
    number: str,
    since: date,
    error: type[Exception],
    message: str,
) -> None:
    hardship.set_hardship(uow, company, "1001", HardshipKind.DECEASED, since=SINCE,
                          evidence=Evidence("overlijdensakte"), as_of=SINCE, **BY)  # fmt: skip
    before = db.snapshot()
    with pytest.raises(error, match=message):
        hardship.set_hardship(uow, company, number, HardshipKind.WSNP, since=since,
                              evidence=Evidence("vonnis"), as_of=TODAY, **BY)  # fmt: skip
    assert db.snapshot() == before


def test_an_end_before_the_status_began_or_after_today_is_refused(
    db: FakeDatabase, uow: FakeUnitOfWork, company: Company
) -> None:
    hardship.set_hardship(uow, company, "1001", HardshipKind.WSNP, since=SINCE,
                          evidence=Evidence("vonnis"), as_of=SINCE, **BY)  # fmt: skip
    before = db.snapshot()
    with pytest.raises(InvalidValue, match="began on 2026-10-01"):
        hardship.end_hardship(uow, company, "1001", ended_on=date(2026, 9, 1), as_of=TODAY, **BY)
    with pytest.raises(RuleViolation, match="cannot end after"):
        hardship.end_hardship(uow, company, "1001", ended_on=TODAY, as_of=SINCE, **BY)
    with pytest.raises(InvalidValue, match="evidence"):
        hardship.set_hardship(uow, company, "3001", HardshipKind.WSNP, since=SINCE,
                              evidence=Evidence("  "), as_of=TODAY, **BY)  # fmt: skip
    assert db.snapshot() == before
