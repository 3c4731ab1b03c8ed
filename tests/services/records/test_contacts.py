"""The contact log: what a person logs by hand, and what it brings (S4-3..S4-5)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.fakes import FakeUnitOfWork
from tests.services.records.data import BY, at
from tijdig.domain.collection.records import (
    ContactEvent,
    ContactKind,
    ReasonCode,
)
from tijdig.domain.errors import InvalidValue, RuleViolation
from tijdig.domain.parties import Company
from tijdig.services.records import agenda as agenda_service
from tijdig.services.records import contacts
from tijdig.services.records.outcomes import Agreement


def test_a_call_outcome_records_a_promise_and_a_dispute(
    uow: FakeUnitOfWork, company: Company
) -> None:
    event = ContactEvent(
        "1001", ContactKind.CALL, at(date(2026, 11, 23)), "Called about F1 and F2",
        with_whom="Anna", outcome="pays F1 Friday; F2 wrong", reason=ReasonCode.INVOICE_INCORRECT,
    )  # fmt: skip
    done = contacts.log_contact(
        uow, company, event, agreed=Agreement(date(2026, 11, 27), dispute_invoice="F2"), **BY
    )
    assert done.promise is not None and done.promise.amount is None
    assert done.dispute is not None and done.dispute.reason is ReasonCode.INVOICE_INCORRECT
    activity = agenda_service.customer_activity(uow, company, "1001", as_of=date(2026, 11, 23))
    assert activity.events == (event,) and len(activity.disputes) == 1


def test_a_dispute_from_a_contact_needs_a_reason_and_the_customers_invoice(
    uow: FakeUnitOfWork, company: Company
) -> None:
    event = ContactEvent("1001", ContactKind.CALL, at(date(2026, 11, 23)), "call")
    with pytest.raises(InvalidValue, match="reason"):
        contacts.log_contact(uow, company, event, agreed=Agreement(dispute_invoice="F1"), **BY)
    other = ContactEvent(
        "1001", ContactKind.CALL, at(date(2026, 11, 23)), "call", reason=ReasonCode.OTHER
    )
    with pytest.raises(RuleViolation, match="belongs to customer 2001"):
        contacts.log_contact(uow, company, other, agreed=Agreement(dispute_invoice="F3"), **BY)
    assert (
        agenda_service.customer_activity(uow, company, "1001", as_of=date(2026, 11, 23)).events
        == ()
    )


def test_automated_kinds_are_not_logged_by_hand(uow: FakeUnitOfWork, company: Company) -> None:
    event = ContactEvent("1001", ContactKind.EMAIL_SENT, at(date(2026, 11, 23)), "mail")
    with pytest.raises(InvalidValue, match="logged by Tijdig"):
        contacts.log_contact(uow, company, event, **BY)
