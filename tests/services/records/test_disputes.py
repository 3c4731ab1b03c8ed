"""Disputes: opened on one invoice, held, resolved (S3-2)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.fakes import FakeUnitOfWork
from tests.services.records.data import BY
from tijdig.domain.collection.records import (
    ReasonCode,
)
from tijdig.domain.errors import Conflict, InvalidValue, NotFound, RuleViolation
from tijdig.domain.parties import Company
from tijdig.services.records import disputes, ports


def test_a_dispute_holds_its_invoice_and_is_resolved(uow: FakeUnitOfWork, company: Company) -> None:
    d = disputes.open_dispute(
        uow, company, "F1", ReasonCode.DISSATISFIED, as_of=date(2026, 11, 2), **BY
    )
    assert d.is_open(date(2026, 11, 2))
    with pytest.raises(Conflict, match="disputed already"):
        disputes.open_dispute(uow, company, "F1", ReasonCode.OTHER, as_of=date(2026, 11, 3), **BY)
    done = disputes.resolve_dispute(uow, company, "F1", as_of=date(2026, 11, 9), **BY)
    assert done.resolved_on == date(2026, 11, 9) and not done.is_open(date(2026, 11, 9))
    with pytest.raises(NotFound, match="no open dispute"):
        disputes.resolve_dispute(uow, company, "F1", as_of=date(2026, 11, 10), **BY)
    disputes.open_dispute(uow, company, "F1", ReasonCode.OTHER, as_of=date(2026, 11, 10), **BY)


@pytest.mark.parametrize(
    ("number", "error", "message"),
    [("NOPE", NotFound, "no invoice"), ("C1", RuleViolation, "credit note")],
)
def test_a_dispute_needs_a_known_invoice(
    uow: FakeUnitOfWork, company: Company, number: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        disputes.open_dispute(uow, company, number, ReasonCode.OTHER, as_of=date(2026, 11, 2), **BY)


def test_an_unknown_reason_code_lists_the_valid_ones() -> None:
    with pytest.raises(InvalidValue, match="invoice_incorrect, payment_method"):
        ports.parse_reason("boos")
    assert ports.parse_reason(" Cash_Flow ") is ReasonCode.CASH_FLOW
