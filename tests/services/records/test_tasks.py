"""Completing an agenda task with the call's outcome (S0-3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.fakes import FakeUnitOfWork
from tests.services.records.data import BY, at, judge
from tijdig.domain.collection.records import (
    ContactKind,
    ReasonCode,
)
from tijdig.domain.errors import InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.services.records import agenda as agenda_service
from tijdig.services.records import promises, tasks
from tijdig.services.records.outcomes import Agreement
from tijdig.services.records.tasks import CallOutcome


def test_completing_a_call_logs_it_and_may_record_a_promise(
    uow: FakeUnitOfWork, company: Company
) -> None:
    promises.add_promise(
        uow, company, "3001", date(2026, 11, 27), made_at=at(date(2026, 11, 23)), **BY
    )
    judge(uow, company, date(2026, 11, 30))
    [item] = agenda_service.agenda(uow, company, as_of=date(2026, 11, 30)).items
    assert item.contact is None  # customer 3001 has no phone number
    outcome = CallOutcome(
        "new date agreed", ReasonCode.CASH_FLOW, Agreement(date(2026, 12, 4), Decimal("80"))
    )
    done = tasks.complete_task(
        uow, company, item.task_id, outcome, done_at=at(date(2026, 11, 30)), **BY
    )
    assert done.promise is not None and done.event.kind is ContactKind.NOTE
    assert agenda_service.agenda(uow, company, as_of=date(2026, 11, 30)).items == ()
    with pytest.raises(RuleViolation, match="was done on 2026-11-30"):
        tasks.complete_task(
            uow, company, item.task_id, CallOutcome("again"), done_at=at(date(2026, 11, 30)), **BY
        )
    with pytest.raises(NotFound):
        tasks.complete_task(
            uow, company, 999, CallOutcome("x"), done_at=at(date(2026, 11, 30)), **BY
        )


@pytest.mark.parametrize(
    ("outcome", "reason", "agreed", "field"),
    [
        (" ", None, Agreement(), "outcome"),
        ("wrong price", None, Agreement(dispute_invoice="F2"), "reason"),
    ],
)
def test_a_call_outcome_says_what_came_out_and_a_dispute_why(
    outcome: str, reason: ReasonCode | None, agreed: Agreement, field: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        CallOutcome(outcome, reason, agreed)
    assert refused.value.field == field
