"""A call on the agenda, from being due to being done, on the fakes (moved from the web
tests): due on its day and late after it; done with a promise (watched on the agenda
until its date), a dispute (the invoice held) or a note alone; refused, with nothing
stored, for a promise before the day or an agreement that does not hold."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.fakes import FakeUnitOfWork
from tests.services.records.data import BY, at
from tijdig.domain.collection.records import ContactKind, ReasonCode, Task, TaskKind
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.parties import Company
from tijdig.services.records import agenda as agenda_service
from tijdig.services.records import disputes, tasks
from tijdig.services.records.agenda import Activity
from tijdig.services.records.outcomes import Agreement
from tijdig.services.records.tasks import CallOutcome

DUE = date(2026, 11, 24)  # a Tuesday


@pytest.fixture
def task_id(uow: FakeUnitOfWork, company: Company) -> int:
    assert company.id is not None
    with uow:
        customer_id = uow.customers.ids_by_number(company.id)["1001"]
        found = uow.tasks.add(company.id, customer_id, Task("1001", TaskKind.CALL, DUE, "Call"))
        uow.commit()
    return found


def _done(uow: FakeUnitOfWork, company: Company, task_id: int, outcome: CallOutcome) -> None:
    tasks.complete_task(uow, company, task_id, outcome, done_at=at(DUE), by="Carla", **BY)


def _activity(uow: FakeUnitOfWork, company: Company, as_of: date = DUE) -> Activity:
    return agenda_service.customer_activity(uow, company, "1001", as_of=as_of)


def test_a_call_is_due_on_its_day_late_after_it_and_not_before(
    uow: FakeUnitOfWork, company: Company, task_id: int
) -> None:
    [later] = agenda_service.agenda(uow, company, as_of=date(2026, 11, 27)).items
    assert (later.task_id, later.days_overdue) == (task_id, 3)
    assert agenda_service.agenda(uow, company, as_of=date(2026, 11, 20)).items == ()


def test_a_promise_made_in_the_call_is_stored_logged_and_watched_until_its_date(
    uow: FakeUnitOfWork, company: Company, task_id: int
) -> None:
    agreed = Agreement(date(2026, 11, 27), Decimal("1210.00"))
    _done(uow, company, task_id, CallOutcome("Pays Friday, confirmed by e-mail", agreed=agreed))
    activity = _activity(uow, company)
    assert activity.tasks == ()
    [promise] = activity.promises
    assert (promise.promised_date, promise.made_on, promise.amount) == (
        date(2026, 11, 27), DUE, Decimal("1210.00"),
    )  # fmt: skip
    [event] = activity.events
    assert (event.kind, event.outcome, event.by) == (
        ContactKind.CALL, "Pays Friday, confirmed by e-mail", "Carla",
    )  # fmt: skip
    agenda = agenda_service.agenda(uow, company, as_of=DUE)
    assert agenda.items == () and [p.customer_number for p in agenda.promises] == ["1001"]
    assert agenda_service.agenda(uow, company, as_of=date(2026, 12, 7)).promises == ()


def test_a_dispute_agreed_in_the_call_holds_the_invoice(
    uow: FakeUnitOfWork, company: Company, task_id: int
) -> None:
    agreed = Agreement(dispute_invoice="F1")
    _done(uow, company, task_id, CallOutcome("The price is wrong", ReasonCode.INVOICE_INCORRECT,
                                             agreed))  # fmt: skip
    [held] = disputes.open_disputes(uow, company, offset=0, limit=10).disputes
    assert (held.invoice_number, held.reason, held.opened_on) == (
        "F1", ReasonCode.INVOICE_INCORRECT, DUE,
    )  # fmt: skip


def test_a_note_alone_completes_the_task_without_agreements(
    uow: FakeUnitOfWork, company: Company, task_id: int
) -> None:
    _done(uow, company, task_id, CallOutcome("No answer; try Thursday"))
    activity = _activity(uow, company)
    assert activity.tasks == () and activity.promises == () and len(activity.events) == 1
    assert disputes.open_disputes(uow, company, offset=0, limit=10).total == 0


@pytest.mark.parametrize(
    ("outcome", "refused", "words"),
    [
        (CallOutcome("ok", agreed=Agreement(date(2026, 11, 1))), RuleViolation, "lies before"),
        (CallOutcome("ok", agreed=Agreement(date(2026, 11, 27), Decimal(-5))), InvalidValue,
         "amount"),
        (CallOutcome("ok", ReasonCode.OTHER, Agreement(dispute_invoice="NOPE-9")), InvalidValue,
         "dispute"),
    ],
)  # fmt: skip
def test_a_call_whose_agreement_does_not_hold_stores_nothing(
    uow: FakeUnitOfWork,
    company: Company,
    task_id: int,
    outcome: CallOutcome,
    refused: type[Exception],
    words: str,
) -> None:
    with pytest.raises(refused, match=words) as caught:
        _done(uow, company, task_id, outcome)
    if isinstance(caught.value, InvalidValue):
        assert caught.value.field == words
    activity = _activity(uow, company)
    assert [task for task, _ in activity.tasks] == [task_id]
    assert activity.promises == () and activity.events == ()


def test_an_amount_goes_with_a_promised_date() -> None:
    with pytest.raises(InvalidValue) as refused:
        Agreement(amount=Decimal(100))
    assert refused.value.field == "amount"
