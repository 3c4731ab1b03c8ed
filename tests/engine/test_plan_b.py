"""Plan B in the engine (engine/fallbacks.py): a broken agreement's fallback is proposed
until carried out, from the day it was broken; a plain reminder names the agency after
the ladder's number of broken agreements, and a legal notice is never changed by it."""

from __future__ import annotations

from datetime import date

import pytest

from tijdig.domain.collection.ladder import (
    AgreementKind,
    BrokenAgreement,
    BrokenSoFar,
    Ladder,
    Rung,
)
from tijdig.domain.collection.policy_toml import default_policy_set
from tijdig.domain.reasons import Code
from tijdig.engine.fallbacks import fallbacks_due, is_plain, with_plan_b
from tijdig.engine.model import Advice, Proposal

POLICY = default_policy_set().policies[0]
STEPS = {s.key: s for s in POLICY.steps}
ONE = BrokenAgreement(AgreementKind.PROMISE, 1, "C1", date(2028, 3, 1), "#1", Rung.NEW_TERM)
TWO = BrokenAgreement(AgreementKind.NEW_TERM, 2, "C1", date(2028, 3, 31), "#2",
                      Rung.PAYMENT_PLAN, done_on=date(2028, 4, 3))  # fmt: skip


def test_a_fallback_is_due_from_the_day_broken_until_carried_out() -> None:
    assert fallbacks_due([ONE], as_of=date(2028, 2, 29)) == ()
    [due] = fallbacks_due([ONE, TWO], as_of=date(2028, 4, 30))
    wanted = (1, Rung.NEW_TERM, Code.FALLBACK_NEW_TERM)
    assert (due.agreement_id, due.fallback, due.reason.code) == wanted
    assert due.reason.params == {"agreement": "#1", "broken": date(2028, 3, 1)}


@pytest.mark.parametrize(
    ("step", "plain"),
    [("friendly", True), ("reminder", True), ("formal_demand", False),
     ("notice_of_default", False), ("hand_over", False)],
)  # fmt: skip
def test_only_a_plain_reminder_may_name_the_agency(step: str, plain: bool) -> None:
    assert is_plain(STEPS[step]) is plain


@pytest.mark.parametrize(
    ("step", "broken", "named"),
    [("reminder", [ONE], False), ("reminder", [ONE, TWO], True),
     ("formal_demand", [ONE, TWO], False)],
)  # fmt: skip
def test_the_count_of_broken_agreements_decides_whether_the_agency_is_named(
    step: str, broken: list[BrokenAgreement], named: bool
) -> None:
    proposal = Proposal("C1", STEPS[step], POLICY.code, (), ())
    so_far = BrokenSoFar.of(broken)
    advice = with_plan_b(Advice("C1", proposal), Ladder(), so_far, as_of=date(2028, 4, 30))
    assert advice.proposal is not None and advice.proposal.names_agency is named
    assert [f.agreement_id for f in advice.fallbacks] == [1]
