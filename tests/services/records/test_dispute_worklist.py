"""The open disputes as the workspace lists and resolves them, on the fakes (moved from
the web tests): filtered by reason, and a dispute resolved by its id no earlier than it
was opened."""

from __future__ import annotations

from datetime import date

import pytest

from tests.fakes import FakeUnitOfWork
from tests.services.records.data import BY
from tijdig.domain.collection.records import ReasonCode
from tijdig.domain.errors import RuleViolation
from tijdig.domain.parties import Company
from tijdig.services.read_models.lists import Sort
from tijdig.services.records import disputes

OPENED = date(2026, 11, 2)


def _open(uow: FakeUnitOfWork, company: Company) -> None:
    disputes.open_dispute(uow, company, "F1", ReasonCode.DISSATISFIED, as_of=OPENED, **BY)
    disputes.open_dispute(uow, company, "F3", ReasonCode.CASH_FLOW, as_of=OPENED, **BY)


@pytest.mark.parametrize(
    ("reason", "invoices"),
    [(None, ["F1", "F3"]), (ReasonCode.CASH_FLOW, ["F3"]), (ReasonCode.OTHER, [])],
)
def test_the_open_disputes_are_filtered_by_reason(
    uow: FakeUnitOfWork, company: Company, reason: ReasonCode | None, invoices: list[str]
) -> None:
    _open(uow, company)
    found = disputes.open_disputes(uow, company, reason=reason, offset=0, limit=10)
    assert sorted(d.invoice_number for d in found.disputes) == invoices
    assert found.total == len(invoices)


def test_a_dispute_is_not_resolved_before_it_was_opened(
    uow: FakeUnitOfWork, company: Company
) -> None:
    _open(uow, company)
    [shown, _] = sorted(
        disputes.open_disputes(uow, company, offset=0, limit=10).disputes,
        key=lambda d: d.invoice_number,
    )
    with pytest.raises(RuleViolation, match="opened on 2026-11-02, after 2026-10-01"):
        disputes.resolve_dispute(uow, company, dispute_id=shown.id, as_of=date(2026, 10, 1), **BY)
    still = disputes.open_disputes(uow, company, offset=0, limit=10).disputes
    assert sorted(d.invoice_number for d in still) == ["F1", "F3"]


@pytest.mark.parametrize(
    ("sort", "invoices"),
    [(Sort("invoice", descending=True), ["F3", "F1"]), (Sort("invoice"), ["F1", "F3"]),
     (Sort("reason"), ["F3", "F1"])],  # cash_flow before dissatisfied
)  # fmt: skip
def test_the_open_disputes_come_in_the_order_asked_and_all_without_a_limit(
    uow: FakeUnitOfWork, company: Company, sort: Sort, invoices: list[str]
) -> None:
    _open(uow, company)
    found = disputes.open_disputes(uow, company, offset=0, limit=None, sort=sort)
    assert [d.invoice_number for d in found.disputes] == invoices
