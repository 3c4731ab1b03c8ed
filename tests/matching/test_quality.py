"""Matching quality, measured on 5,000 labelled bank lines (see `labelled.py`):
auto-booked lines at least 99.5 % right, at least 95 % of all credits booked
automatically (unknown payers included, though they can only go to review)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.matching.labelled import Case, is_correct, lines, world
from tijdig.matching import Kind, Ledger, MatchOutcome, match

AUTO = (Kind.MATCHED, Kind.REOPEN)

# Left out by `make test-fast`; `make test` and CI run it.
pytestmark = pytest.mark.quality


@pytest.fixture(scope="module")
def outcomes() -> list[tuple[Case, MatchOutcome]]:
    w = world(2025, customers=5_000, invoices=50_000)
    ledger = Ledger.build(w.items, w.customers, ibans=w.ibans, paid=w.paid)
    return [(case, match(case.tx, ledger)) for case in lines(w, 2026, 5_000)]


def test_auto_booked_lines_are_right_at_least_99_5_percent(
    outcomes: list[tuple[Case, MatchOutcome]],
) -> None:
    auto = [is_correct(d, c.label) for c, d in outcomes if d.kind in AUTO]
    assert len(auto) > 4_000
    assert Decimal(sum(auto)) / len(auto) >= Decimal("0.995")


def test_at_least_95_percent_of_credits_are_booked_automatically(
    outcomes: list[tuple[Case, MatchOutcome]],
) -> None:
    credits = [d for c, d in outcomes if c.tx.amount > 0]
    booked = sum(d.kind is Kind.MATCHED for d in credits)
    assert Decimal(booked) / len(credits) >= Decimal("0.95")


def test_debits_never_settle_and_unknown_payers_never_book(
    outcomes: list[tuple[Case, MatchOutcome]],
) -> None:
    for case, decision in outcomes:
        if case.tx.amount < 0:
            assert decision.kind is not Kind.MATCHED
        if case.label.scenario == "unknown":
            assert decision.kind is Kind.REVIEW


def test_every_kind_of_line_occurs(outcomes: list[tuple[Case, MatchOutcome]]) -> None:
    scenarios = {c.label.scenario for c, _ in outcomes}
    assert len(scenarios) == 13


def test_the_generator_is_deterministic() -> None:
    first, second = (world(1, customers=50, invoices=300) for _ in range(2))
    assert [c.tx for c in lines(first, 2, 50)] == [c.tx for c in lines(second, 2, 50)]
