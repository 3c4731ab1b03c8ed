"""The escalation ladder (S0-6): a company's rungs, each agreement's fallback by the
number broken before it, and when a friendly message names the agency."""

from __future__ import annotations

from datetime import date

import pytest

from tijdig.domain.collection.ladder import (
    AgreementKind,
    BrokenAgreement,
    Ladder,
    Rung,
    fallback_of,
    names_agency,
    parse_rungs,
    with_fallbacks,
)
from tijdig.domain.errors import InvalidValue
from tijdig.domain.refusals import Refusal

A, R = AgreementKind, Rung
DEFAULT = Ladder()
SHORT = Ladder((R.PAYMENT_PLAN, R.AGENCY))


@pytest.mark.parametrize(
    ("agreement", "ladder", "before", "fallback"),
    [
        # a first broken promise: the first rung; then one rung per broken agreement
        (A.PROMISE, DEFAULT, 0, R.NEW_TERM),
        (A.PROMISE, DEFAULT, 1, R.PAYMENT_PLAN),
        (A.PROMISE, DEFAULT, 2, R.AGENCY),
        (A.PROMISE, DEFAULT, 7, R.AGENCY),
        (A.PROMISE, SHORT, 0, R.PAYMENT_PLAN),
        # the chain: promise, then new term, then plan, each the next rung
        (A.NEW_TERM, DEFAULT, 1, R.PAYMENT_PLAN),
        (A.PLAN, DEFAULT, 2, R.AGENCY),
        # a first broken agreement gets one more chance on its own rung
        (A.NEW_TERM, DEFAULT, 0, R.NEW_TERM),
        (A.PLAN, DEFAULT, 0, R.PAYMENT_PLAN),
        # ... and a second broken plan goes to the agency
        (A.PLAN, DEFAULT, 1, R.AGENCY),
        # a rung the company left out is no second chance: the next rung it has
        (A.NEW_TERM, SHORT, 0, R.PAYMENT_PLAN),
        (A.PLAN, Ladder((R.NEW_TERM, R.AGENCY)), 0, R.AGENCY),
        # past the top: the top rung
        (A.PLAN, Ladder((R.NEW_TERM, R.PAYMENT_PLAN)), 1, R.PAYMENT_PLAN),
    ],
)
def test_the_fallback_climbs_one_rung_per_broken_agreement(
    agreement: AgreementKind, ladder: Ladder, before: int, fallback: Rung
) -> None:
    assert fallback_of(agreement, ladder, before) is fallback


@pytest.mark.parametrize(
    ("rungs", "problem"),
    [
        ((), "at least one rung"),
        ((R.NEW_TERM, R.NEW_TERM), "twice"),
        ((R.AGENCY, R.PAYMENT_PLAN), "climbs"),
        ((R.PAYMENT_PLAN, R.NEW_TERM), "climbs"),
    ],
)
def test_a_ladder_climbs_each_rung_once(rungs: tuple[Rung, ...], problem: str) -> None:
    with pytest.raises(InvalidValue, match=problem):
        Ladder(rungs)


def test_a_ladder_refuses_a_negative_count_and_a_term_out_of_range() -> None:
    with pytest.raises(InvalidValue):
        Ladder(name_agency_after=-1)
    with pytest.raises(InvalidValue):
        Ladder(new_term_days=0)
    with pytest.raises(InvalidValue):
        fallback_of(A.PROMISE, DEFAULT, -1)


def test_rungs_are_read_as_written_with_commas_or_arrows() -> None:
    assert parse_rungs("new_term → payment_plan → agency") == DEFAULT.rungs
    assert parse_rungs("payment_plan,agency") == SHORT.rungs
    assert parse_rungs(DEFAULT.said()) == DEFAULT.rungs
    with pytest.raises(InvalidValue, match="one of new_term, payment_plan, agency") as refused:
        parse_rungs("new_term, lawyer")
    assert refused.value.code is Refusal.ONE_OF


@pytest.mark.parametrize(
    ("ladder", "broken", "named"),
    [
        (DEFAULT, 0, False),
        (DEFAULT, 1, False),
        (DEFAULT, 2, True),
        (Ladder(name_agency_after=0), 0, True),
        (Ladder(name_agency_after=1), 1, True),
        # a ladder without the agency never names it
        (Ladder((R.NEW_TERM, R.PAYMENT_PLAN), name_agency_after=0), 5, False),
    ],
)
def test_a_friendly_message_names_the_agency_after_n_broken_agreements(
    ladder: Ladder, broken: int, named: bool
) -> None:
    assert names_agency(ladder, broken) is named


def test_each_broken_agreement_counts_those_broken_before_it_and_keeps_a_recorded_one() -> None:
    promise = BrokenAgreement(A.PROMISE, 1, "C1", date(2028, 2, 29), "#1")
    term = BrokenAgreement(A.NEW_TERM, 2, "C1", date(2028, 3, 15), "#2")
    chosen = BrokenAgreement(A.PLAN, 3, "C1", date(2028, 4, 30), "RF1", fallback=R.NEW_TERM)
    found = with_fallbacks([chosen, term, promise], DEFAULT)
    assert [(a.agreement_id, a.fallback) for a in found] == [
        (1, R.NEW_TERM), (2, R.PAYMENT_PLAN), (3, R.NEW_TERM)
    ]  # fmt: skip
